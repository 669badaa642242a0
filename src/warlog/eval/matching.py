"""The matching rules of warlog's evaluations (see ../shared/eval/README.md)."""

from __future__ import annotations

import math
import re
from datetime import date

_DATE_RANGE = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
_STOP = frozenset({"of", "the", "forces", "and", "group", "military", "police"})


def actor_words(name: str) -> set[str]:
    """An actor name's distinctive words: no date range, punctuation or generic words."""
    name = _DATE_RANGE.sub(" ", name or "")
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    return {w for w in words if w not in _STOP}


def same_organisation(a: str, b: str) -> bool:
    """Equal word sets, one inside the other, or at least half the words shared."""
    wa, wb = actor_words(a), actor_words(b)
    if not wa and not wb:
        return True
    if not wa or not wb:
        return False
    if wa <= wb or wb <= wa:
        return True
    return len(wa & wb) >= 0.5 * min(len(wa), len(wb))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates (None when either is unknown)."""
    if not a or not b:
        return None
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def normalise_label(s: str | None) -> str:
    """Lower-cased, punctuation dropped: how labels like admin1 are compared."""
    return re.sub(r"[^\w]", "", (s or "").lower())
