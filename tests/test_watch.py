"""warlog watch: feeds and pages served from 127.0.0.1 by a threaded test server."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlog.cli import app
from warlog.models import Event
from warlog.pipeline import CodedDocument
from warlog.store import Store
from warlog.watch import Fetcher, Politeness, Validators, Watcher, WatchState

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "000_b389d2223fbaba74.txt").read_text("utf-8")
STAMP = formatdate(1_435_000_000, usegmt=True)


def page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1>{paras}</article><footer>© Test News</footer></body></html>"
    ).encode()


ARTICLE_1 = page("ISIS militants advance in Hasakah", EXAMPLE.split("\n", 1)[1])
ARTICLE_2 = page(
    "Flood relief reaches valley towns",
    "Aid workers delivered food and blankets to three valley towns on Tuesday after "
    "heavy rain flooded roads across the region, officials said.\n\n"
    "The regional council said the main bridge would reopen next week once engineers had "
    "inspected it, and schools would stay closed until Friday.\n\n"
    "Volunteers from neighbouring districts have joined the relief effort, which the "
    "council expects to last at least a month.",
)
BIG = page("A very long page", "Lorem ipsum dolor sit amet. " * 4000)


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>Sat, 27 Jun 2015 10:00:00 GMT</pubDate></item>"
        for p, t in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
        f"<link>{base}/</link><description>t</description>{entries}</channel></rss>"
    ).encode()


class Server:
    """Serves feeds and pages with ETag / Last-Modified; records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        self.failures: Counter[str] = Counter()  # path -> 503 answers still to give
        self.requests: list[list] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                record = [self.path, dict(self.headers), 0]
                with outer.lock:
                    outer.requests.append(record)
                outer.answer(self, record)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, h: BaseHTTPRequestHandler, record: list) -> None:
        """Answers; the status is recorded before the client can see it."""
        if self.failures[h.path] > 0:
            self.failures[h.path] -= 1
            record[2] = 503
            h.send_response(503)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if h.path not in self.routes:
            record[2] = 404
            h.send_error(404)
            return
        body, kind = self.routes[h.path]
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if h.headers.get("If-None-Match") == etag:
            record[2] = 304
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return
        record[2] = 200
        h.send_response(200)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("ETag", etag)
        h.send_header("Last-Modified", STAMP)
        h.end_headers()
        h.wfile.write(body)

    def hits(self, path: str) -> list[tuple[dict[str, str], int]]:
        return [(headers, status) for p, headers, status in self.requests if p == path]

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture()
def server() -> Iterator[Server]:
    with Server() as s:
        s.routes["/feed.xml"] = (
            rss(s.base, [("/a1.html", "Hasakah"), ("/a2.html", "Floods"), ("/big.html", "Big")]),
            "application/rss+xml",
        )
        s.routes["/a1.html"] = (ARTICLE_1, "text/html; charset=utf-8")
        s.routes["/a2.html"] = (ARTICLE_2, "text/html; charset=utf-8")
        s.routes["/big.html"] = (BIG, "text/html; charset=utf-8")
        yield s


def fake_code(documents) -> Iterator[CodedDocument]:
    """One event per document: enough to see what reaches the store."""
    for doc in documents:
        yield CodedDocument(doc, [Event(doc_id=doc.doc_id, event_id=f"{doc.doc_id}#1")])


POLITE = Politeness(delay=0.0, timeout=5.0, retries=2, backoff=0.01, max_bytes=60_000)


def make_watcher(tmp_path: Path, polite: Politeness = POLITE, notices=None):
    store = Store.open(tmp_path / "w.db")
    state = WatchState(tmp_path / "w.db.watch.sqlite")
    fetcher = Fetcher(polite)
    say = (lambda kind, url, msg: notices.append((kind, url, msg))) if notices is not None else None
    return store, state, fetcher, Watcher(store, state, fetcher, fake_code, say)


def test_poll_ingests_articles_then_conditional_requests_add_nothing(server, tmp_path) -> None:
    notices: list = []
    store, state, fetcher, watcher = make_watcher(tmp_path, notices=notices)
    with store, state, fetcher:
        first = watcher.poll([server.base + "/feed.xml"])
        assert first.documents == 2 and first.events == 2
        assert first.articles_skipped == 1  # the oversized page
        stored = store.get_document(server.base + "/a1.html")
        assert stored is not None and "Hasakah" in stored.text
        assert stored.url == server.base + "/a1.html"
        assert str(stored.publication_date) == "2015-06-27"  # from the feed entry
        [(kind, url, message)] = notices
        assert kind == "skipped" and url.endswith("/big.html") and "too large" in message

        second = watcher.poll([server.base + "/feed.xml"])
        assert second.documents == 0 and second.feeds_unchanged == 1
        feed_hits = server.hits("/feed.xml")
        assert len(feed_hits) == 2
        headers, status = feed_hits[1]
        assert status == 304 and headers.get("If-None-Match")
        assert len(server.hits("/a1.html")) == 1  # not fetched again
        assert store.stats()["documents"] == 2


def test_changed_feed_fetches_only_new_articles_conditionally(server, tmp_path) -> None:
    store, state, fetcher, watcher = make_watcher(tmp_path)
    with store, state, fetcher:
        watcher.poll([server.base + "/feed.xml"])
        server.routes["/a3.html"] = (page("Third", EXAMPLE.split("\n", 1)[1][:1500]), "text/html")
        server.routes["/feed.xml"] = (
            rss(server.base, [("/a1.html", "Hasakah"), ("/a3.html", "Third")]),
            "application/rss+xml",
        )
        report = watcher.poll([server.base + "/feed.xml"])
        assert report.documents == 1
        assert len(server.hits("/a1.html")) == 1  # seen, entry unchanged: not refetched
        assert len(server.hits("/a3.html")) == 1
        # a page asked for again carries its validators and gets 304
        known = state.article(server.base + "/a3.html")
        assert known is not None and known.status == "stored"
        fetched = fetcher.fetch(server.base + "/a3.html", known.validators)
        assert fetched.status == "not_modified"
        assert server.hits("/a3.html")[-1][0].get("If-None-Match")


def test_failing_host_is_retried_with_backoff(server, tmp_path) -> None:
    server.failures["/feed.xml"] = 2  # two 503s, then the feed
    sleeps: list[float] = []
    fetcher = Fetcher(POLITE, sleep=sleeps.append)
    with fetcher:
        result = fetcher.fetch(server.base + "/feed.xml")
    assert result.status == "ok" and result.attempts == 3
    assert sleeps == pytest.approx([0.01, 0.02])  # exponential backoff
    assert [s for _, s in server.hits("/feed.xml")] == [503, 503, 200]


def test_unreachable_host_fails_after_retries(tmp_path) -> None:
    sleeps: list[float] = []
    with Fetcher(POLITE, sleep=sleeps.append) as fetcher:
        result = fetcher.fetch("http://127.0.0.1:9/feed.xml")  # discard port: refused
    assert result.status == "failed" and result.attempts == 3
    assert sleeps == pytest.approx([0.01, 0.02])


def test_per_host_delay(server) -> None:
    polite = Politeness(delay=0.3, timeout=5.0, retries=0, backoff=0.0, max_bytes=60_000)
    with Fetcher(polite) as fetcher:
        start = time.monotonic()
        for _ in range(3):
            assert fetcher.fetch(server.base + "/a2.html").status == "ok"
        assert time.monotonic() - start >= 0.6


def test_failed_article_is_tried_again_next_poll(server, tmp_path) -> None:
    server.failures["/a2.html"] = 10
    notices: list = []
    store, state, fetcher, watcher = make_watcher(tmp_path, notices=notices)
    with store, state, fetcher:
        first = watcher.poll([server.base + "/feed.xml"])
        assert first.articles_failed == 1 and first.documents == 1
        assert any(k == "failed" and u.endswith("/a2.html") for k, u, _ in notices)
        server.failures["/a2.html"] = 0
        second = watcher.poll([server.base + "/feed.xml"])  # the feed is unchanged (304)
        assert second.feeds_unchanged == 1 and second.documents == 1
        assert len(server.hits("/a1.html")) == 1
        assert store.get_document(server.base + "/a2.html") is not None


def test_validators_headers() -> None:
    assert Validators('"x"', STAMP).headers() == {
        "If-None-Match": '"x"',
        "If-Modified-Since": STAMP,
    }
    assert Validators().headers() == {}


@pytest.mark.slow
def test_watch_command_codes_feed_articles_into_the_store(server, tmp_path) -> None:
    db = tmp_path / "watch.db"
    args = ["--db", str(db), "watch", server.base + "/feed.xml", "--once", "--delay", "0",
            "--retries", "0", "--max-bytes", "60000"]  # fmt: skip
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "too large" in result.output
    with Store.open(db) as store:
        assert store.stats()["documents"] == 2
        events = list(store.query_events(limit=100))
        assert any(e.doc_id.endswith("/a1.html") for e in events)  # the Hasakah report
    again = CliRunner().invoke(app, args, catch_exceptions=False)
    assert again.exit_code == 0
    assert "1 unchanged" in again.output
    assert (tmp_path / "watch.db.watch.sqlite").exists()


def test_robots_txt_disallowed_article_is_skipped_not_fetched(server, tmp_path) -> None:
    server.routes["/robots.txt"] = (
        b"User-agent: *\nDisallow: /big\n\nUser-agent: warlog\nDisallow: /a2.html\n",
        "text/plain",
    )
    notices: list = []
    store, state, fetcher, watcher = make_watcher(tmp_path, notices=notices)
    with store, state, fetcher:
        report = watcher.poll([server.base + "/feed.xml"])
        assert store.get_document(server.base + "/a1.html") is not None
        assert store.get_document(server.base + "/a2.html") is None
    assert server.hits("/a2.html") == []  # the group for warlog wins over "*"
    assert len(server.hits("/big.html")) == 1  # "*" does not apply to warlog
    assert len(server.hits("/robots.txt")) == 1  # read once per host
    assert ("skipped", server.base + "/a2.html", "disallowed by robots.txt") in notices
    assert (report.articles_fetched, report.articles_skipped) == (1, 2)  # big.html: too large


def test_robots_txt_crawl_delay_slows_requests_to_its_host(server) -> None:
    server.routes["/robots.txt"] = (b"User-agent: *\nCrawl-delay: 7\n", "text/plain")
    sleeps: list[float] = []
    with Fetcher(POLITE, sleep=sleeps.append) as fetcher:
        for _ in range(2):
            assert fetcher.fetch(server.base + "/a2.html").status == "ok"
    # robots.txt, then the page twice: each request after the first waits the crawl delay
    assert len(sleeps) == 2 and all(6.0 < s <= 7.0 for s in sleeps)


def test_robots_txt_server_error_disallows_the_host(server) -> None:
    server.failures["/robots.txt"] = 1
    with Fetcher(POLITE) as fetcher:
        result = fetcher.fetch(server.base + "/a1.html")
    assert result.status == "disallowed"
    assert server.hits("/a1.html") == []


def test_robots_txt_can_be_ignored(server) -> None:
    server.routes["/robots.txt"] = (b"User-agent: *\nDisallow: /\n", "text/plain")
    polite = Politeness(delay=0.0, timeout=5.0, retries=0, backoff=0.0, obey_robots=False)
    with Fetcher(polite) as fetcher:
        assert fetcher.fetch(server.base + "/a1.html").status == "ok"
    assert server.hits("/robots.txt") == []
