"""Killing ``warlog ingest`` with SIGKILL at random moments never leaves a partial or
doubled document: after a final run the store equals a clean run's, event for event."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reports import PUBLICATION_DATE, write_reports

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

ROUNDS = 5
WARLOG = str(Path(sys.executable).with_name("warlog"))


def ingest(db: Path, reports: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [WARLOG, "--db", str(db), "ingest", str(reports), "--date", PUBLICATION_DATE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def snapshot(db: Path) -> dict:
    """Documents, raw events (with evidence) and merged events of a store, comparable."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = conn.execute(
            "SELECT doc_id, content_hash, duplicate_of FROM documents ORDER BY doc_id"
        ).fetchall()
        events: dict[str, list] = {}
        for row in conn.execute(
            "SELECT doc_id, event_id, event_type, sub_event_type, event_date, actor1, actor2,"
            " location, fatalities, source, (SELECT count(*) FROM evidence v"
            " WHERE v.event_id = e.event_id) FROM events e ORDER BY doc_id, event_id"
        ):
            events.setdefault(row[0], []).append(row[1:])
        clustered = conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
        merged = conn.execute(
            "SELECT event_id, sources_count, source, fatalities FROM merged_events"
            " ORDER BY event_id"
        ).fetchall()
        return {"docs": docs, "events": events, "clustered": clustered, "merged": merged}
    finally:
        conn.close()


def test_sigkill_at_random_moments_then_rerun(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    paths = write_reports(reports)
    assert len(paths) >= 30

    started = time.monotonic()
    ref = ingest(tmp_path / "reference.db", reports)
    _, err = ref.communicate(timeout=600)
    duration = time.monotonic() - started
    assert ref.returncode == 0, err
    want = snapshot(tmp_path / "reference.db")
    assert len(want["docs"]) == len(paths)
    assert want["clustered"] == sum(len(v) for v in want["events"].values())

    seed = int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    db = tmp_path / "crashed.db"
    stored_before = 0
    for round_ in range(ROUNDS):
        proc = ingest(db, reports)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        if not db.exists():
            continue  # killed before it opened the store
        got = snapshot(db)
        where = f"(seed {seed}, round {round_})"
        # Whatever is stored is stored once and whole: the document with every event of
        # the clean run, each with its evidence, and each in the merged view.
        assert len(got["docs"]) >= stored_before, where
        stored_before = len(got["docs"])
        for doc_id, *_ in got["docs"]:
            assert got["events"].get(doc_id, []) == want["events"].get(doc_id, []), where
        assert got["clustered"] == sum(len(v) for v in got["events"].values()), where

    final = ingest(db, reports)
    _, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    assert "0 errors" in err
    assert snapshot(db) == want, f"seed {seed}"
    # And once more: nothing new, nothing coded, nothing changed.
    again = ingest(db, reports)
    _, err = again.communicate(timeout=600)
    assert f"0 documents coded (0 replaced), 0 events, {len(paths)} skipped" in err
    assert snapshot(db) == want
