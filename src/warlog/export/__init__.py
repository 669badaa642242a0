"""Export events: JSON Lines, ACLED-ordered CSV, GeoJSON, or a terminal table."""

from warlog.export.writers import CSV_COLUMNS, export_formats, write_events

__all__ = ["CSV_COLUMNS", "export_formats", "write_events"]
