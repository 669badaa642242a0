"""Code documents on a Dask distributed cluster (``ingest --scheduler`` / ``--workers``).

The client (the ``warlog ingest`` process) reads the inputs, sends batches of documents
to the cluster and writes the events that come back to the store, in input order. Each
worker thread loads the :class:`~warlog.pipeline.Pipeline` once: it lives in a
:class:`PipelinePlugin` registered on every worker (no module-level state), created on
the first batch that thread codes. Workers need warlog (same version) installed; each
builds its gazetteer cache on first use unless ``WARLOG_GAZETTEER`` points at one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from warlog.models import Document
from warlog.parallel import Outcome, code_batch, in_input_order
from warlog.pipeline import CodedDocument, Pipeline

log = logging.getLogger(__name__)

PLUGIN_NAME = "warlog-pipeline"


class PipelinePlugin(WorkerPlugin):
    """Holds each worker thread's pipeline (spaCy and the gazetteer are loaded once)."""

    name = PLUGIN_NAME

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options = dict(options or {})
        self._local: threading.local | None = None

    def setup(self, worker: Any) -> None:
        self._local = threading.local()

    def teardown(self, worker: Any) -> None:
        self._local = None

    def pipeline(self) -> Pipeline:
        """This thread's pipeline, loaded on first use."""
        if self._local is None:
            self._local = threading.local()
        loaded = getattr(self._local, "pipeline", None)
        if loaded is None:
            loaded = self._local.pipeline = Pipeline.load(**self.options)
        return loaded


def code_remote(docs: list[Document], places: bool = True) -> list[Outcome]:
    """Run on a worker: code one batch with the worker's pipeline."""
    plugin = get_worker().plugins[PLUGIN_NAME]
    return code_batch(plugin.pipeline(), docs, places)


def local_cluster(workers: int) -> LocalCluster:
    """A cluster of ``workers`` single-threaded worker processes on this machine."""
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )


def code_on_cluster(
    documents: Iterable[Document],
    scheduler: str | None = None,
    workers: int | None = None,
    client: Client | None = None,
    batch_size: int = 16,
    options: dict[str, Any] | None = None,
    places: bool = True,
) -> Iterator[CodedDocument]:
    """Code ``documents`` on a cluster: an existing ``client``, the scheduler at
    ``scheduler`` ("tcp://host:8786"), or a local cluster of ``workers`` processes.
    Results come back in input order; at most two batches per worker thread are in
    flight."""
    if not log.isEnabledFor(logging.INFO):  # dask logs at INFO by its own config
        logging.getLogger("distributed").setLevel(logging.WARNING)
    with ExitStack() as stack:
        if client is None:
            if scheduler:
                client = stack.enter_context(Client(scheduler))
            elif workers:
                cluster = stack.enter_context(local_cluster(workers))
                client = stack.enter_context(Client(cluster))
            else:
                raise ValueError("a scheduler address, a number of workers or a client")
        client.register_plugin(PipelinePlugin(options))
        threads = sum(client.nthreads().values()) or 1
        log.info("coding on %s (%d worker threads)", client.scheduler.address, threads)
        yield from _stream(client, documents, batch_size, 2 * threads, places)


def _stream(
    client: Client,
    documents: Iterable[Document],
    batch_size: int,
    in_flight: int,
    places: bool,
) -> Iterator[CodedDocument]:
    running = as_completed()
    batch_of: dict[str, tuple[int, int]] = {}  # future key -> (batch number, its size)

    def submit(seq: int, docs: list[Document]) -> None:
        future = client.submit(code_remote, docs, places, pure=False)
        batch_of[future.key] = (seq, len(docs))
        running.add(future)

    def next_result() -> tuple[int, list[Outcome]]:
        future = next(running)
        seq, size = batch_of.pop(future.key)
        try:
            outcomes = future.result()
        except Exception as exc:  # the worker died or the task failed: report, go on
            log.error("batch %d failed on the cluster: %s", seq, exc)
            outcomes = [Outcome(error=f"cluster: {type(exc).__name__}: {exc}")] * size
        future.release()
        return seq, outcomes

    yield from in_input_order(documents, batch_size, in_flight, submit, next_result)
