"""Parse only the parts of a document that can hold an event.

Most news text cannot hold an ACLED event: an event is only ever coded from a sentence
where a trigger pattern of ``event_rules.yaml`` matches. So warlog runs the cheap stages on
every text (spaCy's tokenizer, the trigger regexes) and the expensive one (the statistical
pipeline: tagger, parser, lemmatizer, entity recogniser) only where it matters:

* a document whose body has no trigger match at all yields no event and is not parsed;
* otherwise the text is cut into cheap sentence units (line breaks, sentence-final
  punctuation), and the units with a trigger match, their neighbours (context for the
  parser and for the story's place, date and actors) and the sentences before them that
  cite a source (the coder carries a cited source forward) are parsed, each contiguous
  run of them as one spaCy ``Doc``;
* the parses are written back into one ``Doc`` of the *whole* text, so every token offset
  is a document offset; the tokens that were not parsed carry no tags, lemmas or entities,
  and each of their sentence units is one flat sentence (so regex-based stages — dates,
  actors — still see them sentence by sentence).

The event coder and the geoparser take that ``Doc`` exactly as they take a full parse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from warlog.events.rules import EventRules
from warlog.models import Document, Span

ATTRS = [TAG, POS, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
_TAG, _POS = ATTRS.index(TAG), ATTRS.index(POS)
_HEAD = ATTRS.index(HEAD)
_DEP = ATTRS.index(DEP)
_IOB = ATTRS.index(ENT_IOB)
_IOB_OUTSIDE = 2  # Token.iob_strings(): ("", "I", "O", "B")

# Where a cheap sentence unit ends: a line break, or sentence-final punctuation (with any
# closing quotes or brackets) followed by a space.
_BREAK = re.compile(r"[ \t]*\n\s*|(?<=[.!?])[\"'”’)\]]*[ \t]+")
# Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "brig",
     "adm", "cmdr", "gov", "sen", "rep", "rev", "st", "jr", "sr", "no", "nos", "vs", "etc",
     "approx", "dept", "est", "fig", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr",
     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "pres", "hon"}
)  # fmt: skip
# Words that make a sentence cite a source (events.attribution reads them from the parse).
ATTRIBUTION_CUES = re.compile(
    r"\b(?:says?|said|saying|reports?|reported|reporting|tells?|told|telling|stated?|states|"
    r"stating|claim(?:s|ed|ing)?|confirm(?:s|ed|ing)?|add(?:s|ed|ing)?|announc(?:e|es|ed|ing)|"
    r"quot(?:e|es|ed|ing)|cit(?:e|es|ed|ing)|according)\b",
    re.I,
)


@dataclass(frozen=True)
class Selection:
    """How much context to parse around each trigger."""

    neighbours: int = 1  # sentence units parsed before and after a trigger's unit
    sources: int = 2  # earlier units citing a source parsed before each trigger's unit
    # run the entity recogniser on the other units that name something (capitalised
    # words): the geoparser then finds their places as in a full parse
    names: bool = True


@dataclass
class Plan:
    """What to run the pipeline on: ``regions`` get the whole pipeline, ``names`` only
    the entity recogniser. No regions: the document cannot hold an event."""

    regions: list[Span] = field(default_factory=list)
    names: list[Span] = field(default_factory=list)


def sentence_units(text: str) -> list[Span]:
    """Cheap sentence units: never across a line break; each is ``text[start:end]``
    without its trailing spaces. Errs on the side of longer units (abbreviations)."""
    units: list[Span] = []
    start = 0
    for m in _BREAK.finditer(text):
        if m.start() == start and "\n" not in m.group(0):
            continue
        if "\n" not in m.group(0):
            word_start = max(start, text.rfind(" ", start, m.start()) + 1)
            word = text[word_start : m.start()].rstrip("\"'”’)]")
            core = word.rstrip(".!?").lower()
            if word.endswith(".") and (
                len(core) <= 1 or "." in core or core.lstrip("(") in _ABBREVIATIONS
            ):
                continue  # "Mr.", "U.S.", "J." do not end a sentence
        if m.start() > start:
            units.append((start, m.start()))
        start = m.end()
    if start < len(text):
        units.append((start, len(text)))
    return units


class Selector:
    """Finds the regions of a document worth parsing."""

    def __init__(self, rules: EventRules, selection: Selection | None = None) -> None:
        self.selection = selection or Selection()
        # Any rule's match, cue or not: a unit without one cannot yield an event.
        self.trigger = re.compile(
            r"\b(?:" + "|".join(f"(?:{r.pattern.pattern})" for r in rules.rules) + r")\b",
            re.I,
        )

    def has_trigger(self, doc: Document) -> bool:
        """Whether any trigger pattern matches in the document's body."""
        return any(self.trigger.search(doc.text, s, e) for s, e in doc.body_spans())

    def plan(self, doc: Document) -> Plan:
        """The parts of ``doc`` to parse; an empty plan when nothing can be coded."""
        if not self.has_trigger(doc):
            return Plan()
        text = doc.text
        units = [u for u in sentence_units(text) if _touches_body(doc, u)]
        keep: set[int] = set()
        sel = self.selection
        cited: list[int] = []  # units citing a source, so far
        for i, (s, e) in enumerate(units):
            if ATTRIBUTION_CUES.search(text, s, e):
                cited.append(i)
            if not self.trigger.search(text, s, e):
                continue
            keep.update(range(max(0, i - sel.neighbours), min(len(units), i + sel.neighbours + 1)))
            keep.update(c for c in cited[-sel.sources - 1 :] if c < i)
        named: set[int] = set()
        if sel.names:
            named = {i for i, u in enumerate(units) if i not in keep and _names(text, u)}
        return Plan(_runs(units, keep), _runs(units, named))


def _runs(units: list[Span], chosen: set[int]) -> list[Span]:
    """The chosen units, consecutive ones joined."""
    runs: list[Span] = []
    for i in sorted(chosen):
        s, e = units[i]
        if runs and i - 1 in chosen:
            runs[-1] = (runs[-1][0], e)
        else:
            runs.append((s, e))
    return runs


_INNER_NAME = re.compile(r"(?<=[\s(\"'“‘/-])[A-Z][a-z]")
_FIRST_WORD = re.compile(r"[\"'“‘(]*([A-Z][\w-]*)")


def _names(text: str, unit: Span) -> bool:
    """Whether a unit has a capitalised word that is not just a sentence's first word."""
    s, e = unit
    if _INNER_NAME.search(text, s + 1, e):
        return True
    first = _FIRST_WORD.match(text, s, e)
    return bool(first) and first.group(1).lower() not in STOP_WORDS


def _touches_body(doc: Document, unit: Span) -> bool:
    return any(s < unit[1] and unit[0] < e for s, e in doc.body_spans())


def parse_batch(
    nlp: Language, items: Sequence[tuple[str, Plan]], batch_size: int = 64
) -> list[Doc]:
    """One ``Doc`` of each whole text, with only its planned parts run through the
    pipeline (the parts of all texts of the batch go through ``nlp.pipe`` together)."""
    fulls: list[Doc] = []
    token_plans: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
    parts: list[Doc] = []
    named: list[Doc] = []
    for text, plan in items:
        full = nlp.make_doc(text)
        fulls.append(full)
        ranges = _token_ranges(full, plan.regions)
        names = _token_ranges(full, plan.names)
        token_plans.append((ranges, names))
        parts.extend(full[a:b].as_doc() for a, b in ranges)
        named.extend(full[a:b].as_doc() for a, b in names)
    parsed = iter(nlp.pipe(parts, batch_size=batch_size) if parts else ())
    only_ner = [name for name in nlp.pipe_names if name != "ner"]
    recognised = iter(nlp.pipe(named, batch_size=batch_size, disable=only_ner) if named else ())
    out: list[Doc] = []
    for (text, _), full, (ranges, names) in zip(items, fulls, token_plans, strict=True):
        out.append(
            _assemble(
                nlp, full, text,
                [(r, next(parsed)) for r in ranges],
                [(r, next(recognised)) for r in names],
            )
        )  # fmt: skip
    return out


def _token_ranges(full: Doc, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Token index ranges covering each character span (the tokens starting in it)."""
    starts = np.fromiter((t.idx for t in full), dtype=np.int64, count=len(full))
    ranges: list[tuple[int, int]] = []
    for s, e in spans:
        a = int(np.searchsorted(starts, s, side="left"))
        b = int(np.searchsorted(starts, e, side="left"))
        if a > 0 and starts[a - 1] < s < starts[a - 1] + len(full[a - 1]):
            a -= 1  # the span starts inside a token: take the whole token
        if ranges and a < ranges[-1][1]:
            a = ranges[-1][1]
        if b > a:
            ranges.append((a, b))
    return ranges


def _assemble(
    nlp: Language,
    full: Doc,
    text: str,
    parsed: list[tuple[tuple[int, int], Doc]],
    recognised: list[tuple[tuple[int, int], Doc]],
) -> Doc:
    """Write the parts' annotations into the whole-text Doc; the tokens outside the
    parsed regions form one flat sentence per sentence unit."""
    n = len(full)
    if n == 0:
        return full
    array = np.zeros((n, len(ATTRS)), dtype=np.uint64)
    array[:, _IOB] = _IOB_OUTSIDE
    in_region = np.zeros(n, dtype=bool)
    for (a, b), part in parsed:
        array[a:b] = part.to_array(ATTRS)
        in_region[a:b] = True
    for (a, b), part in recognised:
        array[a:b, _IOB:] = part.to_array(ATTRS[_IOB:])
    strings = nlp.vocab.strings
    dep, root = strings.add("dep"), strings.add("ROOT")
    propn, nnp = strings.add("PROPN"), strings.add("NNP")
    unit_starts = {s for s, _ in sentence_units(text)}
    head = 0
    for i, token in enumerate(full):
        if in_region[i]:
            continue
        if i == 0 or in_region[i - 1] or token.idx in unit_starts:
            head = i  # a new flat sentence
            array[i, _DEP] = root
            array[i, _HEAD] = 0
            continue
        array[i, _DEP] = dep
        array[i, _HEAD] = np.int64(head - i).astype(np.uint64)
        if token.is_title and token.is_alpha:
            # a capitalised word inside a sentence: most likely a name (the geoparser
            # reads only names, and takes a name without an entity label when the
            # gazetteer knows it and a cue or its size supports it)
            array[i, _TAG], array[i, _POS] = nnp, propn
    full.from_array(ATTRS, array)
    return full
