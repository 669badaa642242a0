"""PostgreSQL backend of the store (psycopg 3), for teams sharing one store.

``Store.open("postgresql://user@host:port/db")`` gives the same API as SQLite. The
schema is the same (``PG_MIGRATIONS[i]`` mirrors ``migrations.MIGRATIONS[i]``, with
PostgreSQL types); the version lives in the table ``warlog_meta``. Write transactions
take one advisory lock (:data:`WRITE_LOCK`), so writers are serialised as in SQLite and
readers never wait (MVCC).

The SQL of the store is written with ``?`` placeholders; :class:`PgConnection`
translates them to psycopg's ``%s``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from warlog.store.migrations import MIGRATIONS, SchemaTooNewError, StoreError, split_statements

# pg_advisory_xact_lock key of the store's write lock ("WLOG").
WRITE_LOCK = 0x574C4F47
URL_PREFIXES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_postgres_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(URL_PREFIXES)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """``?`` placeholders to ``%s`` and literal ``%`` to ``%%``, outside quotes."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class Row(tuple):
    """A result row readable by position and by column name (like ``sqlite3.Row``)."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence, index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            key = self._index[key]
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor) -> Callable[[Sequence], Row]:
    index = {d.name: i for i, d in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class PgConnection:
    """A psycopg connection with the parts of ``sqlite3.Connection`` the store uses."""

    dialect = "postgresql"

    def __init__(self, raw) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence | None = None):
        cur = self.raw.cursor(row_factory=_row_factory)
        cur.execute(translate(sql), params if params else None)
        return cur

    def executemany(self, sql: str, seq: Sequence[Sequence]):
        cur = self.raw.cursor()
        rows = list(seq)
        if rows:
            cur.executemany(translate(sql), rows)
        return cur

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def begin_write(self) -> None:
        self.execute("BEGIN")
        self.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))

    def close(self) -> None:
        self.raw.close()


_PG_V1 = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT UNIQUE NOT NULL,
    title TEXT,
    publication_date TEXT,
    outlet TEXT,
    url TEXT,
    byline TEXT,
    dateline TEXT,
    dateline_span TEXT,
    body TEXT,
    title_span TEXT,
    source_path TEXT,
    date_note TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    record_type TEXT NOT NULL DEFAULT 'event',
    confidence DOUBLE PRECISION,
    event_date TEXT,
    time_precision INTEGER,
    disorder_type TEXT DEFAULT '',
    event_type TEXT DEFAULT '',
    sub_event_type TEXT DEFAULT '',
    actor1 TEXT DEFAULT '',
    assoc_actor_1 TEXT DEFAULT '',
    inter1 INTEGER,
    actor2 TEXT DEFAULT '',
    assoc_actor_2 TEXT DEFAULT '',
    inter2 INTEGER,
    interaction INTEGER,
    civilian_targeting TEXT DEFAULT '',
    iso INTEGER,
    country TEXT DEFAULT '',
    admin1 TEXT DEFAULT '',
    admin2 TEXT DEFAULT '',
    admin3 TEXT DEFAULT '',
    location TEXT DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    geo_precision INTEGER,
    source TEXT DEFAULT '',
    source_scale TEXT DEFAULT '',
    notes TEXT DEFAULT '',
    fatalities INTEGER DEFAULT 0,
    tags TEXT DEFAULT '',
    date_note TEXT,
    created_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE INDEX events_doc_id ON events(doc_id);
CREATE INDEX events_event_id_c ON events(event_id COLLATE "C");
CREATE INDEX events_event_date ON events(event_date);
CREATE INDEX events_country ON events(lower(country));
CREATE INDEX events_iso ON events(iso);
CREATE INDEX events_event_type ON events(lower(event_type));
CREATE INDEX events_sub_event_type ON events(lower(sub_event_type));
CREATE INDEX events_actor1 ON events(actor1);
CREATE INDEX events_actor2 ON events(actor2);
CREATE INDEX events_lat_lon ON events(latitude, longitude);

CREATE TABLE evidence (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    "start" INTEGER,
    "end" INTEGER,
    PRIMARY KEY (event_id, ordinal)
);
"""

_PG_V2 = """
ALTER TABLE events ADD COLUMN sources_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN seq BIGINT;
ALTER TABLE documents ADD COLUMN duplicate_of TEXT;
CREATE INDEX documents_seq ON documents(seq);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);

CREATE TABLE doc_signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    signature BYTEA NOT NULL
);

CREATE TABLE doc_bands (
    hash TEXT NOT NULL,
    band INTEGER NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    PRIMARY KEY (hash, band, doc_id)
);
CREATE INDEX doc_bands_doc_id ON doc_bands(doc_id);

CREATE TABLE event_clusters (
    event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
    merge_key TEXT NOT NULL,
    merged_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_clusters_merge_key ON event_clusters(merge_key);
CREATE INDEX event_clusters_merged_id ON event_clusters(merged_id);

CREATE TABLE merged_events (LIKE events INCLUDING DEFAULTS);
ALTER TABLE merged_events DROP COLUMN created_at;
ALTER TABLE merged_events ADD COLUMN merge_key TEXT NOT NULL UNIQUE;
ALTER TABLE merged_events ADD PRIMARY KEY (event_id);
CREATE INDEX merged_events_event_id_c ON merged_events(event_id COLLATE "C");
CREATE INDEX merged_events_event_date ON merged_events(event_date);
CREATE INDEX merged_events_country ON merged_events(lower(country));
CREATE INDEX merged_events_iso ON merged_events(iso);
CREATE INDEX merged_events_event_type ON merged_events(lower(event_type));
CREATE INDEX merged_events_sub_event_type ON merged_events(lower(sub_event_type));
CREATE INDEX merged_events_lat_lon ON merged_events(latitude, longitude);
"""


def _pg_v2(conn: PgConnection) -> None:
    from warlog.store.clusters import backfill

    for statement in split_statements(_PG_V2):
        conn.execute(statement)
    conn.execute(
        "UPDATE documents d SET seq = n.seq FROM (SELECT doc_id,"
        " row_number() OVER (ORDER BY ingested_at, doc_id) AS seq FROM documents) n"
        " WHERE d.doc_id = n.doc_id"
    )
    backfill(conn)


PG_MIGRATIONS: tuple = (_PG_V1, _pg_v2)
assert len(PG_MIGRATIONS) == len(MIGRATIONS), "every migration needs its PostgreSQL twin"


def schema_version(conn: PgConnection) -> int:
    exists = conn.execute("SELECT to_regclass('warlog_meta') IS NOT NULL AS t").fetchone()["t"]
    if not exists:
        return 0
    row = conn.execute("SELECT value FROM warlog_meta WHERE name = 'schema_version'").fetchone()
    return int(row["value"]) if row else 0


def check_version(conn: PgConnection, label: str, known: int) -> int:
    version = schema_version(conn)
    if version == 0:
        foreign = conn.execute("SELECT to_regclass('documents') IS NOT NULL AS t").fetchone()["t"]
        if foreign:
            raise StoreError(f"{label} has a documents table but is not a warlog database")
    if version > known:
        raise SchemaTooNewError(
            f"{label} has schema version {version}, but this warlog only knows versions up "
            f"to {known}: it was written by a newer warlog; upgrade warlog to use it"
        )
    return version


def migrate(conn: PgConnection, label: str) -> int:
    """Apply the pending migrations in one transaction (DDL is transactional)."""
    target = len(PG_MIGRATIONS)
    if check_version(conn, label, target) == target:
        return target
    conn.begin_write()
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS warlog_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        version = check_version(conn, label, target)
        for number in range(version, target):
            step = PG_MIGRATIONS[number]
            if callable(step):
                step(conn)
            else:
                for statement in split_statements(step):
                    conn.execute(statement)
        conn.execute(
            "INSERT INTO warlog_meta (name, value) VALUES ('schema_version', ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (str(target),),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return target


def connect(url: str, timeout: float) -> PgConnection:
    """Connect (autocommit; transactions are explicit) and migrate."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise StoreError(
            "a PostgreSQL store needs psycopg: pip install 'warlog[postgres]'"
        ) from exc
    if url.startswith("postgresql+psycopg://"):
        url = "postgresql://" + url.removeprefix("postgresql+psycopg://")
    raw = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
    conn = PgConnection(raw)
    try:
        # Wait for another writer's lock at most ``timeout``, like SQLite's busy timeout.
        conn.execute(f"SET lock_timeout = {int(timeout * 1000)}")
        migrate(conn, re.sub(r"//[^@/]*@", "//", url))  # no password in messages
    except BaseException:
        raw.close()
        raise
    return conn
