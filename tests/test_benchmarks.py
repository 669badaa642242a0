"""The scoring of the public coding benchmarks (CASE 2021, ACLED notes) and their CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from warlog.eval.benchmarks import NONE, field_hits, main, score_case
from warlog.models import Event


def event(sub_event_type: str, **fields) -> Event:
    return Event(doc_id="d", event_type="Battles", sub_event_type=sub_event_type, **fields)


def test_case_scores_weighted_f1_and_the_non_acled_share() -> None:
    labels = {"1": "AIR_STRIKE", "2": "AIR_STRIKE", "3": "ARMED_CLASH", "4": "DIPLO", "5": "DIPLO"}
    predicted = {
        "1": event("Air/drone strike", confidence=0.9),
        "2": event("Armed clash", confidence=0.4),
        "3": event("Armed clash", confidence=0.8),
        "4": None,
        "5": event("Armed clash", confidence=0.3),
    }
    report = score_case(labels, predicted)
    # Air/drone strike: P 1, R 0.5, F1 2/3 (support 2); Armed clash: P 0.5, R 1, F1 2/3 (1)
    assert report.weighted_f1 == pytest.approx(2 / 3)
    assert report.accuracy == pytest.approx(2 / 3)
    assert report.confusions[("Air/drone strike", "Armed clash")] == 1
    assert report.non_acled_no_event == pytest.approx(0.5)
    assert report.precision_all == pytest.approx(2 / 3)
    assert report.precision_confident == pytest.approx(1.0)  # the 0.4 miss is dropped


def test_case_counts_a_snippet_without_event_as_none() -> None:
    report = score_case({"1": "ARMED_CLASH"}, {"1": None})
    assert report.confusions[("Armed clash", NONE)] == 1
    assert report.weighted_f1 == 0.0


ROW = {
    "event_type": "Battles", "sub_event_type": "Armed clash",
    "actor1": "Military Forces of Iraq (2018-2020)", "actor2": "Islamic State (Iraq)",
    "inter1": "1", "event_date": "31-Dec-19", "fatalities": "2",
    "latitude": "33.3248", "longitude": "44.4213", "admin1": "Baghdad",
}  # fmt: skip


def test_acled_fields_agree_with_the_row() -> None:
    e = Event(
        doc_id="d", event_type="Battles", sub_event_type="Armed clash",
        actor1="Military Forces of Iraq", actor2="Islamic State", inter1=1,
        event_date="2019-12-31", fatalities=2, latitude=33.40, longitude=44.40, admin1="Baghdad",
    )  # fmt: skip
    assert all(field_hits(ROW, e).values())
    far = event("Armed clash", latitude=34.0, longitude=44.4)
    hits = field_hits(ROW, far)
    assert not hits["location_25km"] and not hits["fatalities"] and hits["sub_event_type"]
    assert not any(field_hits(ROW, None).values())


def test_cli_writes_the_wrong_items_to_an_errors_file(tmp_path: Path, capsys) -> None:
    snippets = tmp_path / "case.tsv"
    with open(snippets, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["id", "EventSnippet", "SubType"])
        w.writerow(["1", "Warplanes bombed the village of Kashkash, killing six civilians.",
                    "AIR_STRIKE"])  # fmt: skip
        w.writerow(["2", "The two foreign ministers met in Geneva to discuss trade.", "DIPLO"])
        w.writerow(["3", "The weather was fine and the market was busy all day.",
                    "PEACE_PROTEST"])  # fmt: skip
    errors = tmp_path / "errors.jsonl"
    main(["case", str(snippets), "--errors", str(errors)])
    assert "weighted F1" in capsys.readouterr().out
    wrong = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [w["id"] for w in wrong] == ["3"]  # 1 coded right; 2 is non-ACLED (not a type)
    assert wrong[0]["gold"] == "Peaceful protest" and wrong[0]["got"] is None


def test_cli_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["acled", str(tmp_path / "missing.csv")])
