"""Coding on a real dask.distributed cluster on loopback gives the in-process events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlog.cli import app
from warlog.ingest import read_inputs
from warlog.models import Document
from warlog.pipeline import Pipeline
from warlog.store import Store

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
REPORTS = [
    "Hasakah, Syria – Islamic State militants attacked a checkpoint of the Kurdish forces in "
    "the south of Hasakah on Friday, killing three fighters, local activists reported.",
    "The museum opened a new wing on Sunday; visitors praised the paintings.",
    "Baghdad, Iraq – A roadside bomb exploded near an army patrol in Baquba on Tuesday, "
    "wounding four soldiers, police said. Protesters gathered in Tahrir Square the same day "
    "to demand jobs.",
]


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    )  # fmt: skip
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def documents(example_path: Path) -> list[Document]:
    docs = [d for d in read_inputs([str(example_path)], "auto", None) if isinstance(d, Document)]
    for i, text in enumerate(REPORTS):
        record = json.dumps({"id": f"r{i}", "text": text, "publication_date": "2015-06-27"})
        docs += [d for d in read_inputs(["-"], "jsonl", None, stdin=_bytes(record))]
    return docs


def _bytes(text: str):
    import io

    return io.BytesIO(text.encode())


def by_id(results) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in results:
        assert r.error is None, r.error
        out[r.document.doc_id] = [e.to_dict() for e in r.events]
    return out


def test_cluster_codes_the_same_events_as_in_process(cluster, documents) -> None:
    from warlog.distributed import code_on_cluster

    with distributed.Client(cluster) as client:
        remote = list(code_on_cluster(documents, client=client, batch_size=2))
    assert [r.document.doc_id for r in remote] == [d.doc_id for d in documents]
    local = by_id(Pipeline.load().code(documents))
    got = by_id(remote)
    assert got == local
    assert sum(len(v) for v in got.values()) >= 8  # the example alone has 6+


def test_ingest_on_a_scheduler_stores_the_in_process_events(
    cluster, example_path, tmp_path
) -> None:
    runner = CliRunner()
    remote_db, local_db = tmp_path / "remote.db", tmp_path / "local.db"
    args = ["ingest", str(example_path), "--date", "2015-06-27"]
    result = runner.invoke(
        app, ["--db", str(remote_db), *args, "--scheduler", cluster.scheduler_address]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["--db", str(local_db), *args]).exit_code == 0
    with Store.open(remote_db) as a, Store.open(local_db) as b:
        remote = sorted((e.to_dict() for e in a.query_events(merged=False)), key=str)
        local = sorted((e.to_dict() for e in b.query_events(merged=False)), key=str)
    assert remote and remote == local
