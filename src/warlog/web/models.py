"""The API's request and response bodies (pydantic), so the OpenAPI description is complete."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

# The longest text the pipeline parses (warlog.pipeline.MAX_CHARS, which imports spaCy).
MAX_CHARS = 1_000_000
# Text: no control characters but tab, line feed, vertical tab, form feed, carriage return
# (binary data is refused); a line: no control characters at all.
TEXT = r"^[^\x00-\x08\x0e-\x1f\x7f]*$"
LINE = r"^[^\x00-\x1f\x7f]*$"


class EvidenceOut(BaseModel):
    """Words of a document that support one coded field; ``start``/``end`` are offsets
    into the text of the document the event was coded from."""

    field: str
    text: str
    start: int | None
    end: int | None


class EventOut(BaseModel):
    """One event: warlog's columns, ACLED's columns (ACLED's names), its evidence."""

    doc_id: str
    event_id: str
    record_type: str | None
    confidence: float | None
    event_date: str | None
    time_precision: int | None
    disorder_type: str | None
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: str | None
    iso: int | None
    country: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    source: str | None
    source_scale: str | None
    notes: str | None
    fatalities: int | None
    tags: str | None
    date_note: str | None
    sources_count: int
    evidence: list[EvidenceOut]


class EventsPage(BaseModel):
    total: int = Field(description="How many events match the filters (all pages).")
    limit: int
    offset: int
    events: list[EventOut]


class DocumentMeta(BaseModel):
    """What is known of a document besides its text."""

    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    publication_date: str | None
    byline: str | None
    dateline: str | None


class Report(DocumentMeta):
    """One document reporting an event, with that document's own (raw) event's evidence:
    its offsets slice this document's ``text``."""

    text: str
    event_id: str = Field(description="The raw event of this document.")
    evidence: list[EvidenceOut]


class EventDetail(BaseModel):
    event: EventOut
    documents: list[Report] = Field(description="The reporting documents, first report first.")


class DocumentSummary(DocumentMeta):
    duplicate_of: str | None
    events: int = Field(description="How many raw events were coded from it.")


class DocumentsPage(BaseModel):
    total: int
    limit: int
    offset: int
    documents: list[DocumentSummary]


class DocumentDetail(DocumentMeta):
    duplicate_of: str | None
    date_note: str | None
    text: str
    body: list[tuple[int, int]] = Field(
        description="Spans of text that are article body (empty: all of it)."
    )
    events: list[EventOut] = Field(description="The raw events coded from it.")


class Count(BaseModel):
    key: str | None = Field(description="Day, ISO Monday of a week, YYYY-MM, or a name.")
    events: int
    fatalities: int


class Counts(BaseModel):
    by: str
    counts: list[Count]


class Meta(BaseModel):
    store: str
    documents: int
    events: int
    merged_events: int
    first_date: str | None
    last_date: str | None
    event_types: list[str]
    sub_event_types: list[str]
    countries: list[str]
    admin1: list[str]
    tiles: str | None = Field(description="Tile URL template, when one is configured.")
    ingest: bool = Field(description="Whether POST /api/documents is on (a token is set).")


class DocumentIn(BaseModel):
    """A report to code and store."""

    text: str = Field(min_length=1, max_length=MAX_CHARS, pattern=TEXT)
    title: str | None = Field(default=None, max_length=1000, pattern=LINE)
    publication_date: date | None = None
    url: str | None = Field(default=None, max_length=2000, pattern=LINE)
    outlet: str | None = Field(default=None, max_length=200, pattern=LINE)
    id: str | None = Field(default=None, min_length=1, max_length=200, pattern=LINE)


class Ingested(BaseModel):
    doc_id: str
    duplicate: bool = Field(
        description="True when the same text was already stored (nothing was written)."
    )
    events: list[EventOut]


class Problem(BaseModel):
    detail: str
