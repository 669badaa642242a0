"""Events stage: ACLED event coding from parsed text."""

from warlog.events.coder import EventCoder
from warlog.events.rules import EventRules

__all__ = ["EventCoder", "EventRules"]
