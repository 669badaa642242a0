"""Who the report cites for a sentence: "media activist Muhamad Haskawi", "local sources".

Reads the subject of a verb of saying in the spaCy parse ("X reported/said/told"), or the
object of "according to X". A pronoun or "the same source" points back to the last source
named in the same paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

SAYING_LEMMAS = frozenset(
    {"say", "report", "tell", "state", "claim", "confirm", "add", "announce", "quote", "cite"}
)
BACK_REFERENCES = frozenset({"he", "she", "they", "it", "we", "i"})
SAME_SOURCE_WORDS = ("same source", "the source", "the sources", "same sources")


@dataclass
class Attribution:
    """A cited source and where the text names it."""

    text: str
    start: int
    end: int


def find_attribution(
    sent: Span, previous: Attribution | None, outlet: str | None
) -> Attribution | None:
    """The source a sentence cites, or ``previous`` when it points back to it; else None."""
    for token in sent:
        subject = None
        if token.lemma_ in SAYING_LEMMAS and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None and token.dep_ in ("acl", "relcl") and token.head.pos_ == "NOUN":
                # "..., local activists reported on Friday": parsed as a noun with a clause
                words = [t for t in token.head.subtree if t.i < token.i]
                if words:
                    text = token.doc.text[words[0].idx : words[-1].idx + len(words[-1])]
                    return Attribution(text, words[0].idx, words[-1].idx + len(words[-1]))
        elif token.lower_ == "according" and token.i + 1 < sent.end:
            to = token.doc[token.i + 1]
            if to.lower_ == "to":
                subject = next((c for c in to.children if c.dep_ == "pobj"), None)
        if subject is None:
            continue
        words = list(subject.subtree)
        first, last = words[0], words[-1]
        text = token.doc.text[first.idx : last.idx + len(last)]
        lowered = text.lower()
        if subject.lower_ in BACK_REFERENCES or any(w in lowered for w in SAME_SOURCE_WORDS):
            return previous
        if outlet and lowered.strip() == outlet.lower():
            continue  # the outlet itself: already in `source`
        if first.lower_ in ("the", "a", "an") and len(words) > 1:
            first = words[1]
        start = first.idx
        return Attribution(
            token.doc.text[start : last.idx + len(last)], start, last.idx + len(last)
        )
    return None
