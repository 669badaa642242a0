"""The store on PostgreSQL: same schema, migrations, API and query results as on SQLite.

Needs a server: WARLOG_TEST_POSTGRES (``.ci/run`` starts one); without it every test here
is skipped with the reason (``pytest -rs``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pgutil import pg_database
from test_store import fill_coded, make_doc, make_event
from warlog.models import Evidence
from warlog.store import (
    GROUPS,
    SCHEMA_VERSION,
    SORTS,
    AmbiguousIdError,
    EventFilter,
    SchemaTooNewError,
    Store,
)


@pytest.fixture
def pg_url():
    with pg_database() as url:
        yield url


@pytest.fixture
def pg(pg_url: str):
    with Store.open(pg_url) as s:
        yield s


def fill(store: Store) -> None:
    """The same documents and events as test_store's ``filled``, plus a second report."""
    store.add_document(
        make_doc("doc-a", "IS attacked Hasakah."),
        [
            make_event(
                "doc-a", "aaa111", event_date="2015-06-25", event_type="Battles",
                sub_event_type="Armed clash", actor1="Islamic State (Syria)",
                actor2="Military Forces of Syria (2000-)", country="Syria", iso=760,
                location="Al Hasakah", latitude=36.5, longitude=40.75, fatalities=12,
                confidence=0.8125, notes="Ünïcode – ok; 100% sure",
                evidence=[Evidence("event_type", "attacked", 3, 11),
                          Evidence("actor1", "IS", 0, 2)],
            ),
            make_event(
                "doc-a", "aaa222", record_type="displacement", event_date="2015-06-26",
                event_type="Strategic developments", sub_event_type="Displacement",
                actor1="Civilians (Syria)", country="Syria", iso=760, latitude=36.5,
                longitude=40.75,
            ),
        ],
    )  # fmt: skip
    store.add_document(
        make_doc("doc-b", "Airstrike in Mosul."),
        [
            make_event(
                "doc-b", "bbb111", event_date="2015-06-20",
                event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                actor1="Military Forces of the United States (2009-2017)",
                assoc_actor_1="Coalition Forces", actor2="Islamic State (Iraq)", country="Iraq",
                iso=368, latitude=36.34, longitude=43.13, fatalities=3,
            )
        ],
    )  # fmt: skip
    store.add_document(
        make_doc("doc-c", "Something happened somewhere."),
        [make_event("doc-c", "ccc111", event_type="Riots", country="Syria", iso=760)],
    )
    store.add_document(
        make_doc("doc-d", "Nine soldiers died in clashes with IS in Hasakah."),
        [
            make_event(
                "doc-d", "ddd111", event_date="2015-06-25", event_type="Battles",
                sub_event_type="Armed clash", actor1="Military Forces of Syria (2000-)",
                actor2="Islamic State (Syria)", country="Syria", iso=760,
                location="Al Hasakah", latitude=36.5, longitude=40.75, fatalities=9,
                source="SANA",
            )
        ],
    )  # fmt: skip


QUERIES: list[dict] = [
    {},
    {"limit": 2},
    {"limit": 0},
    {"since": date(2015, 6, 25)},
    {"until": "2015-06-25"},
    {"since": "2015-06-21", "until": "2015-06-25"},
    {"country": "sYRIA"},
    {"country": "760"},
    {"country": 368},
    {"country": "Syr"},
    {"event_type": "battles"},
    {"event_type": "AIR/DRONE STRIKE"},
    {"actor": "islamic state"},
    {"actor": "(IRAQ)"},
    {"actor": "coalition"},
    {"actor": "%"},
    {"actor": "_"},
    {"bbox": (40.0, 36.0, 41.0, 37.0)},
    {"bbox": (40.0, 36.0, 44.0, 37.0)},
    {"bbox": (170.0, 36.0, 41.0, 37.0)},
    {"record_type": "displacement"},
    {"doc_id": "doc-b"},
    {"since": "2015-06-01", "country": "syria", "actor": "islamic", "event_type": "Armed clash"},
]


def test_same_schema_version_and_reopen(pg_url: str) -> None:
    with Store.open(pg_url) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.dialect == "postgresql" and s.path is None
        s.add_document(make_doc(), [make_event("doc-a", "e1")])
    for _ in range(2):
        with Store.open(pg_url) as s:
            assert s.schema_version == SCHEMA_VERSION
            assert s.counts() == {"documents": 1, "events": 1}
            tables = {
                r["tablename"]
                for r in s.conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = ?",
                                        ("public",))
            }  # fmt: skip
            assert {"documents", "events", "evidence", "merged_events", "event_clusters",
                    "doc_signatures", "doc_bands", "warlog_meta"} <= tables  # fmt: skip


def test_newer_schema_is_refused(pg_url: str) -> None:
    with Store.open(pg_url) as s:
        s.conn.execute(
            "UPDATE warlog_meta SET value = ? WHERE name = 'schema_version'",
            (str(SCHEMA_VERSION + 1),),
        )
    with pytest.raises(SchemaTooNewError, match="newer warlog"):
        Store.open(pg_url)


def test_every_query_gives_what_sqlite_gives(pg: Store, tmp_path: Path) -> None:
    with Store.open(tmp_path / "w.db") as lite:
        fill(lite)
        fill(pg)
        assert pg.counts() == lite.counts() == {"documents": 4, "events": 5}
        assert pg.stats() == lite.stats()
        for merged in (False, True):
            for query in QUERIES:
                want = list(lite.query_events(merged=merged, **query))
                got = list(pg.query_events(merged=merged, **query))
                assert got == want, (merged, query)
        assert [e.sources_count for e in pg.query_events(merged=True, event_type="Battles")] == [2]
        for prefix in ("bbb", "aaa1", "aaa111", "zzz", ""):
            assert pg.get_event(prefix) == lite.get_event(prefix)
        with pytest.raises(AmbiguousIdError):
            pg.get_event("aaa")
        assert pg.get_document("doc-a") == lite.get_document("doc-a")
        assert pg.has_hash(make_doc("doc-b", "Airstrike in Mosul.").content_hash)
        with pytest.raises(ValueError):
            list(pg.query_events(since="June"))


# The workbench's filters, sort orders and paging (over test_store's fill_coded).
WORKBENCH_QUERIES: list[dict] = [
    {"admin1": "al hasakeh"},
    {"sub_event_type": "ARMED clash"},
    {"q": "attacked"},
    {"q": "12 KILLED"},
    {"q": "clashes"},
    {"q": "%"},
    {"q": "Ünïcode"},
    {"min_confidence": 0.7},
    {"since": "2015-06-26", "admin1": "Al Hasakeh", "min_confidence": 0.1},
    *({"sort": name} for name in SORTS),
    {"sort": "-confidence", "limit": 2, "offset": 1},
    {"sort": "event_date", "offset": 3},
    {"offset": 10},
]


def test_workbench_queries_give_what_sqlite_gives(pg: Store, tmp_path: Path) -> None:
    with Store.open(tmp_path / "w.db") as lite:
        fill_coded(lite)
        fill_coded(pg)
        for merged in (False, True):
            for query in WORKBENCH_QUERIES:
                want = list(lite.query_events(merged=merged, **query))
                got = list(pg.query_events(merged=merged, **query))
                assert got == want, (merged, query)
                paging = {"sort", "limit", "offset"}
                f = EventFilter(
                    merged=merged, **{k: v for k, v in query.items() if k not in paging}
                )
                assert pg.count_events(f) == lite.count_events(f), (merged, query)
                for by in GROUPS:
                    assert pg.count_events_by(by, f) == lite.count_events_by(by, f), (by, query)
        assert pg.reports("aaa111") == lite.reports("aaa111")
        assert len(pg.reports("aaa111")) == 2
        assert pg.query_documents(q="hasakah") == lite.query_documents(q="hasakah")
        assert pg.count_documents(q="hasakah") == lite.count_documents(q="hasakah") == 2
        for column in ("event_type", "sub_event_type", "country", "admin1"):
            assert pg.distinct_values(column) == lite.distinct_values(column)
        assert pg.date_range() == lite.date_range()


def test_changes_and_failures_are_atomic(pg: Store) -> None:
    import psycopg

    pg.add_document(make_doc("doc-a", "v1"), [make_event("doc-a", "e1")])
    assert pg.add_document(make_doc("doc-a", "v1"), []) == "unchanged"
    dup = [make_event("doc-a", "e2"), make_event("doc-a", "e2")]  # duplicate primary key
    with pytest.raises(psycopg.errors.UniqueViolation):
        pg.add_document(make_doc("doc-a", "v2"), dup)
    assert not pg.conn.in_transaction
    assert pg.get_document("doc-a").text == "v1"
    assert [e.event_id for e in pg.query_events()] == ["e1"]
    assert pg.add_document(make_doc("doc-a", "v3"), [make_event("doc-a", "e3")]) == "replaced"
    assert [e.event_id for e in pg.query_events(merged=True)] == ["e3"]
    assert pg.delete_document("doc-a") and not pg.delete_document("doc-a")
    assert pg.stats() == {"documents": 0, "events": 0, "duplicates": 0, "merged_events": 0}


def test_concurrent_writer_processes_and_a_reader(pg_url: str) -> None:
    Store.open(pg_url).close()
    script = textwrap.dedent(
        """
        import sys
        from warlog.models import Document, Event
        from warlog.store import Store, content_hash_of

        url, worker = sys.argv[1], sys.argv[2]
        with Store.open(url) as store:
            for i in range(10):
                doc_id = f"w{worker}-{i}"
                text = f"report {doc_id} of worker {worker}"
                doc = Document(doc_id=doc_id, text=text, content_hash=content_hash_of(text))
                store.add_document(doc, [Event(doc_id=doc_id, event_id=doc_id + ":0",
                                               event_date="2015-06-25", location="Hasakah",
                                               event_type="Battles", sub_event_type="Armed clash",
                                               actor1="A", actor2="B")])
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, pg_url, str(w)]) for w in range(3)
    ]  # fmt: skip
    with Store.open(pg_url) as reader:
        seen = 0
        while any(p.poll() is None for p in procs):
            now = reader.counts()["documents"]
            assert now >= seen
            seen = now
            list(reader.query_events(merged=True))
            time.sleep(0.01)
        assert all(p.wait(timeout=120) == 0 for p in procs)
        assert reader.counts() == {"documents": 30, "events": 30}
        # One real event (same day, place, actors, type) reported 30 times.
        (merged,) = reader.query_events(merged=True)
        assert merged.sources_count == 30


@pytest.mark.slow
def test_cli_ingest_and_events_match_sqlite(pg_url: str, tmp_path: Path, example_path) -> None:
    from warlog.cli import app

    runner = CliRunner()
    outputs = []
    for db in (pg_url, str(tmp_path / "w.db")):
        result = runner.invoke(
            app, ["--db", db, "ingest", str(example_path), "--date", "2015-06-27"]
        )
        assert result.exit_code == 0, result.output
        assert "1 documents coded" in result.stderr
        again = runner.invoke(app, ["--db", db, "ingest", str(example_path)])
        assert "1 skipped as unchanged" in again.stderr
        out = {}
        for flags in ([], ["--unmerged"], ["--type", "Air/drone strike"]):
            res = runner.invoke(app, ["--db", db, "events", "-f", "jsonl", *flags])
            assert res.exit_code == 0
            out[" ".join(flags)] = [json.loads(line) for line in res.stdout.splitlines()]
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]["--unmerged"]) >= 6


def test_snapshot_sees_one_state(pg_url: str) -> None:
    with Store.open(pg_url) as writer, Store.open(pg_url) as reader:
        writer.add_document(make_doc("doc-a", "one"), [make_event("doc-a", "e1")])
        with reader.snapshot():
            assert reader.counts()["documents"] == 1
            writer.add_document(make_doc("doc-b", "two"), [make_event("doc-b", "e2")])
            assert reader.counts()["documents"] == 1
        assert reader.counts()["documents"] == 2
        assert not reader.conn.in_transaction


def test_warlog_db_may_be_a_url(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARLOG_DB", pg_url)
    with Store.open() as s:
        assert s.dialect == "postgresql" and s.schema_version == SCHEMA_VERSION
