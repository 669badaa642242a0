"""``warlog ingest`` and readers (``warlog events``, the Store API) on one store at once:
readers never wait for the writer nor fail with "database is locked"; two ingests of the
same inputs store each document once."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reports import PUBLICATION_DATE, write_reports
from warlog.store import Store

pytestmark = pytest.mark.slow

WARLOG = str(Path(sys.executable).with_name("warlog"))


def test_ingest_while_reading(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    paths = write_reports(reports)
    db = tmp_path / "w.db"
    Store.open(db).close()  # both sides open an existing store

    def ingest() -> subprocess.Popen:
        return subprocess.Popen(
            [WARLOG, "--db", str(db), "ingest", str(reports), "--date", PUBLICATION_DATE],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    writers = [ingest(), ingest()]  # two writers over the same inputs, at once
    cli_reads = 0
    api_reads = 0
    seen_docs = 0
    seen_partial = False
    with Store.open(db, timeout=5) as reader:
        while any(w.poll() is None for w in writers):
            events = subprocess.run(
                [WARLOG, "--db", str(db), "events", "-f", "jsonl"],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert events.returncode == 0, events.stderr
            assert "locked" not in events.stderr
            cli_reads += 1
            for _ in range(20):
                counts = reader.counts()
                assert counts["documents"] >= seen_docs
                seen_docs = counts["documents"]
                seen_partial |= 0 < seen_docs < len(paths)
                with reader.snapshot():  # one consistent state for both queries
                    raw = list(reader.query_events())
                    merged = list(reader.query_events(merged=True))
                    in_clusters = sum(e.sources_count for e in merged)
                assert len(merged) <= len(raw) == in_clusters
                api_reads += 1
                time.sleep(0.005)
        outputs = [w.communicate(timeout=600) for w in writers]
        for w, (_, err) in zip(writers, outputs, strict=True):
            assert w.returncode == 0, err
            assert "locked" not in err
        coded = [int(re.search(r"(\d+) documents coded", err).group(1)) for _, err in outputs]
        assert sum(coded) == len(paths)  # each document coded into the store once
        stats = reader.stats()
        assert stats["documents"] == len(paths)
        n_raw = len(list(reader.query_events()))
        assert stats["events"] == n_raw and 0 < stats["merged_events"] <= n_raw
    assert cli_reads >= 1 and api_reads >= 20
    assert seen_partial or seen_docs == len(paths)
