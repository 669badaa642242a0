"""`warlog geoparse` output: one JSON-ready record per document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warlog.models import PlaceMention

if TYPE_CHECKING:
    from warlog.pipeline import CodedDocument


def place_record(p: PlaceMention) -> dict:
    """One place: what the text says, where it starts and ends, and what it resolved to."""
    e = p.entry
    return {
        "text": p.text,
        "start": p.start,
        "end": p.end,
        "name": e.name if e else None,
        "feature": f"{e.feature_class}.{e.feature_code}" if e else None,
        "country": e.country if e else None,
        "admin1": e.admin1 if e else None,
        "latitude": e.latitude if e else None,
        "longitude": e.longitude if e else None,
        "geonameid": e.geonameid if e else None,
        "confidence": round(p.confidence, 3),
        "geo_precision": p.geo_precision,
        "detail": p.detail,
    }


def places_record(result: CodedDocument) -> dict:
    """``{"doc_id", "places": [...]}`` for one geoparsed document."""
    return {
        "doc_id": result.document.doc_id,
        "places": [place_record(p) for p in result.places],
    }
