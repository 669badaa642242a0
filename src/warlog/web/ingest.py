"""``POST /api/documents``: code one report with the pipeline `warlog ingest` uses, store it.

Blocking (spaCy, SQLite): the API runs :func:`ingest_document` in a worker thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from warlog.ingest.decode import content_hash, is_binary
from warlog.ingest.jsonl import document_from_record
from warlog.models import Event, InputProblem
from warlog.store import Store


class Unprocessable(ValueError):
    """The report cannot be coded (empty, binary, not Unicode, no article text)."""


@dataclass
class IngestState:
    """One app's coding pipeline, loaded on first use; one document is coded at a time."""

    pipeline: object | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self):
        """The pipeline (spaCy, gazetteer, lexicons, rules), loaded once."""
        with self.lock:
            if self.pipeline is None:
                from warlog.pipeline import Pipeline  # loads spaCy: only when ingest is used

                self.pipeline = Pipeline.load()
            return self.pipeline


@dataclass
class Outcome:
    doc_id: str
    duplicate: bool
    events: list[Event]


def _check_text(name: str, value: str | None) -> None:
    if value is None:
        return
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:
        raise Unprocessable(f"{name} is not valid Unicode (lone surrogate)") from None
    if is_binary(data):
        raise Unprocessable(f"{name} looks like binary data (NUL or control bytes), not text")


def ingest_document(state: IngestState, store_location: str, record: dict) -> Outcome:
    """Code the report ``record`` (``text``, ``title``, ``publication_date``, ``url``,
    ``outlet``, ``id``: the fields of a JSON Lines record) and store it.

    Without ``id`` the document is ``api-`` and the start of its content hash. Raises
    :class:`Unprocessable` for a report that cannot be coded.
    """
    for key, value in record.items():
        _check_text(key, value if isinstance(value, str) else None)
    text = record.get("text") or ""
    if not text.strip():
        raise Unprocessable("text is empty")
    if not record.get("id"):
        record = {**record, "id": f"api-{content_hash(text)[:16]}"}
    doc = document_from_record(record, source=str(record["id"]))
    if isinstance(doc, InputProblem):
        raise Unprocessable(doc.message)
    with Store.open(store_location) as store:
        if (known := store.doc_id_of_hash(doc.content_hash)) is not None:
            return Outcome(known, True, list(store.query_events(doc_id=known)))
    pipeline = state.load()
    with state.lock:
        result = next(iter(pipeline.code([doc])))
    if result.error:
        raise Unprocessable(result.error)
    with Store.open(store_location) as store:
        outcome = store.add_document(doc, result.events)
        doc_id = doc.doc_id
        if outcome == "unchanged":  # stored meanwhile by another request
            doc_id = store.doc_id_of_hash(doc.content_hash) or doc.doc_id
        events = list(store.query_events(doc_id=doc_id))
    return Outcome(doc_id, outcome == "unchanged", events)
