"""The embedded SQLite store: documents, their events and the events' evidence."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from pathlib import Path
from types import TracebackType

import platformdirs

from warlog.models import Document, Event, Evidence
from warlog.store.migrations import StoreError, check_version, migrate, schema_version

# Event columns stored in the ``events`` table (everything but ``evidence``).
EVENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Event) if f.name != "evidence")

_INSERT_EVENT = "INSERT INTO events ({}) VALUES ({})".format(
    ", ".join(EVENT_COLUMNS), ", ".join(f":{c}" for c in EVENT_COLUMNS)
)
_SELECT_EVENTS = "SELECT {} FROM events".format(", ".join(EVENT_COLUMNS))
_INSERT_EVIDENCE = (
    'INSERT INTO evidence (event_id, ordinal, field, text, "start", "end") '
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_DOCUMENT = """
INSERT INTO documents (
    doc_id, content_hash, title, publication_date, outlet, url, byline, dateline,
    dateline_span, body, title_span, source_path, date_note, text
) VALUES (
    :doc_id, :content_hash, :title, :publication_date, :outlet, :url, :byline, :dateline,
    :dateline_span, :body, :title_span, :source_path, :date_note, :text
)
"""

# Rows fetched per batch by query_events; evidence is fetched once per batch.
BATCH_SIZE = 500


class AmbiguousIdError(StoreError, LookupError):
    """An event id prefix matches more than one event."""

    def __init__(self, prefix: str, candidates: Sequence[str]) -> None:
        self.prefix = prefix
        self.candidates = list(candidates)
        super().__init__(
            f"event id prefix {prefix!r} is ambiguous: matches {', '.join(self.candidates)}"
        )


def default_location() -> Path:
    """``$WARLOG_DB`` when set, else ``warlog.db`` in the user data directory."""
    env = os.environ.get("WARLOG_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("warlog")) / "warlog.db"


def content_hash_of(text: str) -> str:
    """The hash stored for a document that came without one: SHA-256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


def _span_json(span: tuple[int, int] | None) -> str | None:
    return None if span is None else json.dumps(list(span))


def _span(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    start, end = json.loads(value)
    return (start, end)


def _iso(value: date | str | None, name: str) -> str | None:
    """A ``date`` (or ``YYYY-MM-DD`` string) as ``YYYY-MM-DD``."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value).isoformat()
    if isinstance(value, date):
        return date(value.year, value.month, value.day).isoformat()
    raise TypeError(f"{name} must be a date or a YYYY-MM-DD string, not {type(value).__name__}")


class Store:
    """A warlog database. Open it with :meth:`Store.open`.

    ``conn`` is a plain :class:`sqlite3.Connection` in autocommit mode with
    ``sqlite3.Row`` rows, free for ad-hoc queries.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path

    # -- opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path | None = None, *, timeout: float = 30.0) -> Store:
        """Open (creating and migrating when needed) the database at ``location``.

        ``location`` is a file path, ``":memory:"``, or None for :func:`default_location`.
        ``timeout`` is how many seconds to wait for another connection's lock before
        failing with "database is locked".
        """
        if location is None:
            location = default_location()
        memory = str(location) == ":memory:"
        path = None if memory else Path(location).expanduser()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            ":memory:" if path is None else path,
            timeout=timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.row_factory = sqlite3.Row
            conn.create_function("warlog_casefold", 1, _casefold, deterministic=True)
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            label = ":memory:" if path is None else str(path)
            # Refuse a newer or foreign database before changing anything in it.
            check_version(conn, label)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn, label)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.path or ':memory:'}>"

    @property
    def schema_version(self) -> int:
        """The database's schema version (``PRAGMA user_version``)."""
        return schema_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success, rolled back on any exception.

        ``BEGIN IMMEDIATE`` takes the write lock at once (waiting up to the busy timeout),
        so a transaction never fails half-way because another writer got there first.
        Nested use becomes a savepoint.
        """
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT warlog_nested")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO warlog_nested")
                self.conn.execute("RELEASE warlog_nested")
                raise
            self.conn.execute("RELEASE warlog_nested")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- writing ------------------------------------------------------------------------

    def add_document(self, doc: Document, events: Sequence[Event]) -> str:
        """Store ``doc`` with its ``events``, all in one transaction.

        Returns ``"added"``; ``"unchanged"`` when a document with the same content hash
        is already stored (nothing is written); or ``"replaced"`` when ``doc.doc_id`` was
        stored with other content (its old events are deleted).

        A document without ``content_hash`` gets :func:`content_hash_of` its text. An event
        without ``event_id`` gets ``"<doc_id>:<n>"`` (n its 0-based position), written back
        to the Event. Every event must belong to ``doc`` (``event.doc_id == doc.doc_id``).
        """
        chash = doc.content_hash or content_hash_of(doc.text)
        for event in events:
            if event.doc_id != doc.doc_id:
                raise ValueError(
                    f"event {event.event_id!r} belongs to {event.doc_id!r}, not {doc.doc_id!r}"
                )
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (chash,)).fetchone():
                return "unchanged"
            replaced = (
                conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc.doc_id,)).fetchone()
                is not None
            )
            if replaced:
                # ON DELETE CASCADE removes the old events and their evidence.
                conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
            conn.execute(
                _INSERT_DOCUMENT,
                {
                    "doc_id": doc.doc_id,
                    "content_hash": chash,
                    "title": doc.title,
                    "publication_date": _iso(doc.publication_date, "publication_date"),
                    "outlet": doc.outlet,
                    "url": doc.url,
                    "byline": doc.byline,
                    "dateline": doc.dateline,
                    "dateline_span": _span_json(doc.dateline_span),
                    "body": json.dumps([list(s) for s in doc.body]) if doc.body else None,
                    "title_span": _span_json(doc.title_span),
                    "source_path": doc.source_path,
                    "date_note": doc.date_note,
                    "text": doc.text,
                },
            )
            for n, event in enumerate(events):
                if not event.event_id:
                    event.event_id = f"{doc.doc_id}:{n}"
                conn.execute(_INSERT_EVENT, {c: getattr(event, c) for c in EVENT_COLUMNS})
                conn.executemany(
                    _INSERT_EVIDENCE,
                    [
                        (event.event_id, i, ev.field, ev.text, ev.start, ev.end)
                        for i, ev in enumerate(event.evidence)
                    ],
                )
        return "replaced" if replaced else "added"

    def delete_document(self, doc_id: str) -> bool:
        """Delete a document with its events; False when it was not stored."""
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return cur.rowcount > 0

    # -- reading ------------------------------------------------------------------------

    def has_hash(self, content_hash: str) -> bool:
        """True when a document with this content hash is stored."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row is not None

    def get_document(self, doc_id: str) -> Document | None:
        """The stored document, or None."""
        row = self.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        pub = row["publication_date"]
        return Document(
            doc_id=row["doc_id"],
            text=row["text"],
            title=row["title"],
            publication_date=date.fromisoformat(pub) if pub else None,
            outlet=row["outlet"],
            url=row["url"],
            byline=row["byline"],
            dateline=row["dateline"],
            dateline_span=_span(row["dateline_span"]),
            body=[(s, e) for s, e in json.loads(row["body"])] if row["body"] else [],
            title_span=_span(row["title_span"]),
            source_path=row["source_path"],
            content_hash=row["content_hash"],
            date_note=row["date_note"],
        )

    def get_event(self, event_id: str) -> Event | None:
        """The event with this id, or with this unique id prefix (like git); else None.

        Raises :class:`AmbiguousIdError` when the prefix matches several events.
        """
        if not event_id:
            return None
        rows = self.conn.execute(_SELECT_EVENTS + " WHERE event_id = ?", (event_id,)).fetchall()
        if not rows:
            # Range scan on the primary key: every id starting with the prefix sorts
            # between the prefix and the prefix followed by the highest code point.
            rows = self.conn.execute(
                _SELECT_EVENTS
                + " WHERE event_id >= ? AND event_id < ? AND substr(event_id, 1, ?) = ?"
                " ORDER BY event_id LIMIT 11",
                (event_id, event_id + "\U0010ffff", len(event_id), event_id),
            ).fetchall()
        if not rows:
            return None
        if len(rows) > 1:
            raise AmbiguousIdError(event_id, [r["event_id"] for r in rows])
        return self._with_evidence(rows)[0]

    def query_events(
        self,
        *,
        since: date | str | None = None,
        until: date | str | None = None,
        country: str | int | None = None,
        event_type: str | None = None,
        actor: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        record_type: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Event]:
        """Stored events matching every given filter, with their evidence.

        - ``since``/``until``: inclusive bounds on ``event_date`` (undated events are
          left out when either is given).
        - ``country``: country name (ASCII case-insensitive) or ISO 3166-1 numeric code.
        - ``event_type``: equals ``event_type`` or ``sub_event_type`` (case-insensitive).
        - ``actor``: case-insensitive substring of actor1, actor2 or an associated actor.
        - ``bbox``: ``(min_lon, min_lat, max_lon, max_lat)``; ``min_lon > max_lon`` means a
          box across the antimeridian. Events without coordinates are left out.
        - ``record_type``: ``"event"`` or ``"displacement"``; ``doc_id``: one document.

        Ordered by event_date (undated last), doc_id, event_id.
        """
        where: list[str] = []
        params: list[object] = []
        if since is not None:
            where.append("event_date >= ?")
            params.append(_iso(since, "since"))
        if until is not None:
            where.append("event_date <= ?")
            params.append(_iso(until, "until"))
        if country is not None:
            text = str(country).strip()
            if text.isdigit():
                where.append("iso = ?")
                params.append(int(text))
            else:
                where.append("country = ? COLLATE NOCASE")
                params.append(text)
        if event_type is not None:
            where.append("(event_type = ? COLLATE NOCASE OR sub_event_type = ? COLLATE NOCASE)")
            params += [event_type, event_type]
        if actor is not None:
            needle = actor.casefold()
            where.append(
                "(instr(warlog_casefold(actor1), ?) OR instr(warlog_casefold(actor2), ?)"
                " OR instr(warlog_casefold(assoc_actor_1), ?)"
                " OR instr(warlog_casefold(assoc_actor_2), ?))"
            )
            params += [needle] * 4
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = bbox
            where.append("latitude BETWEEN ? AND ?")
            params += [min_lat, max_lat]
            if min_lon <= max_lon:
                where.append("longitude BETWEEN ? AND ?")
            else:
                where.append("(longitude >= ? OR longitude <= ?)")
            params += [min_lon, max_lon]
        if record_type is not None:
            where.append("record_type = ?")
            params.append(record_type)
        if doc_id is not None:
            where.append("doc_id = ?")
            params.append(doc_id)
        sql = _SELECT_EVENTS
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_date IS NULL, event_date, doc_id, event_id LIMIT ?"
        params.append(-1 if limit is None else max(limit, 0))
        return self._iter_events(sql, params)

    def _iter_events(self, sql: str, params: Sequence[object]) -> Iterator[Event]:
        cur = self.conn.execute(sql, params)
        try:
            while rows := cur.fetchmany(BATCH_SIZE):
                yield from self._with_evidence(rows)
        finally:
            cur.close()

    def _with_evidence(self, rows: Sequence[sqlite3.Row]) -> list[Event]:
        """Events for ``rows``, their evidence fetched in one query."""
        events = [Event(**{c: row[c] for c in EVENT_COLUMNS}) for row in rows]
        by_id = {e.event_id: e for e in events}
        marks = ", ".join("?" * len(by_id))
        for ev in self.conn.execute(
            'SELECT event_id, field, text, "start", "end" FROM evidence'
            f" WHERE event_id IN ({marks}) ORDER BY event_id, ordinal",
            list(by_id),
        ):
            by_id[ev["event_id"]].evidence.append(
                Evidence(field=ev["field"], text=ev["text"], start=ev["start"], end=ev["end"])
            )
        return events

    def counts(self) -> dict[str, int]:
        """How many documents and events are stored."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM documents) AS documents,"
            " (SELECT count(*) FROM events) AS events"
        ).fetchone()
        return {"documents": row["documents"], "events": row["events"]}
