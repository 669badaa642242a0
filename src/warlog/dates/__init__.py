"""Dates stage: time expressions resolved against the publication date."""

from warlog.dates.resolve import find_dates, resolve_event_date

__all__ = ["find_dates", "resolve_event_date"]
