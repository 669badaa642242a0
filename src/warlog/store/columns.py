"""Column lists shared by the store's modules."""

from __future__ import annotations

from dataclasses import fields

from warlog.models import Event

# Event columns stored in the ``events`` and ``merged_events`` tables (all but evidence).
EVENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Event) if f.name != "evidence")


def event_of(row) -> Event:
    """An Event (without evidence) from a row that has every event column."""
    return Event(**{c: row[c] for c in EVENT_COLUMNS})
