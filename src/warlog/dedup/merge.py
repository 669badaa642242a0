"""Merging the records of one real event reported by several articles (ACLED's rule).

Two raw events are the same event when they have

- the same day: the same ``event_date`` (undated events are never merged);
- the same place: the same ``country``, ``admin1`` and ``location`` (case-insensitive;
  events without a location are never merged);
- the same actors: the same set ``{actor1, actor2}`` (either order, case-insensitive);
- the same family of sub-event types (:data:`FAMILIES`): ACLED codes one event per
  sub-event type, but two articles may code one event with neighbouring sub-event types.
  A family groups those that are outcomes of one occurrence: all Battles (an armed clash
  and the territory it changes); all Protests (peaceful, with intervention, excessive
  force); all Riots; suicide bombs with remote explosives. Every other sub-event type
  (an air strike and a shelling are two events, as are an attack and an abduction, an
  arrest and a looting) is a family of its own. And the same ``record_type``
  (displacement records merge only with displacement records).

Two raw events of one document are never merged: the coder already merged the
restatements of one article, so what it codes twice are two events. The k-th of a
document's events under one key (in text order) gets the key's k-th slot (``#k``).

:func:`merge_key` gives every raw event a key; events with the same key form one merged
event (:func:`merge_events`). The events of a near-duplicate document join the events of
its original through :func:`match_duplicate_event`, whatever their date says (a copy
republished a day later resolves "yesterday" to another day).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from warlog.models import Event

# Sub-event types (case-folded) that belong to a family larger than themselves.
FAMILIES: dict[str, str] = {
    "armed clash": "battles",
    "government regains territory": "battles",
    "non-state actor overtakes territory": "battles",
    "peaceful protest": "protests",
    "protest with intervention": "protests",
    "excessive force against protesters": "protests",
    "violent demonstration": "riots",
    "mob violence": "riots",
    "suicide bomb": "bombing",
    "remote explosive/landmine/ied": "bombing",
}


def _fold(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def event_family(event: Event) -> str:
    """The family of sub-event types an event belongs to (see the module docstring)."""
    sub = _fold(event.sub_event_type)
    return FAMILIES.get(sub, sub or f"type:{_fold(event.event_type)}")


def _actors(event: Event) -> list[str]:
    return sorted((_fold(event.actor1), _fold(event.actor2)))


def loose_key(event: Event) -> str | None:
    """Everything of the merge key but the date (None when the place is unknown)."""
    if not _fold(event.location):
        return None
    parts = [
        event.record_type,
        event_family(event),
        _fold(event.country),
        _fold(event.admin1),
        _fold(event.location),
        *_actors(event),
    ]
    return json.dumps(parts, ensure_ascii=False)


def merge_key(event: Event, slot: int = 0) -> str:
    """The key under which reports of the same real event meet.

    ``d:<hash>#<slot>`` for a dated, located event (``slot``: how many earlier events of
    the same document have the same key); ``u:<event_id>`` (never merged with anything
    but copies of itself) for an undated or unlocated one.
    """
    loose = loose_key(event)
    if not event.event_date or loose is None:
        return f"u:{event.event_id}"
    digest = hashlib.sha256(f"{event.event_date}|{loose}".encode()).hexdigest()[:32]
    return f"d:{digest}#{slot}"


def document_keys(events: Sequence[Event]) -> list[str]:
    """The merge keys of one document's events, given in text order (see slots)."""
    seen: Counter[str] = Counter()
    keys = []
    for event in events:
        base = merge_key(event)
        keys.append(merge_key(event, seen[base]) if base.startswith("d:") else base)
        seen[base] += 1
    return keys


def match_duplicate_event(event: Event, originals: Sequence[Event]) -> Event | None:
    """The event of the original document that ``event`` (of a near-duplicate) restates.

    Same record type, family, actors and place (date not required); among several, the
    one with the same sub-event type, then the same date, then the same notes.
    """
    candidates = [o for o in originals if o.record_type == event.record_type]
    loose = loose_key(event)
    if loose is not None:
        candidates = [o for o in candidates if loose_key(o) == loose]
    else:
        # No place: only an identical coding (type, actors, notes) is the same record.
        candidates = [
            o
            for o in candidates
            if loose_key(o) is None
            and event_family(o) == event_family(event)
            and _actors(o) == _actors(event)
            and o.notes == event.notes
        ]
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda o: (
            o.sub_event_type == event.sub_event_type,
            o.event_date == event.event_date,
            o.notes == event.notes,
        ),
    )


def _join_unique(values: Sequence[str], sep: str = "; ") -> str:
    seen: dict[str, None] = {}
    for value in values:
        for part in (value or "").split(sep):
            part = part.strip()
            if part and part.casefold() not in {s.casefold() for s in seen}:
                seen[part] = None
    return sep.join(seen)


def merge_events(members: Sequence[Event]) -> Event:
    """One merged event from the raw events of one real event.

    ``members[0]`` is the representative: its ``event_id`` and ``doc_id`` are the merged
    event's. The merged event keeps the most precise date (lowest ``time_precision``) and
    place (lowest ``geo_precision``), the most conservative fatality figure (the lowest
    non-zero one: a report that gives no figure does not lower it), every source
    (``source`` joined with "; "), the associated actors and tags of all, the most
    frequent sub-event type, the highest confidence, and every member's evidence in
    member order; ``sources_count`` is the number of distinct documents.
    """
    if not members:
        raise ValueError("nothing to merge")
    rep = members[0]
    if len(members) == 1:
        return replace(rep, evidence=list(rep.evidence), sources_count=1)

    def precision(value: int | None) -> int:
        return 99 if value is None else value

    dated = min(
        (m for m in members if m.event_date),
        key=lambda m: precision(m.time_precision),
        default=rep,
    )
    placed = min(members, key=lambda m: precision(m.geo_precision))
    counts = Counter(m.sub_event_type for m in members)
    best = max(counts.values())
    typed = next(m for m in members if counts[m.sub_event_type] == best)
    figures = [m.fatalities for m in members if m.fatalities]
    merged = replace(
        rep,
        confidence=max((m.confidence or 0.0) for m in members),
        event_date=dated.event_date,
        time_precision=dated.time_precision,
        date_note=dated.date_note,
        disorder_type=typed.disorder_type,
        event_type=typed.event_type,
        sub_event_type=typed.sub_event_type,
        civilian_targeting=typed.civilian_targeting,
        assoc_actor_1=_join_unique([m.assoc_actor_1 for m in members]),
        assoc_actor_2=_join_unique([m.assoc_actor_2 for m in members]),
        iso=placed.iso,
        country=placed.country,
        admin1=placed.admin1,
        admin2=placed.admin2,
        admin3=placed.admin3,
        location=placed.location,
        latitude=placed.latitude,
        longitude=placed.longitude,
        geo_precision=placed.geo_precision,
        source=_join_unique([m.source for m in members]),
        source_scale=_join_unique([m.source_scale for m in members]),
        fatalities=min(figures) if figures else 0,
        tags=_join_unique([m.tags for m in members]),
        evidence=[ev for m in members for ev in m.evidence],
        sources_count=len({m.doc_id for m in members}),
    )
    return merged
