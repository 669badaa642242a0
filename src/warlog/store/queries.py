"""SQL for the store's event queries: filters, sort orders and grouped counts.

Every value reaches the database as a ``?`` parameter; what is spliced into the SQL text
comes only from the fixed mappings below (sort orders, grouping keys, column names).
Each builder knows the two dialects (SQLite, PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Sort orders the store offers: name -> ORDER BY (after "undated last" for dates, and
# always ending with the event id so that paging is stable). ``{c}`` is the collation.
SORTS: dict[str, str] = {
    "event_date": "event_date IS NULL, event_date{c}, event_id{c}",
    "-event_date": "event_date IS NULL, event_date{c} DESC, event_id{c}",
    "confidence": "confidence IS NULL, confidence, event_id{c}",
    "-confidence": "confidence IS NULL, confidence DESC, event_id{c}",
    "fatalities": "fatalities IS NULL, fatalities, event_id{c}",
    "-fatalities": "fatalities IS NULL, fatalities DESC, event_id{c}",
}
# The order of :meth:`Store.query_events` without ``sort`` (that of `warlog events`).
DEFAULT_ORDER = "event_date IS NULL, event_date{c}, doc_id{c}, event_id{c}"

# Grouping keys of :meth:`Store.count_events_by`: name -> (SQLite, PostgreSQL) expression.
# Weeks are keyed by their ISO Monday; empty names count as unknown (NULL).
GROUPS: dict[str, tuple[str, str]] = {
    "day": ("event_date", "event_date"),
    "week": (
        "date(event_date, 'weekday 0', '-6 days')",
        "to_char(date_trunc('week', event_date::date), 'YYYY-MM-DD')",
    ),
    "month": ("substr(event_date, 1, 7)", "substr(event_date, 1, 7)"),
    "admin1": ("nullif(admin1, '')", "nullif(admin1, '')"),
    "country": ("nullif(country, '')", "nullif(country, '')"),
    "event_type": ("nullif(event_type, '')", "nullif(event_type, '')"),
    "sub_event_type": ("nullif(sub_event_type, '')", "nullif(sub_event_type, '')"),
}

# Columns whose distinct values :meth:`Store.distinct_values` lists.
DISTINCT_COLUMNS = frozenset({"event_type", "sub_event_type", "country", "admin1"})


def iso_date(value: date | str | None, name: str) -> str | None:
    """A ``date`` (or ``YYYY-MM-DD`` string) as ``YYYY-MM-DD``."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value).isoformat()
    if isinstance(value, date):
        return date(value.year, value.month, value.day).isoformat()
    raise TypeError(f"{name} must be a date or a YYYY-MM-DD string, not {type(value).__name__}")


@dataclass(frozen=True)
class EventFilter:
    """What events to select; every given field must hold (see :meth:`Store.query_events`)."""

    since: date | str | None = None
    until: date | str | None = None
    country: str | int | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    min_confidence: float | None = None
    record_type: str | None = None
    doc_id: str | None = None
    merged: bool = False

    @property
    def table(self) -> str:
        return "merged_events" if self.merged else "events"

    def where(self, pg: bool) -> tuple[str, list[object]]:
        """`` WHERE …`` (or ``""``) and its parameters."""
        where: list[str] = []
        params: list[object] = []

        def equal_nocase(column: str, value: str) -> None:
            where.append(f"lower({column}) = lower(?)" if pg else f"{column} = ? COLLATE NOCASE")
            params.append(value)

        def contains(columns: list[str], needle: str) -> str:
            test, values = contains_any(columns, needle, pg)
            params.extend(values)
            return test

        if self.since is not None:
            where.append("event_date >= ?")
            params.append(iso_date(self.since, "since"))
        if self.until is not None:
            where.append("event_date <= ?")
            params.append(iso_date(self.until, "until"))
        if self.country is not None:
            text = str(self.country).strip()
            if text.isdigit():
                where.append("iso = ?")
                params.append(int(text))
            else:
                equal_nocase("country", text)
        if self.admin1 is not None:
            equal_nocase("admin1", self.admin1)
        if self.event_type is not None:
            if pg:
                where.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?))")
            else:
                where.append("(event_type = ? COLLATE NOCASE OR sub_event_type = ? COLLATE NOCASE)")
            params += [self.event_type, self.event_type]
        if self.sub_event_type is not None:
            equal_nocase("sub_event_type", self.sub_event_type)
        if self.actor is not None:
            actors = ["actor1", "actor2", "assoc_actor_1", "assoc_actor_2"]
            where.append(contains(actors, self.actor))
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            where.append("latitude BETWEEN ? AND ?")
            params += [min_lat, max_lat]
            if min_lon <= max_lon:
                where.append("longitude BETWEEN ? AND ?")
            else:  # across the antimeridian
                where.append("(longitude >= ? OR longitude <= ?)")
            params += [min_lon, max_lon]
        if self.q is not None:
            notes = contains([f"{self.table}.notes"], self.q)
            evidence = contains(["ev.text"], self.q)
            if self.merged:
                source = (
                    "event_clusters c JOIN evidence ev ON ev.event_id = c.event_id"
                    " WHERE c.merged_id = merged_events.event_id"
                )
            else:
                source = "evidence ev WHERE ev.event_id = events.event_id"
            where.append(f"({notes} OR EXISTS (SELECT 1 FROM {source} AND {evidence}))")
        if self.min_confidence is not None:
            where.append("confidence >= ?")
            params.append(float(self.min_confidence))
        if self.record_type is not None:
            where.append("record_type = ?")
            params.append(self.record_type)
        if self.doc_id is not None:
            where.append("doc_id = ?")
            params.append(self.doc_id)
        return (" WHERE " + " AND ".join(where) if where else ""), params


def contains_any(columns: list[str], needle: str, pg: bool) -> tuple[str, list[object]]:
    """SQL true when any of ``columns`` holds ``needle`` as a case-insensitive literal
    substring (no LIKE wildcards), and its parameters."""
    if pg:
        tests = [f"strpos(lower({col}), ?) > 0" for col in columns]
        value = needle.lower()
    else:
        tests = [f"instr(warlog_casefold({col}), ?) > 0" for col in columns]
        value = needle.casefold()
    return "(" + " OR ".join(tests) + ")", [value] * len(columns)


def limit_offset(limit: int | None, offset: int, pg: bool) -> list[object]:
    """The parameters of ``LIMIT ? OFFSET ?``: no limit is -1 for SQLite, NULL for
    PostgreSQL; negative values count as 0."""
    if limit is None:
        return [None if pg else -1, max(offset, 0)]
    return [max(limit, 0), max(offset, 0)]


def order_by(sort: str | None, pg: bool) -> str:
    """`` ORDER BY …`` for a sort name of :data:`SORTS` (None: :data:`DEFAULT_ORDER`)."""
    if sort is None:
        template = DEFAULT_ORDER
    else:
        try:
            template = SORTS[sort]
        except KeyError:
            raise ValueError(f"unknown sort {sort!r}; choose one of: {', '.join(SORTS)}") from None
    return " ORDER BY " + template.format(c=' COLLATE "C"' if pg else "")


def group_key(by: str, pg: bool) -> str:
    """The SQL expression of a grouping key of :data:`GROUPS`."""
    try:
        sqlite_expr, pg_expr = GROUPS[by]
    except KeyError:
        raise ValueError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUPS)}") from None
    return pg_expr if pg else sqlite_expr
