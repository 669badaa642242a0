"""A small linear text classifier: how likely a sentence reports each kind of event.

Trained by ``scripts/train_classifier.py`` on the project's own hand-written examples
(``data/training/snippets.jsonl``) and shipped as plain arrays (``data/event_classifier.npz``),
so that inference needs only NumPy: TF-IDF of word uni- and bigrams, then a multinomial
logistic regression. Labels are the CASE 2021 codes of ACLED's 25 sub-event types plus
non-events (crime, disasters, diplomacy, attribution, none).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

TOKEN = re.compile(r"[a-z][a-z'-]*|\d+")
NON_EVENTS = frozenset(
    {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB", "NONE"}
)
CODE_TO_SUB_EVENT = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}


def features(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams (numbers folded to '0')."""
    words = ["0" if w.isdigit() else w for w in TOKEN.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True)
class Prediction:
    """Class probabilities for one text."""

    probabilities: dict[str, float]

    @property
    def best(self) -> tuple[str, float]:
        label = max(self.probabilities, key=self.probabilities.__getitem__)
        return label, self.probabilities[label]

    @property
    def p_event(self) -> float:
        """Probability that the text reports an ACLED event at all."""
        return sum(p for k, p in self.probabilities.items() if k not in NON_EVENTS)

    def p_sub_event(self, sub_event_type: str) -> float:
        """Probability of one ACLED sub-event type."""
        return sum(
            p for k, p in self.probabilities.items() if CODE_TO_SUB_EVENT.get(k) == sub_event_type
        )


@dataclass(frozen=True)
class EventClassifier:
    """TF-IDF + logistic regression, as trained by scripts/train_classifier.py."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # classes × features
    intercept: np.ndarray
    labels: tuple[str, ...]

    @classmethod
    @cache
    def load(cls) -> EventClassifier:
        """The packaged model."""
        with resources.files("warlog.data").joinpath("event_classifier.npz").open("rb") as f:
            data = np.load(f, allow_pickle=False)
            terms = [str(t) for t in data["terms"]]
            return cls(
                vocabulary={t: i for i, t in enumerate(terms)},
                idf=data["idf"],
                coef=data["coef"],
                intercept=data["intercept"],
                labels=tuple(str(x) for x in data["labels"]),
            )

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF vector (indices, L2-normalised values), as scikit-learn makes it."""
        counts: dict[int, int] = {}
        for term in features(text):
            i = self.vocabulary.get(term)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts, dtype=np.int64)
        tf = np.fromiter(counts.values(), dtype=np.float64)
        vals = (1.0 + np.log(tf)) * self.idf[idx]  # sublinear tf
        return idx, vals / np.linalg.norm(vals)

    def predict(self, text: str) -> Prediction:
        """Class probabilities for a sentence or snippet."""
        idx, vals = self.vector(text)
        scores = self.intercept + (self.coef[:, idx] @ vals if len(idx) else 0.0)
        return _softmax(self.labels, scores)

    def predict_many(self, texts: list[str]) -> list[Prediction]:
        """Class probabilities for several texts (the same as one by one)."""
        return [self.predict(t) for t in texts]


def _softmax(labels: tuple[str, ...], scores: np.ndarray) -> Prediction:
    scores = scores - scores.max()
    probs = np.exp(scores)
    probs /= probs.sum()
    return Prediction(dict(zip(labels, probs.tolist(), strict=True)))


@dataclass(frozen=True)
class NeuralClassifier:
    """Logistic regression over all-MiniLM-L6-v2 sentence embeddings (warlog[neural])."""

    encoder: object  # warlog.events.embeddings.SentenceEncoder
    coef: np.ndarray
    intercept: np.ndarray
    labels: tuple[str, ...]

    @classmethod
    @cache
    def load(cls) -> NeuralClassifier:
        """The packaged model; raises NeuralExtraMissing without warlog[neural]."""
        from warlog.events.embeddings import SentenceEncoder

        encoder = SentenceEncoder.load()
        path = resources.files("warlog.data").joinpath("event_classifier_neural.npz")
        with path.open("rb") as f:
            data = np.load(f, allow_pickle=False)
            return cls(
                encoder, data["coef"], data["intercept"], tuple(str(x) for x in data["labels"])
            )

    def predict(self, text: str) -> Prediction:
        return self.predict_many([text])[0]

    def predict_many(self, texts: list[str]) -> list[Prediction]:
        """Class probabilities for several texts (one batch through the encoder)."""
        scores = self.encoder.encode(texts) @ self.coef.T + self.intercept
        return [_softmax(self.labels, row) for row in scores]


def load_classifier(kind: str | None = None) -> EventClassifier | NeuralClassifier:
    """The classifier to weigh events with: ``neural`` (needs warlog[neural]) or ``tfidf``.

    Default: $WARLOG_CLASSIFIER, else ``tfidf``.
    """
    kind = kind or os.environ.get("WARLOG_CLASSIFIER", "tfidf")
    if kind == "neural":
        return NeuralClassifier.load()
    if kind == "tfidf":
        return EventClassifier.load()
    raise ValueError(f"unknown classifier {kind!r}: tfidf or neural")
