"""The whole job: documents in, coded events out, one stage after another.

ingest → text (spaCy parse, streamed with ``nlp.pipe``) → places (geoparser) → events
(triggers, actors, dates, fatalities, attribution) → store/export.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, tee
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from warlog.actors import ActorLexicon
from warlog.events import EventCoder, EventRules
from warlog.events.classifier import load_classifier
from warlog.models import Document, Event, PlaceMention
from warlog.places import Gazetteer, Geoparser
from warlog.selective import Plan, Selection, Selector, parse_batch
from warlog.text.nlp import english_words, load_nlp, model_description

log = logging.getLogger(__name__)

# spaCy's parser needs about 1 GB per 100,000 characters of one text at its default limit.
MAX_CHARS = 1_000_000
DEFAULT_SELECTION = Selection()


@dataclass
class CodedDocument:
    """One document's result: its events and places, or why it could not be coded."""

    document: Document
    events: list[Event] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    error: str | None = None


class Pipeline:
    """The loaded models and lexicons; create once, code many documents."""

    def __init__(
        self,
        nlp: Language,
        geoparser: Geoparser,
        coder: EventCoder,
        selection: Selection | None = DEFAULT_SELECTION,
    ) -> None:
        self.nlp = nlp
        self.geoparser = geoparser
        self.coder = coder
        # None: parse every document whole (slower; same events on the texts measured)
        self.selector = Selector(coder.rules, selection) if selection is not None else None

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
        geoparser = Geoparser(Gazetteer.open(gazetteer), english=english_words(nlp))
        rules, actors = EventRules.load(rules_file), ActorLexicon.load(list(actor_files))
        coder = EventCoder(rules, actors, load_classifier())
        return cls(nlp, geoparser, coder)

    def describe(self) -> str:
        """Which model is loaded, for status lines."""
        return model_description(self.nlp)

    def code(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[CodedDocument]:
        """Code documents as a stream; a document that fails does not stop the others."""
        if self.selector is None:
            yield from self.code_full(documents, batch_size)
            return
        for batch in batched(documents, batch_size):
            yield from self._code_selected(batch)

    def _code_selected(self, batch: list[Document]) -> Iterator[CodedDocument]:
        assert self.selector is not None
        plans: list[Plan | None] = []
        for doc in batch:
            plans.append(self.selector.plan(doc) if len(doc.text) <= MAX_CHARS else None)
        todo = [(d.text, p) for d, p in zip(batch, plans, strict=True) if p and p.regions]
        sdocs = iter(parse_batch(self.nlp, todo))
        for doc, plan in zip(batch, plans, strict=True):
            if plan is None:
                yield CodedDocument(doc, error=_too_long(doc))
            elif not plan.regions:
                yield CodedDocument(doc)  # no trigger anywhere: no event
            else:
                yield self._code_one(doc, next(sdocs))

    def _code_one(self, doc: Document, sdoc) -> CodedDocument:
        try:
            places = self._places(doc, sdoc)
            events = self.coder.code(doc, sdoc, places)
        except Exception as exc:  # one bad document must not stop the batch
            log.exception("coding %s failed", doc.doc_id)
            return CodedDocument(doc, error=f"coding failed: {type(exc).__name__}: {exc}")
        return CodedDocument(doc, events, places)

    def _places(self, doc: Document, sdoc: Doc) -> list[PlaceMention]:
        """The geoparser's places, told where the actors the text names come from."""
        return self.geoparser.parse(doc, sdoc, self.coder.actors.home_countries(doc.text))

    def code_full(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[CodedDocument]:
        """Code documents, parsing each one whole."""
        for doc, sdoc in self._parsed(documents, batch_size):
            if sdoc is None:
                yield CodedDocument(doc, error=_too_long(doc))
            else:
                yield self._code_one(doc, sdoc)

    def geoparse(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        """Only the places of each document."""
        for doc, sdoc in self._parsed(documents):
            if sdoc is None:
                yield CodedDocument(doc, error=_too_long(doc))
                continue
            try:
                yield CodedDocument(doc, places=self._places(doc, sdoc))
            except Exception as exc:
                yield CodedDocument(doc, error=f"geoparsing failed: {type(exc).__name__}: {exc}")

    def _parsed(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[tuple[Document, Doc | None]]:
        """(document, whole-text parse) pairs streamed through ``nlp.pipe``; None for a
        document too long to parse."""
        docs_a, docs_b = tee(documents)
        texts = (d.text if len(d.text) <= MAX_CHARS else "" for d in docs_a)
        for doc, sdoc in zip(docs_b, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            yield doc, (sdoc if len(doc.text) <= MAX_CHARS else None)


def _too_long(doc: Document) -> str:
    return f"document too long to parse ({len(doc.text):,} characters; limit {MAX_CHARS:,})"


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last one shorter); itertools.batched is Python 3.12+."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
