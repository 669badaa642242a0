"""Geoparsing evaluation on TR-News-style XML (``../shared/eval/geoparsing/TR-News.xml``).

Each ``<article>`` becomes a JSON Lines record (``id`` = ``docid``, ``text`` = the article
text exactly as in the XML, ``title``, ``publication_date`` = ``dltime``, ``url``), read by warlog's
real JSON Lines ingest and geoparsed by :meth:`Pipeline.geoparse` (what ``warlog geoparse``
runs), and turned into the records ``warlog geoparse`` prints. Each gold toponym with
coordinates is matched to the first output place with coordinates whose character span
overlaps it. Some of TR-News' offsets lie a few characters after their phrase (116 of the
1,275, drifting by 1 to 10 characters further into some articles); such a span is moved to
the nearest occurrence of its phrase within :data:`MAX_DRIFT` characters before reading.
Figures: accuracy at 161 km over all gold toponyms (not found = wrong), the share
resolved, and the mean and median error (km) of the resolved ones.

Run: ``python -m warlog.eval.geoparsing TR-News.xml`` (or ``warlog eval-geo``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from warlog.places.gazetteer import haversine_km

if TYPE_CHECKING:
    from warlog.pipeline import Pipeline

ACCURACY_KM = 161.0  # 100 miles, the customary threshold
MAX_DRIFT = 20  # characters a gold span may lie off its phrase (see the module docstring)


def realign(text: str, phrase: str, start: int, end: int) -> tuple[int, int]:
    """The gold span, moved onto the nearest occurrence of its phrase if it is off."""
    if not phrase or text[start:end] == phrase:
        return start, end
    lo = max(0, start - MAX_DRIFT)
    window = text[lo : end + MAX_DRIFT]
    found, k = [], window.find(phrase)
    while k != -1:
        found.append(lo + k)
        k = window.find(phrase, k + 1)
    if not found:
        return start, end
    best = min(found, key=lambda i: abs(i - start))
    return best, best + len(phrase)


@dataclass
class GoldToponym:
    """One annotated toponym: its span in the article text and its gold point."""

    doc_id: str
    phrase: str
    start: int
    end: int
    latitude: float | None
    longitude: float | None
    name: str = ""
    feature: str = ""  # "A.PCLI"


@dataclass
class GoldArticle:
    doc_id: str
    text: str
    title: str | None
    date: str | None
    toponyms: list[GoldToponym] = field(default_factory=list)
    url: str | None = None


@dataclass
class ToponymResult:
    gold: GoldToponym
    place: dict | None  # the matched ``warlog geoparse`` place record
    error_km: float | None

    @property
    def correct(self) -> bool:
        return self.error_km is not None and self.error_km <= ACCURACY_KM


@dataclass
class GeoReport:
    """Scores over all gold toponyms with coordinates."""

    n_docs: int = 0
    n_gold: int = 0
    n_resolved: int = 0
    n_correct: int = 0
    accuracy: float = 0.0
    resolved_share: float = 0.0
    mean_km: float = 0.0
    median_km: float = 0.0
    auc: float = 0.0  # area under the log-error curve, as in Gritta et al. (lower is better)
    seconds: float = 0.0
    results: list[ToponymResult] = field(default_factory=list)


def _text(el: ET.Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    return el.text


def read_trnews(path: str | Path) -> list[GoldArticle]:
    """The articles and gold toponyms of a TR-News/LGL-style XML file."""
    root = ET.parse(path).getroot()
    out: list[GoldArticle] = []
    for art in root.iter("article"):
        doc_id = art.get("docid") or str(len(out))
        text = _text(art.find("text")) or ""
        title = (_text(art.find("title")) or "").strip() or None
        date = (_text(art.find("dltime")) or "").strip() or None
        url = (_text(art.find("url")) or "").strip() or None
        a = GoldArticle(doc_id, text, title, date, url=url)
        for t in art.iter("toponym"):
            start, end = _text(t.find("start")), _text(t.find("end"))
            if start is None or end is None:
                continue
            tag = t.find("gaztag")
            lat = lon = None
            name = feature = ""
            if tag is not None:
                la, lo = _text(tag.find("lat")), _text(tag.find("lon"))
                if la and lo:
                    lat, lon = float(la), float(lo)
                name = (_text(tag.find("name")) or "").strip()
                feature = f"{_text(tag.find('fclass')) or ''}.{_text(tag.find('fcode')) or ''}"
            phrase = (_text(t.find("phrase")) or "").strip()
            s0, e0 = realign(text, phrase, int(start), int(end))
            a.toponyms.append(GoldToponym(doc_id, phrase, s0, e0, lat, lon, name, feature))
        out.append(a)
    return out


def records(articles: Iterable[GoldArticle]) -> Iterator[dict]:
    """JSON Lines records for warlog, one per article."""
    for a in articles:
        r: dict = {"id": a.doc_id, "text": a.text}
        if a.title:
            r["title"] = a.title
        if a.date:
            r["publication_date"] = a.date[:10]
        if a.url:
            r["url"] = a.url
        yield r


def geoparse_records(pipeline: Pipeline, recs: Iterable[dict]) -> dict[str, list[dict]]:
    """doc id -> ``warlog geoparse`` place records, through the real ingest and pipeline."""
    from warlog.export.places import places_record
    from warlog.ingest.jsonl import iter_jsonl
    from warlog.models import Document

    lines = (json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in recs)
    docs = (d for d in iter_jsonl(lines, "geoparsing") if isinstance(d, Document))
    out: dict[str, list[dict]] = {}
    for result in pipeline.geoparse(docs):
        if result.error:
            print(f"skipped {result.document.doc_id}: {result.error}", file=sys.stderr)
            continue
        rec = places_record(result)
        out[rec["doc_id"]] = rec["places"]
    return out


def score(articles: list[GoldArticle], output: dict[str, list[dict]]) -> GeoReport:
    """Match output places to gold toponyms by span overlap and compute the figures."""
    import math

    r = GeoReport(n_docs=len(articles))
    errors: list[float] = []
    for a in articles:
        places = [p for p in output.get(a.doc_id, []) if p.get("latitude") is not None]
        for g in a.toponyms:
            if g.latitude is None or g.longitude is None:
                continue
            r.n_gold += 1
            hit = next((p for p in places if p["start"] < g.end and g.start < p["end"]), None)
            err = None
            if hit is not None:
                err = haversine_km(g.latitude, g.longitude, hit["latitude"], hit["longitude"])
                errors.append(err)
            r.results.append(ToponymResult(g, hit, err))
    r.n_resolved = len(errors)
    r.n_correct = sum(1 for x in r.results if x.correct)
    if r.n_gold:
        r.accuracy = r.n_correct / r.n_gold
        r.resolved_share = r.n_resolved / r.n_gold
    if errors:
        r.mean_km = statistics.fmean(errors)
        r.median_km = statistics.median(errors)
        max_log = math.log(20039)  # half the earth's circumference
        r.auc = statistics.fmean(math.log(e + 1) / max_log for e in errors)
    return r


def evaluate_geoparsing(path: str | Path, pipeline: Pipeline) -> GeoReport:
    """Geoparse the articles of ``path`` with ``pipeline`` and score them."""
    articles = read_trnews(path)
    t0 = time.monotonic()
    output = geoparse_records(pipeline, records(articles))
    rep = score(articles, output)
    rep.seconds = time.monotonic() - t0
    return rep


def format_geo(r: GeoReport, name: str = "TR-News") -> str:
    """The figures, one per line."""
    return "\n".join(
        [
            f"Geoparsing ({name}): {r.n_docs} documents, {r.n_gold} gold toponyms with "
            f"coordinates, {r.seconds:.1f}s",
            f"  accuracy@161km      {r.accuracy:.1%}  ({r.n_correct}/{r.n_gold}; "
            "not found or unresolved = wrong)",
            f"  resolved            {r.resolved_share:.1%}  ({r.n_resolved}/{r.n_gold})",
            f"  mean error          {r.mean_km:.0f} km  (resolved toponyms)",
            f"  median error        {r.median_km:.1f} km",
            f"  AUC (log error)     {r.auc:.3f}",
        ]
    )


def dump_errors(r: GeoReport, out) -> None:
    """One JSON line per gold toponym that is wrong (for error analysis)."""
    for x in r.results:
        if x.correct:
            continue
        g, p = x.gold, x.place
        out.write(
            json.dumps(
                {
                    "doc": g.doc_id,
                    "phrase": g.phrase,
                    "gold": g.name,
                    "gold_feature": g.feature,
                    "gold_ll": [g.latitude, g.longitude],
                    "got": p and p.get("name"),
                    "got_feature": p and p.get("feature"),
                    "got_country": p and p.get("country"),
                    "got_text": p and p.get("text"),
                    "err_km": None if x.error_km is None else round(x.error_km),
                },
                ensure_ascii=False,
            )  # fmt: skip
            + "\n"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m warlog.eval.geoparsing", description=__doc__)
    ap.add_argument("xml", help="TR-News-style XML file")
    ap.add_argument("--errors", help="write the wrong toponyms (JSON Lines) to this file")
    args = ap.parse_args(argv)
    from warlog.pipeline import Pipeline

    rep = evaluate_geoparsing(args.xml, Pipeline.load())
    print(format_geo(rep, Path(args.xml).stem))
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as f:
            dump_errors(rep, f)


if __name__ == "__main__":  # pragma: no cover
    main()
