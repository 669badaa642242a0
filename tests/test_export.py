"""Tests of warlog.export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from warlog.export import CSV_COLUMNS, export_formats, write_events
from warlog.models import ACLED_COLUMNS, Event, Evidence
from warlog.store import Store, content_hash_of


def sample_events() -> list[Event]:
    return [
        Event(
            doc_id="doc-a",
            event_id="0123456789abcdef",
            confidence=0.82,
            event_date="2015-06-25",
            time_precision=1,
            disorder_type="Political violence",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="Islamic State (Syria)",
            inter1=2,
            actor2="Military Forces of Syria (2000-)",
            inter2=1,
            interaction=12,
            iso=760,
            country="Syria",
            admin1="Al Hasakeh",
            location="Al Hasakeh",
            latitude=36.5024,
            longitude=40.7477,
            geo_precision=1,
            source="SANA",
            notes='On 25 June, IS attacked "Hasakah", Syria; 12 killed.',
            fatalities=12,
            evidence=[
                Evidence("event_type", "attacked", 21, 29),
                Evidence("actor1", "IS — Daesh", 18, 20),
            ],
        ),
        Event(
            doc_id="doc-b",
            event_id="fedcba9876543210",
            record_type="displacement",
            event_type="Strategic developments",
            sub_event_type="Displacement",
            country="Iraq",
            date_note="no date in the report",
        ),
    ]


def test_export_formats() -> None:
    assert export_formats() == ["jsonl", "csv", "geojson", "table"]
    assert "parquet" not in export_formats()


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="jsonl, csv, geojson, table"):
        write_events([], "parquet", io.StringIO())


def test_jsonl_round_trip() -> None:
    events = sample_events()
    out = io.StringIO()
    assert write_events(events, "jsonl", out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "IS — Daesh" in lines[0]  # ensure_ascii=False
    assert [Event.from_dict(json.loads(line)) for line in lines] == events


def test_csv_header_is_acled_order() -> None:
    out = io.StringIO()
    assert write_events(sample_events(), "csv", out) == 2
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    header = rows[0]
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert header[len(ACLED_COLUMNS) :] == [
        "doc_id",
        "event_id",
        "record_type",
        "confidence",
        "sources_count",
        "date_note",
        "evidence",
    ]
    assert tuple(header) == CSV_COLUMNS
    assert len(rows) == 3


def test_csv_values() -> None:
    events = sample_events()
    out = io.StringIO()
    write_events(events, "csv", out)
    assert "\r" not in out.getvalue()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    first, second = rows
    assert first["notes"] == events[0].notes  # quotes, commas, semicolons survive
    assert first["latitude"] == "36.5024" and first["fatalities"] == "12"
    assert first["date_note"] == ""
    assert json.loads(first["evidence"]) == [
        {"field": "event_type", "text": "attacked", "start": 21, "end": 29},
        {"field": "actor1", "text": "IS — Daesh", "start": 18, "end": 20},
    ]
    # None becomes an empty cell.
    assert second["event_date"] == "" and second["latitude"] == "" and second["iso"] == ""
    assert second["record_type"] == "displacement"
    assert json.loads(second["evidence"]) == []


def test_csv_empty_has_header() -> None:
    out = io.StringIO()
    assert write_events([], "csv", out) == 0
    assert out.getvalue() == ",".join(CSV_COLUMNS) + "\n"


def test_geojson() -> None:
    events = sample_events()
    out = io.StringIO()
    assert write_events(events, "geojson", out) == 2
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    located, unlocated = data["features"]
    assert located["type"] == "Feature"
    assert located["geometry"] == {"type": "Point", "coordinates": [40.7477, 36.5024]}
    assert unlocated["geometry"] is None
    # Properties lose nothing.
    assert [Event.from_dict(f["properties"]) for f in data["features"]] == events
    assert located["id"] == "0123456789abcdef"


def test_geojson_empty() -> None:
    out = io.StringIO()
    assert write_events([], "geojson", out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_geojson_streams() -> None:
    """The writer consumes a generator lazily, writing each feature as it comes."""
    out = io.StringIO()
    written_before: list[int] = []

    def gen() -> Iterator[Event]:
        for event in sample_events():
            written_before.append(out.getvalue().count('"Feature"'))
            yield event

    write_events(gen(), "geojson", out)
    assert written_before == [0, 1]


def test_table() -> None:
    out = io.StringIO()
    assert write_events(sample_events(), "table", out) == 2
    text = out.getvalue()
    for snippet in ("2015-06-25", "Battles", "Islamic State", "01234567", "attacked"):
        assert snippet in text
    assert "0123456789a" not in text  # id shortened
    assert "displacement" in text
    assert "2 events" in text
    assert "\x1b[" not in text  # no colour codes when not a terminal


def test_table_empty() -> None:
    out = io.StringIO()
    assert write_events([], "table", out) == 0
    assert "0 events" in out.getvalue()


def test_export_from_store(tmp_path: Path) -> None:
    """Store → exporter, the way the CLI uses them."""
    from warlog.models import Document

    events = sample_events()[:1]
    with Store.open(tmp_path / "w.db") as store:
        text = "Report text"
        store.add_document(Document("doc-a", text, content_hash=content_hash_of(text)), events)
        out = io.StringIO()
        assert write_events(store.query_events(), "jsonl", out) == 1
    assert Event.from_dict(json.loads(out.getvalue())) == events[0]
