"""Score the pipeline on a reference coding in the format of the seed's gold JSON.

A reference event is found when an output event has one of its sub-event types, a date
within 1 day (7 for time precision 3), a place within 10 km of its place, and an actor1
naming the same organisation as its actor1 or one of its aliases. One output event may
match several reference events (the gold allows merging them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from warlog.eval.matching import days_apart, haversine_km, normalise_label, same_organisation
from warlog.ingest import read_inputs
from warlog.models import Document, Event

if TYPE_CHECKING:
    from warlog.pipeline import Pipeline

MAX_KM = 10.0
# Coded fields that must each point at words of the article when filled (the others are
# derived from these: interaction, notes, civilian_targeting).
EVIDENCED_FIELDS = (
    "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "inter2", "country", "iso", "admin1",
    "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities",
)  # fmt: skip
FIELDS = ("event_type", "time_precision", "geo_precision", "actor2", "admin1", "source")


@dataclass
class GoldReport:
    """What `warlog eval` prints."""

    article: str
    required: int
    required_found: list[str] = field(default_factory=list)
    optional_found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    spurious: list[Event] = field(default_factory=list)
    non_events_coded: list[str] = field(default_factory=list)
    field_hits: dict[str, list[bool]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    without_evidence: list[str] = field(default_factory=list)

    def field_accuracy(self) -> dict[str, float]:
        return {k: sum(v) / len(v) for k, v in self.field_hits.items() if v}


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def matches(gold: dict, event: Event, places: dict) -> bool:
    """The gold file's matching rule."""
    if event.sub_event_type not in _as_list(gold["sub_event_type"]):
        return False
    gap = days_apart(gold.get("event_date"), event.event_date)
    limit = 7 if 3 in _as_list(gold.get("time_precision")) else 1
    if gap is None or gap > limit:
        return False
    place = places.get(gold.get("location"))
    if place is None or event.latitude is None or event.longitude is None:
        return False
    if (
        haversine_km(place["latitude"], place["longitude"], event.latitude, event.longitude)
        > MAX_KM
    ):
        return False
    names = [gold["actor1"], *gold.get("actor1_aliases", [])]
    return any(same_organisation(n, event.actor1) for n in names)


def _field_hit(name: str, gold: dict, event: Event, places: dict) -> bool | None:
    if name == "event_type":
        return event.event_type == gold.get("event_type")
    if name == "time_precision":
        return event.time_precision in _as_list(gold.get("time_precision"))
    if name == "geo_precision":
        return event.geo_precision in _as_list(gold.get("geo_precision"))
    if name == "actor2":
        if "actor2" not in gold:
            return None
        names = [gold["actor2"], *gold.get("actor2_aliases", [])]
        return any(same_organisation(n, event.actor2) for n in names)
    if name == "admin1":
        admin1 = _as_list(places.get(gold.get("location"), {}).get("admin1"))
        return any(normalise_label(a) == normalise_label(event.admin1) for a in admin1)
    if name == "source":
        if "source_attribution" not in gold:
            return None
        return gold["source_attribution"].lower() in event.source.lower()
    return None


def evaluate_gold(gold_path: Path, pipeline: Pipeline, article: Path | None = None) -> GoldReport:
    """Code the gold file's article with its publication date and score the result."""
    gold = json.loads(Path(gold_path).read_text("utf-8"))
    article = article or Path(gold_path).parent / gold["article"]
    pub = gold.get("metadata", {}).get("publication_date")
    docs = [
        d for d in read_inputs([str(article)], "auto", date.fromisoformat(pub) if pub else None)
        if isinstance(d, Document)
    ]  # fmt: skip
    if not docs:
        raise ValueError(f"cannot read the article {article}")
    events = [e for result in pipeline.code(docs) for e in result.events]
    return score(gold, events, docs[0].text)


def score(gold: dict, events: list[Event], text: str) -> GoldReport:
    """Compare output events with the reference events of one gold file."""
    places = gold.get("places", {})
    refs = gold["events"]
    report = GoldReport(gold.get("article", ""), sum(1 for r in refs if r.get("required")))
    report.events = events
    matched: set[int] = set()
    for ref in refs:
        hits = [i for i, e in enumerate(events) if matches(ref, e, places)]
        matched.update(hits)
        if ref.get("required"):
            (report.required_found if hits else report.missed).append(ref["id"])
            if hits:
                event = events[hits[0]]
                for name in FIELDS:
                    hit = _field_hit(name, ref, event, places)
                    if hit is not None:
                        report.field_hits.setdefault(name, []).append(hit)
        elif hits:
            report.optional_found.append(ref["id"])
    report.spurious = [e for i, e in enumerate(events) if i not in matched]
    for non_event in gold.get("not_events", []):
        start = text.find(non_event["text"])
        if start < 0:
            continue
        end = start + len(non_event["text"])
        for e in events:
            trigger = next((ev for ev in e.evidence if ev.field == "sub_event_type"), None)
            if trigger and start <= trigger.start < end:
                report.non_events_coded.append(non_event["text"])
                break
    for e in events:
        filled = {n for n in EVIDENCED_FIELDS if getattr(e, n) not in (None, "", 0)}
        covered = {ev.field for ev in e.evidence}
        if filled - covered:
            report.without_evidence.append(f"{e.event_id}: {sorted(filled - covered)}")
    return report


def format_report(r: GoldReport) -> str:
    """A short, plain-text report."""
    lines = [
        f"article: {r.article}",
        f"output events: {len(r.events)}",
        f"required events found: {len(r.required_found)}/{r.required}"
        + (f"  (missed: {', '.join(r.missed)})" if r.missed else ""),
        f"optional events found: {len(r.optional_found)}"
        + (f"  ({', '.join(r.optional_found)})" if r.optional_found else ""),
        f"spurious events (match no reference event): {len(r.spurious)}",
    ]
    for e in r.spurious:
        lines.append(f"  - {e.event_date} {e.sub_event_type} | {e.actor1} | {e.location}: "
                     f"{e.notes[:100]}")  # fmt: skip
    lines.append(f"non-events coded: {len(r.non_events_coded)}")
    lines += [f"  - {t}" for t in r.non_events_coded]
    lines.append(f"events with a filled field lacking evidence: {len(r.without_evidence)}")
    lines.append("field accuracy on the required events found:")
    for name, acc in r.field_accuracy().items():
        lines.append(f"  {name:15} {acc:.2f} ({sum(r.field_hits[name])}/{len(r.field_hits[name])})")
    return "\n".join(lines)
