"""Near-duplicate documents and merged events: the logic, and the store keeping them
(on SQLite and, when WARLOG_TEST_POSTGRES is set, on PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pgutil import pg_database
from warlog import dedup
from warlog.models import Document, Event, Evidence
from warlog.store import Store, content_hash_of, migrations

WIRE = (
    "Islamic State militants attacked government positions in the southern "
    "neighbourhoods of Hasakah city on Thursday, killing at least 12 soldiers, "
    "according to a military source. The attack began at dawn with a car bomb near the "
    "Ghuwayran roundabout, followed by heavy clashes that lasted several hours. Residents "
    "said hundreds of families fled towards the northern districts of the city, while "
    "Kurdish forces reinforced their checkpoints on the road to Qamishli. The Syrian "
    "army said it had repelled the assault and that dozens of militants were killed."
)
OTHER = (
    "Police in Lagos arrested dozens of protesters who had gathered outside the state "
    "assembly on Friday to denounce rising fuel prices, witnesses said. Officers fired "
    "tear gas to disperse the crowd, and several people were taken to hospital. The "
    "governor appealed for calm and promised talks with union leaders next week."
)


def doc(doc_id: str, text: str, **kw) -> Document:
    return Document(doc_id=doc_id, text=text, content_hash=content_hash_of(text), **kw)


def clash(doc_id: str, event_id: str, **kw) -> Event:
    values = dict(
        event_date="2015-06-25",
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Islamic State (Syria)",
        actor2="Military Forces of Syria (2000-2024)",
        inter1=2,
        inter2=1,
        interaction=12,
        iso=760,
        country="Syria",
        admin1="Al Hasakah",
        location="Al Hasakah",
        latitude=36.5,
        longitude=40.75,
        geo_precision=1,
        source="ARA News",
        fatalities=12,
        evidence=[Evidence("event_type", "attacked", 25, 33)],
    )
    values.update(kw)
    return Event(doc_id=doc_id, event_id=event_id, **values)


# -- MinHash -----------------------------------------------------------------------------


def test_band_split_is_datasketchs_choice() -> None:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM)
    assert (lsh.b, lsh.r) == (dedup.BANDS, dedup.ROWS)
    assert dedup.BANDS * dedup.ROWS <= dedup.NUM_PERM


def test_signatures_find_copies_not_other_articles() -> None:
    sig = dedup.signature(WIRE)
    assert sig is not None and len(sig) == 4 * dedup.NUM_PERM
    assert dedup.signature(WIRE) == sig  # deterministic (stored signatures stay valid)
    republished = (
        "Share on Facebook Share on Twitter\n"
        + WIRE.replace("on Thursday", "on Thursday (June 25)")
        + "\nRead more: Syria news. Subscribe to our newsletter."
    )
    assert dedup.jaccard(sig, dedup.signature(republished)) >= dedup.THRESHOLD
    assert dedup.jaccard(sig, dedup.signature(OTHER)) < 0.1
    shared = {b for b in dedup.band_hashes(sig)} & set(dedup.band_hashes(dedup.signature(OTHER)))
    assert not shared
    assert dedup.signature("  ... ") is None
    assert dedup.shingles("One two") == {b"one two"}


def test_body_text_leaves_boilerplate_out() -> None:
    text = "Title\nShare this\n" + WIRE
    d = Document(doc_id="x", text=text, body=[(len("Title\nShare this\n"), len(text))])
    assert dedup.body_text(d) == WIRE


# -- merge keys and merging --------------------------------------------------------------


def test_merge_key_is_acleds_rule() -> None:
    a = clash("a", "a1")
    assert dedup.merge_key(a) == dedup.merge_key(
        clash("b", "b1", actor1=a.actor2, actor2=a.actor1, location="al hasakah", notes="x")
    )
    # Same family: a clash and the territory it changes.
    taken = clash("b", "b1", sub_event_type="Non-state actor overtakes territory")
    assert dedup.merge_key(a) == dedup.merge_key(taken)
    for other in (
        clash("b", "b1", event_date="2015-06-26"),
        clash("b", "b1", location="Qamishli"),
        clash("b", "b1", actor2="YPG: People's Protection Units"),
        clash("b", "b1", record_type="displacement"),
    ):
        assert dedup.merge_key(a) != dedup.merge_key(other)
    remote, strategic = "Explosions/Remote violence", "Strategic developments"
    air = clash("a", "x", event_type=remote, sub_event_type="Air/drone strike")
    shell = clash("a", "y", event_type=remote, sub_event_type="Shelling/artillery/missile attack")
    assert dedup.merge_key(air) != dedup.merge_key(shell)
    arrest = clash("a", "x", event_type=strategic, sub_event_type="Arrests")
    looting = clash("a", "y", event_type=strategic, sub_event_type="Looting/property destruction")
    assert dedup.merge_key(arrest) != dedup.merge_key(looting)
    # Undated or unlocated events are never merged.
    assert dedup.merge_key(clash("a", "a1", event_date=None)) == "u:a1"
    assert dedup.merge_key(clash("a", "a1", location="")) == "u:a1"


def test_two_events_of_one_document_keep_two_slots() -> None:
    first, second = clash("a", "a1"), clash("a", "a2")
    keys = dedup.document_keys([first, second])
    assert len(set(keys)) == 2 and keys[0] == dedup.merge_key(clash("b", "b1"))


def test_merge_events_keeps_precise_date_place_and_conservative_fatalities() -> None:
    a = clash("a", "a1", time_precision=2, geo_precision=2, fatalities=12, source="ARA News")
    b = clash(
        "b", "b1", time_precision=1, geo_precision=1, latitude=36.51, fatalities=9,
        source="SANA; a military source", assoc_actor_1="Tribal Militia", confidence=0.9,
        evidence=[Evidence("fatalities", "nine", 40, 44)],
    )  # fmt: skip
    c = clash("c", "c1", time_precision=3, geo_precision=3, fatalities=0, source="ARA News")
    m = dedup.merge_events([a, b, c])
    assert m.event_id == "a1" and m.doc_id == "a"
    assert m.time_precision == 1 and m.geo_precision == 1 and m.latitude == 36.51
    assert m.fatalities == 9  # the lowest figure given; c gave none
    assert m.source == "ARA News; SANA; a military source"
    assert m.sources_count == 3
    assert m.assoc_actor_1 == "Tribal Militia" and m.confidence == 0.9
    assert [e.text for e in m.evidence] == ["attacked", "nine", "attacked"]
    assert dedup.merge_events([a]).sources_count == 1


# -- in the store ------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path: Path):
    if request.param == "sqlite":
        with Store.open(tmp_path / "w.db") as s:
            yield s
    else:
        with pg_database() as url, Store.open(url) as s:
            yield s


def merged(store: Store, **kw) -> list[Event]:
    return list(store.query_events(merged=True, **kw))


def test_reports_of_one_event_are_merged(store: Store) -> None:
    store.add_document(doc("a", "IS attacked Hasakah, killing 12."), [clash("a", "a1")])
    store.add_document(
        doc("b", "Fighting in Hasakah: nine soldiers dead.", outlet="SANA"),
        [clash("b", "b1", fatalities=9, source="SANA")],
    )
    store.add_document(
        doc("c", "An airstrike hit Raqqa."),
        [clash("c", "c1", location="Ar Raqqah", event_type="Explosions/Remote violence",
               sub_event_type="Air/drone strike")],
    )  # fmt: skip
    assert [e.event_id for e in store.query_events()] == ["a1", "b1", "c1"]
    got = merged(store)
    assert [(e.event_id, e.sources_count) for e in got] == [("a1", 2), ("c1", 1)]
    assert got[0].source == "ARA News; SANA" and got[0].fatalities == 9
    assert len(got[0].evidence) == 2
    assert merged(store, country="syria", event_type="battles")[0].event_id == "a1"
    assert store.get_event("a1", merged=True).sources_count == 2
    assert store.stats()["merged_events"] == 2


def test_changed_document_replaces_its_events_in_the_merged_view(store: Store) -> None:
    store.add_document(doc("a", "IS attacked Hasakah, killing 12."), [clash("a", "a1")])
    store.add_document(doc("b", "Nine dead in Hasakah."), [clash("b", "b1", fatalities=9)])
    assert [e.sources_count for e in merged(store)] == [2]
    # b corrected: the fighting was in Qamishli.
    assert store.add_document(
        doc("b", "Nine dead in Qamishli."), [clash("b", "b2", location="Qamishli")]
    ) == "replaced"  # fmt: skip
    got = merged(store)
    assert sorted((e.location, e.sources_count, e.fatalities) for e in got) == [
        ("Al Hasakah", 1, 12),
        ("Qamishli", 1, 12),
    ]
    assert store.delete_document("a")
    assert [e.event_id for e in merged(store)] == ["b2"]
    assert store.delete_document("b") and merged(store) == []


def test_two_events_of_one_document_stay_two(store: Store) -> None:
    store.add_document(doc("a", "Two clashes."), [clash("a", "a1"), clash("a", "a2")])
    store.add_document(doc("b", "One clash."), [clash("b", "b1")])
    assert sorted(e.sources_count for e in merged(store)) == [1, 2]


def test_near_duplicate_is_linked_and_counts_once(store: Store) -> None:
    original = doc("wire", WIRE, outlet="AFP")
    copy_text = "Share this article\n" + WIRE + "\nSubscribe to our newsletter."
    copy = doc("copy", copy_text, outlet="Daily Star")
    store.add_document(original, [clash("wire", "w1")])
    # Republished a day later: "Thursday" resolved to another date, another outlet.
    store.add_document(copy, [clash("copy", "c1", event_date="2015-06-18", source="Daily Star")])
    store.add_document(doc("other", OTHER), [])
    assert store.duplicate_of("copy") == "wire"
    assert store.duplicate_of("wire") is None and store.duplicate_of("other") is None
    assert len(list(store.query_events())) == 2
    (m,) = merged(store)
    assert m.event_id == "w1" and m.event_date == "2015-06-25"
    assert m.sources_count == 2 and m.source == "ARA News; Daily Star"
    assert store.stats()["duplicates"] == 1


def test_replacing_the_original_relinks_its_copies(store: Store) -> None:
    store.add_document(doc("wire", WIRE), [clash("wire", "w1")])
    store.add_document(doc("copy1", WIRE + "\nMore news."), [clash("copy1", "c1")])
    store.add_document(doc("copy2", "Breaking.\n" + WIRE), [clash("copy2", "c2")])
    assert store.duplicate_of("copy1") == store.duplicate_of("copy2") == "wire"
    # The original turns out to be another article: the copies are now each other's.
    store.add_document(doc("wire", OTHER), [])
    assert store.duplicate_of("wire") is None
    assert store.duplicate_of("copy1") is None and store.duplicate_of("copy2") == "copy1"
    (m,) = merged(store)
    assert m.event_id == "c1" and m.sources_count == 2
    store.delete_document("copy1")
    assert store.duplicate_of("copy2") is None
    assert [e.event_id for e in merged(store)] == ["c2"]


def test_events_command_merged_and_unmerged(tmp_path: Path) -> None:
    from warlog.cli import app

    db = tmp_path / "w.db"
    with Store.open(db) as s:
        s.add_document(doc("a", "IS attacked Hasakah."), [clash("a", "a1")])
        s.add_document(doc("b", "Clashes in Hasakah."), [clash("b", "b1", source="SANA")])
    runner = CliRunner()
    out = runner.invoke(app, ["--db", str(db), "events", "-f", "jsonl"]).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["event_id"], r["sources_count"], r["source"]) for r in rows] == [
        ("a1", 2, "ARA News; SANA")
    ]
    out = runner.invoke(app, ["--db", str(db), "events", "--unmerged", "-f", "jsonl"]).stdout
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == ["a1", "b1"]


def test_migration_from_version_1_links_and_merges(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in migrations.split_statements(migrations.MIGRATIONS[0]):
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    columns = [c for c in Event.__dataclass_fields__ if c not in ("evidence", "sources_count")]
    for d, events in (
        (doc("wire", WIRE), [clash("wire", "w1")]),
        (doc("copy", "Share\n" + WIRE), [clash("copy", "c1")]),
        (doc("b", "Nine dead."), [clash("b", "b1", fatalities=9)]),
    ):
        raw.execute(
            "INSERT INTO documents (doc_id, content_hash, text) VALUES (?, ?, ?)",
            (d.doc_id, d.content_hash, d.text),
        )
        for e in events:
            raw.execute(
                f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: E501
                [getattr(e, c) for c in columns],
            )
    raw.close()
    with Store.open(path) as s:
        assert s.schema_version == migrations.SCHEMA_VERSION
        assert s.duplicate_of("copy") == "wire"
        (m,) = merged(s)
        assert m.sources_count == 3 and m.fatalities == 9
