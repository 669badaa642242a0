"""The whole job: documents in, coded events out, one stage after another.

ingest → text (spaCy parse, streamed with ``nlp.pipe``) → places (geoparser) → events
(triggers, actors, dates, fatalities, attribution) → store/export.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import tee
from pathlib import Path

from spacy.language import Language

from warlog.actors import ActorLexicon
from warlog.events import EventCoder, EventRules
from warlog.models import Document, Event, PlaceMention
from warlog.places import Gazetteer, Geoparser
from warlog.text.nlp import load_nlp, model_description

log = logging.getLogger(__name__)

# spaCy's parser needs about 1 GB per 100,000 characters of one text at its default limit.
MAX_CHARS = 1_000_000


@dataclass
class CodedDocument:
    """One document's result: its events and places, or why it could not be coded."""

    document: Document
    events: list[Event] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    error: str | None = None


class Pipeline:
    """The loaded models and lexicons; create once, code many documents."""

    def __init__(self, nlp: Language, geoparser: Geoparser, coder: EventCoder) -> None:
        self.nlp = nlp
        self.geoparser = geoparser
        self.coder = coder

    @classmethod
    def load(
        cls,
        model: str | None = None,
        gazetteer: str | None = None,
        actor_files: Iterable[Path] = (),
        rules_file: Path | None = None,
    ) -> Pipeline:
        """Load spaCy, the gazetteer, the actor lexicon and the event rules."""
        nlp = load_nlp(model)
        log.info("NLP: %s", model_description(nlp))
        geoparser = Geoparser(Gazetteer.open(gazetteer))
        coder = EventCoder(EventRules.load(rules_file), ActorLexicon.load(list(actor_files)))
        return cls(nlp, geoparser, coder)

    def describe(self) -> str:
        """Which model is loaded, for status lines."""
        return model_description(self.nlp)

    def code(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[CodedDocument]:
        """Code documents as a stream; a document that fails does not stop the others."""
        docs_a, docs_b = tee(d for d in documents)
        texts = (d.text if len(d.text) <= MAX_CHARS else "" for d in docs_a)
        for doc, sdoc in zip(docs_b, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            if len(doc.text) > MAX_CHARS:
                yield CodedDocument(
                    doc,
                    error=f"document too long to parse ({len(doc.text):,} characters; "
                    f"limit {MAX_CHARS:,})",
                )
                continue
            try:
                places = self.geoparser.parse(doc, sdoc)
                events = self.coder.code(doc, sdoc, places)
            except Exception as exc:  # one bad document must not stop the batch
                log.exception("coding %s failed", doc.doc_id)
                yield CodedDocument(doc, error=f"coding failed: {type(exc).__name__}: {exc}")
                continue
            yield CodedDocument(doc, events, places)

    def geoparse(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        """Only the places of each document."""
        docs_a, docs_b = tee(documents)
        texts = (d.text if len(d.text) <= MAX_CHARS else "" for d in docs_a)
        for doc, sdoc in zip(docs_b, self.nlp.pipe(texts), strict=True):
            try:
                yield CodedDocument(doc, places=self.geoparser.parse(doc, sdoc))
            except Exception as exc:
                yield CodedDocument(doc, error=f"geoparsing failed: {type(exc).__name__}: {exc}")
