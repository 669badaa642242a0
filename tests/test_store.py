"""Tests of warlog.store against real SQLite databases in tmp_path."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from warlog.models import Document, Event, Evidence
from warlog.store import (
    EVENT_COLUMNS,
    SCHEMA_VERSION,
    AmbiguousIdError,
    EventFilter,
    SchemaTooNewError,
    Store,
    StoreError,
    content_hash_of,
    migrations,
)


def make_doc(doc_id: str = "doc-a", text: str = "Clashes near Hasakah.", **kw) -> Document:
    return Document(doc_id=doc_id, text=text, content_hash=content_hash_of(text), **kw)


def make_event(doc_id: str, event_id: str, **kw) -> Event:
    return Event(doc_id=doc_id, event_id=event_id, **kw)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warlog.db"


@pytest.fixture
def store(db_path: Path):
    with Store.open(db_path) as s:
        yield s


@pytest.fixture
def filled(store: Store) -> Store:
    """Four events over three documents for the query tests."""
    store.add_document(
        make_doc("doc-a", "IS attacked Hasakah."),
        [
            make_event(
                "doc-a",
                "aaa111",
                event_date="2015-06-25",
                event_type="Battles",
                sub_event_type="Armed clash",
                actor1="Islamic State (Syria)",
                actor2="Military Forces of Syria (2000-)",
                country="Syria",
                iso=760,
                latitude=36.5,
                longitude=40.75,
                fatalities=12,
            ),
            make_event(
                "doc-a",
                "aaa222",
                record_type="displacement",
                event_date="2015-06-26",
                event_type="Strategic developments",
                sub_event_type="Displacement",
                actor1="Civilians (Syria)",
                country="Syria",
                iso=760,
                latitude=36.5,
                longitude=40.75,
            ),
        ],
    )
    store.add_document(
        make_doc("doc-b", "Airstrike in Mosul."),
        [
            make_event(
                "doc-b",
                "bbb111",
                event_date="2015-06-20",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                actor1="Military Forces of the United States (2009-2017)",
                assoc_actor_1="Coalition Forces",
                actor2="Islamic State (Iraq)",
                country="Iraq",
                iso=368,
                latitude=36.34,
                longitude=43.13,
                fatalities=3,
            )
        ],
    )
    store.add_document(
        make_doc("doc-c", "Something happened somewhere."),
        [make_event("doc-c", "ccc111", event_type="Riots", country="Syria", iso=760)],
    )
    return store


def ids(events) -> list[str]:
    return [e.event_id for e in events]


# -- opening, schema, migrations ---------------------------------------------------------


def test_open_creates_schema_and_sets_version(db_path: Path) -> None:
    with Store.open(db_path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 1
        tables = {
            r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {"documents", "events", "evidence"} <= tables
        indexes = {
            r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        for name in ("event_date", "country", "event_type", "sub_event_type", "actor1", "actor2"):
            assert f"events_{name}" in indexes
        assert "events_lat_lon" in indexes
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    raw.close()


def test_events_table_has_every_event_column(store: Store) -> None:
    cols = [r["name"] for r in store.conn.execute("PRAGMA table_info(events)")]
    expected = [f.name for f in fields(Event) if f.name != "evidence"]
    assert set(cols) == set(expected) | {"created_at"}
    assert set(EVENT_COLUMNS) == set(expected)


def test_wal_mode(store: Store, db_path: Path) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw = sqlite3.connect(db_path)  # WAL is persistent: any new connection sees it
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_reopen_is_idempotent(db_path: Path) -> None:
    with Store.open(db_path) as s:
        s.add_document(make_doc(), [make_event("doc-a", "e1")])
    for _ in range(2):
        with Store.open(db_path) as s:
            assert s.schema_version == SCHEMA_VERSION
            assert s.counts() == {"documents": 1, "events": 1}


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(SchemaTooNewError, match="newer warlog") as info:
        Store.open(db_path)
    assert str(db_path) in str(info.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in str(info.value)
    raw = sqlite3.connect(db_path)  # left untouched
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    raw.close()


def test_foreign_database_is_refused(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA application_id = 42")
    raw.close()
    with pytest.raises(StoreError, match="not a warlog database"):
        Store.open(db_path)


def test_migrations_run_in_order_in_one_transaction(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_path).close()

    def v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE events ADD COLUMN extra TEXT")

    broken = "CREATE TABLE t1 (x);\nTHIS IS NOT SQL;\n"
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, v2, broken))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    with pytest.raises(sqlite3.OperationalError):
        Store.open(db_path)
    raw = sqlite3.connect(db_path)
    # The failed step rolled back the whole upgrade, v2 included.
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    cols = [r[1] for r in raw.execute("PRAGMA table_info(events)")]
    assert "extra" not in cols
    raw.close()

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:-1], "SELECT 1;"))
    with Store.open(db_path) as s:
        assert s.schema_version == SCHEMA_VERSION + 2
        cols = [r["name"] for r in s.conn.execute("PRAGMA table_info(events)")]
        assert "extra" in cols


def test_split_statements() -> None:
    script = "CREATE TABLE a (x TEXT DEFAULT ';');\n-- comment\nCREATE INDEX i ON a(x);\n"
    assert len(migrations.split_statements(script)) == 2
    with pytest.raises(ValueError):
        migrations.split_statements("CREATE TABLE a (x")


def test_default_location_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sub" / "dir" / "env.db"
    monkeypatch.setenv("WARLOG_DB", str(target))
    with Store.open() as s:
        assert s.path == target
    assert target.exists()


def test_default_location_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WARLOG_DB", raising=False)
    monkeypatch.setattr(
        "platformdirs.user_data_dir", lambda appname=None, *a, **k: str(tmp_path / appname)
    )
    with Store.open() as s:
        assert s.path == tmp_path / "warlog" / "warlog.db"
    assert (tmp_path / "warlog" / "warlog.db").exists()


# -- add_document ------------------------------------------------------------------------


def test_add_document_round_trip(store: Store) -> None:
    doc = make_doc(
        "doc-a",
        "HASAKAH, Syria - Clashes.",
        title="Clashes",
        publication_date=date(2015, 6, 27),
        outlet="SANA",
        url="https://example.org/a",
        byline="Staff",
        dateline="Hasakah, Syria",
        dateline_span=(0, 14),
        body=[(17, 25)],
        title_span=None,
        source_path="reports/a.txt",
    )
    assert store.add_document(doc, []) == "added"
    assert store.has_hash(doc.content_hash)
    assert not store.has_hash("nope")
    assert store.get_document("doc-a") == doc
    assert store.get_document("missing") is None


def test_add_same_hash_is_unchanged(store: Store) -> None:
    doc = make_doc()
    assert store.add_document(doc, [make_event("doc-a", "e1")]) == "added"
    assert store.add_document(doc, [make_event("doc-a", "e1"), make_event("doc-a", "e2")]) == (
        "unchanged"
    )
    assert store.counts() == {"documents": 1, "events": 1}
    # The same content under another id is a duplicate too.
    assert store.add_document(make_doc("doc-copy"), []) == "unchanged"
    assert store.counts()["documents"] == 1


def test_changed_text_replaces(store: Store) -> None:
    store.add_document(
        make_doc("doc-a", "old text"),
        [make_event("doc-a", "old1", evidence=[Evidence("actor1", "old", 0, 3)])],
    )
    status = store.add_document(make_doc("doc-a", "new text"), [make_event("doc-a", "new1")])
    assert status == "replaced"
    assert store.get_event("old1") is None
    assert store.get_event("new1") is not None
    assert store.get_document("doc-a").text == "new text"
    assert store.counts() == {"documents": 1, "events": 1}
    assert store.conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_missing_hash_and_event_ids_are_filled(store: Store) -> None:
    doc = Document(doc_id="doc-x", text="some text")
    events = [Event(doc_id="doc-x"), Event(doc_id="doc-x")]
    assert store.add_document(doc, events) == "added"
    assert [e.event_id for e in events] == ["doc-x:0", "doc-x:1"]
    assert store.has_hash(content_hash_of("some text"))
    assert ids(store.query_events(doc_id="doc-x")) == ["doc-x:0", "doc-x:1"]


def test_event_of_another_document_is_rejected(store: Store) -> None:
    with pytest.raises(ValueError, match="belongs to"):
        store.add_document(make_doc("doc-a"), [make_event("doc-b", "e1")])
    assert store.counts() == {"documents": 0, "events": 0}


def test_add_document_is_atomic(store: Store) -> None:
    bad = make_event("doc-a", "e2")
    bad.latitude = object()  # type: ignore[assignment]  # sqlite3 cannot bind this
    with pytest.raises(sqlite3.Error):
        store.add_document(make_doc("doc-a"), [make_event("doc-a", "e1"), bad])
    assert store.counts() == {"documents": 0, "events": 0}
    assert store.conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert not store.conn.in_transaction


def test_failed_replacement_keeps_the_old_document(store: Store) -> None:
    store.add_document(make_doc("doc-a", "v1"), [make_event("doc-a", "e1")])
    dup = [make_event("doc-a", "e2"), make_event("doc-a", "e2")]  # duplicate primary key
    with pytest.raises(sqlite3.IntegrityError):
        store.add_document(make_doc("doc-a", "v2"), dup)
    assert store.get_document("doc-a").text == "v1"
    assert ids(store.query_events()) == ["e1"]


def test_delete_document_cascades(filled: Store) -> None:
    assert filled.delete_document("doc-a")
    assert not filled.delete_document("doc-a")
    assert ids(filled.query_events()) == ["bbb111", "ccc111"]
    n = filled.conn.execute("SELECT count(*) FROM evidence WHERE event_id LIKE 'aaa%'")
    assert n.fetchone()[0] == 0


# -- reading -----------------------------------------------------------------------------


def test_evidence_round_trip_in_order(store: Store) -> None:
    evidence = [
        Evidence("event_type", "attacked", 10, 18),
        Evidence("actor1", "IS", 0, 2),
        Evidence("location", "Hasakah", 19, 26),
        Evidence("actor1", "IS", 0, 2),  # repeated evidence is kept
    ]
    event = make_event("doc-a", "e1", evidence=evidence, notes="Ünïcode – ok")
    store.add_document(make_doc("doc-a", "IS fighters attacked Hasakah"), [event])
    got = store.get_event("e1")
    assert got == event
    assert got.evidence == evidence
    assert list(store.query_events()) == [event]


def test_full_event_round_trip(filled: Store) -> None:
    got = filled.get_event("bbb111")
    assert got.assoc_actor_1 == "Coalition Forces"
    assert got.latitude == pytest.approx(36.34) and got.longitude == pytest.approx(43.13)
    assert got.iso == 368 and got.fatalities == 3
    assert Event.from_dict(got.to_dict()) == got


def test_get_event_by_prefix(filled: Store) -> None:
    assert filled.get_event("bbb").event_id == "bbb111"
    assert filled.get_event("aaa1").event_id == "aaa111"
    assert filled.get_event("aaa111").event_id == "aaa111"
    assert filled.get_event("zzz") is None
    assert filled.get_event("") is None
    with pytest.raises(AmbiguousIdError) as info:
        filled.get_event("aaa")
    assert info.value.candidates == ["aaa111", "aaa222"]
    assert isinstance(info.value, LookupError)


def test_get_event_exact_id_wins_over_prefix(store: Store) -> None:
    store.add_document(make_doc(), [make_event("doc-a", "e1"), make_event("doc-a", "e10")])
    assert store.get_event("e1").event_id == "e1"


def test_query_order_and_limit(filled: Store) -> None:
    # By date; undated events last.
    assert ids(filled.query_events()) == ["bbb111", "aaa111", "aaa222", "ccc111"]
    assert ids(filled.query_events(limit=2)) == ["bbb111", "aaa111"]
    assert ids(filled.query_events(limit=0)) == []


def test_query_dates(filled: Store) -> None:
    assert ids(filled.query_events(since=date(2015, 6, 25))) == ["aaa111", "aaa222"]
    assert ids(filled.query_events(until=date(2015, 6, 25))) == ["bbb111", "aaa111"]
    assert ids(filled.query_events(since="2015-06-21", until="2015-06-25")) == ["aaa111"]
    with pytest.raises(ValueError):
        list(filled.query_events(since="June"))


def test_query_country(filled: Store) -> None:
    syria = ["aaa111", "aaa222", "ccc111"]
    assert ids(filled.query_events(country="Syria")) == syria
    assert ids(filled.query_events(country="sYRIA")) == syria
    assert ids(filled.query_events(country="760")) == syria
    assert ids(filled.query_events(country=368)) == ["bbb111"]
    assert ids(filled.query_events(country="Syr")) == []


def test_query_event_type(filled: Store) -> None:
    assert ids(filled.query_events(event_type="battles")) == ["aaa111"]
    assert ids(filled.query_events(event_type="AIR/DRONE STRIKE")) == ["bbb111"]
    assert ids(filled.query_events(event_type="Displacement")) == ["aaa222"]


def test_query_actor(filled: Store) -> None:
    assert ids(filled.query_events(actor="islamic state")) == ["bbb111", "aaa111"]
    assert ids(filled.query_events(actor="(IRAQ)")) == ["bbb111"]
    assert ids(filled.query_events(actor="coalition")) == ["bbb111"]  # associated actor
    assert ids(filled.query_events(actor="military forces of syria")) == ["aaa111"]
    assert ids(filled.query_events(actor="nobody")) == []


def test_query_actor_is_literal(store: Store) -> None:
    store.add_document(
        make_doc(), [make_event("doc-a", "e1", actor1="Unidentified Armed Group (Syria)")]
    )
    assert ids(store.query_events(actor="%")) == []
    assert ids(store.query_events(actor="_")) == []


def test_query_bbox(filled: Store) -> None:
    hasakah = (40.0, 36.0, 41.0, 37.0)
    assert ids(filled.query_events(bbox=hasakah)) == ["aaa111", "aaa222"]
    north_iraq_syria = (40.0, 36.0, 44.0, 37.0)
    assert ids(filled.query_events(bbox=north_iraq_syria)) == ["bbb111", "aaa111", "aaa222"]
    assert ids(filled.query_events(bbox=(0.0, 0.0, 1.0, 1.0))) == []
    # A box crossing the antimeridian: from 170°E east to 41°E.
    assert ids(filled.query_events(bbox=(170.0, 36.0, 41.0, 37.0))) == ["aaa111", "aaa222"]


def test_query_record_type_and_doc(filled: Store) -> None:
    assert ids(filled.query_events(record_type="displacement")) == ["aaa222"]
    assert ids(filled.query_events(record_type="event", country="Syria")) == [
        "aaa111",
        "ccc111",
    ]
    assert ids(filled.query_events(doc_id="doc-b")) == ["bbb111"]


def test_query_combined_filters(filled: Store) -> None:
    got = filled.query_events(
        since="2015-06-01", country="syria", actor="islamic", event_type="Armed clash"
    )
    assert ids(got) == ["aaa111"]


def test_query_streams_in_batches_with_evidence(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warlog.store.store as store_module

    monkeypatch.setattr(store_module, "BATCH_SIZE", 7)
    events = [
        make_event(
            "doc-a",
            f"e{i:03d}",
            event_date="2015-06-01",
            evidence=[Evidence("notes", f"w{i}", i, i + 1), Evidence("actor1", "x", 0, 1)],
        )
        for i in range(30)
    ]
    store.add_document(make_doc(), events)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    got = list(store.query_events())
    store.conn.set_trace_callback(None)
    assert got == events
    evidence_queries = [s for s in statements if "FROM evidence" in s]
    assert len(evidence_queries) == 5  # ceil(30 / 7): one per batch, not one per event


def test_counts(filled: Store) -> None:
    assert filled.counts() == {"documents": 3, "events": 4}


# -- the workbench's queries: more filters, sorting, paging, grouped counts, reports -----

CODED_TEXTS = {
    "doc-a": "IS attacked Hasakah; 12 killed.",
    "doc-b": "Airstrike in Mosul.",
    "doc-c": "Something happened somewhere.",
    "doc-d": "Nine soldiers died in clashes with IS in Hasakah.",
}


def _evidence(doc_id: str, field: str, words: str) -> Evidence:
    start = CODED_TEXTS[doc_id].index(words)
    return Evidence(field, words, start, start + len(words))


def fill_coded(store: Store) -> None:
    """Five events over four documents, with admin areas, confidences, notes and evidence;
    doc-d reports the same battle as doc-a (merged into aaa111)."""
    hasakah = {"country": "Syria", "iso": 760, "admin1": "Al Hasakeh", "location": "Al Hasakah",
               "latitude": 36.5, "longitude": 40.75}  # fmt: skip
    store.add_document(
        make_doc("doc-a", CODED_TEXTS["doc-a"]),
        [
            make_event(
                "doc-a", "aaa111", event_date="2015-06-25", event_type="Battles",
                sub_event_type="Armed clash", actor1="Islamic State (Syria)",
                actor2="Military Forces of Syria (2000-)", fatalities=12, confidence=0.8,
                notes="IS attacked the city.", **hasakah,
                evidence=[_evidence("doc-a", "event_type", "attacked"),
                          _evidence("doc-a", "fatalities", "12 killed")],
            ),
            make_event(
                "doc-a", "aaa222", record_type="displacement", event_date="2015-06-29",
                event_type="Strategic developments", sub_event_type="Displacement",
                actor1="Civilians (Syria)", confidence=0.4, **hasakah,
            ),
        ],
    )  # fmt: skip
    store.add_document(
        make_doc("doc-b", CODED_TEXTS["doc-b"]),
        [
            make_event(
                "doc-b", "bbb111", event_date="2015-07-02",
                event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                actor1="Military Forces of the United States (2009-2017)",
                actor2="Islamic State (Iraq)", country="Iraq", iso=368, admin1="Ninewa",
                latitude=36.34, longitude=43.13, fatalities=3, confidence=0.9,
                notes="Coalition airstrike on Mosul.",
                evidence=[_evidence("doc-b", "event_type", "Airstrike")],
            )
        ],
    )  # fmt: skip
    store.add_document(
        make_doc("doc-c", CODED_TEXTS["doc-c"]),
        [make_event("doc-c", "ccc111", event_type="Riots", sub_event_type="Mob violence",
                    country="Syria", iso=760, confidence=0.2)],
    )  # fmt: skip
    store.add_document(
        make_doc("doc-d", CODED_TEXTS["doc-d"]),
        [
            make_event(
                "doc-d", "ddd111", event_date="2015-06-25", event_type="Battles",
                sub_event_type="Armed clash", actor1="Military Forces of Syria (2000-)",
                actor2="Islamic State (Syria)", fatalities=9, confidence=0.7, **hasakah,
                evidence=[_evidence("doc-d", "event_type", "clashes")],
            )
        ],
    )  # fmt: skip


@pytest.fixture
def coded(store: Store) -> Store:
    fill_coded(store)
    return store


def test_query_admin1_and_sub_event_type(coded: Store) -> None:
    assert ids(coded.query_events(admin1="al HASAKEH")) == ["aaa111", "ddd111", "aaa222"]
    assert ids(coded.query_events(admin1="Ninewa")) == ["bbb111"]
    assert ids(coded.query_events(admin1="Hasakeh")) == []  # a name, not a substring
    assert ids(coded.query_events(sub_event_type="armed CLASH")) == ["aaa111", "ddd111"]
    assert ids(coded.query_events(sub_event_type="Battles")) == []  # only the sub-event type
    assert ids(coded.query_events(event_type="Battles")) == ["aaa111", "ddd111"]
    assert ids(coded.query_events(sub_event_type="Armed clash", merged=True)) == ["aaa111"]


def test_query_free_text_over_notes_and_evidence(coded: Store) -> None:
    assert ids(coded.query_events(q="ATTACKED")) == ["aaa111"]  # notes and evidence
    assert ids(coded.query_events(q="12 killed")) == ["aaa111"]  # evidence only
    assert ids(coded.query_events(q="mosul")) == ["bbb111"]  # notes only
    assert ids(coded.query_events(q="nothing like this")) == []
    assert ids(coded.query_events(q="%")) == []  # literal text, no LIKE wildcards
    assert ids(coded.query_events(q="' OR 1=1 --")) == []
    # A merged event matches on the evidence of any of its reports.
    assert ids(coded.query_events(q="clashes")) == ["ddd111"]
    assert ids(coded.query_events(q="clashes", merged=True)) == ["aaa111"]


def test_query_min_confidence(coded: Store) -> None:
    assert ids(coded.query_events(min_confidence=0.7)) == ["aaa111", "ddd111", "bbb111"]
    assert ids(coded.query_events(min_confidence=0.95)) == []
    assert len(ids(coded.query_events(min_confidence=0))) == 5


def test_query_sort_and_offset(coded: Store) -> None:
    q = coded.query_events
    assert ids(q(sort="-event_date")) == ["bbb111", "aaa222", "aaa111", "ddd111", "ccc111"]
    assert ids(q(sort="event_date")) == ["aaa111", "ddd111", "aaa222", "bbb111", "ccc111"]
    assert ids(q(sort="-confidence")) == ["bbb111", "aaa111", "ddd111", "aaa222", "ccc111"]
    assert ids(q(sort="confidence")) == ["ccc111", "aaa222", "ddd111", "aaa111", "bbb111"]
    assert ids(q(sort="fatalities")) == ["aaa222", "ccc111", "bbb111", "ddd111", "aaa111"]
    assert ids(q(sort="-fatalities")) == ["aaa111", "ddd111", "bbb111", "aaa222", "ccc111"]
    assert ids(q(sort="-confidence", limit=2, offset=1)) == ["aaa111", "ddd111"]
    assert ids(q(sort="-confidence", offset=4)) == ["ccc111"]
    assert ids(q(sort="-confidence", offset=10)) == []
    with pytest.raises(ValueError, match="unknown sort"):
        list(q(sort="event_date; DROP TABLE events"))


def test_count_events(coded: Store) -> None:
    assert coded.count_events() == 5
    assert coded.count_events(EventFilter(merged=True)) == 4
    assert coded.count_events(EventFilter(country="syria")) == 4
    assert coded.count_events(EventFilter(country="syria", merged=True)) == 3
    assert coded.count_events(EventFilter(q="attacked", min_confidence=0.9)) == 0
    for f in (EventFilter(admin1="Al Hasakeh"), EventFilter(q="clashes", merged=True)):
        assert coded.count_events(f) == len(list(coded.query_events(**vars(f))))


def test_count_events_by(coded: Store) -> None:
    by = coded.count_events_by
    assert by("day") == [("2015-06-25", 2, 21), ("2015-06-29", 1, 0), ("2015-07-02", 1, 3),
                         (None, 1, 0)]  # fmt: skip
    # ISO weeks keyed by their Monday: 2015-06-29 is a Monday, 2015-07-02 in its week.
    assert by("week") == [("2015-06-22", 2, 21), ("2015-06-29", 2, 3), (None, 1, 0)]
    assert by("month") == [("2015-06", 3, 21), ("2015-07", 1, 3), (None, 1, 0)]
    assert by("admin1") == [("Al Hasakeh", 3, 21), ("Ninewa", 1, 3), (None, 1, 0)]
    assert by("country") == [("Iraq", 1, 3), ("Syria", 4, 21)]
    assert by("event_type", EventFilter(country="Syria", merged=True)) == [
        ("Battles", 1, coded.get_event("aaa111", merged=True).fatalities),
        ("Riots", 1, 0),
        ("Strategic developments", 1, 0),
    ]
    assert by("sub_event_type", EventFilter(since="2015-07-01")) == [("Air/drone strike", 1, 3)]
    with pytest.raises(ValueError, match="unknown grouping"):
        by("event_date) --")


def test_reports_of_a_merged_event(coded: Store) -> None:
    reports = coded.reports("aaa111")
    assert [(d.doc_id, e.event_id) for d, e in reports] == [
        ("doc-a", "aaa111"),
        ("doc-d", "ddd111"),
    ]
    for doc, event in reports:
        assert event.evidence
        for ev in event.evidence:
            assert doc.text[ev.start : ev.end] == ev.text
    assert [(d.doc_id, e.event_id) for d, e in coded.reports("ddd111", merged=False)] == [
        ("doc-d", "ddd111")
    ]
    assert coded.reports("zzz") == []
    assert coded.merged_id_of("ddd111") == "aaa111"
    assert coded.merged_id_of("zzz") is None


def test_documents_listing_and_meta(coded: Store) -> None:
    docs = coded.query_documents()
    assert [d["doc_id"] for d in docs] == ["doc-a", "doc-b", "doc-c", "doc-d"]
    assert [d["events"] for d in docs] == [2, 1, 1, 1]
    assert [d["doc_id"] for d in coded.query_documents(q="MOSUL")] == ["doc-b"]
    assert [d["doc_id"] for d in coded.query_documents(limit=2, offset=1)] == ["doc-b", "doc-c"]
    assert coded.count_documents() == 4
    assert coded.count_documents(q="hasakah") == 2
    assert coded.doc_id_of_hash(content_hash_of(CODED_TEXTS["doc-b"])) == "doc-b"
    assert coded.distinct_values("admin1") == ["Al Hasakeh", "Ninewa"]
    assert coded.distinct_values("country", merged=False) == ["Iraq", "Syria"]
    with pytest.raises(ValueError):
        coded.distinct_values("notes")
    assert coded.date_range() == ("2015-06-25", "2015-07-02")


# -- concurrency -------------------------------------------------------------------------


def test_reader_not_blocked_by_open_write(db_path: Path) -> None:
    with Store.open(db_path) as writer, Store.open(db_path) as reader:
        writer.add_document(make_doc("doc-a", "one"), [make_event("doc-a", "e1")])
        with writer.transaction():
            writer.add_document(make_doc("doc-b", "two"), [make_event("doc-b", "e2")])
            # WAL: the reader sees the last committed state, without waiting.
            assert reader.counts() == {"documents": 1, "events": 1}
        assert reader.counts() == {"documents": 2, "events": 2}


def test_writer_waits_for_another_writer(db_path: Path) -> None:
    with Store.open(db_path) as first, Store.open(db_path, timeout=10) as second:
        first.conn.execute("BEGIN IMMEDIATE")
        first.conn.execute(
            "INSERT INTO documents (doc_id, content_hash, text) VALUES ('doc-a', 'h', 'x')"
        )
        timer = threading.Timer(0.3, lambda: first.conn.execute("COMMIT"))
        timer.start()
        started = time.monotonic()
        assert second.add_document(make_doc("doc-b", "two"), []) == "added"
        assert time.monotonic() - started >= 0.2
        timer.join()
        assert second.counts()["documents"] == 2


def test_locked_writer_times_out_cleanly(db_path: Path) -> None:
    with Store.open(db_path) as first, Store.open(db_path, timeout=0.1) as second:
        first.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            second.add_document(make_doc("doc-b", "two"), [])
        first.conn.execute("ROLLBACK")
        assert second.add_document(make_doc("doc-b", "two"), []) == "added"


def test_concurrent_processes(db_path: Path) -> None:
    Store.open(db_path).close()
    script = textwrap.dedent(
        """
        import sys
        from warlog.models import Document, Event
        from warlog.store import Store, content_hash_of

        path, worker = sys.argv[1], sys.argv[2]
        with Store.open(path) as store:
            for i in range(20):
                doc_id = f"w{worker}-{i}"
                text = f"report {doc_id}"
                doc = Document(doc_id=doc_id, text=text, content_hash=content_hash_of(text))
                store.add_document(doc, [Event(doc_id=doc_id, event_id=doc_id + ":0")])
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(db_path), str(w)]) for w in range(3)
    ]
    # Read while they write.
    with Store.open(db_path) as reader:
        seen = 0
        while any(p.poll() is None for p in procs):
            now = reader.counts()["documents"]
            assert now >= seen
            seen = now
            time.sleep(0.01)
        assert all(p.wait(timeout=60) == 0 for p in procs)
        assert reader.counts() == {"documents": 60, "events": 60}


def test_snapshot_sees_one_state_while_another_connection_writes(db_path: Path) -> None:
    with Store.open(db_path) as writer, Store.open(db_path) as reader:
        writer.add_document(make_doc("doc-a", "one"), [make_event("doc-a", "e1")])
        with reader.snapshot():
            assert reader.counts()["documents"] == 1
            writer.add_document(make_doc("doc-b", "two"), [make_event("doc-b", "e2")])
            assert reader.counts()["documents"] == 1  # not blocked, not changed
            assert ids(reader.query_events(merged=True)) == ["e1"]
        assert reader.counts()["documents"] == 2
        assert not reader.conn.in_transaction
