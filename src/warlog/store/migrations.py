"""Schema migrations for the warlog store.

The schema version lives in SQLite's ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a
database from version ``i`` to version ``i + 1``; a migration is either an SQL script
(split into statements and run one by one, so it stays inside the surrounding
transaction; ``executescript`` would commit) or a function of the connection.

Never edit a migration that has shipped: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = str | Callable[[sqlite3.Connection], None]

# PRAGMA application_id marks a file as a warlog database ("WLOG").
APPLICATION_ID = 0x574C4F47

_V1 = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT UNIQUE NOT NULL,
    title TEXT,
    publication_date TEXT,          -- YYYY-MM-DD
    outlet TEXT,
    url TEXT,
    byline TEXT,
    dateline TEXT,
    dateline_span TEXT,             -- JSON [start, end]
    body TEXT,                      -- JSON [[start, end], ...]
    title_span TEXT,                -- JSON [start, end]
    source_path TEXT,
    date_note TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    record_type TEXT NOT NULL DEFAULT 'event',
    confidence REAL,
    event_date TEXT,                -- YYYY-MM-DD
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
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    source TEXT DEFAULT '',
    source_scale TEXT DEFAULT '',
    notes TEXT DEFAULT '',
    fatalities INTEGER DEFAULT 0,
    tags TEXT DEFAULT '',
    date_note TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX events_doc_id ON events(doc_id);
CREATE INDEX events_event_date ON events(event_date);
CREATE INDEX events_country ON events(country COLLATE NOCASE);
CREATE INDEX events_iso ON events(iso);
CREATE INDEX events_event_type ON events(event_type COLLATE NOCASE);
CREATE INDEX events_sub_event_type ON events(sub_event_type COLLATE NOCASE);
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

PRAGMA application_id = 1464618823;
"""

# Version 2: near-duplicate documents and merged events (see warlog.store.clusters).
_V2_DDL = """
ALTER TABLE events ADD COLUMN sources_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN seq INTEGER;           -- order of storage
ALTER TABLE documents ADD COLUMN duplicate_of TEXT;     -- doc_id of the original
UPDATE documents SET seq = rowid;
CREATE INDEX documents_seq ON documents(seq);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);

CREATE TABLE doc_signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    signature BLOB NOT NULL         -- MinHash values, little-endian uint32
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

CREATE TABLE merged_events (
    event_id TEXT PRIMARY KEY,      -- the representative raw event's id
    merge_key TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    record_type TEXT NOT NULL DEFAULT 'event',
    confidence REAL,
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
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    source TEXT DEFAULT '',
    source_scale TEXT DEFAULT '',
    notes TEXT DEFAULT '',
    fatalities INTEGER DEFAULT 0,
    tags TEXT DEFAULT '',
    date_note TEXT,
    sources_count INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX merged_events_event_date ON merged_events(event_date);
CREATE INDEX merged_events_country ON merged_events(country COLLATE NOCASE);
CREATE INDEX merged_events_iso ON merged_events(iso);
CREATE INDEX merged_events_event_type ON merged_events(event_type COLLATE NOCASE);
CREATE INDEX merged_events_sub_event_type ON merged_events(sub_event_type COLLATE NOCASE);
CREATE INDEX merged_events_lat_lon ON merged_events(latitude, longitude);
"""


def _v2(conn: sqlite3.Connection) -> None:
    from warlog.store.clusters import backfill

    for statement in split_statements(_V2_DDL):
        conn.execute(statement)
    backfill(conn)


MIGRATIONS: tuple[Migration, ...] = (_V1, _v2)

# The schema version this warlog writes and understands.
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """Base class of the store's errors."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer warlog than this one."""


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (comments and blank lines kept)."""
    statements: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:80]!r}")
    return statements


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's schema version (0 for a new, empty database)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_version(conn: sqlite3.Connection, label: str) -> int:
    """Raise :class:`SchemaTooNewError` or :class:`StoreError` for a foreign database."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(f"{label} is not a warlog database (application_id {app_id:#x})")
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"{label} has schema version {version}, but this warlog only knows versions up "
            f"to {SCHEMA_VERSION}: it was written by a newer warlog; upgrade warlog to use it"
        )
    return version


def migrate(conn: sqlite3.Connection, label: str = "database") -> int:
    """Apply the pending migrations in one transaction; return the new version.

    ``conn`` must be in autocommit mode (``isolation_level=None``). ``BEGIN IMMEDIATE``
    takes the write lock first, so two processes opening a new database at once do not
    both migrate it: the second waits (busy timeout), then finds nothing left to do.
    """
    if check_version(conn, label) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = check_version(conn, label)  # again, now that we hold the lock
        for number in range(version, SCHEMA_VERSION):
            step = MIGRATIONS[number]
            if callable(step):
                step(conn)
            else:
                for statement in split_statements(step):
                    conn.execute(statement)
            # PRAGMA does not take parameters; the value is our own int.
            conn.execute(f"PRAGMA user_version = {int(number + 1)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
