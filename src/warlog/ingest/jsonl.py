"""JSON Lines: one JSON object per line, with the report in ``text``."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from warlog.ingest.decode import (
    NotText,
    content_hash,
    decode_bytes,
    parse_iso_date,
    resolve_date,
)
from warlog.ingest.html import title_finding_mode
from warlog.ingest.text import NO_ARTICLE, apply_analysis
from warlog.models import Document, InputProblem
from warlog.text.boilerplate import analyse_plain_text


def _opt_str(record: dict[str, Any], key: str) -> str | None:
    """A string field of the record, None when absent, empty or not text."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    return value.strip() or None


def document_from_record(
    record: Any, source: str, default_date: date | None = None, source_path: str | None = None
) -> Document | InputProblem:
    """A Document for one parsed JSON record; ``source`` names it ("path:LINE")."""
    if not isinstance(record, dict):
        return InputProblem(source, f"not a JSON object (got {type(record).__name__})")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputProblem(source, "no 'text' field (a non-empty string is required)")
    raw_id = record.get("id")
    doc = Document(
        doc_id=str(raw_id) if raw_id is not None and str(raw_id).strip() else source,
        text=text,
        title=_opt_str(record, "title"),
        outlet=_opt_str(record, "outlet"),
        url=_opt_str(record, "url"),
        byline=_opt_str(record, "byline"),
        source_path=source_path,
    )
    mode = title_finding_mode(text, doc.title)
    analysis = analyse_plain_text(text, find_title=mode)
    if not analysis.body:
        return InputProblem(source, NO_ARTICLE)
    apply_analysis(doc, analysis, take_title=mode is not False)
    if mode and analysis.title_span:
        doc.title_span = analysis.title_span

    raw_date = record.get("publication_date")
    found, invalid = None, None
    if raw_date not in (None, ""):
        found = parse_iso_date(raw_date) if isinstance(raw_date, str) else None
        if found is None:
            invalid = str(raw_date)
    elif analysis.publication_date is not None:
        found = analysis.publication_date
    doc.publication_date, doc.date_note = resolve_date(found, default_date, invalid)
    doc.content_hash = content_hash(text)
    return doc


def parse_line(
    raw: bytes, source: str, default_date: date | None = None, source_path: str | None = None
) -> Document | InputProblem:
    """Decode and parse one JSON Lines line."""
    try:
        line = decode_bytes(raw, source).text
    except NotText as exc:
        return InputProblem(source, str(exc))
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(source, f"invalid JSON: {exc.msg} (column {exc.colno})")
    return document_from_record(record, source, default_date, source_path)


def iter_jsonl(
    lines: Iterable[bytes],
    name: str,
    default_date: date | None = None,
    max_bytes: int = 20_000_000,
    source_path: str | None = None,
) -> Iterator[Document | InputProblem]:
    """Read JSON Lines one line at a time; a bad line gives an InputProblem and reading goes on.

    ``lines`` yields raw lines; a line longer than ``max_bytes`` arrives cut (as from
    ``readline(max_bytes + 1)``) and its continuation pieces are skipped.
    """
    lineno = 0
    skipping = False  # inside the rest of an over-long line
    seen_any = False
    for raw in lines:
        if skipping:
            skipping = not raw.endswith(b"\n")
            continue
        lineno += 1
        source = f"{name}:{lineno}"
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if len(raw) > max_bytes:
            skipping = not raw.endswith(b"\n")
            yield InputProblem(source, f"line too long: over {max_bytes} bytes")
            seen_any = True
            continue
        if not raw.strip():
            continue
        seen_any = True
        yield parse_line(raw, source, default_date, source_path)
    if not seen_any:
        yield InputProblem(name, "empty document")


def iter_json_document(
    data: bytes, name: str, default_date: date | None = None, source_path: str | None = None
) -> Iterator[Document | InputProblem] | None:
    """Read a whole ``.json`` file (one object or an array of objects).

    Returns None when ``data`` is not a single JSON value (then read it as JSON Lines).
    """
    try:
        value = json.loads(decode_bytes(data, name).text)
    except (json.JSONDecodeError, NotText):
        return None
    if isinstance(value, list):
        return (
            document_from_record(item, f"{name}[{i}]", default_date, source_path)
            for i, item in enumerate(value)
        )
    return iter([document_from_record(value, name, default_date, source_path)])
