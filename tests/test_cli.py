"""End-to-end: the warlog command on real reports, real stores, bad inputs."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlog.cli import app
from warlog.eval.gold import EVIDENCED_FIELDS, score
from warlog.models import ACLED_COLUMNS, Event

pytestmark = pytest.mark.slow
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
    return result


def events_of(output: str) -> list[Event]:
    return [Event.from_dict(json.loads(line)) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_events(example_path: Path) -> tuple[list[Event], str]:
    """The example coded by the installed console script, as a user runs it."""
    exe = Path(sys.executable).with_name("warlog")
    proc = subprocess.run(
        [str(exe), "code", str(example_path), "--date", "2015-06-27"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return events_of(proc.stdout), example_path.read_text("utf-8")


def test_code_finds_every_required_reference_event(seed_events, gold) -> None:
    events, text = seed_events
    report = score(gold, events, text)
    assert report.missed == []
    assert len(report.required_found) == 6
    assert len(report.spurious) <= 2, [e.notes for e in report.spurious]
    assert report.non_events_coded == []
    assert report.field_accuracy()["actor2"] == 1.0
    assert report.field_accuracy()["event_type"] == 1.0


def test_every_filled_field_has_evidence_pointing_into_the_text(seed_events) -> None:
    events, text = seed_events
    assert events
    for e in events:
        fields = {ev.field for ev in e.evidence}
        for name in EVIDENCED_FIELDS:
            if getattr(e, name) not in (None, "", 0):
                assert name in fields, (e.event_id, name)
        for ev in e.evidence:
            assert text[ev.start : ev.end] == ev.text


def test_events_carry_every_acled_column_and_stable_ids(seed_events, example_path) -> None:
    events, _ = seed_events
    for e in events:
        d = e.to_dict()
        assert set(ACLED_COLUMNS) <= set(d)
        assert 0 <= e.confidence <= 1
        assert e.record_type in ("event", "displacement")
        assert e.interaction is not None
    again = events_of(run("code", str(example_path), "--date", "2015-06-27").stdout)
    assert [e.event_id for e in again] == [e.event_id for e in events]


def test_displacement_is_its_own_record_type(seed_events) -> None:
    events, _ = seed_events
    displaced = [e for e in events if e.record_type == "displacement"]
    assert displaced and all(e.actor1.startswith("Civilians") for e in displaced)
    assert len(displaced) == 1  # one flight that day in al-Hasakah, told three times


def test_no_date_means_null_event_date_with_a_reason(example_path) -> None:
    events = events_of(run("code", str(example_path)).stdout)
    assert events
    assert all(e.event_date is None and e.date_note for e in events)


def test_csv_and_geojson_output(example_path) -> None:
    out = run("code", str(example_path), "--date", "2015-06-27", "--format", "csv").stdout
    header = next(csv.reader(io.StringIO(out)))
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    out = run("code", str(example_path), "--date", "2015-06-27", "--format", "geojson").stdout
    features = json.loads(out)["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features)
    lon, lat = features[0]["geometry"]["coordinates"]
    assert abs(lat - 36.5) < 0.2 and abs(lon - 40.75) < 0.2


def test_jsonl_from_stdin_with_offsets_into_the_text_value() -> None:
    text = (
        "On Monday, Turkish warplanes carried out airstrikes on PKK positions near Duhok, "
        "killing 3 fighters, a local official said."
    )
    record = {"id": "n1", "text": text, "publication_date": "2019-06-12"}
    result = run("code", "-", input=json.dumps(record) + "\n")
    (event,) = events_of(result.stdout)
    assert event.doc_id == "n1"
    assert event.sub_event_type == "Air/drone strike"
    assert event.event_date == "2019-06-10"
    assert event.fatalities == 3
    assert event.country == "Iraq"
    for ev in event.evidence:
        assert text[ev.start : ev.end] == ev.text


def test_ingest_query_show_and_reingest(tmp_path: Path, example_path: Path) -> None:
    db = tmp_path / "w.db"
    first = run("--db", str(db), "ingest", str(example_path), "--date", "2015-06-27")
    assert first.exit_code == 0
    assert "1 documents coded" in first.stderr
    again = run("--db", str(db), "ingest", str(example_path), "--date", "2015-06-27")
    assert "0 documents coded" in again.stderr and "1 skipped as unchanged" in again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        n_events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert n_events >= 6

    rows = list(csv.DictReader(io.StringIO(run("--db", str(db), "events").stdout)))
    assert len(rows) == n_events
    air = run("--db", str(db), "events", "--type", "Air/drone strike", "-f", "jsonl").stdout
    assert events_of(air) and all(e.sub_event_type == "Air/drone strike" for e in events_of(air))
    assert run("--db", str(db), "events", "--country", "Iraq", "-f", "jsonl").stdout == ""
    inside = run("--db", str(db), "events", "--bbox", "40,36,41,37", "-f", "jsonl").stdout
    assert len(events_of(inside)) == n_events
    assert run("--db", str(db), "events", "--since", "2015-07-01", "-f", "jsonl").stdout == ""
    yp = events_of(run("--db", str(db), "events", "--actor", "YPG", "-f", "jsonl").stdout)
    assert yp and all("YPG" in e.actor1 + e.actor2 for e in yp)

    event = events_of(air)[0]
    shown = run("--db", str(db), "show", event.event_id[:8])
    assert shown.exit_code == 0
    assert event.sub_event_type in shown.stdout and "Villat Homr" in shown.stdout
    missing = run("--db", str(db), "show", "ffffffffffff")
    assert missing.exit_code == 2


def test_geoparse_output(example_path: Path) -> None:
    out = run("geoparse", str(example_path)).stdout
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["doc_id"] == str(example_path)
    keys = {"text", "start", "end", "name", "feature", "country", "admin1", "latitude",
            "longitude", "geonameid", "confidence"}  # fmt: skip
    text = example_path.read_text("utf-8")
    assert record["places"]
    for place in record["places"]:
        assert keys <= set(place)
        assert text[place["start"] : place["end"]] == place["text"]
    shaddadi = [p for p in record["places"] if p["text"] == "Shaddadi"]
    assert shaddadi and abs(shaddadi[0]["latitude"] - 36.05) < 0.1


def test_bad_inputs_never_stop_the_batch_or_corrupt_the_store(tmp_path: Path, example_path):
    db = tmp_path / "w.db"
    run("--db", str(db), "ingest", str(example_path), "--date", "2015-06-27")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a_empty.txt").write_text("")
    (bad / "b_binary.txt").write_bytes(bytes(range(256)) * 64)
    with open(bad / "c_huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    (bad / "d_latin1.txt").write_bytes(
        "Clashes in Aleppo\n\nFighting erupted in Aleppo on Monday between rebels and "
        "the Syrian army, r\xe9sidents said.\n".encode("latin-1")
    )
    (bad / "e_truncated.html").write_text("<html><body><p>Fighting in Aleppo killed")
    (bad / "f_lines.jsonl").write_text(
        json.dumps({"id": "ok1", "text": "Gunmen kidnapped two aid workers in Zzyzxville."})
        + "\n{broken json\n"
        + json.dumps({"id": "ok2", "text": "Police arrested protesters in Lagos on Friday."})
        + "\n"
    )
    result = run("--db", str(db), "ingest", str(bad))
    assert result.exit_code == 0
    err = result.stderr
    assert "a_empty.txt" in err and "empty" in err
    assert "b_binary.txt" in err and "binary" in err
    assert "c_huge.txt" in err
    assert "f_lines.jsonl:2" in err
    with sqlite3.connect(db) as conn:
        ids = {r[0] for r in conn.execute("SELECT doc_id FROM documents")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert str(example_path) in ids  # what was stored before is still there
    assert {"ok1", "ok2", str(bad / "d_latin1.txt")} <= ids
    stored = run("--db", str(db), "events", "--actor", "Unidentified", "-f", "jsonl").stdout
    unknown = events_of(stored)
    kidnap = [e for e in unknown if e.doc_id == "ok1"]
    assert kidnap and kidnap[0].latitude is None  # a place no gazetteer knows: unknown
    nodate = [e for e in events_of(run("--db", str(db), "events", "-f", "jsonl").stdout)
              if e.doc_id == "ok2"]  # fmt: skip
    assert nodate and nodate[0].event_date is None and nodate[0].date_note


def test_module_entry_point_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "warlog", "--help"], capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "120"},
    )  # fmt: skip
    assert proc.returncode == 0 and "ingest" in proc.stdout


def test_coding_twice_in_one_process_gives_the_same_events() -> None:
    texts = [
        "Thousands of people protested in Basra on Monday. Protesters later burned tyres "
        "and blocked roads. Police dispersed the crowd with tear gas.",
        "Hundreds rallied in Najaf. Demonstrators marched to the governor's office. "
        "Students held a sit-in outside the university.",
    ]
    records = "".join(
        json.dumps({"id": f"d{i}", "text": t, "publication_date": "2019-11-05"}) + "\n"
        for i, t in enumerate(texts)
    )
    first = [e.to_dict() for e in events_of(run("code", "-", input=records).stdout)]
    second = [e.to_dict() for e in events_of(run("code", "-", input=records).stdout)]
    assert first and first == second


def test_the_attacker_named_beside_the_attack_of_a_passive_report() -> None:
    text = "On May 7, two police officers were killed in an attack by IS militants in Kirkuk."
    record = {"id": "p1", "text": text, "publication_date": "2019-05-08"}
    (event,) = events_of(run("code", "-", input=json.dumps(record) + "\n").stdout)
    assert event.sub_event_type == "Armed clash"
    assert event.actor1 == "Islamic State (Iraq)" and event.actor2.startswith("Police Forces")
    assert event.fatalities == 2 and event.event_date == "2019-05-07"
