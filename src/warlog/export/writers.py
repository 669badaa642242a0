"""Write events as JSON Lines, CSV, GeoJSON or a terminal table.

Every writer streams: it consumes the events one by one and writes as it goes (except
``table``, which rich lays out once it has seen every row).
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Callable, Iterable
from typing import TextIO

from warlog.models import ACLED_COLUMNS, WARLOG_COLUMNS, Event

# CSV columns: ACLED's, in ACLED's order, then warlog's, then ``date_note`` and
# ``evidence`` (a JSON list of {field, text, start, end}), so a CSV loses nothing.
CSV_COLUMNS: tuple[str, ...] = (
    ACLED_COLUMNS + WARLOG_COLUMNS + ("sources_count", "date_note", "evidence")
)

# Characters of event_id shown by the table (ids this short or shorter are shown whole).
SHORT_ID = 8
EXCERPT = 60
# Width of the table when it is not written to a terminal (a file, a pipe).
TABLE_WIDTH = 160


def _write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    n = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def _write_csv(events: Iterable[Event], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for event in events:
        d = event.to_dict()
        d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
        writer.writerow(["" if d[c] is None else d[c] for c in CSV_COLUMNS])
        n += 1
    return n


def _geometry(event: Event) -> dict | None:
    lon, lat = event.longitude, event.latitude
    if lon is None or lat is None or not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def _write_geojson(events: Iterable[Event], out: TextIO) -> int:
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for event in events:
        feature = {
            "type": "Feature",
            "id": event.event_id,
            "geometry": _geometry(event),
            "properties": event.to_dict(),
        }
        out.write(",\n" if n else "\n")
        out.write(json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table_width(out: TextIO) -> int | None:
    """None (rich's own guess) for a terminal or with $COLUMNS; else a wide page."""
    isatty = getattr(out, "isatty", None)
    if (isatty is not None and isatty()) or os.environ.get("COLUMNS"):
        return None
    return TABLE_WIDTH


def _write_table(events: Iterable[Event], out: TextIO) -> int:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, highlight=False, pad_edge=False, collapse_padding=True)
    table.add_column("Date", no_wrap=True, min_width=10)
    table.add_column("Type / Sub-type")
    table.add_column("Actor 1")
    table.add_column("Actor 2")
    table.add_column("Location")
    table.add_column("Fat.", justify="right", no_wrap=True)
    table.add_column("Conf", justify="right", no_wrap=True)
    table.add_column("Event", no_wrap=True)
    table.add_column("Evidence")
    n = 0
    for e in events:
        kind = " / ".join(x for x in (e.event_type, e.sub_event_type) if x)
        if e.record_type != "event":
            kind = f"[{e.record_type}] {kind}".strip()
        place = ", ".join(dict.fromkeys(x for x in (e.location, e.admin1, e.country) if x))
        short_id = e.event_id if len(e.event_id) <= SHORT_ID else e.event_id[:SHORT_ID]
        excerpt = _short(e.evidence[0].text, EXCERPT) if e.evidence else ""
        table.add_row(
            e.event_date or "?",
            kind,
            e.actor1,
            e.actor2,
            place,
            str(e.fatalities),
            f"{e.confidence:.2f}" if e.confidence is not None else "",
            short_id,
            excerpt,
        )
        n += 1
    table.caption = f"{n} event{'s' if n != 1 else ''}"
    Console(file=out, width=_table_width(out), highlight=False, markup=False, emoji=False).print(
        table
    )
    return n


_WRITERS: dict[str, Callable[[Iterable[Event], TextIO], int]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "geojson": _write_geojson,
    "table": _write_table,
}


def export_formats() -> list[str]:
    """The formats :func:`write_events` knows."""
    return list(_WRITERS)


def write_events(events: Iterable[Event], fmt: str, out: TextIO) -> int:
    """Write ``events`` to ``out`` as ``fmt`` (see :func:`export_formats`); return the count.

    - ``jsonl``: one ``Event.to_dict()`` per line (UTF-8 kept, not escaped).
    - ``csv``: header :data:`CSV_COLUMNS` (ACLED's columns in ACLED's order, then
      doc_id, event_id, record_type, confidence, date_note, evidence as JSON); None is
      an empty cell; lines end with ``\\n``.
    - ``geojson``: a FeatureCollection, one Point ``[longitude, latitude]`` Feature per
      event (null geometry when the place is unknown), properties ``Event.to_dict()``.
    - ``table``: a rich table for terminals.
    """
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of: {', '.join(_WRITERS)}"
        ) from None
    return writer(events, out)
