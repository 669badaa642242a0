"""The JSON API under ``/api``: events, one event with its reports, documents, counts,
exports, and ingest (``POST /api/documents``, only with a token).

Every parameter is validated (422 otherwise); values reach SQL only as parameters.
"""

import hmac
import io
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator

from warlog.export import write_events
from warlog.models import Event
from warlog.store import AmbiguousIdError, EventFilter, Store
from warlog.web.ingest import Unprocessable, ingest_document
from warlog.web.models import (
    Count,
    Counts,
    DocumentDetail,
    DocumentIn,
    DocumentsPage,
    EventDetail,
    EventOut,
    EventsPage,
    Ingested,
    Meta,
    Problem,
    Report,
)


def single_valued(request: Request) -> None:
    """422 for a query parameter given twice: every parameter of this API is one value."""
    seen: set[str] = set()
    for name, value in request.query_params.multi_items():
        if name in seen:
            raise RequestValidationError(
                [{"type": "value_error", "loc": ("query", name), "input": value,
                  "msg": "given more than once; this parameter takes one value"}]
            )  # fmt: skip
        seen.add(name)


def _iso_day(value: object) -> object:
    """Only ``YYYY-MM-DD`` is a day here (pydantic would also take a Unix time)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date | None, BeforeValidator(_iso_day)]
router = APIRouter(dependencies=[Depends(single_valued)])

INGEST_OFF = "ingest through the API is off: start warlog serve with --token"
# Free-text parameters: bounded, and no NUL (PostgreSQL text cannot hold it).
_TEXT = {"max_length": 200, "pattern": r"^[^\x00]*$"}
# A decimal number without exponent (so always finite), ASCII digits.
_NUMBER = r"[-+]?([0-9]{1,20}(\.[0-9]{0,20})?|\.[0-9]{1,20})"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
SortName = Literal["event_date", "-event_date", "confidence", "-confidence", "fatalities",
                   "-fatalities"]  # fmt: skip
GroupName = Literal["day", "week", "month", "admin1", "country", "event_type", "sub_event_type"]
ExportFormat = Literal["csv", "jsonl", "geojson"]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
}
NOT_FOUND = {404: {"model": Problem, "description": "Unknown id."}}
CHUNK = 64 * 1024


def open_store(request: Request) -> Iterator[Store]:
    """A store for one request (SQLite connections are not shared between threads)."""
    store = Store.open(request.app.state.settings.store_location)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(open_store)]


def _wrap(lon: float) -> float:
    """A longitude in [-180, 180] (a map that pans round the world goes beyond)."""
    return lon if -180 <= lon <= 180 else (lon + 180) % 360 - 180


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``min_lon,min_lat,max_lon,max_lat`` (already matched by BBOX_PATTERN) as the store's
    box: longitudes wrapped into [-180, 180] (``min_lon > max_lon`` after wrapping: a box
    across the antimeridian; 360° or more: every longitude), latitudes clamped to
    [-90, 90] (``min_lat > max_lat``: an empty box)."""
    min_lon, min_lat, max_lon, max_lat = (float(x) for x in value.split(","))
    if max_lon - min_lon >= 360:
        min_lon, max_lon = -180.0, 180.0
    else:
        min_lon, max_lon = _wrap(min_lon), _wrap(max_lon)
    min_lat, max_lat = (min(max(lat, -90.0), 90.0) for lat in (min_lat, max_lat))
    return min_lon, min_lat, max_lon, max_lat


def event_filters(
    since: Annotated[Day, Query(description="From this day (YYYY-MM-DD).")] = None,
    until: Annotated[Day, Query(description="Up to this day (YYYY-MM-DD).")] = None,
    country: Annotated[
        str | None, Query(description="Country name or ISO 3166-1 numeric code.", **_TEXT)
    ] = None,
    admin1: Annotated[str | None, Query(description="First-level admin area.", **_TEXT)] = None,
    event_type: Annotated[
        str | None, Query(description="Event type (or sub-event type).", **_TEXT)
    ] = None,
    sub_event_type: Annotated[str | None, Query(description="Sub-event type.", **_TEXT)] = None,
    actor: Annotated[
        str | None, Query(description="Part of actor1, actor2 or an associated actor.", **_TEXT)
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            description="min_lon,min_lat,max_lon,max_lat in degrees (decimal numbers)",
            pattern=BBOX_PATTERN,
            max_length=200,
        ),
    ] = None,
    q: Annotated[
        str | None, Query(description="Text in the notes or in any evidence.", **_TEXT)
    ] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    record_type: Literal["event", "displacement"] | None = None,
    merged: Annotated[
        bool, Query(description="One merged event per real event (else per-article records).")
    ] = True,
) -> EventFilter:
    """The event filters shared by events, counts and export."""
    return EventFilter(
        since=since, until=until, country=country, admin1=admin1, event_type=event_type,
        sub_event_type=sub_event_type, actor=actor, bbox=parse_bbox(bbox) if bbox else None,
        q=q, min_confidence=min_confidence, record_type=record_type, merged=merged,
    )  # fmt: skip


Filters = Annotated[EventFilter, Depends(event_filters)]


def _query(store: Store, f: EventFilter, **kw) -> Iterator[Event]:
    return store.query_events(
        since=f.since, until=f.until, country=f.country, admin1=f.admin1,
        event_type=f.event_type, sub_event_type=f.sub_event_type, actor=f.actor, bbox=f.bbox,
        q=f.q, min_confidence=f.min_confidence, record_type=f.record_type, merged=f.merged, **kw,
    )  # fmt: skip


@router.get("/meta", response_model=Meta)
def meta(request: Request, store: StoreDep) -> dict:
    """What the store holds, and what the server offers."""
    settings = request.app.state.settings
    with store.snapshot():
        stats = store.stats()
        first, last = store.date_range(merged=True)
        return {
            "store": store.label,
            "documents": stats["documents"],
            "events": stats["events"],
            "merged_events": stats["merged_events"],
            "first_date": first,
            "last_date": last,
            "event_types": store.distinct_values("event_type"),
            "sub_event_types": store.distinct_values("sub_event_type"),
            "countries": store.distinct_values("country"),
            "admin1": store.distinct_values("admin1"),
            "tiles": settings.tiles,
            "ingest": bool(settings.token),
        }


@router.get("/events", response_model=EventsPage)
def events(
    store: StoreDep,
    filters: Filters,
    sort: SortName = "-event_date",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> dict:
    """One page of the events matching every filter, and how many match in all."""
    with store.snapshot():
        total = store.count_events(filters)
        page = [e.to_dict() for e in _query(store, filters, sort=sort, limit=limit, offset=offset)]
    return {"total": total, "limit": limit, "offset": offset, "events": page}


@router.get(
    "/events/{event_id:path}",
    response_model=EventDetail,
    responses={**NOT_FOUND, 409: {"model": Problem, "description": "Ambiguous id prefix."}},
)
def event(
    event_id: Annotated[str, Path(max_length=400, pattern=r"^[^\x00]+$")],
    store: StoreDep,
    merged: bool = True,
) -> dict:
    """An event (id or unique id prefix) with each document that reports it.

    With ``merged`` (default) a raw event's id finds the merged event it belongs to.
    """
    with store.snapshot():
        try:
            found = store.get_event(event_id, merged=merged)
            if found is None and merged and (mid := store.merged_id_of(event_id)):
                found = store.get_event(mid, merged=True)
        except AmbiguousIdError as exc:
            raise HTTPException(409, str(exc)) from None
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        reports: dict[str, dict] = {}
        for doc, raw in store.reports(found.event_id, merged=merged):
            entry = reports.get(doc.doc_id)
            evidence = [vars(ev) for ev in raw.evidence]
            if entry is not None:  # two raw events of one document merged: one entry
                entry["evidence"] += evidence
                continue
            reports[doc.doc_id] = Report(
                doc_id=doc.doc_id, title=doc.title, outlet=doc.outlet, url=doc.url,
                byline=doc.byline, dateline=doc.dateline,
                publication_date=_iso(doc.publication_date), text=doc.text,
                event_id=raw.event_id, evidence=evidence,
            ).model_dump()  # fmt: skip
    return {"event": found.to_dict(), "documents": list(reports.values())}


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@router.get("/documents", response_model=DocumentsPage)
def documents(
    store: StoreDep,
    q: Annotated[str | None, Query(description="Text in the title or the text.", **_TEXT)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> dict:
    """The stored documents, in the order they were stored."""
    with store.snapshot():
        total = store.count_documents(q=q)
        rows = store.query_documents(q=q, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "documents": rows}


@router.get("/documents/{doc_id:path}", response_model=DocumentDetail, responses=NOT_FOUND)
def document(doc_id: str, store: StoreDep) -> dict:
    """A document: its fields, text, body spans and raw events."""
    with store.snapshot():
        doc = store.get_document(doc_id) if "\x00" not in doc_id else None
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        raw = [e.to_dict() for e in store.query_events(doc_id=doc_id)]
        duplicate_of = store.duplicate_of(doc_id)
    return DocumentDetail(
        doc_id=doc.doc_id, title=doc.title, outlet=doc.outlet, url=doc.url,
        publication_date=_iso(doc.publication_date), byline=doc.byline, dateline=doc.dateline,
        duplicate_of=duplicate_of, date_note=doc.date_note, text=doc.text,
        body=list(doc.body), events=[EventOut(**e) for e in raw],
    ).model_dump()  # fmt: skip


@router.get("/counts", response_model=Counts)
def counts(store: StoreDep, filters: Filters, by: GroupName = "day") -> dict:
    """How many events (and fatalities) per day, ISO week (its Monday), month, admin1
    area, country, event type or sub-event type, among those matching the filters."""
    rows = store.count_events_by(by, filters)
    return {"by": by, "counts": [Count(key=k, events=n, fatalities=f) for k, n, f in rows]}


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The events matching the filters, as a file.",
            "content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()},
        }
    },
)
def export(
    request: Request,
    filters: Filters,
    format: ExportFormat = "csv",
    sort: SortName | None = None,
) -> StreamingResponse:
    """Every event matching the filters (no paging): csv (ACLED's columns in ACLED's order,
    then warlog's), jsonl or geojson. Written to a temporary file from one consistent
    snapshot, then streamed."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    try:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        with Store.open(request.app.state.settings.store_location) as store:
            with store.snapshot():
                write_events(_query(store, filters, sort=sort), format, text)
        text.flush()
        text.detach()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise

    def chunks() -> Iterator[bytes]:
        with spool:
            while data := spool.read(CHUNK):
                yield data

    return StreamingResponse(
        chunks(),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="warlog-events.{format}"'},
    )


_bearer = HTTPBearer(auto_error=False, description="The token given to `warlog serve --token`.")


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """403 when ingest is off (no token configured); 401 without the right bearer token."""
    token = request.app.state.settings.token
    if not token:
        raise HTTPException(403, INGEST_OFF)
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(
            401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )


@router.post(
    "/documents",
    status_code=201,
    response_model=Ingested,
    dependencies=[Depends(require_token)],
    responses={
        400: {"model": Problem, "description": "The body is not JSON."},
        401: {"model": Problem, "description": "Missing or wrong token."},
        403: {"model": Problem, "description": "Ingest is off (no token configured)."},
        413: {"description": "The body is larger than 16 MiB."},
    },
)
async def post_document(body: DocumentIn, request: Request) -> dict:
    """Code a report with the pipeline of `warlog ingest` and store it (needs the token).

    ``duplicate`` is true when the same text is already stored (nothing is written).
    """
    record = body.model_dump(exclude_none=True)
    if body.publication_date is not None:
        record["publication_date"] = body.publication_date.isoformat()
    state = request.app.state
    try:
        outcome = await run_in_threadpool(
            ingest_document, state.ingest, state.settings.store_location, record
        )
    except Unprocessable as exc:
        raise _unprocessable(str(exc)) from None
    return {
        "doc_id": outcome.doc_id,
        "duplicate": outcome.duplicate,
        "events": [e.to_dict() for e in outcome.events],
    }


def _unprocessable(message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("body", "text"), "msg": message, "input": None}]
    )
