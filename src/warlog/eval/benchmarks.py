"""The public coding benchmarks: CASE 2021 snippets and ACLED's own coded notes.

Each benchmark is turned into warlog JSON Lines-style documents, coded by the real
pipeline, and the highest-confidence event of each document is scored (ties: the first).
See ``../shared/eval/README.md`` for the rules.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from warlog.eval.matching import haversine_km, normalise_label, same_organisation
from warlog.events.classifier import CODE_TO_SUB_EVENT
from warlog.ingest.jsonl import iter_jsonl
from warlog.models import Document, Event

if TYPE_CHECKING:
    from warlog.pipeline import Pipeline

# CASE 2021 class codes → ACLED sub-event types (one to one; the classifier's labels)
CASE_TO_ACLED = CODE_TO_SUB_EVENT
NON_ACLED = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
NONE = "none"


def top_event(events: list[Event]) -> Event | None:
    """The highest-confidence event (the first printed on ties)."""
    best: Event | None = None
    for e in events:
        if best is None or e.confidence > best.confidence:
            best = e
    return best


def code_records(pipeline: Pipeline, records: Iterable[dict]) -> Iterator[tuple[str, list[Event]]]:
    """(id, events) for JSON Lines-style records, through the real ingest and pipeline."""
    lines = (json.dumps(r, ensure_ascii=False).encode() for r in records)
    docs = (d for d in iter_jsonl(lines, "benchmark") if isinstance(d, Document))
    for result in pipeline.code(docs):
        yield result.document.doc_id, result.events


# ----------------------------------------------------------------------------- CASE 2021
@dataclass
class CaseReport:
    """Scores on CASE 2021 task 2 snippets."""

    n_acled: int = 0
    weighted_f1: float = 0.0
    macro_f1: float = 0.0
    accuracy: float = 0.0
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)
    confusions: Counter = field(default_factory=Counter)
    n_non_acled: int = 0
    non_acled_no_event: float = 0.0
    non_acled_by_class: dict[str, float] = field(default_factory=dict)
    # precision of the 25-class prediction when events under 0.5 confidence are dropped
    precision_all: float = 0.0
    precision_confident: float = 0.0


def read_case(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [{"id": r["id"], "text": r["EventSnippet"], "label": r["SubType"]} for r in rows]


def _event_summary(e: Event | None) -> dict | None:
    """The scored fields of an event, for per-item error files."""
    if e is None:
        return None
    return {
        "event_type": e.event_type, "sub_event_type": e.sub_event_type,
        "confidence": round(e.confidence, 3), "actor1": e.actor1, "actor2": e.actor2,
        "inter1": e.inter1, "event_date": e.event_date, "fatalities": e.fatalities,
        "location": e.location, "admin1": e.admin1, "country": e.country,
        "latitude": e.latitude, "longitude": e.longitude, "geo_precision": e.geo_precision,
    }  # fmt: skip


def evaluate_case(path: Path, pipeline: Pipeline, errors: TextIO | None = None) -> CaseReport:
    """Code every snippet; with ``errors``, write one JSON line per wrong snippet."""
    rows = read_case(path)
    labels = {r["id"]: r["label"] for r in rows}
    predicted: dict[str, Event | None] = {}
    for doc_id, events in code_records(
        pipeline, ({"id": r["id"], "text": r["text"]} for r in rows)
    ):
        predicted[doc_id] = top_event(events)
    if errors is not None:
        for r in rows:
            e = predicted.get(r["id"])
            gold = CASE_TO_ACLED.get(r["label"])
            got = e.sub_event_type if e else None
            if got != gold:
                item = {"id": r["id"], "label": r["label"], "gold": gold, "text": r["text"],
                        "got": _event_summary(e)}  # fmt: skip
                errors.write(json.dumps(item, ensure_ascii=False) + "\n")
    return score_case(labels, predicted)


def score_case(labels: dict[str, str], predicted: dict[str, Event | None]) -> CaseReport:
    report = CaseReport()
    gold, pred, conf = [], [], []
    non_acled: dict[str, list[bool]] = defaultdict(list)
    for doc_id, label in labels.items():
        event = predicted.get(doc_id)
        if label in CASE_TO_ACLED:
            gold.append(CASE_TO_ACLED[label])
            pred.append(event.sub_event_type if event else NONE)
            conf.append(event.confidence if event else 0.0)
        elif label in NON_ACLED:
            non_acled[label].append(event is None)
    report.n_acled = len(gold)
    classes = sorted(set(CASE_TO_ACLED.values()))
    f1s, weights = [], []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        support = tp + fn
        report.per_class[c] = {"precision": prec, "recall": rec, "f1": f1, "support": support}
        if support:
            f1s.append(f1)
            weights.append(support)
    report.weighted_f1 = sum(f * w for f, w in zip(f1s, weights, strict=True)) / sum(weights)
    report.macro_f1 = sum(f1s) / len(f1s)
    report.accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    report.confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    coded = [(g == p) for g, p in zip(gold, pred, strict=True) if p != NONE]
    confident = [
        (g == p) for g, p, c in zip(gold, pred, conf, strict=True) if p != NONE and c >= 0.5
    ]
    report.precision_all = sum(coded) / len(coded) if coded else 0.0
    report.precision_confident = sum(confident) / len(confident) if confident else 0.0
    flat = [ok for oks in non_acled.values() for ok in oks]
    report.n_non_acled = len(flat)
    report.non_acled_no_event = sum(flat) / len(flat) if flat else 0.0
    report.non_acled_by_class = {k: sum(v) / len(v) for k, v in sorted(non_acled.items())}
    return report


def format_case(r: CaseReport, confusions: int = 15) -> str:
    lines = [
        f"CASE 2021 task 2 ({r.n_acled} snippets of the 25 ACLED types)",
        f"  weighted F1 {r.weighted_f1:.3f}   macro F1 {r.macro_f1:.3f}   accuracy {r.accuracy:.3f}"
        "   (anchor: best system of the shared task, weighted F1 0.839)",
        f"  precision of coded snippets {r.precision_all:.3f}; "
        f"of those with confidence >= 0.5: {r.precision_confident:.3f}",
        f"non-ACLED snippets ({r.n_non_acled}): no event for {r.non_acled_no_event:.1%}  "
        + "  ".join(f"{k} {v:.0%}" for k, v in r.non_acled_by_class.items()),
        "per class (precision / recall / F1 / support):",
    ]
    for c, m in sorted(r.per_class.items(), key=lambda kv: -kv[1]["support"]):
        scores = " / ".join(f"{m[k]:.2f}" for k in ("precision", "recall", "f1"))
        lines.append(f"  {c:38} {scores} / {m['support']:.0f}")
    lines.append("most frequent confusions (gold -> predicted):")
    for (g, p), n in r.confusions.most_common(confusions):
        lines.append(f"  {n:3}  {g} -> {p}")
    return "\n".join(lines)


# ------------------------------------------------------------------------- ACLED notes
ACLED_FIELDS = (
    "event_type", "sub_event_type", "actor1", "actor2", "inter1", "event_date",
    "fatalities", "location_25km", "admin1",
)  # fmt: skip


@dataclass
class AcledReport:
    n: int = 0
    accuracy: dict[str, float] = field(default_factory=dict)
    confusions: Counter = field(default_factory=Counter)
    actor_misses: Counter = field(default_factory=Counter)
    no_event: int = 0


def _acled_date(value: str) -> str:
    for fmt in ("%d-%b-%y", "%Y-%m-%d", "%d %B %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"unknown ACLED date {value!r}")


def read_acled(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def field_hits(row: dict, e: Event | None) -> dict[str, bool]:
    """Which fields of the top event agree with ACLED's coding of the row."""
    if e is None:
        return dict.fromkeys(ACLED_FIELDS, False)
    try:
        far = haversine_km(float(row["latitude"]), float(row["longitude"]),
                           e.latitude, e.longitude) if e.latitude is not None else None  # fmt: skip
    except (TypeError, ValueError):
        far = None
    return {
        "event_type": normalise_label(e.event_type) == normalise_label(row["event_type"]),
        "sub_event_type": normalise_label(e.sub_event_type)
        == normalise_label(row["sub_event_type"]),
        "actor1": same_organisation(row["actor1"], e.actor1),
        "actor2": same_organisation(row["actor2"], e.actor2),
        "inter1": str(e.inter1 or "") == row["inter1"],
        "event_date": e.event_date == _acled_date(row["event_date"]),
        "fatalities": e.fatalities == int(row["fatalities"] or 0),
        "location_25km": far is not None and far <= 25,
        "admin1": normalise_label(e.admin1) == normalise_label(row["admin1"]),
    }


def evaluate_acled(
    path: Path, pipeline: Pipeline, limit: int | None = None, errors: TextIO | None = None
) -> AcledReport:
    """Code every note; with ``errors``, one JSON line per note with a missed field."""
    rows = read_acled(path)[:limit]
    records = (
        {"id": r["event_id_cnty"], "text": r["notes"],
         "publication_date": _acled_date(r["event_date"])}
        for r in rows
    )  # fmt: skip
    top = {doc_id: top_event(events) for doc_id, events in code_records(pipeline, records)}
    report = AcledReport(n=len(rows))
    hits: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        e = top.get(r["event_id_cnty"])
        report.no_event += e is None
        row_hits = field_hits(r, e)
        for name, ok in row_hits.items():
            hits[name].append(ok)
        missed = [name for name, ok in row_hits.items() if not ok]
        if errors is not None and missed:
            gold = {k: r[k] for k in (*ACLED_FIELDS[:-2], "location", "latitude", "longitude",
                                      "admin1", "admin2", "geo_precision") if k in r}  # fmt: skip
            item = {"id": r["event_id_cnty"], "missed": missed, "notes": r["notes"],
                    "gold": gold, "got": _event_summary(e)}  # fmt: skip
            errors.write(json.dumps(item, ensure_ascii=False) + "\n")
        if e is not None and e.sub_event_type != r["sub_event_type"]:
            report.confusions[(r["sub_event_type"], e.sub_event_type)] += 1
        if e is not None and not same_organisation(r["actor1"], e.actor1):
            report.actor_misses[(r["actor1"], e.actor1)] += 1
    report.accuracy = {k: sum(v) / len(v) for k, v in hits.items()}
    return report


TARGETS = {
    "event_type": 0.93, "sub_event_type": 0.87, "actor1": 0.85, "actor2": 0.80,
    "inter1": 0.90, "event_date": 0.97, "fatalities": 0.90, "location_25km": 0.90,
    "admin1": 0.90,
}  # fmt: skip


def format_acled(r: AcledReport, top: int = 15) -> str:
    lines = [f"ACLED Iraq 2019 notes ({r.n} events; no event coded for {r.no_event})"]
    for name in ACLED_FIELDS:
        lines.append(f"  {name:15} {r.accuracy.get(name, 0):.3f}   (target {TARGETS[name]:.2f})")
    lines.append("most frequent sub-event confusions (ACLED -> warlog):")
    for (g, p), n in r.confusions.most_common(top):
        lines.append(f"  {n:4}  {g} -> {p}")
    lines.append("most frequent actor1 misses (ACLED -> warlog):")
    for (g, p), n in r.actor_misses.most_common(top):
        lines.append(f"  {n:4}  {g} -> {p}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m warlog.eval.benchmarks case|acled FILE [--limit N] [--errors OUT.jsonl]``."""
    import argparse

    from warlog.pipeline import Pipeline

    parser = argparse.ArgumentParser(
        prog="python -m warlog.eval.benchmarks",
        description="Score warlog on CASE 2021 snippets or ACLED's coded notes.",
    )
    parser.add_argument("kind", choices=("case", "acled"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N rows only (acled)")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write one JSON line per wrongly coded item to this file")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"no such file: {args.path}")
    pipeline = Pipeline.load()
    with ExitStack() as stack:
        errors = None
        if args.errors:
            errors = stack.enter_context(open(args.errors, "w", encoding="utf-8"))
        if args.kind == "case":
            print(format_case(evaluate_case(args.path, pipeline, errors)))
        else:
            print(format_acled(evaluate_acled(args.path, pipeline, args.limit, errors)))


if __name__ == "__main__":
    main()
