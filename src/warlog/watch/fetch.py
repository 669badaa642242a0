"""A polite HTTP fetcher: robots.txt (RFC 9309, with Crawl-delay), conditional requests,
a delay between requests to one host, timeouts, retries with exponential backoff, and a
cap on the size of a response."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from warlog import __version__
from warlog.watch.state import Validators

log = logging.getLogger(__name__)

USER_AGENT = f"warlog/{__version__} (conflict-event coder; polite feed reader)"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 300.0
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped
ROBOTS_TTL = 86_400.0  # seconds a fetched robots.txt is trusted (RFC 9309: at most 24 h)
ROBOTS_ERROR_TTL = 600.0  # seconds a server error on robots.txt keeps its host disallowed


@dataclass
class Politeness:
    """How gently to fetch."""

    delay: float = 2.0  # seconds between two requests to the same host
    timeout: float = 20.0  # seconds to connect, and between two reads
    retries: int = 3  # further attempts after a failed one
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    max_bytes: int = 5_000_000  # responses larger than this are dropped
    obey_robots: bool = True  # read each host's robots.txt and keep to it


@dataclass
class Fetched:
    """The outcome of one fetch."""

    url: str
    status: str  # ok | not_modified | too_large | failed | disallowed (by robots.txt)
    content: bytes = b""
    validators: Validators = field(default_factory=Validators)
    content_type: str = ""
    message: str = ""
    attempts: int = 0


class Fetcher:
    """Fetches URLs politely; one per watch run (it remembers when it last hit a host)."""

    def __init__(
        self,
        politeness: Politeness | None = None,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.polite = politeness or Politeness()
        self.client = client or httpx.Client(
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
            timeout=httpx.Timeout(self.polite.timeout),
        )
        self.sleep = sleep
        self.clock = clock
        self._last_hit: dict[str, float] = {}
        # origin -> (its robots.txt rules, when they expire)
        self._robots: dict[str, tuple[RobotFileParser, float]] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_for(self, host: str, delay: float) -> None:
        last = self._last_hit.get(host)
        if last is not None:
            wait = delay - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last_hit[host] = self.clock()

    def fetch(self, url: str, validators: Validators | None = None) -> Fetched:
        """GET ``url`` (conditionally when ``validators`` are known), retrying transient
        failures (connection errors, timeouts, 429 and 5xx) with exponential backoff.

        A URL that the host's robots.txt disallows for warlog is not fetched (status
        ``disallowed``), unless ``Politeness.obey_robots`` is off.
        """
        parts = urlsplit(url)
        host = parts.netloc.lower()
        delay = self.polite.delay
        if self.polite.obey_robots and parts.scheme in ("http", "https"):
            rules = self._robots_for(f"{parts.scheme}://{host}")
            if rules is not None:
                if not rules.can_fetch(USER_AGENT, url):
                    return Fetched(url, "disallowed", message="disallowed by robots.txt")
                crawl_delay = rules.crawl_delay(USER_AGENT)
                if crawl_delay is not None:
                    delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        return self._fetch(url, host, delay, validators.headers() if validators else {})

    def _robots_for(self, origin: str) -> RobotFileParser | None:
        """The robots.txt rules of ``origin`` (cached), or None when it is unreachable.

        As RFC 9309 says: a 4xx answer (no robots.txt) allows everything, a server error
        disallows everything for a while. A network error leaves the decision to the next
        request (the page itself cannot be fetched then either).
        """
        cached = self._robots.get(origin)
        if cached is not None and cached[1] > self.clock():
            return cached[0]
        fetched = self._fetch(
            origin + "/robots.txt", urlsplit(origin).netloc, self.polite.delay, {}, retries=0
        )
        rules = RobotFileParser(origin + "/robots.txt")
        ttl = ROBOTS_TTL
        if fetched.status == "ok":
            rules.parse(fetched.content.decode("utf-8", "replace").splitlines())
        elif fetched.message.startswith("HTTP 4") or fetched.status == "too_large":
            rules.allow_all = True
        elif fetched.message.startswith("HTTP "):
            rules.disallow_all = True
            ttl = ROBOTS_ERROR_TTL
            log.info("%s/robots.txt: %s; not fetching from this host", origin, fetched.message)
        else:
            return None
        self._robots[origin] = (rules, self.clock() + ttl)
        return rules

    def _fetch(
        self,
        url: str,
        host: str,
        delay: float,
        headers: dict[str, str],
        retries: int | None = None,
    ) -> Fetched:
        retries = self.polite.retries if retries is None else retries
        attempt = 0
        while True:
            attempt += 1
            self._wait_for(host, delay)
            retry_after: float | None = None
            try:
                result = self._get(url, headers)
            except httpx.HTTPError as exc:
                result = Fetched(url, "failed", message=f"{type(exc).__name__}: {exc}")
                transient = isinstance(exc, httpx.TransportError)
            else:
                transient = result.status == "retry"
                if transient:
                    retry_after = _retry_after(result.message)
                    result.status = "failed"
                    result.message = result.message.partition("|")[0]
            result.attempts = attempt
            if not transient or attempt > retries:
                return result
            pause = self.polite.backoff * 2 ** (attempt - 1)
            if retry_after is not None:
                pause = max(pause, min(retry_after, MAX_RETRY_AFTER))
            log.info("%s: %s; retry %d in %.1f s", url, result.message, attempt, pause)
            self.sleep(pause)

    def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        cap = self.polite.max_bytes
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Fetched(url, "not_modified", validators=_validators(response))
            if response.status_code in RETRY_STATUS:
                ra = response.headers.get("Retry-After", "")
                return Fetched(url, "retry", message=f"HTTP {response.status_code}|{ra}")
            if response.status_code >= 400:
                return Fetched(url, "failed", message=f"HTTP {response.status_code}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > cap:
                return Fetched(url, "too_large", message=f"{int(declared):,} bytes (limit {cap:,})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    return Fetched(url, "too_large", message=f"over {cap:,} bytes")
                chunks.append(chunk)
            return Fetched(
                str(response.url),
                "ok",
                b"".join(chunks),
                _validators(response),
                response.headers.get("Content-Type", ""),
            )


def _validators(response: httpx.Response) -> Validators:
    return Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))


def _retry_after(message: str) -> float | None:
    """Seconds from a Retry-After header carried in ``message`` ("HTTP 503|120")."""
    status, _, value = message.partition("|")
    value = value.strip()
    return float(value) if value.replace(".", "", 1).isdigit() else None
