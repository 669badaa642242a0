"""Plain dataclasses passed between the pipeline stages.

Every character offset (``start``/``end``) in warlog refers to ``Document.text``:
the document text exactly as given (a plain-text file's content, the ``text`` value of a
JSON Lines record, the main text extracted from an HTML page).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

Span = tuple[int, int]

# The ACLED export columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags",
)  # fmt: skip
# warlog's own columns, after the ACLED ones.
WARLOG_COLUMNS: tuple[str, ...] = ("doc_id", "event_id", "record_type", "confidence")


@dataclass
class Document:
    """One input report, as read by ``warlog.ingest``."""

    doc_id: str
    text: str
    title: str | None = None
    publication_date: date | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    dateline: str | None = None  # e.g. "Hasakah, Syria"
    dateline_span: Span | None = None
    # Spans of ``text`` that are article body; boilerplate (captions, share links, comment
    # forms, captchas, title, byline, outlet lines) lies outside them. Empty = all of ``text``.
    body: list[Span] = field(default_factory=list)
    title_span: Span | None = None
    source_path: str | None = None
    content_hash: str = ""
    date_note: str | None = None  # why publication_date is unknown, when it is

    def body_spans(self) -> list[Span]:
        """The body spans, or the whole text when none were marked."""
        return self.body or [(0, len(self.text))]

    def in_body(self, start: int, end: int) -> bool:
        """True when ``text[start:end]`` lies inside the article body."""
        return any(s <= start and end <= e for s, e in self.body_spans())


@dataclass
class InputProblem:
    """A document (or JSON Lines line) that could not be read; the batch goes on."""

    source: str  # file path, "path:LINE" for JSON Lines, or "-" for standard input
    message: str


@dataclass
class Evidence:
    """The words of the document that support one coded field."""

    field: str
    text: str
    start: int
    end: int


@dataclass
class GazetteerEntry:
    """One place of the gazetteer (GeoNames-derived)."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    country_code: str  # ISO 3166-1 alpha-2, e.g. "SY"
    country: str  # e.g. "Syria"
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str = "P"  # GeoNames feature class: P populated place, A admin area, ...
    feature_code: str = "PPL"
    population: int = 0
    iso_numeric: int | None = None  # ISO 3166-1 numeric country code (ACLED's ``iso``)


@dataclass
class PlaceMention:
    """A place named in a document, resolved (or not) against the gazetteer."""

    text: str
    start: int
    end: int
    entry: GazetteerEntry | None  # None: the gazetteer does not know it ("unknown")
    confidence: float = 0.0
    # ACLED geo_precision for an event located here: 1 the town itself (or a district
    # of it), 2 near a town / part of a region, 3 only a larger region.
    geo_precision: int = 1
    # What was named, when it is smaller than ``entry``: "Villat Homr district",
    # "3km east of Hasakah city", "Makana checkpoint".
    detail: str | None = None
    kind: str = "place"  # place | sublocal | near | region | country
    # For a region: its capital (or main town), where ACLED codes an event known only to the
    # region (geo_precision 3). None when unknown or not a region.
    seat: GazetteerEntry | None = None


@dataclass
class DateMention:
    """A time expression resolved against the publication date."""

    text: str
    start: int
    end: int
    date: date | None
    time_precision: int  # 1 day, 2 week, 3 month


@dataclass
class Actor:
    """A normalised actor (ACLED-style name, inter code)."""

    name: str  # "Islamic State (Syria)", "Military Forces of Syria"
    inter: int  # 1..8
    country: str | None = None


@dataclass
class ActorMention:
    """An actor named in the text, with its normalised identity."""

    text: str
    start: int
    end: int
    key: str  # lexicon key, e.g. "islamic_state"
    actor: Actor
    associates: list[str] = field(default_factory=list)


@dataclass
class Event:
    """One coded record: ACLED's export columns plus warlog's own."""

    doc_id: str
    event_id: str = ""
    record_type: str = "event"  # event | displacement
    confidence: float = 0.0
    event_date: str | None = None  # YYYY-MM-DD, None when no date is known
    time_precision: int | None = None
    disorder_type: str = ""
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    iso: int | None = None
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    date_note: str | None = None  # why event_date is null, when it is
    # How many documents report this event: 1 for a raw (per-article) record; more for a
    # merged event of the store (see warlog.dedup.merge).
    sources_count: int = 1

    def to_dict(self) -> dict:
        """A JSON-ready dict: warlog columns, ACLED columns, evidence."""
        d = asdict(self)
        out = {k: d[k] for k in WARLOG_COLUMNS}
        out.update({k: d[k] for k in ACLED_COLUMNS})
        out["date_note"] = d["date_note"]
        out["sources_count"] = d["sources_count"]
        out["evidence"] = d["evidence"]
        return out

    @classmethod
    def from_dict(cls, d: dict) -> Event:
        """Inverse of :meth:`to_dict` (unknown keys are ignored)."""
        known = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in d.items() if k in known}
        kwargs["evidence"] = [Evidence(**e) for e in d.get("evidence", [])]
        return cls(**kwargs)
