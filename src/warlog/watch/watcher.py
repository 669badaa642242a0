"""Poll RSS/Atom feeds, fetch their new articles, extract the text and code it into the store."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from urllib.parse import urljoin

import feedparser

from warlog.ingest.html import read_html_bytes
from warlog.ingest.text import read_text_bytes
from warlog.models import Document, InputProblem
from warlog.watch.fetch import Fetched, Fetcher
from warlog.watch.state import Validators, WatchState

log = logging.getLogger(__name__)

Coder = Callable[[Iterable[Document]], Iterator]  # Pipeline.code and the like
Say = Callable[[str, str, str], None]  # (kind, url, message): skipped / failed notices
MAX_FAILURES = 5  # an article whose fetch failed is tried again at this many polls


@dataclass
class PollReport:
    """What one poll of the feeds did."""

    feeds: int = 0
    feeds_unchanged: int = 0  # 304 Not Modified
    feeds_failed: int = 0
    entries: int = 0
    articles_fetched: int = 0
    articles_unchanged: int = 0  # 304, seen before, or same content already stored
    articles_skipped: int = 0  # too large, no article text, not a page
    articles_failed: int = 0
    documents: int = 0  # new documents stored
    events: int = 0

    def add(self, other: PollReport) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def summary(self) -> str:
        return (
            f"{self.feeds} feeds ({self.feeds_unchanged} unchanged, {self.feeds_failed} failed), "
            f"{self.entries} entries, {self.articles_fetched} articles fetched, "
            f"{self.documents} documents stored with {self.events} events, "
            f"{self.articles_unchanged} unchanged, {self.articles_skipped} skipped, "
            f"{self.articles_failed} failed"
        )


class Watcher:
    """Polls feeds into a store.

    ``store`` needs ``has_hash`` and ``add_document`` (:class:`warlog.store.Store`);
    ``code`` turns documents into results with ``document``, ``events`` and ``error``
    (:meth:`warlog.pipeline.Pipeline.code`).
    """

    def __init__(
        self,
        store,
        state: WatchState,
        fetcher: Fetcher,
        code: Coder,
        say: Say | None = None,
        default_date: date | None = None,
    ) -> None:
        self.store = store
        self.state = state
        self.fetcher = fetcher
        self.code = code
        self.say = say or (lambda kind, url, msg: log.warning("%s %s: %s", kind, url, msg))
        self.default_date = default_date
        # documents fetched in this poll, not yet stored: doc_id -> (feed, validators, updated)
        self._pending: dict[str, tuple[str, Validators, str | None]] = {}

    # ------------------------------------------------------------------ polling
    def poll(self, feeds: Sequence[str]) -> PollReport:
        """Poll every feed once."""
        report = PollReport()
        for url in feeds:
            report.add(self.poll_feed(url))
        return report

    def run(
        self,
        feeds: Sequence[str],
        interval: float,
        once: bool = False,
        on_poll: Callable[[PollReport], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> PollReport:
        """Poll, then wait ``interval`` seconds, until interrupted (or once)."""
        total = PollReport()
        while True:
            report = self.poll(feeds)
            total.add(report)
            if on_poll:
                on_poll(report)
            if once:
                return total
            sleep(interval)

    def poll_feed(self, url: str) -> PollReport:
        """Fetch one feed (conditionally), then its new articles."""
        report = PollReport(feeds=1)
        fetched = self.fetcher.fetch(url, self.state.feed(url))
        if fetched.status == "not_modified":
            report.feeds_unchanged += 1
            retry = [
                doc
                for link, updated in self.state.failed_articles(url, MAX_FAILURES)
                if (doc := self._article(url, url, {"link": link, "updated": updated}, report))
            ]
            self._ingest(retry, report)
            return report
        if fetched.status != "ok":
            report.feeds_failed += 1
            self.say("failed" if fetched.status == "failed" else "skipped", url, _why(fetched))
            return report
        parsed = feedparser.parse(
            fetched.content,
            response_headers={
                "content-location": fetched.url,
                "content-type": fetched.content_type,
            },
        )
        if not parsed.entries and parsed.get("bozo"):
            report.feeds_failed += 1
            self.say("failed", url, f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
            return report
        documents: list[Document] = []
        for entry in parsed.entries:
            report.entries += 1
            doc = self._article(url, fetched.url, entry, report)
            if doc is not None:
                documents.append(doc)
        self._ingest(documents, report)
        # the feed's validators are kept once its articles are in: an interrupted poll
        # is done again in full
        self.state.save_feed(url, fetched.validators, "ok")
        return report

    def _article(self, feed: str, base: str, entry, report: PollReport) -> Document | None:
        link = entry.get("link") or entry.get("id")
        if not link:
            return None
        link = urljoin(base, link)
        # the raw keys: feedparser maps a missing "updated" to "published", with a warning
        updated = next((entry[k] for k in ("updated", "published") if k in dict.keys(entry)), None)
        prior = self.state.article(link)
        if prior is not None and prior.status != "failed" and prior.entry_updated == updated:
            report.articles_unchanged += 1  # seen, and the feed says it has not changed
            return None
        fetched = self.fetcher.fetch(link, prior.validators if prior else None)
        if fetched.status == "not_modified":
            report.articles_unchanged += 1
            self.state.save_article(link, feed, fetched.validators, updated, "unchanged")
            return None
        if fetched.status != "ok":
            kind = "failed" if fetched.status == "failed" else "skipped"
            report.articles_failed += kind == "failed"
            report.articles_skipped += kind == "skipped"
            self.say(kind, link, _why(fetched))
            self.state.save_article(link, feed, Validators(), updated, kind, message=_why(fetched))
            return None
        report.articles_fetched += 1
        doc = self._document(link, fetched, entry)
        if isinstance(doc, InputProblem):
            report.articles_skipped += 1
            self.say("skipped", link, doc.message)
            self.state.save_article(link, feed, fetched.validators, updated, "skipped",
                                    message=doc.message)  # fmt: skip
            return None
        if self.store.has_hash(doc.content_hash):
            report.articles_unchanged += 1
            self.state.save_article(link, feed, fetched.validators, updated, "unchanged",
                                    doc_id=doc.doc_id)  # fmt: skip
            return None
        # the state row is written once the document is stored (see _ingest)
        doc.source_path = None
        self._pending[doc.doc_id] = (feed, fetched.validators, updated)
        return doc

    def _document(self, link: str, fetched: Fetched, entry) -> Document | InputProblem:
        kind = fetched.content_type.split(";")[0].strip().lower()
        if kind == "text/plain":
            doc = read_text_bytes(fetched.content, link, None, self.default_date)
        else:
            doc = read_html_bytes(fetched.content, link, None, self.default_date)
        if isinstance(doc, InputProblem):
            return doc
        doc.url = link
        if not doc.title and entry.get("title"):
            doc.title = entry.get("title")
        stamp = next(
            (entry[k] for k in ("published_parsed", "updated_parsed") if k in dict.keys(entry)),
            None,
        )
        if doc.publication_date is None and stamp:
            doc.publication_date = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            doc.date_note = None
        return doc

    def _ingest(self, documents: list[Document], report: PollReport) -> None:
        pending, self._pending = self._pending, {}
        if not documents:
            return
        for result in self.code(documents):
            doc = result.document
            feed, validators, updated = pending[doc.doc_id]
            if result.error:
                report.articles_failed += 1
                self.say("failed", doc.doc_id, result.error)
                self.state.save_article(doc.doc_id, feed, Validators(), updated, "failed",
                                        message=result.error)  # fmt: skip
                continue
            outcome = self.store.add_document(doc, result.events)
            if outcome == "unchanged":
                report.articles_unchanged += 1
            else:
                report.documents += 1
                report.events += len(result.events)
            self.state.save_article(doc.doc_id, feed, validators, updated, "stored",
                                    doc_id=doc.doc_id)  # fmt: skip


def _why(fetched: Fetched) -> str:
    if fetched.status == "too_large":
        return f"too large: {fetched.message}"
    tries = f" after {fetched.attempts} attempts" if fetched.attempts > 1 else ""
    return f"{fetched.message}{tries}"
