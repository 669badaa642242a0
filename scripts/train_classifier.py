"""Train warlog's event classifier on the project's own examples and write its arrays.

    .venv/bin/pip install scikit-learn
    .venv/bin/python scripts/train_classifier.py [--evaluate ../shared/eval/case2021/dev.tsv]

Input: src/warlog/data/training/snippets.jsonl (hand-written, see its README).
Output: src/warlog/data/event_classifier.npz (terms, idf, coef, intercept, labels), read by
warlog.events.classifier with NumPy only. Deterministic (fixed solver, no shuffling).
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
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.data.read_text("utf-8").splitlines() if line]
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    vectorizer = TfidfVectorizer(
        analyzer=features, min_df=args.min_df, sublinear_tf=True, norm="l2"
    )
    x = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=args.C, max_iter=5000, solver="lbfgs")
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


if __name__ == "__main__":
    main()
