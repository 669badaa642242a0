"""End-to-end: the workbench page in headless Chromium (Debian's, through Playwright).

`warlog serve` runs in a subprocess on a free 127.0.0.1 port over a store filled from the
example report, plus one hostile document (markup in its text, title and actor name) put
in through the Store API. The browser is the system's /usr/bin/chromium: nothing is
downloaded (never `playwright install`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import SHARED
from warlog.models import Document, Event, Evidence
from warlog.store import Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
STATIC_INDEX = ROOT / "src" / "warlog" / "web" / "static" / "index.html"
SEED = SHARED / "seed" / "000_b389d2223fbaba74.txt"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Markup that would run if the page ever rendered data as HTML.
SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


@dataclass
class Workbench:
    base: str  # http://127.0.0.1:PORT/
    hostile_id: str

    def api(self, path: str, **params: object) -> dict:
        query = urlencode({k: v for k, v in params.items() if v is not None})
        url = f"{self.base}api/{path}" + (f"?{query}" if query else "")
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())


def hostile_document() -> tuple[Document, Event]:
    """A document whose text, title and actor name carry markup, with one event."""
    text = (
        f"Hostile report {SCRIPT} and {IMG} in the text.\n"
        f"Gunmen {IMG} attacked a checkpoint near Raqqa on Saturday."
    )
    actor = f"Gunmen {IMG}"
    start = text.index(actor)
    place = text.index("Raqqa")
    doc = Document(
        doc_id="hostile-markup",
        text=text,
        title=f"Title {SCRIPT}{IMG}",
        publication_date=date(2015, 6, 21),
        outlet=f"Outlet {IMG}",
        url="javascript:window.__pwned='url'",
    )
    event = Event(
        doc_id=doc.doc_id,
        event_id="hostile-markup-event",
        confidence=0.9,
        event_date="2015-06-20",
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=actor,
        inter1=3,
        country="Syria",
        admin1="Ar Raqqah",
        location="Ar Raqqah",
        latitude=35.9528,
        longitude=39.0079,
        geo_precision=2,
        notes=f"Notes {SCRIPT}",
        evidence=[
            Evidence("actor1", actor, start, start + len(actor)),
            Evidence("location", "Raqqa", place, place + len("Raqqa")),
        ],
    )
    return doc, event


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, proc: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            pytest.fail(f"warlog serve exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}api/meta", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"warlog serve did not answer on {base}:\n{log.read_text()}")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: install Debian's chromium package (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the example report (coded by `warlog ingest`) and a hostile document."""
    if not STATIC_INDEX.is_file():
        pytest.fail("the workbench page is not built: run `make web`")
    if not SEED.is_file():
        pytest.fail(f"no example report at {SEED}: put shared/ beside the checkout")
    db = tmp_path_factory.mktemp("store") / "workbench.db"
    subprocess.run(
        [sys.executable, "-m", "warlog", "--db", str(db), "ingest", str(SEED)]
        + ["--date", "2015-06-27"],
        check=True,
        capture_output=True,
    )
    doc, event = hostile_document()
    store = Store.open(db)
    try:
        store.add_document(doc, [event])
    finally:
        store.close()
    return db


@contextmanager
def serving(db: Path, log: Path, *options: str) -> Iterator[str]:
    """`warlog serve` on a free port of 127.0.0.1; yields its base URL, stops it after."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "warlog", "--db", str(db), "serve"]
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(base, proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def workbench(
    store_db: Path, tmp_path_factory: pytest.TempPathFactory, chromium: str
) -> Iterator[Workbench]:
    """`warlog serve` over the example report and a hostile document."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(store_db, log) as base:
        bench = Workbench(base, "")
        found = bench.api("events", actor="onerror")["events"]
        assert len(found) == 1, found
        bench.hostile_id = found[0]["event_id"]
        yield bench


class TileHandler(BaseHTTPRequestHandler):
    """A tile server on 127.0.0.1: the same small PNG for every tile."""

    tile = next((STATIC_INDEX.parent / "assets").glob("layers-*.png"), None)

    def do_GET(self) -> None:  # the name http.server calls
        body = self.tile.read_bytes() if self.tile else b""
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tile_server() -> Iterator[str]:
    """The URL template of a tile server in a thread (stopped after the module)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/tiles/{{z}}/{{x}}/{{y}}.png"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    page: Page
    errors: list[str]
    requests: list[str]
    dialogs: list[str]


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh page that records console errors, page errors, requests and dialogs."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    seen = Watched(page, [], [], [])
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))

    def on_dialog(dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield seen
    context.close()


def wait_for(page: Page, expression: str, arg: object = None, timeout: float = 15.0) -> None:
    """Polls ``expression`` (a JavaScript expression or function) until it is truthy.

    Not ``page.wait_for_function``: under the page's Content-Security-Policy (no
    'unsafe-eval') its string predicates are now and then refused (microsoft/playwright
    #36982); a plain ``evaluate`` is not.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for: {expression}")
        page.wait_for_timeout(50)


MAP_IDLE = "() => !document.querySelector('#map.leaflet-zoom-anim, #map .leaflet-cluster-anim')"
MAP_STATE = """() => [...document.querySelectorAll('.leaflet-marker-pane > *')]
    .map(e => e.dataset.eventId || e.textContent).sort().join(',')"""


def load(page: Page, url: str) -> None:
    """Opens the page and waits for the table and the map's markers to settle."""
    page.goto(url)
    page.wait_for_selector("#events-table tbody tr")
    page.wait_for_selector(".warlog-marker, .marker-cluster")
    page.wait_for_load_state("networkidle")
    wait_for(page, MAP_IDLE)


def click_and_settle(page: Page, target) -> None:
    """Clicks a map element and waits until the markers changed and the map stands still."""
    before = page.evaluate(MAP_STATE)
    target.click()
    wait_for(page, f"() => ({MAP_STATE})() !== {json.dumps(before)}")
    wait_for(page, MAP_IDLE)


def table_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#events-table tbody tr[data-event-id]", "rows => rows.map(r => r.dataset.eventId)"
    )


def map_count(page: Page) -> int:
    """Events on the map: single markers plus the counts written on clusters."""
    singles = page.locator(".leaflet-marker-pane .warlog-marker").count()
    clustered = page.eval_on_selector_all(
        ".leaflet-marker-pane .marker-cluster", "els => els.map(e => Number(e.textContent))"
    )
    return singles + sum(clustered)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_page_loads_with_no_error_and_no_outside_request(workbench: Workbench, watched: Watched):
    load(watched.page, workbench.base)
    assert watched.errors == []
    outside = [
        u for u in watched.requests if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))
    ]
    assert outside == []
    # the store's summary and the country outlines (a local asset) are there
    assert "events" in watched.page.locator("#store-summary").inner_text()
    assert any(u.endswith("/assets/countries-50m.json") for u in watched.requests)
    assert watched.page.locator("#map .leaflet-overlay-pane path").count() > 0


def test_a_configured_tile_server_is_used(
    store_db: Path, tile_server: str, watched: Watched, tmp_path: Path
):
    with serving(store_db, tmp_path / "serve.log", "--tiles", tile_server) as base:
        load(watched.page, base)
        expect(watched.page.locator("#map img.leaflet-tile-loaded").first).to_be_visible()
    tile_host = tile_server.split("/tiles/")[0]
    tiles = [u for u in watched.requests if u.startswith(f"{tile_host}/tiles/")]
    assert tiles and all(u.endswith(".png") for u in tiles)
    assert watched.errors == []  # the Content-Security-Policy lets the tile host's images in


def test_markers_of_all_events_are_on_the_map(workbench: Workbench, watched: Watched):
    page = watched.page
    load(page, workbench.base)
    events = workbench.api("events", limit=1000)["events"]
    located = {e["event_id"] for e in events if e["latitude"] is not None}
    assert located  # the example report's events are geocoded
    assert map_count(page) == len(located)
    # every cluster opens (zooms or spiderfies) onto markers of the API's events
    shown = ".leaflet-marker-pane .warlog-marker"
    ids = set(page.eval_on_selector_all(shown, "m => m.map(e => e.dataset.eventId)"))
    # a spiderfied cluster stays, faded: open the others until none is left
    closed = page.locator(".leaflet-marker-pane .marker-cluster:not([style*='opacity: 0.3'])")
    for _ in range(len(located)):
        if not closed.count():
            break
        click_and_settle(page, closed.first)
        ids |= set(page.eval_on_selector_all(shown, "m => m.map(e => e.dataset.eventId)"))
    assert ids == located
    # a marker opens its event
    marker = page.locator(shown).last
    event_id = marker.get_attribute("data-event-id")
    marker.click()
    expect(page.locator("#event-panel")).to_have_attribute("data-event-id", event_id)
    assert query_of(page)["event"] == [event_id]
    expect(page.locator(f"{shown}.selected")).to_have_attribute("data-event-id", event_id)
    # each marker is coloured by its event type, which the legend names
    legend = page.locator(".map-legend").inner_text()
    assert all(e["event_type"] in legend for e in events)


def test_brushing_the_timeline_filters_table_map_and_url(workbench: Workbench, watched: Watched):
    page = watched.page
    load(page, workbench.base)
    everything = workbench.api("events", limit=1000)["total"]
    days = [c["key"] for c in workbench.api("counts", by="day")["counts"] if c["key"]]
    assert len(days) >= 2  # the example's events and the hostile one are days apart
    last = date.fromisoformat(days[-1])
    # drag from the day before the last day with events to the day after it
    svg = page.locator("#timeline")
    start = date.fromisoformat(svg.get_attribute("data-start"))
    end = date.fromisoformat(svg.get_attribute("data-end"))
    box = page.locator("#timeline .brush .overlay").bounding_box()
    assert box is not None

    def x_of(day: date) -> float:
        return box["x"] + box["width"] * (day - start).days / (end - start).days

    y = box["y"] + box["height"] / 2
    page.mouse.move(x_of(last - timedelta(days=1)) + 2, y)
    page.mouse.down()
    page.mouse.move(x_of(last + timedelta(days=2)) - 2, y, steps=8)
    page.mouse.up()
    wait_for(page, "new URLSearchParams(location.search).has('since')")
    page.wait_for_load_state("networkidle")

    query = query_of(page)
    since, until = query["since"][0], query["until"][0]
    assert since <= days[-1] <= until
    expected = workbench.api("events", since=since, until=until, limit=1000)
    assert 0 < expected["total"] < everything
    wait_for(
        page,
        f"document.querySelectorAll('#events-table tbody tr[data-event-id]').length"
        f" === {expected['total']}",
    )
    assert set(table_ids(page)) == {e["event_id"] for e in expected["events"]}
    assert map_count(page) == sum(e["latitude"] is not None for e in expected["events"])
    # the form shows the brushed dates, the downloads carry them
    assert page.locator("#filters [name=since]").input_value() == since
    assert page.locator("#filters [name=until]").input_value() == until
    href = page.locator("a[data-format=csv]").get_attribute("href")
    assert parse_qs(urlsplit(href).query)["since"] == [since]


def test_the_url_restores_the_filter_and_the_open_event(workbench: Workbench, watched: Watched):
    page = watched.page
    events = workbench.api("events", limit=1000)["events"]
    chosen = next(e for e in events if e["event_id"] != workbench.hostile_id)
    params = {
        "since": chosen["event_date"],
        "until": chosen["event_date"],
        "event_type": chosen["event_type"],
        "sort": "-confidence",
        "event": chosen["event_id"],
    }
    load(page, f"{workbench.base}?{urlencode(params)}")
    page.wait_for_selector("#event-panel:not([hidden]) mark.evidence")
    expected = workbench.api(
        "events",
        since=params["since"],
        until=params["until"],
        event_type=params["event_type"],
        sort="-confidence",
        limit=1000,
    )
    assert table_ids(page) == [e["event_id"] for e in expected["events"]]
    assert page.locator("#filters [name=event_type]").input_value() == params["event_type"]
    assert page.locator("#filters [name=since]").input_value() == params["since"]
    assert (
        page.locator("#events-table th[data-sort=confidence]").get_attribute("aria-sort")
        == "descending"
    )
    assert page.locator("#timeline .brush .selection").get_attribute("width") not in (None, "0")
    assert page.locator("#event-panel").get_attribute("data-event-id") == chosen["event_id"]
    # a reload keeps all of it
    page.reload()
    page.wait_for_selector("#event-panel:not([hidden]) mark.evidence")
    assert {k: v[0] for k, v in query_of(page).items()} == params
    assert table_ids(page) == [e["event_id"] for e in expected["events"]]


def test_the_event_panel_highlights_the_evidence(
    workbench: Workbench, watched: Watched, tmp_path: Path
):
    page = watched.page
    load(page, workbench.base)
    row = page.locator("#events-table tbody tr[data-event-id]").first
    event_id = row.get_attribute("data-event-id")
    row.click()
    page.wait_for_selector("#event-panel:not([hidden]) mark.evidence")
    assert query_of(page)["event"] == [event_id]
    detail = workbench.api(f"events/{event_id}")
    assert detail["documents"]
    articles = page.locator("#event-text article.document")
    assert articles.count() == len(detail["documents"])
    for i, doc in enumerate(detail["documents"]):
        article = articles.nth(i)
        assert article.locator(".doc-text").text_content() == doc["text"]
        marks = article.locator("mark.evidence").evaluate_all(
            "ms => ms.map(m => [m.dataset.field, m.textContent])"
        )
        shown = {(field, text) for fields, text in marks for field in fields.split()}
        wanted = {(ev["field"], ev["text"]) for ev in doc["evidence"]}
        assert wanted and shown == wanted
    # a colour per field, named in the legend
    legend = page.locator("#evidence-legend").inner_text()
    assert all(ev["field"] in legend for d in detail["documents"] for ev in d["evidence"])
    # a field's label jumps to the words that support it
    link = page.locator("#event-fields .field-link[data-field=actor1]")
    if not link.count():
        link = page.locator("#event-fields .field-link").first
    field = link.get_attribute("data-field")
    link.click()
    flashed = page.locator("#event-text mark.evidence.flash")
    expect(flashed).to_have_count(1)
    assert field in flashed.get_attribute("data-field").split()
    expect(flashed).to_be_in_viewport()
    shot = tmp_path / "workbench.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    # `WARLOG_SCREENSHOT=docs/workbench.png pytest -k evidence` refreshes the README's picture
    if os.environ.get("WARLOG_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["WARLOG_SCREENSHOT"])


def test_markup_in_a_document_title_and_actor_does_nothing(workbench: Workbench, watched: Watched):
    page = watched.page
    load(page, f"{workbench.base}?{urlencode({'event': workbench.hostile_id})}")
    page.wait_for_selector("#event-panel:not([hidden]) mark.evidence")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert watched.dialogs == []
    assert watched.errors == []
    # nothing the data carries became an element: it shows as literal text
    for area in ("#event-panel", "#events-table", "#map"):
        assert page.locator(f"{area} script, {area} img:not(.leaflet-tile)").count() == 0
    panel = page.locator("#event-panel").inner_text()
    assert SCRIPT in panel and IMG in panel
    assert f"Title {SCRIPT}{IMG}" in page.locator("#event-text h4").inner_text()
    assert page.locator("#event-text a").count() == 0  # a javascript: URL is not linked
    row = page.locator(f"#events-table tr[data-event-id='{workbench.hostile_id}']")
    assert IMG in row.inner_text()
    marks = page.locator("#event-text mark.evidence[data-field~=actor1]").all_text_contents()
    assert marks == [f"Gunmen {IMG}"]


def test_download_links_carry_the_current_filter(workbench: Workbench, watched: Watched):
    page = watched.page
    load(page, workbench.base)
    meta = workbench.api("meta")
    event_type = meta["event_types"][0]
    page.select_option("#filters [name=event_type]", event_type)
    page.fill("#filters [name=actor]", "a")
    page.press("#filters [name=actor]", "Enter")
    wait_for(page, "new URLSearchParams(location.search).has('actor')")
    for fmt in ("csv", "jsonl", "geojson"):
        href = page.locator(f"a[data-format={fmt}]").get_attribute("href")
        query = parse_qs(urlsplit(href).query)
        assert query == {"format": [fmt], "event_type": [event_type], "actor": ["a"]}
    expected = workbench.api("events", event_type=event_type, actor="a", limit=1000)["total"]
    href = page.locator("a[data-format=jsonl]").get_attribute("href")
    with urllib.request.urlopen(workbench.base + href, timeout=30) as response:
        lines = [line for line in response.read().decode().splitlines() if line.strip()]
    assert len(lines) == expected


def test_a_column_heading_sorts_the_table(workbench: Workbench, watched: Watched):
    page = watched.page
    load(page, workbench.base)
    heading = page.locator("#events-table th[data-sort=confidence]")
    heading.locator("button").click()
    wait_for(page, "new URLSearchParams(location.search).get('sort') === '-confidence'")
    expected = [e["event_id"] for e in workbench.api("events", sort="-confidence")["events"]]
    wait_for(
        page,
        "ids => [...document.querySelectorAll('#events-table tbody tr[data-event-id]')]"
        ".map(r => r.dataset.eventId).join() === ids.join()",
        expected,
    )
    expect(heading).to_have_attribute("aria-sort", "descending")
    heading.locator("button").click()
    wait_for(page, "new URLSearchParams(location.search).get('sort') === 'confidence'")
    expect(heading).to_have_attribute("aria-sort", "ascending")


def test_bad_values_in_the_address_are_ignored_and_named(workbench: Workbench, watched: Watched):
    page = watched.page
    load(page, f"{workbench.base}?since=garbage&min_confidence=2&event=no-such-event")
    status = page.locator("#status")
    expect(status).to_contain_text("since=garbage")
    expect(status).to_contain_text("min_confidence=2")
    assert "since" not in query_of(page)
    # the rest of the page works: every event is listed, the unknown event is said so
    assert len(table_ids(page)) == workbench.api("events")["total"]
    expect(page.locator("#event-panel")).to_contain_text("no-such-event")
