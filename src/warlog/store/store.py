"""The store: documents, their events and the events' evidence, and the merged events.

SQLite (embedded, the default) or PostgreSQL (``postgresql://`` URL, see
:mod:`warlog.store.postgres`), with the same schema and API.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType

import platformdirs

from warlog import dedup
from warlog.models import Document, Event, Evidence
from warlog.store import clusters
from warlog.store.columns import EVENT_COLUMNS, event_of
from warlog.store.migrations import StoreError, check_version, migrate, schema_version
from warlog.store.postgres import is_postgres_url
from warlog.store.queries import (
    DISTINCT_COLUMNS,
    EventFilter,
    contains_any,
    group_key,
    iso_date,
    limit_offset,
    order_by,
)

_INSERT_EVENT = "INSERT INTO events ({}) VALUES ({})".format(
    ", ".join(EVENT_COLUMNS), ", ".join("?" * len(EVENT_COLUMNS))
)
_SELECT_EVENTS = "SELECT {} FROM events".format(", ".join(EVENT_COLUMNS))
_SELECT_MERGED = "SELECT {} FROM merged_events".format(", ".join(EVENT_COLUMNS))
_INSERT_EVIDENCE = (
    'INSERT INTO evidence (event_id, ordinal, field, text, "start", "end") '
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_DOCUMENT = """
INSERT INTO documents (
    doc_id, content_hash, title, publication_date, outlet, url, byline, dateline,
    dateline_span, body, title_span, source_path, date_note, text, seq
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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


class Store:
    """A warlog database. Open it with :meth:`Store.open`.

    ``conn`` is, for SQLite, a plain :class:`sqlite3.Connection` in autocommit mode with
    ``sqlite3.Row`` rows, free for ad-hoc queries; for PostgreSQL a
    :class:`~warlog.store.postgres.PgConnection` (``execute`` with ``?`` placeholders).

    The store keeps every article's own (raw) events, and a merged view of them: one
    merged event per real event reported by several articles (:mod:`warlog.dedup`),
    recomputed in the transaction that adds, replaces or deletes a document.
    """

    def __init__(
        self, conn, path: Path | None = None, *, dialect: str = "sqlite", label: str = ""
    ) -> None:
        self.conn = conn
        self.path = path
        self.dialect = dialect
        self.label = label or (str(path) if path else ":memory:")

    # -- opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path | None = None, *, timeout: float = 30.0) -> Store:
        """Open (creating and migrating when needed) the database at ``location``.

        ``location`` is a file path, ``":memory:"``, a ``postgresql://user@host:port/db``
        URL, or None for :func:`default_location`. ``timeout`` is how many seconds to
        wait for another connection's lock before failing with "database is locked".
        """
        if location is None:
            env = os.environ.get("WARLOG_DB", "")
            location = env if is_postgres_url(env) else default_location()
        if is_postgres_url(location):
            from warlog.store.postgres import connect

            url = str(location)
            label = url.split("@", 1)[-1] if "@" in url else url
            return cls(connect(url, timeout), None, dialect="postgresql", label=label)
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
        return f"<Store {self.label}>"

    @property
    def schema_version(self) -> int:
        """The database's schema version."""
        if self.dialect == "postgresql":
            from warlog.store import postgres

            return postgres.schema_version(self.conn)
        return schema_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator:
        """A write transaction: committed on success, rolled back on any exception.

        SQLite: ``BEGIN IMMEDIATE`` takes the write lock at once (waiting up to the busy
        timeout), so a transaction never fails half-way because another writer got there
        first. PostgreSQL: the same through one advisory lock. Nested use becomes a
        savepoint.
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
        if self.dialect == "postgresql":
            self.conn.begin_write()
        else:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator:
        """A read transaction: every query inside sees the same committed state, however
        many documents other processes store meanwhile (readers never block writers)."""
        if self.conn.in_transaction:
            yield self.conn
            return
        if self.dialect == "postgresql":
            self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        else:
            self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    # -- writing ------------------------------------------------------------------------

    def add_document(self, doc: Document, events: Sequence[Event]) -> str:
        """Store ``doc`` with its ``events``, all in one transaction.

        Returns ``"added"``; ``"unchanged"`` when a document with the same content hash
        is already stored (nothing is written); or ``"replaced"`` when ``doc.doc_id`` was
        stored with other content (its old events are deleted).

        In the same transaction the document is compared with the stored ones (MinHash
        LSH): a near-duplicate is linked to its original (``documents.duplicate_of``),
        and the merged events its events belong to (and those its old version belonged
        to) are recomputed.

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
        sig = dedup.signature(dedup.body_text(doc))  # outside the lock: CPU only
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (chash,)).fetchone():
                return "unchanged"
            replaced = (
                conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc.doc_id,)).fetchone()
                is not None
            )
            keys: set[str] = set()
            if replaced:
                keys, orphans = clusters.detach(conn, doc.doc_id)
                # ON DELETE CASCADE removes the old events, their evidence, clusters and
                # the old signature.
                conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
                keys |= clusters.replace_orphans(conn, orphans)
            seq = clusters.next_seq(conn)
            conn.execute(
                _INSERT_DOCUMENT,
                (
                    doc.doc_id,
                    chash,
                    doc.title,
                    iso_date(doc.publication_date, "publication_date"),
                    doc.outlet,
                    doc.url,
                    doc.byline,
                    doc.dateline,
                    _span_json(doc.dateline_span),
                    json.dumps([list(s) for s in doc.body]) if doc.body else None,
                    _span_json(doc.title_span),
                    doc.source_path,
                    doc.date_note,
                    doc.text,
                    seq,
                ),
            )
            for n, event in enumerate(events):
                if not event.event_id:
                    event.event_id = f"{doc.doc_id}:{n}"
                conn.execute(_INSERT_EVENT, [getattr(event, c) for c in EVENT_COLUMNS])
                conn.executemany(
                    _INSERT_EVIDENCE,
                    [
                        (event.event_id, i, ev.field, ev.text, ev.start, ev.end)
                        for i, ev in enumerate(event.evidence)
                    ],
                )
            keys |= clusters.place_document(conn, doc.doc_id, seq, sig)
            clusters.rebuild(conn, keys)
        return "replaced" if replaced else "added"

    def delete_document(self, doc_id: str) -> bool:
        """Delete a document with its events; False when it was not stored."""
        with self.transaction() as conn:
            keys, orphans = clusters.detach(conn, doc_id)
            cur = conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            deleted = cur.rowcount > 0
            keys |= clusters.replace_orphans(conn, orphans)
            clusters.rebuild(conn, keys)
        return deleted

    # -- reading ------------------------------------------------------------------------

    def has_hash(self, content_hash: str) -> bool:
        """True when a document with this content hash is stored."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row is not None

    def doc_id_of_hash(self, content_hash: str) -> str | None:
        """The id of the stored document with this content hash, or None."""
        row = self.conn.execute(
            "SELECT doc_id FROM documents WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return None if row is None else row["doc_id"]

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

    def duplicate_of(self, doc_id: str) -> str | None:
        """The original a stored document near-duplicates, or None."""
        row = self.conn.execute(
            "SELECT duplicate_of FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else row["duplicate_of"]

    def get_event(self, event_id: str, *, merged: bool = False) -> Event | None:
        """The event with this id, or with this unique id prefix (like git); else None.

        ``merged``: look among the merged events (whose ids are those of their first
        report's raw event) instead of the raw ones.
        Raises :class:`AmbiguousIdError` when the prefix matches several events.
        """
        if not event_id:
            return None
        select = _SELECT_MERGED if merged else _SELECT_EVENTS
        rows = self.conn.execute(select + " WHERE event_id = ?", (event_id,)).fetchall()
        if not rows:
            # Range scan on the primary key: every id starting with the prefix sorts
            # between the prefix and the prefix followed by the highest code point.
            c = ' COLLATE "C"' if self.dialect == "postgresql" else ""
            rows = self.conn.execute(
                select + f" WHERE event_id{c} >= ? AND event_id{c} < ?"
                " AND substr(event_id, 1, ?) = ?"
                f" ORDER BY event_id{c} LIMIT 11",
                (event_id, event_id + "\U0010ffff", len(event_id), event_id),
            ).fetchall()
        if not rows:
            return None
        if len(rows) > 1:
            raise AmbiguousIdError(event_id, [r["event_id"] for r in rows])
        return self._with_evidence(rows, merged)[0]

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
        merged: bool = False,
        admin1: str | None = None,
        sub_event_type: str | None = None,
        q: str | None = None,
        min_confidence: float | None = None,
        sort: str | None = None,
        offset: int = 0,
    ) -> Iterator[Event]:
        """Stored events matching every given filter, with their evidence.

        - ``merged``: the merged events (one per real event, ``sources_count`` reports,
          every source and all evidence) instead of the raw per-article records.
        - ``since``/``until``: inclusive bounds on ``event_date`` (undated events are
          left out when either is given).
        - ``country``: country name (ASCII case-insensitive) or ISO 3166-1 numeric code;
          ``admin1``: first-level admin area name (ASCII case-insensitive).
        - ``event_type``: equals ``event_type`` or ``sub_event_type`` (case-insensitive);
          ``sub_event_type``: equals ``sub_event_type`` (case-insensitive).
        - ``actor``: case-insensitive substring of actor1, actor2 or an associated actor.
        - ``bbox``: ``(min_lon, min_lat, max_lon, max_lat)``; ``min_lon > max_lon`` means a
          box across the antimeridian. Events without coordinates are left out.
        - ``q``: case-insensitive substring of ``notes`` or of any evidence text (for a
          merged event: the evidence of any of its reports).
        - ``min_confidence``: ``confidence >= min_confidence``.
        - ``record_type``: ``"event"`` or ``"displacement"``; ``doc_id``: one document
          (for merged events: the document of the first report).
        - ``sort``: a name of :data:`~warlog.store.queries.SORTS` (``-`` descending; undated
          last; ties by event_id). Without it: by event_date (undated last), doc_id,
          event_id. ``limit``/``offset``: one page of that order.
        """
        filters = EventFilter(
            since=since, until=until, country=country, admin1=admin1, event_type=event_type,
            sub_event_type=sub_event_type, actor=actor, bbox=bbox, q=q,
            min_confidence=min_confidence, record_type=record_type, doc_id=doc_id, merged=merged,
        )  # fmt: skip
        pg = self.dialect == "postgresql"
        where, params = filters.where(pg)
        sql = (_SELECT_MERGED if merged else _SELECT_EVENTS) + where + order_by(sort, pg)
        sql += " LIMIT ? OFFSET ?"
        params += limit_offset(limit, offset, pg)
        return self._iter_events(sql, params, merged)

    def count_events(self, filters: EventFilter | None = None) -> int:
        """How many events match ``filters`` (all raw events when None)."""
        filters = filters or EventFilter()
        where, params = filters.where(self.dialect == "postgresql")
        row = self.conn.execute(
            f"SELECT count(*) AS n FROM {filters.table}{where}", params
        ).fetchone()
        return int(row["n"])

    def count_events_by(
        self, by: str, filters: EventFilter | None = None
    ) -> list[tuple[str | None, int, int]]:
        """``(key, events, fatalities)`` per group of the events matching ``filters``.

        ``by`` is a name of :data:`~warlog.store.queries.GROUPS`: ``day`` (YYYY-MM-DD),
        ``week`` (its ISO Monday), ``month`` (YYYY-MM), ``admin1``, ``country``,
        ``event_type``, ``sub_event_type``. Undated or unnamed events have key None.
        Ordered by key, None last. Counted by the database (GROUP BY).
        """
        filters = filters or EventFilter()
        pg = self.dialect == "postgresql"
        key = group_key(by, pg)
        where, params = filters.where(pg)
        c = ' COLLATE "C"' if pg else ""
        rows = self.conn.execute(
            f"SELECT k, n, f FROM (SELECT {key} AS k, count(*) AS n,"
            f" coalesce(sum(fatalities), 0) AS f FROM {filters.table}{where} GROUP BY 1) g"
            f" ORDER BY k IS NULL, k{c}",
            params,
        ).fetchall()
        return [(row["k"], int(row["n"]), int(row["f"])) for row in rows]

    def distinct_values(self, column: str, *, merged: bool = True) -> list[str]:
        """The distinct non-empty values of an event column (one of
        :data:`~warlog.store.queries.DISTINCT_COLUMNS`), sorted."""
        if column not in DISTINCT_COLUMNS:
            raise ValueError(f"no distinct values of {column!r}")
        table = "merged_events" if merged else "events"
        c = ' COLLATE "C"' if self.dialect == "postgresql" else ""
        rows = self.conn.execute(
            f"SELECT {column} AS v FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''"
            f" GROUP BY {column} ORDER BY {column}{c}"
        ).fetchall()
        return [row["v"] for row in rows]

    def date_range(self, *, merged: bool = True) -> tuple[str | None, str | None]:
        """The first and last ``event_date`` stored (None, None when no event is dated)."""
        table = "merged_events" if merged else "events"
        row = self.conn.execute(
            f"SELECT min(event_date) AS first, max(event_date) AS last FROM {table}"
        ).fetchone()
        return row["first"], row["last"]

    def merged_id_of(self, event_id: str) -> str | None:
        """The id of the merged event a raw event (exact id) belongs to, or None."""
        row = self.conn.execute(
            "SELECT merged_id FROM event_clusters WHERE event_id = ?", (event_id,)
        ).fetchone()
        return row["merged_id"] if row is not None and row["merged_id"] else None

    def reports(self, event_id: str, *, merged: bool = True) -> list[tuple[Document, Event]]:
        """Each report of an event: its document and the document's own (raw) event,
        whose evidence offsets point into that document's text.

        A merged event (``merged``) has one pair per raw event merged into it, the first
        report first; a raw event has one pair. ``event_id`` may be a unique prefix, as
        for :meth:`get_event`. Empty when the event is unknown; raises
        :class:`AmbiguousIdError` for an ambiguous prefix.
        """
        event = self.get_event(event_id, merged=merged)
        if event is None:
            return []
        if merged:
            c = ' COLLATE "C"' if self.dialect == "postgresql" else ""
            rows = self.conn.execute(
                "SELECT {} FROM event_clusters cl JOIN events e ON e.event_id = cl.event_id"
                " JOIN documents d ON d.doc_id = e.doc_id WHERE cl.merged_id = ?"
                " ORDER BY d.seq, e.event_id{}".format(
                    ", ".join(f"e.{col}" for col in EVENT_COLUMNS), c
                ),
                (event.event_id,),
            ).fetchall()
            raw = self._with_evidence(rows) if rows else []
        else:
            raw = [event]
        documents: dict[str, Document | None] = {}
        out: list[tuple[Document, Event]] = []
        for one in raw:
            if one.doc_id not in documents:
                documents[one.doc_id] = self.get_document(one.doc_id)
            doc = documents[one.doc_id]
            if doc is not None:
                out.append((doc, one))
        return out

    def query_documents(
        self, *, q: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict]:
        """Stored documents (in storage order) whose title or text contains ``q``
        (case-insensitive): their fields but the text, ``duplicate_of`` and ``events``
        (how many raw events each has)."""
        where, params = self._documents_where(q)
        rows = self.conn.execute(
            "SELECT d.doc_id, d.title, d.outlet, d.url, d.publication_date, d.byline,"
            " d.dateline, d.duplicate_of,"
            " (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events"
            f" FROM documents d{where} ORDER BY d.seq LIMIT ? OFFSET ?",
            [*params, *limit_offset(limit, offset, self.dialect == "postgresql")],
        ).fetchall()
        return [{k: row[k] for k in row.keys()} for row in rows]

    def count_documents(self, *, q: str | None = None) -> int:
        """How many documents :meth:`query_documents` would give without paging."""
        where, params = self._documents_where(q)
        row = self.conn.execute(f"SELECT count(*) AS n FROM documents d{where}", params).fetchone()
        return int(row["n"])

    def _documents_where(self, q: str | None) -> tuple[str, list[object]]:
        if q is None:
            return "", []
        test, params = contains_any(["d.title", "d.text"], q, self.dialect == "postgresql")
        return f" WHERE {test}", params

    def _iter_events(self, sql: str, params: Sequence[object], merged: bool) -> Iterator[Event]:
        cur = self.conn.execute(sql, params)
        try:
            while rows := cur.fetchmany(BATCH_SIZE):
                yield from self._with_evidence(rows, merged)
        finally:
            cur.close()

    def _with_evidence(self, rows: Sequence, merged: bool = False) -> list[Event]:
        """Events for ``rows``, their evidence fetched in one query.

        A merged event's evidence is that of all its reports, the first report's first.
        """
        events = [event_of(row) for row in rows]
        by_id = {e.event_id: e for e in events}
        marks = ", ".join("?" * len(by_id))
        if merged:
            sql = (
                'SELECT c.merged_id AS event_id, ev.field, ev.text, ev."start", ev."end"'
                " FROM event_clusters c JOIN evidence ev ON ev.event_id = c.event_id"
                " JOIN events e ON e.event_id = c.event_id"
                " JOIN documents d ON d.doc_id = e.doc_id"
                f" WHERE c.merged_id IN ({marks})"
                " ORDER BY c.merged_id, d.seq, ev.event_id, ev.ordinal"
            )
        else:
            sql = (
                'SELECT event_id, field, text, "start", "end" FROM evidence'
                f" WHERE event_id IN ({marks}) ORDER BY event_id, ordinal"
            )
        for ev in self.conn.execute(sql, list(by_id)):
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

    def stats(self) -> dict[str, int]:
        """:meth:`counts`, plus near-duplicate documents and merged events."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL)"
            " AS duplicates, (SELECT count(*) FROM merged_events) AS merged_events"
        ).fetchone()
        return {
            **self.counts(),
            "duplicates": row["duplicates"],
            "merged_events": row["merged_events"],
        }
