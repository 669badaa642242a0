"""Train warlog's event classifier on the project's own examples and write its arrays.

    .venv/bin/pip install scikit-learn
    .venv/bin/python scripts/train_classifier.py [--evaluate ../shared/eval/case2021/dev.tsv]

Input: src/warlog/data/training/snippets.jsonl (hand-written, see its README).
Output: src/warlog/data/event_classifier.npz (terms, idf, coef, intercept, labels), read by
warlog.events.classifier with NumPy only; with --neural also event_classifier_neural.npz
(a logistic regression over all-MiniLM-L6-v2 sentence embeddings, for warlog[neural]).
Deterministic (fixed solver, no shuffling).
The optional --evaluate prints accuracy on a labelled TSV without training on it.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from warlog.events.classifier import EventClassifier, features

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "warlog" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA / "training" / "snippets.jsonl")
    parser.add_argument("--out", type=Path, default=DATA / "event_classifier.npz")
    parser.add_argument("--C", type=float, default=8.0)
    parser.add_argument("--min-df", type=int, default=2)
    parser.add_argument("--evaluate", type=Path, help="a CASE-style TSV to report accuracy on")
    parser.add_argument("--neural", action="store_true", help="also train the embedding model")
    parser.add_argument("--neural-C", type=float, default=1.0)
    parser.add_argument(
        "--class-weight", choices=["balanced", "none"], default="balanced",
        help="weigh classes inversely to their number of examples (default) or not",
    )  # fmt: skip
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.data.read_text("utf-8").splitlines() if line]
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    vectorizer = TfidfVectorizer(
        analyzer=features, min_df=args.min_df, sublinear_tf=True, norm="l2"
    )
    x = vectorizer.fit_transform(texts)
    weight = None if args.class_weight == "none" else "balanced"
    model = LogisticRegression(C=args.C, max_iter=5000, solver="lbfgs", class_weight=weight)
    model.fit(x, labels)
    terms = vectorizer.get_feature_names_out()
    np.savez_compressed(
        args.out,
        terms=np.array(terms, dtype=str),
        idf=vectorizer.idf_.astype(np.float32),
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
        labels=np.array(model.classes_, dtype=str),
    )
    print(
        f"{len(rows)} examples, {len(terms)} features, {len(model.classes_)} classes -> {args.out}"
    )
    if args.evaluate:
        EventClassifier.load.cache_clear()
        clf = EventClassifier(
            {t: i for i, t in enumerate(terms)}, vectorizer.idf_, model.coef_,
            model.intercept_, tuple(model.classes_),
        )  # fmt: skip
        with open(args.evaluate, encoding="utf-8", newline="") as f:
            gold = [(r["EventSnippet"], r["SubType"]) for r in csv.DictReader(f, delimiter="\t")]
        hits = sum(clf.predict(t).best[0] == y for t, y in gold)
        print(f"accuracy on {args.evaluate.name}: {hits / len(gold):.3f} ({len(gold)} snippets)")
    if args.neural:
        from warlog.events.classifier import NeuralClassifier
        from warlog.events.embeddings import SentenceEncoder

        encoder = SentenceEncoder.load()
        x_emb = encoder.encode(texts)
        neural = LogisticRegression(
            C=args.neural_C, max_iter=5000, solver="lbfgs", class_weight=weight
        )
        neural.fit(x_emb, labels)
        out = args.out.with_name(args.out.stem + "_neural.npz")
        np.savez_compressed(
            out,
            coef=neural.coef_.astype(np.float32),
            intercept=neural.intercept_.astype(np.float32),
            labels=np.array(neural.classes_, dtype=str),
        )
        print(f"neural: {len(rows)} examples -> {out}")
        if args.evaluate:
            clf = NeuralClassifier(encoder, neural.coef_, neural.intercept_, tuple(neural.classes_))
            preds = clf.predict_many([t for t, _ in gold])
            hits = sum(p.best[0] == y for p, (_, y) in zip(preds, gold, strict=True))
            print(f"neural accuracy on {args.evaluate.name}: {hits / len(gold):.3f}")


if __name__ == "__main__":
    main()
