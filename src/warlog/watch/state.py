"""What ``warlog watch`` remembers between polls, in its own small SQLite file.

Per feed and per article URL: the validators of the last response (ETag,
Last-Modified) for conditional requests, and what became of it. Kept apart from the
event store (``<store>.watch.sqlite`` by default) so that it never touches the store's
schema.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    polled_at REAL,
    status TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    feed TEXT,
    etag TEXT,
    last_modified TEXT,
    entry_updated TEXT,
    fetched_at REAL,
    status TEXT,          -- stored | unchanged | skipped | failed
    doc_id TEXT,
    message TEXT,
    failures INTEGER DEFAULT 0  -- failed fetches in a row
);
"""


@dataclass
class Validators:
    """The cache validators of an earlier response."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """Conditional request headers (If-None-Match, If-Modified-Since)."""
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass
class ArticleState:
    """What the last visit of an article URL gave."""

    validators: Validators
    entry_updated: str | None
    status: str


class WatchState:
    """The watch state file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> WatchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def feed(self, url: str) -> Validators:
        row = self.conn.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return Validators(*row) if row else Validators()

    def save_feed(self, url: str, validators: Validators, status: str) -> None:
        self.conn.execute(
            "INSERT INTO feeds (url, etag, last_modified, polled_at, status)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            " etag = excluded.etag, last_modified = excluded.last_modified,"
            " polled_at = excluded.polled_at, status = excluded.status",
            (url, validators.etag, validators.last_modified, time.time(), status),
        )

    def article(self, url: str) -> ArticleState | None:
        row = self.conn.execute(
            "SELECT etag, last_modified, entry_updated, status FROM articles WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return None
        return ArticleState(Validators(row[0], row[1]), row[2], row[3])

    def save_article(
        self,
        url: str,
        feed: str,
        validators: Validators,
        entry_updated: str | None,
        status: str,
        doc_id: str | None = None,
        message: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO articles (url, feed, etag, last_modified, entry_updated, fetched_at,"
            " status, doc_id, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET feed = excluded.feed, etag = excluded.etag,"
            " last_modified = excluded.last_modified, entry_updated = excluded.entry_updated,"
            " fetched_at = excluded.fetched_at, status = excluded.status,"
            " doc_id = COALESCE(excluded.doc_id, articles.doc_id), message = excluded.message,"
            " failures = CASE WHEN excluded.status = 'failed' THEN articles.failures + 1"
            " ELSE 0 END",
            (url, feed, validators.etag, validators.last_modified, entry_updated, time.time(),
             status, doc_id, message),
        )  # fmt: skip
        if status == "failed":
            self.conn.execute(
                "UPDATE articles SET failures = MAX(failures, 1) WHERE url = ?", (url,)
            )

    def failed_articles(self, feed: str, max_failures: int) -> list[tuple[str, str | None]]:
        """(url, entry_updated) of the feed's articles whose fetch failed, fewer than
        ``max_failures`` times in a row: tried again at the next poll."""
        return list(
            self.conn.execute(
                "SELECT url, entry_updated FROM articles WHERE feed = ? AND status = 'failed'"
                " AND failures < ? ORDER BY fetched_at",
                (feed, max_failures),
            )
        )
