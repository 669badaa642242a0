"""Code documents in several worker processes on one machine (``ingest --processes N``).

Each worker process loads its own :class:`~warlog.pipeline.Pipeline` once and codes
batches of documents sent to it through a queue; the calling process reads the inputs,
writes the store and gets the results back in input order. At most ``2 × processes``
batches are in flight, so memory stays flat on an archive of any size.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from warlog.models import Document, Event, PlaceMention
from warlog.pipeline import CodedDocument, Pipeline, batched

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0


@dataclass
class Outcome:
    """What a worker sends back for one document (the document itself stays here)."""

    events: list[Event] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    error: str | None = None

    @classmethod
    def of(cls, result: CodedDocument, places: bool = True) -> Outcome:
        return cls(result.events, result.places if places else [], result.error)


def code_batch(pipeline: Pipeline, docs: list[Document], places: bool = True) -> list[Outcome]:
    """Code one batch; a failure of the whole batch is reported on each document."""
    try:
        return [Outcome.of(r, places) for r in pipeline.code(docs, batch_size=len(docs) or 1)]
    except Exception as exc:  # e.g. the parser failing on one batch: report, go on
        log.exception("coding a batch failed")
        return [Outcome(error=f"coding failed: {type(exc).__name__}: {exc}") for _ in docs]


def _worker(jobs: Any, results: Any, options: dict[str, Any], places: bool) -> None:
    """A worker process: load the pipeline, then code batches until told to stop."""
    try:
        pipeline = Pipeline.load(**options)
    except BaseException as exc:
        results.put((-1, f"{type(exc).__name__}: {exc}"))
        return
    while (job := jobs.get()) is not None:
        seq, docs = job
        results.put((seq, code_batch(pipeline, docs, places)))


def code_parallel(
    documents: Iterable[Document],
    processes: int,
    batch_size: int = 16,
    options: dict[str, Any] | None = None,
    places: bool = True,
) -> Iterator[CodedDocument]:
    """Code ``documents`` in ``processes`` worker processes; results in input order.

    ``options`` are :meth:`Pipeline.load`'s keyword arguments. ``places=False`` does not
    send the place mentions back (``ingest`` stores only events).
    """
    if processes < 1:
        raise ValueError("processes must be at least 1")
    ctx = mp.get_context("spawn")  # no fork of a process that may hold threads or sockets
    jobs = ctx.Queue()
    results = ctx.Queue()
    workers = [
        ctx.Process(target=_worker, args=(jobs, results, options or {}, places), daemon=True)
        for _ in range(processes)
    ]
    for w in workers:
        w.start()
    try:

        def next_result() -> tuple[int, list[Outcome]]:
            seq, outcome = _get(results, workers)
            if seq < 0:
                raise RuntimeError(f"a worker could not load the pipeline: {outcome}")
            return seq, outcome

        yield from in_input_order(
            documents, batch_size, 2 * processes, lambda seq, docs: jobs.put((seq, docs)),
            next_result,
        )  # fmt: skip
    finally:
        for _ in workers:
            jobs.put(None)
        for w in workers:
            w.join(timeout=10)
            if w.is_alive():
                w.terminate()
                w.join()
        jobs.close()
        results.close()


def in_input_order(
    documents: Iterable[Document],
    batch_size: int,
    in_flight: int,
    submit: Callable[[int, list[Document]], None],
    next_result: Callable[[], tuple[int, list[Outcome]]],
) -> Iterator[CodedDocument]:
    """Keep up to ``in_flight`` batches running and yield their documents in input order.

    ``submit(seq, docs)`` starts batch ``seq``; ``next_result()`` waits for any running
    batch and returns ``(seq, outcomes)``. Batches may finish in any order: finished ones
    wait here until every earlier batch is out. Shared by the process pool and Dask.
    """
    pending: dict[int, list[Document]] = {}
    done: dict[int, list[Outcome]] = {}
    next_out = 0
    batches = enumerate(batched(documents, batch_size))
    exhausted = False
    while True:
        while not exhausted and len(pending) < in_flight:
            item = next(batches, None)
            if item is None:
                exhausted = True
                break
            seq, docs = item
            pending[seq] = docs
            submit(seq, docs)
        if not pending:
            return
        seq, outcomes = next_result()
        done[seq] = outcomes
        while next_out in done:
            docs = pending.pop(next_out)
            for doc, out in zip(docs, done.pop(next_out), strict=True):
                yield CodedDocument(doc, out.events, out.places, out.error)
            next_out += 1


def _get(results: Any, workers: list) -> tuple[int, Any]:
    """The next result; fails when a worker died (killed, out of memory) instead."""
    while True:
        try:
            return results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            dead = [w for w in workers if not w.is_alive()]
            if dead:
                raise RuntimeError(
                    f"a coding worker process died (exit code {dead[0].exitcode})"
                ) from None
