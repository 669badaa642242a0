"""Plain-text reports: the file content is the document text, analysed for its parts."""

from __future__ import annotations

from datetime import date

from warlog.ingest.decode import content_hash, decode_or_problem, resolve_date
from warlog.models import Document, InputProblem
from warlog.text.boilerplate import PlainTextAnalysis, analyse_plain_text

EMPTY = "empty document"
NO_ARTICLE = "no article text (only a title and boilerplate lines)"


def apply_analysis(doc: Document, analysis: PlainTextAnalysis, take_title: bool = True) -> None:
    """Copy what :func:`analyse_plain_text` found onto ``doc`` (values already set win)."""
    if take_title and doc.title is None and analysis.title is not None:
        doc.title, doc.title_span = analysis.title, analysis.title_span
    doc.outlet = doc.outlet or analysis.outlet
    doc.byline = doc.byline or analysis.byline
    doc.dateline, doc.dateline_span = analysis.dateline, analysis.dateline_span
    doc.body = list(analysis.body)


def document_from_text(
    text: str, doc_id: str, source_path: str | None = None, default_date: date | None = None
) -> Document | InputProblem:
    """A Document for a decoded plain-text report (its text is kept exactly as given)."""
    source = source_path or doc_id
    if not text.strip():
        return InputProblem(source, EMPTY)
    analysis = analyse_plain_text(text)
    if not analysis.body:
        return InputProblem(source, NO_ARTICLE)
    doc = Document(doc_id=doc_id, text=text, source_path=source_path)
    apply_analysis(doc, analysis)
    doc.publication_date, doc.date_note = resolve_date(analysis.publication_date, default_date)
    doc.content_hash = content_hash(text)
    return doc


def read_text_bytes(
    data: bytes, doc_id: str, source_path: str | None = None, default_date: date | None = None
) -> Document | InputProblem:
    """Decode and read one plain-text report."""
    text = decode_or_problem(data, source_path or doc_id)
    if isinstance(text, InputProblem):
        return text
    return document_from_text(text, doc_id, source_path, default_date)
