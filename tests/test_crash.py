"""Killing ``warlog ingest`` with SIGKILL at random moments never leaves a partial or
doubled document: after a final run the store equals a clean run's, event for event, on
SQLite and on PostgreSQL (when ``WARLOG_TEST_POSTGRES`` names a server, see pgutil)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pgutil import pg_database
from reports import PUBLICATION_DATE, write_reports
from warlog.store import Store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

ROUNDS = 5
WARLOG = str(Path(sys.executable).with_name("warlog"))


def ingest(db: str, reports: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [WARLOG, "--db", db, "ingest", str(reports), "--date", PUBLICATION_DATE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def snapshot(location: str) -> dict:
    """Documents, raw events (with evidence) and merged events of a store, comparable
    across SQLite and PostgreSQL (rows sorted here, not by each database's collation)."""
    with Store.open(location) as store:
        conn = store.conn
        if store.dialect == "sqlite":
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = sorted(
            tuple(r)
            for r in conn.execute("SELECT doc_id, content_hash, duplicate_of FROM documents")
        )
        events: dict[str, list] = {}
        for row in sorted(
            tuple(r)
            for r in conn.execute(
                "SELECT doc_id, event_id, event_type, sub_event_type, event_date, actor1,"
                " actor2, location, fatalities, source, (SELECT count(*) FROM evidence v"
                " WHERE v.event_id = e.event_id) FROM events e"
            )
        ):
            events.setdefault(row[0], []).append(row[1:])
        clustered = conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
        merged = sorted(
            tuple(r)
            for r in conn.execute(
                "SELECT event_id, sources_count, source, fatalities FROM merged_events"
            )
        )
        return {"docs": docs, "events": events, "clustered": clustered, "merged": merged}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict, float]:
    """The reports, a clean run's store snapshot, and how long that run took."""
    tmp = tmp_path_factory.mktemp("crash")
    reports = tmp / "reports"
    paths = write_reports(reports)
    assert len(paths) >= 30
    started = time.monotonic()
    ref = ingest(str(tmp / "reference.db"), reports)
    _, err = ref.communicate(timeout=600)
    duration = time.monotonic() - started
    assert ref.returncode == 0, err
    want = snapshot(str(tmp / "reference.db"))
    assert len(want["docs"]) == len(paths)
    assert want["clustered"] == sum(len(v) for v in want["events"].values())
    return reports, want, duration


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path: Path) -> Iterator[str]:
    """An empty store location: a SQLite file not yet made, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "crashed.db")
    else:
        with pg_database() as url:
            yield url


def test_sigkill_at_random_moments_then_rerun(reference, location: str) -> None:
    reports, want, duration = reference
    seed = int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    stored_before = 0
    for round_ in range(ROUNDS):
        proc = ingest(location, reports)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        if location.endswith(".db") and not Path(location).exists():
            continue  # killed before it opened the store
        got = snapshot(location)
        where = f"(seed {seed}, round {round_})"
        # Whatever is stored is stored once and whole: the document with every event of
        # the clean run, each with its evidence, and each in the merged view.
        assert len(got["docs"]) >= stored_before, where
        stored_before = len(got["docs"])
        for doc_id, *_ in got["docs"]:
            assert got["events"].get(doc_id, []) == want["events"].get(doc_id, []), where
        assert got["clustered"] == sum(len(v) for v in got["events"].values()), where

    final = ingest(location, reports)
    _, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    assert "0 errors" in err
    assert snapshot(location) == want, f"seed {seed}"
    # And once more: nothing new, nothing coded, nothing changed.
    again = ingest(location, reports)
    _, err = again.communicate(timeout=600)
    assert f"0 documents coded (0 replaced), 0 events, {len(want['docs'])} skipped" in err
    assert snapshot(location) == want
