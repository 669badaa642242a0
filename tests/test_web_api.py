"""The workbench's JSON API (warlog.web) over a real store filled from the example report."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import SHARED
from test_store import fill_coded, make_doc, make_event
from warlog.cli import app as cli
from warlog.export import CSV_COLUMNS
from warlog.models import ACLED_COLUMNS
from warlog.store import Store
from warlog.web import create_app
from warlog.web.api import INGEST_OFF
from warlog.web.models import MAX_CHARS

pytestmark = pytest.mark.slow
SEED = SHARED / "seed" / "000_b389d2223fbaba74.txt"
TOKEN = "correct horse battery staple"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store filled from the example report, as `warlog ingest` fills it."""
    if not SEED.exists():
        pytest.fail(f"no example report at {SEED}: put shared/ beside the checkout")
    db = tmp_path_factory.mktemp("web") / "seed.db"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "ingest", str(SEED), "--date", "2015-06-27"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def client(seed_db: Path) -> TestClient:
    return TestClient(create_app(seed_db))


@pytest.fixture(scope="module")
def all_events(client: TestClient) -> list[dict]:
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["total"] == len(body["events"]) > 0
    return body["events"]


@pytest.fixture
def merged_client(tmp_path: Path) -> TestClient:
    """A store where two documents report the same battle (one merged event, aaa111)."""
    with Store.open(tmp_path / "merged.db") as store:
        fill_coded(store)
    return TestClient(create_app(tmp_path / "merged.db"))


def ids(events: list[dict]) -> list[str]:
    return [e["event_id"] for e in events]


def get_ok(client: TestClient, url: str, **params) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


# -- meta, events ------------------------------------------------------------------------


def test_meta_describes_the_store(client: TestClient, seed_db: Path, all_events) -> None:
    meta = get_ok(client, "/api/meta")
    with Store.open(seed_db) as store:
        stats = store.stats()
    assert meta["documents"] == stats["documents"] == 1
    assert meta["events"] == stats["events"]
    assert meta["merged_events"] == stats["merged_events"] == len(all_events)
    dates = sorted(e["event_date"] for e in all_events if e["event_date"])
    assert (meta["first_date"], meta["last_date"]) == (dates[0], dates[-1])
    assert meta["event_types"] == sorted({e["event_type"] for e in all_events})
    assert meta["sub_event_types"] == sorted({e["sub_event_type"] for e in all_events})
    assert meta["countries"] == ["Syria"]
    assert meta["admin1"] == sorted({e["admin1"] for e in all_events if e["admin1"]})
    assert meta["ingest"] is False and meta["tiles"] is None


def test_events_carry_columns_and_evidence_into_the_report(client: TestClient, all_events) -> None:
    text = SEED.read_text("utf-8")
    assert len(all_events) >= 6  # the example's six reference events at least
    for e in all_events:
        assert set(ACLED_COLUMNS) <= set(e)
        assert {"event_id", "doc_id", "confidence", "sources_count", "evidence"} <= set(e)
        assert e["evidence"]
        for ev in e["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_default_order_is_latest_first_then_event_id(all_events) -> None:
    keys = [(e["event_date"] or "", e["event_id"]) for e in all_events]
    assert keys == sorted(keys, key=lambda k: (k[0], [-ord(c) for c in k[1]]), reverse=True)


@pytest.mark.parametrize("sort", ["confidence", "-confidence", "fatalities", "-fatalities"])
def test_sort_orders(client: TestClient, sort: str) -> None:
    events = get_ok(client, "/api/events", sort=sort)["events"]
    field, descending = sort.lstrip("-"), sort.startswith("-")
    values = [e[field] for e in events]
    assert values == sorted(values, reverse=descending)
    for a, b in zip(events, events[1:], strict=False):
        if a[field] == b[field]:
            assert a["event_id"] < b["event_id"]  # ties by event id


def test_paging_walks_the_whole_result(client: TestClient, all_events) -> None:
    pages = []
    for offset in range(0, len(all_events) + 3, 3):
        body = get_ok(client, "/api/events", limit=3, offset=offset)
        assert (body["total"], body["limit"], body["offset"]) == (len(all_events), 3, offset)
        pages += body["events"]
    assert ids(pages) == ids(all_events)
    assert get_ok(client, "/api/events", offset=len(all_events))["events"] == []


def _box_around(e: dict) -> str:
    lon, lat = e["longitude"], e["latitude"]
    return f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"


def _word_of(e: dict) -> str:
    return max(e["evidence"], key=lambda ev: len(ev["text"]))["text"].upper()


# (parameters, predicate on an event dict): every filter against the same test in Python.
FILTERS = [
    (lambda e: {"event_type": e["event_type"]}, lambda p, e: e["event_type"] == p["event_type"]),
    (
        lambda e: {"sub_event_type": e["sub_event_type"].lower()},
        lambda p, e: e["sub_event_type"].lower() == p["sub_event_type"],
    ),
    (lambda e: {"admin1": e["admin1"]}, lambda p, e: e["admin1"] == p["admin1"]),
    (lambda e: {"country": "syria"}, lambda p, e: e["country"] == "Syria"),
    (lambda e: {"country": "760"}, lambda p, e: e["iso"] == 760),
    (
        lambda e: {"actor": e["actor1"][:6].lower()},
        lambda p, e: any(
            p["actor"] in e[k].lower()
            for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
        ),
    ),
    (
        lambda e: {"bbox": _box_around(e)},
        lambda p, e: (
            e["latitude"] is not None
            and abs(e["latitude"] - float(p["bbox"].split(",")[1]) - 0.01) <= 0.01
            and abs(e["longitude"] - float(p["bbox"].split(",")[0]) - 0.01) <= 0.01
        ),
    ),
    (
        lambda e: {"q": _word_of(e)},
        lambda p, e: (
            p["q"].lower() in e["notes"].lower()
            or any(p["q"].lower() in ev["text"].lower() for ev in e["evidence"])
        ),
    ),
    (
        lambda e: {"min_confidence": e["confidence"]},
        lambda p, e: e["confidence"] >= p["min_confidence"],
    ),
    (lambda e: {"since": e["event_date"]}, lambda p, e: (e["event_date"] or "") >= p["since"]),
    (
        lambda e: {"until": e["event_date"]},
        lambda p, e: e["event_date"] is not None and e["event_date"] <= p["until"],
    ),
    (
        lambda e: {"record_type": e["record_type"]},
        lambda p, e: e["record_type"] == p["record_type"],
    ),
]


@pytest.mark.parametrize("make_params,keep", FILTERS)
def test_each_filter_selects_what_it_says(client: TestClient, all_events, make_params, keep):
    for e in all_events:
        params = make_params(e)
        want = [x for x in all_events if keep(params, x)]
        body = get_ok(client, "/api/events", limit=1000, **params)
        assert body["total"] == len(want), params
        assert ids(body["events"]) == ids(want), params
        assert e["event_id"] in ids(body["events"]), params  # its own values find it


def test_filters_narrow_and_combine(client: TestClient, all_events) -> None:
    types = Counter(e["event_type"] for e in all_events)
    assert len(types) > 1  # so that a type filter does narrow
    kind = types.most_common()[-1][0]
    body = get_ok(client, "/api/events", event_type=kind)
    assert 0 < body["total"] == types[kind] < len(all_events)
    none = get_ok(client, "/api/events", event_type=kind, since="2100-01-01")
    assert none["total"] == 0 and none["events"] == []
    assert get_ok(client, "/api/events", country="Iraq")["total"] == 0
    assert get_ok(client, "/api/events", bbox="0,0,1,1")["total"] == 0


def test_bbox_wraps_longitudes_and_clamps_latitudes(client: TestClient, all_events) -> None:
    e = next(x for x in all_events if x["longitude"] is not None)
    lon, lat = e["longitude"], e["latitude"]
    want = ids(get_ok(client, "/api/events", bbox=_box_around(e))["events"])
    assert e["event_id"] in want
    # the same box one turn of the world east (a map panned round the globe)
    shifted = f"{lon + 359.99},{lat - 0.01},{lon + 360.01},{lat + 0.01}"
    assert ids(get_ok(client, "/api/events", bbox=shifted)["events"]) == want
    everything = ids(get_ok(client, "/api/events", bbox="-540,-100,540,100")["events"])
    assert everything == [x["event_id"] for x in all_events if x["latitude"] is not None]
    assert get_ok(client, "/api/events", bbox=f"0,{lat + 1},1,{lat - 1}")["total"] == 0


def test_unmerged_records(client: TestClient, seed_db: Path) -> None:
    body = get_ok(client, "/api/events", merged="false", limit=1000)
    with Store.open(seed_db) as store:
        assert body["total"] == store.counts()["events"]
    assert all(e["sources_count"] == 1 for e in body["events"])


@pytest.mark.parametrize(
    "params",
    [
        {"since": "June"}, {"until": "2015-13-01"}, {"limit": 0}, {"limit": 1001},
        {"offset": -1}, {"min_confidence": 1.5}, {"min_confidence": "nan"},
        {"sort": "event_date; DROP TABLE events"}, {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"},
        {"bbox": "nan,1,2,3"}, {"bbox": "1e400,1,2,3"}, {"bbox": "1,2,3,4,5"},
        {"record_type": "battle"}, {"merged": "perhaps"}, {"q": "x" * 201}, {"actor": "a\x00b"},
    ],
)  # fmt: skip
def test_invalid_parameters_are_422(client: TestClient, params: dict) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422, (params, response.text)
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_sql_looking_parameters_are_plain_text(client: TestClient, all_events, seed_db) -> None:
    for params in (
        {"q": "' OR 1=1 --"}, {"country": "Syria' OR '1'='1"}, {"actor": "%"},
        {"admin1": "x\"; DROP TABLE events; --"}, {"event_type": "') OR ('a'='a"},
    ):  # fmt: skip
        assert get_ok(client, "/api/events", **params)["total"] == 0, params
    assert client.get("/api/events/x' OR '1'='1").status_code == 404
    assert get_ok(client, "/api/events")["total"] == len(all_events)  # nothing was dropped


# -- one event ---------------------------------------------------------------------------


def test_event_detail_has_its_report_and_evidence_offsets(client: TestClient, all_events):
    text = SEED.read_text("utf-8")
    for e in all_events:
        body = get_ok(client, f"/api/events/{e['event_id']}")
        assert body["event"] == e
        [doc] = body["documents"]
        assert doc["text"] == text and doc["doc_id"] == e["doc_id"]
        assert doc["title"] and doc["publication_date"] == "2015-06-27"
        assert doc["evidence"]
        for ev in doc["evidence"]:
            assert doc["text"][ev["start"] : ev["end"]] == ev["text"]
        # an unambiguous prefix finds it too
        assert get_ok(client, f"/api/events/{e['event_id'][:12]}")["event"] == e


def test_merged_event_lists_each_report_with_its_own_offsets(merged_client: TestClient):
    body = get_ok(merged_client, "/api/events/aaa111")
    assert body["event"]["sources_count"] == 2
    assert [(d["doc_id"], d["event_id"]) for d in body["documents"]] == [
        ("doc-a", "aaa111"),
        ("doc-d", "ddd111"),
    ]
    for doc in body["documents"]:
        assert doc["evidence"]
        for ev in doc["evidence"]:
            assert doc["text"][ev["start"] : ev["end"]] == ev["text"]
    # The raw id of the second report leads to the merged event; unmerged, to itself.
    assert get_ok(merged_client, "/api/events/ddd111")["event"]["event_id"] == "aaa111"
    raw = get_ok(merged_client, "/api/events/ddd111", merged="false")
    assert [d["doc_id"] for d in raw["documents"]] == ["doc-d"]


def test_unknown_and_ambiguous_event_ids(merged_client: TestClient) -> None:
    response = merged_client.get("/api/events/zzz")
    assert response.status_code == 404 and "zzz" in response.json()["detail"]
    response = merged_client.get("/api/events/aaa", params={"merged": "false"})
    assert response.status_code == 409
    assert "aaa111" in response.json()["detail"] and "aaa222" in response.json()["detail"]


# -- documents ---------------------------------------------------------------------------


def test_documents_list_and_detail(client: TestClient, all_events) -> None:
    body = get_ok(client, "/api/documents")
    assert body["total"] == 1
    [doc] = body["documents"]
    assert doc["title"] and doc["outlet"] and doc["duplicate_of"] is None
    assert get_ok(client, "/api/documents", q=doc["title"].upper()[:20])["total"] == 1
    assert get_ok(client, "/api/documents", q="no such words anywhere")["total"] == 0
    # doc ids are paths here (slashes and all)
    detail = get_ok(client, f"/api/documents/{doc['doc_id']}")
    assert detail["text"] == SEED.read_text("utf-8")
    assert detail["body"] and all(0 <= s < e <= len(detail["text"]) for s, e in detail["body"])
    assert doc["events"] == len(detail["events"]) >= len(all_events)
    assert client.get("/api/documents/no-such-doc").status_code == 404
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422


# -- counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["day", "event_type", "sub_event_type", "admin1", "country"])
def test_counts_match_the_events(client: TestClient, all_events, by: str) -> None:
    column = "event_date" if by == "day" else by
    body = get_ok(client, "/api/counts", by=by)
    assert body["by"] == by
    want = Counter(e[column] or None for e in all_events)
    assert {c["key"]: c["events"] for c in body["counts"]} == want
    fatalities = Counter()
    for e in all_events:
        fatalities[e[column] or None] += e["fatalities"]
    assert {c["key"]: c["fatalities"] for c in body["counts"]} == fatalities
    keys = [c["key"] for c in body["counts"] if c["key"] is not None]
    assert keys == sorted(keys)


def test_counts_by_week_and_month_and_with_filters(client: TestClient, all_events) -> None:
    dated = [e for e in all_events if e["event_date"]]
    weeks = get_ok(client, "/api/counts", by="week")["counts"]
    for c in weeks:
        assert date.fromisoformat(c["key"]).weekday() == 0  # ISO Monday
    assert sum(c["events"] for c in weeks) == len(dated)
    months = get_ok(client, "/api/counts", by="month")["counts"]
    assert {c["key"] for c in months} == {e["event_date"][:7] for e in dated}
    kind = all_events[0]["event_type"]
    filtered = get_ok(client, "/api/counts", by="event_type", event_type=kind)["counts"]
    assert filtered == [
        {"key": kind, "events": sum(e["event_type"] == kind for e in all_events),
         "fatalities": sum(e["fatalities"] for e in all_events if e["event_type"] == kind)}
    ]  # fmt: skip
    assert client.get("/api/counts", params={"by": "year"}).status_code == 422


# -- export ------------------------------------------------------------------------------


def test_export_csv_in_acled_column_order(client: TestClient, all_events) -> None:
    response = client.get("/api/export", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition == 'attachment; filename="warlog-events.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert tuple(rows[0][: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert len(rows) - 1 == len(all_events)
    by_id = {r[rows[0].index("event_id")]: r for r in rows[1:]}
    assert set(by_id) == set(ids(all_events))


def test_export_jsonl_and_geojson_follow_the_filters(client: TestClient, all_events) -> None:
    kind = all_events[0]["event_type"]
    want = sorted(e["event_id"] for e in all_events if e["event_type"] == kind)
    response = client.get("/api/export", params={"format": "jsonl", "event_type": kind})
    assert response.headers["content-disposition"].endswith('filename="warlog-events.jsonl"')
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert sorted(x["event_id"] for x in lines) == want
    response = client.get("/api/export", params={"format": "geojson", "event_type": kind})
    assert response.headers["content-type"].startswith("application/geo+json")
    assert response.headers["content-disposition"].endswith('filename="warlog-events.geojson"')
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert sorted(f["id"] for f in collection["features"]) == want
    for f in collection["features"]:
        assert f["geometry"]["coordinates"] == [
            f["properties"]["longitude"],
            f["properties"]["latitude"],
        ]
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


# -- ingest ------------------------------------------------------------------------------


def test_post_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/documents", json={"text": "Clashes in Hasakah."})
    assert response.status_code == 403
    assert response.json() == {"detail": INGEST_OFF}
    # off even with a token given, and even for an invalid body
    response = client.post("/api/documents", json={}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 403


@pytest.fixture(scope="module")
def ingest_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("ingest") / "ingest.db"
    return TestClient(create_app(db, token=TOKEN))


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_post_needs_the_right_token(ingest_client: TestClient) -> None:
    doc = {"text": "Clashes in Hasakah."}
    assert get_ok(ingest_client, "/api/meta")["ingest"] is True
    for headers in ({}, auth("wrong"), auth(TOKEN + "x"), {"Authorization": TOKEN}):
        response = ingest_client.post("/api/documents", json=doc, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
    assert get_ok(ingest_client, "/api/documents")["total"] == 0


def test_post_codes_and_stores_a_report(ingest_client: TestClient, seed_db: Path) -> None:
    text = SEED.read_text("utf-8")
    doc = {"text": text, "id": "ara-news-1", "publication_date": "2015-06-27"}
    response = ingest_client.post("/api/documents", json=doc, headers=auth())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["doc_id"] == "ara-news-1" and body["duplicate"] is False
    assert len(body["events"]) >= 6
    for e in body["events"]:
        assert e["doc_id"] == "ara-news-1"
        for ev in e["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
    # the same events as `warlog ingest` codes from the file
    with Store.open(seed_db) as store:
        cli_events = [e.to_dict() for e in store.query_events()]
    fields = ("event_type", "sub_event_type", "actor1", "actor2", "location", "event_date")
    assert sorted(tuple(e[f] for f in fields) for e in body["events"]) == sorted(
        tuple(e[f] for f in fields) for e in cli_events
    )
    listed = get_ok(ingest_client, "/api/documents", q="hasakah")["documents"]
    assert "ara-news-1" in [d["doc_id"] for d in listed]
    stored = get_ok(ingest_client, "/api/events", merged="false", limit=1000)["events"]
    assert set(ids(body["events"])) <= set(ids(stored))
    again = ingest_client.post("/api/documents", json={"text": text}, headers=auth())
    assert again.status_code == 201
    assert again.json()["duplicate"] is True and again.json()["doc_id"] == "ara-news-1"


@pytest.mark.parametrize(
    "doc",
    [
        {}, {"text": ""}, {"text": "   \n "}, {"text": "\x00\x01\x02binary\x00"},
        {"text": "x" * (MAX_CHARS + 1)}, {"text": "Clashes.", "publication_date": "June"},
        {"text": 42}, {"text": "Clashes.", "id": "a\nb"},
    ],
)  # fmt: skip
def test_post_rejects_bad_reports_with_422(ingest_client: TestClient, doc: dict) -> None:
    response = ingest_client.post("/api/documents", json=doc, headers=auth())
    assert response.status_code == 422, response.text[:200]
    assert response.json()["detail"]


def test_post_refuses_a_huge_body(ingest_client: TestClient) -> None:
    body = b'{"text": "' + b"x" * (17 * 1024 * 1024) + b'"}'
    headers = {**auth(), "Content-Type": "application/json"}
    assert ingest_client.post("/api/documents", content=body, headers=headers).status_code == 413


def test_script_in_a_report_is_stored_and_returned_as_text(ingest_client: TestClient) -> None:
    script = "<script>alert('x')</script>"
    text = f"HASAKAH - {script} Islamic State militants attacked the city of Hasakah on Friday."
    doc = {"text": text, "title": f"{script} title", "id": "hostile"}
    response = ingest_client.post("/api/documents", json=doc, headers=auth())
    assert response.status_code == 201, response.text
    detail = ingest_client.get("/api/documents/hostile")
    assert detail.headers["content-type"] == "application/json"
    assert detail.json()["title"] == f"{script} title"
    assert detail.json()["text"] == text
    events = get_ok(ingest_client, "/api/events", q="<script>", merged="false")["events"]
    assert all(e["doc_id"] == "hostile" for e in events)


def test_script_in_an_actor_name_is_plain_json(tmp_path: Path) -> None:
    script = '<script>alert("actor")</script>'
    with Store.open(tmp_path / "s.db") as store:
        store.add_document(
            make_doc("doc-x", f"{script} attacked."),
            [make_event("doc-x", "xxx1", actor1=script, event_type="Battles")],
        )
    client = TestClient(create_app(tmp_path / "s.db"))
    response = client.get("/api/events", params={"actor": "<script>"})
    assert response.headers["content-type"] == "application/json"
    assert [e["actor1"] for e in response.json()["events"]] == [script]


# -- pages, assets, headers --------------------------------------------------------------


@pytest.fixture
def static_client(tmp_path: Path, seed_db: Path) -> TestClient:
    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>warlog</title>", "utf-8")
    (static / "assets" / "app.js").write_text("console.log('ok');", "utf-8")
    (tmp_path / "secret.txt").write_text("SECRET", "utf-8")
    (static / "secret.txt").write_text("SECRET", "utf-8")
    return TestClient(
        create_app(seed_db, static_dir=static, tiles="https://{s}.tiles.example/{z}/{x}/{y}.png")
    )


def test_page_and_assets(static_client: TestClient) -> None:
    page = static_client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    asset = static_client.get("/assets/app.js")
    assert asset.status_code == 200 and asset.text == "console.log('ok');"
    assert static_client.get("/assets/missing.js").status_code == 404
    # the raw request helper of the escape tests does reach the files
    assert asyncio.run(raw_get(static_client.app, "/assets/app.js")) == (200, b"console.log('ok');")


@pytest.mark.parametrize(
    "path",
    [
        "/assets/..%2f..%2fpyproject.toml", "/assets/../app.py", "/assets/..%2fsecret.txt",
        "/assets/%2e%2e/secret.txt", "/assets/%2e%2e%2fsecret.txt", "/assets/..%5csecret.txt",
        "/assets//etc/passwd", "/assets/%2fetc%2fpasswd", "/assets/..%2f..%2fsecret.txt",
    ],
)  # fmt: skip
def test_no_path_escapes_the_assets(static_client: TestClient, path: str) -> None:
    status, body = asyncio.run(raw_get(static_client.app, path))
    assert status in (404, 400), path
    assert b"SECRET" not in body and b"[project]" not in body and b"root:" not in body


async def raw_get(app, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (an HTTP client would remove the dot segments),
    the way uvicorn hands it over: percent-decoded ``path``, and ``raw_path``."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": unquote(path), "raw_path": path.encode("ascii"),
        "query_string": b"", "root_path": "", "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1), "server": ("testserver", 80),
    }  # fmt: skip
    sent: list[dict] = []

    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        if requests:
            return requests.pop()
        while not any(m.get("type") == "http.response.body" and not m.get("more_body")
                      for m in sent):  # fmt: skip
            await asyncio.sleep(0.01)
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def test_unbuilt_front_end_says_to_run_make_web(client: TestClient, tmp_path: Path) -> None:
    bare = TestClient(create_app(tmp_path / "x.db", static_dir=tmp_path / "none"))
    response = bare.get("/")
    assert response.status_code == 503 and "make web" in response.text
    assert bare.get("/assets/app.js").status_code == 404


def test_security_headers_on_every_response(client: TestClient, static_client) -> None:
    for c, path in ((client, "/api/meta"), (client, "/api/events/zzz"), (client, "/api/nope"),
                    (client, "/api/events?limit=0"), (static_client, "/"),
                    (static_client, "/assets/app.js")):  # fmt: skip
        headers = c.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    tiles_csp = static_client.get("/").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.example;" in tiles_csp
    assert get_ok(static_client, "/api/meta")["tiles"].startswith("https://{s}.tiles.example")


def test_openapi_describes_every_route(client: TestClient) -> None:
    paths = get_ok(client, "/openapi.json")["paths"]
    for path in ("/api/meta", "/api/events", "/api/events/{event_id}", "/api/documents",
                 "/api/documents/{doc_id}", "/api/counts", "/api/export"):  # fmt: skip
        assert path in paths, sorted(paths)
    assert "post" in paths["/api/documents"]


# -- PostgreSQL: the same answers --------------------------------------------------------


def test_postgresql_store_gives_the_same_answers(seed_db: Path, all_events) -> None:
    from pgutil import pg_database

    with pg_database() as url:
        with Store.open(seed_db) as lite, Store.open(url) as pg:
            [doc] = lite.query_documents()
            document = lite.get_document(doc["doc_id"])
            pg.add_document(document, list(lite.query_events(doc_id=doc["doc_id"])))
        lite_client, pg_client = TestClient(create_app(seed_db)), TestClient(create_app(url))
        e = all_events[-1]
        urls = [
            "/api/events?limit=1000", "/api/events?sort=-confidence&limit=3&offset=2",
            f"/api/events?q={_word_of(e).lower()}", f"/api/events?bbox={_box_around(e)}",
            f"/api/events?admin1={e['admin1']}&sub_event_type={e['sub_event_type']}",
            "/api/events?merged=false&min_confidence=0.5&sort=fatalities",
            f"/api/events/{e['event_id']}", f"/api/events/{e['event_id'][:10]}",
            "/api/events/zzz", f"/api/documents/{doc['doc_id']}", "/api/documents?q=HASAKAH",
            *(f"/api/counts?by={by}" for by in ("day", "week", "month", "admin1", "country",
                                                "event_type", "sub_event_type")),
            "/api/export?format=csv", "/api/export?format=geojson&event_type=Battles",
        ]  # fmt: skip
        for path in urls:
            want, got = lite_client.get(path), pg_client.get(path)
            assert (got.status_code, got.content) == (want.status_code, want.content), path
        want, got = lite_client.get("/api/meta").json(), pg_client.get("/api/meta").json()
        assert {**got, "store": ""} == {**want, "store": ""}


# -- warlog serve ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_warlog_serve_answers_on_localhost(seed_db: Path) -> None:
    port = _free_port()
    exe = Path(sys.executable).with_name("warlog")
    env = {**os.environ, "WARLOG_API_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [str(exe), "--db", str(seed_db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    try:
        meta = None
        for _ in range(300):  # until it listens (or exits)
            if proc.poll() is not None:
                break
            try:
                meta = httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=5).json()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert meta is not None, proc.stdout.read().decode() if proc.poll() is not None else ""
        assert meta["documents"] == 1 and meta["ingest"] is True
        # concurrent requests, each on its own store connection, all answered alike
        base = f"http://127.0.0.1:{port}"
        paths = ["/api/events?limit=1000", "/api/counts?by=week", "/api/meta"] * 20
        with httpx.Client(base_url=base) as http:
            want = {path: http.get(path).json() for path in set(paths)}
            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(lambda path: (path, http.get(path)), paths))
        for path, response in answers:
            assert response.status_code == 200 and response.json() == want[path], path
    finally:
        proc.terminate()
        proc.wait(timeout=30)
