"""HTML pages: the main text and metadata are extracted with trafilatura."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from warlog.ingest.decode import content_hash, decode_or_problem, parse_iso_date, resolve_date
from warlog.ingest.text import EMPTY, NO_ARTICLE, apply_analysis
from warlog.models import Document, InputProblem
from warlog.text.boilerplate import analyse_plain_text

log = logging.getLogger("warlog.ingest")
NO_TEXT = "no article text found in HTML"


def _extract(html: str) -> Any | None:
    """Run trafilatura on the page; None when it finds nothing or fails."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
        )
    except Exception as exc:  # broken HTML must never stop the batch
        log.warning("trafilatura failed: %s", exc)
        return None


def _norm(text: str) -> str:
    """Casefolded text with collapsed whitespace and no final full stop, for comparing titles
    (a headline set as the text's first line often ends in one)."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".").rstrip().casefold()


def title_finding_mode(text: str, title: str | None) -> bool | None:
    """How to look for a title in ``text`` when the source names one (or not).

    True when the text starts with that title, False when the title is known but not in the
    text, None (guess) when no title is known.
    """
    if not title:
        return None
    first = next((line for line in text.splitlines() if line.strip()), "")
    return _norm(first) == _norm(title)


def document_from_html(
    html: str, doc_id: str, source_path: str | None = None, default_date: date | None = None
) -> Document | InputProblem:
    """A Document for one HTML page: text = trafilatura's main text."""
    source = source_path or doc_id
    if not html.strip():
        return InputProblem(source, EMPTY)
    result = _extract(html)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        return InputProblem(source, NO_TEXT)
    title = getattr(result, "title", None) or None
    doc = Document(
        doc_id=doc_id,
        text=text,
        title=title,
        url=getattr(result, "url", None) or None,
        byline=getattr(result, "author", None) or None,
        outlet=getattr(result, "sitename", None) or None,
        source_path=source_path,
    )
    mode = title_finding_mode(text, title)
    analysis = analyse_plain_text(text, find_title=mode)
    if not analysis.body:
        return InputProblem(source, NO_ARTICLE)
    apply_analysis(doc, analysis, take_title=mode is not False)
    if mode and analysis.title_span:
        doc.title_span = analysis.title_span
    raw_date = getattr(result, "date", None)
    found = parse_iso_date(raw_date) if raw_date else None
    doc.publication_date, doc.date_note = resolve_date(found, default_date)
    doc.content_hash = content_hash(text)
    return doc


def read_html_bytes(
    data: bytes, doc_id: str, source_path: str | None = None, default_date: date | None = None
) -> Document | InputProblem:
    """Decode and read one HTML page."""
    text = decode_or_problem(data, source_path or doc_id)
    if isinstance(text, InputProblem):
        return text
    return document_from_html(text, doc_id, source_path, default_date)
