"""Tests for warlog.dates: time expressions resolved against the publication date."""

from datetime import date
from pathlib import Path

import pytest

from warlog.dates import find_dates, resolve_event_date
from warlog.models import DateMention

SEED = Path("/work/shared/seed/000_b389d2223fbaba74.txt")
PUB = date(2015, 6, 27)  # a Saturday


def one(text: str, pub: date | None = PUB) -> DateMention:
    found = find_dates(text, pub)
    assert len(found) == 1, found
    return found[0]


def containing(mentions: list[DateMention], phrase: str) -> DateMention:
    hits = [m for m in mentions if phrase in m.text]
    assert hits, f"no mention containing {phrase!r} in {mentions}"
    return hits[0]


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not available")
def test_example_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_dates(text, PUB)
    for m in found:
        assert text[m.start : m.end] == m.text
    assert containing(found, "Thursday evening").date == date(2015, 6, 25)
    assert containing(found, "on Friday").date == date(2015, 6, 26)
    assert containing(found, "Friday evening").date == date(2015, 6, 26)
    assert containing(found, "at dawn on Friday").date == date(2015, 6, 26)
    clock = containing(found, "9:00 am")
    assert "Friday" in clock.text and clock.date == date(2015, 6, 26)
    week = containing(found, "Last week")
    assert week.time_precision == 2
    assert date(2015, 6, 15) <= week.date <= date(2015, 6, 21)  # type: ignore[operator]
    assert week.date == date(2015, 6, 18)
    assert all(m.time_precision == 1 for m in found if "Friday" in m.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saturday", date(2015, 6, 27)),  # the publication day itself
        ("on Friday", date(2015, 6, 26)),
        ("late on Monday", date(2015, 6, 22)),
        ("on Sunday night", date(2015, 6, 21)),
        ("Thursday evening", date(2015, 6, 25)),
        ("at dawn on Friday", date(2015, 6, 26)),
        ("last Saturday", date(2015, 6, 20)),
        ("today", PUB),
        ("this morning", PUB),
        ("tonight", PUB),
        ("Yesterday", date(2015, 6, 26)),
        ("last night", date(2015, 6, 26)),
        ("the day before yesterday", date(2015, 6, 25)),
        ("two days ago", date(2015, 6, 25)),
        ("at 9 pm yesterday", date(2015, 6, 26)),
        ("on Friday morning", date(2015, 6, 26)),
        ("Friday at 9 pm", date(2015, 6, 26)),
    ],
)
def test_day_phrases(text: str, expected: date) -> None:
    m = one(text)
    assert m.date == expected
    assert m.time_precision == 1
    assert (m.start, m.end) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 26", date(2015, 6, 26)),
        ("26 June", date(2015, 6, 26)),
        ("26th of June", date(2015, 6, 26)),
        ("June 26, 2015", date(2015, 6, 26)),
        ("26/6/2015", date(2015, 6, 26)),
        ("2015-06-26", date(2015, 6, 26)),
        ("On Dec 31", date(2014, 12, 31)),  # the most recent past Dec 31
        ("On 31 December", date(2014, 12, 31)),
        ("June 28", date(2015, 6, 28)),  # pub_date + 1 day is still allowed
        # a day told without its year, just after publication, is read as told (the
        # day or the publication date is wrong); an event date never takes it
        ("June 29", date(2015, 6, 29)),
        ("July 28", date(2015, 7, 28)),
        ("July 29", date(2014, 7, 29)),  # over a month ahead: a year back
        ("1 March 2014", date(2014, 3, 1)),
    ],
)
def test_explicit_dates(text: str, expected: date) -> None:
    m = one(text)
    assert m.date == expected and m.time_precision == 1


def test_explicit_date_offsets_in_sentence() -> None:
    text = "On Dec 31, protesters in Qurna came out."
    m = one(text)
    assert text[m.start : m.end] == m.text == "On Dec 31"


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("last week", date(2015, 6, 18), 2),
        ("this week", date(2015, 6, 25), 2),
        ("last weekend", date(2015, 6, 20), 2),
        ("last month", date(2015, 5, 15), 3),
        ("earlier this month", date(2015, 6, 15), 3),
        ("in May", date(2015, 5, 15), 3),
        ("in August", date(2014, 8, 15), 3),  # month only: the most recent past August
        ("at the beginning of May", date(2015, 5, 1), 3),
        ("at the end of May", date(2015, 5, 31), 3),
        ("end of February", date(2015, 2, 28), 3),
        ("in March 2014", date(2014, 3, 15), 3),
    ],
)
def test_weeks_and_months(text: str, expected: date, precision: int) -> None:
    m = one(text)
    assert (m.date, m.time_precision) == (expected, precision)


@pytest.mark.parametrize(
    "text",
    [
        "IS may attack the town",
        "May God protect them",
        "protesters march to the square",
        "they will march on",
        "fighting for two weeks",
        "a 22-year-old man was killed",
        "in 2014",
        "the March 23 Movement (M23) advanced",
        "at 9 pm",
        "on June 31",  # no such day
    ],
)
def test_false_friends(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_no_pub_date() -> None:
    found = find_dates("On Friday and yesterday, and on 26 June 2015 and in May", None)
    by_text = {m.text: m for m in found}
    assert by_text["On Friday"].date is None and by_text["On Friday"].time_precision == 1
    assert by_text["yesterday"].date is None
    assert by_text["on 26 June 2015"].date == date(2015, 6, 26)
    assert by_text["in May"].date is None and by_text["in May"].time_precision == 3


def test_window_and_offsets() -> None:
    text = "On Monday they came. On Friday they left."
    found = find_dates(text, PUB, start=20)
    assert [m.text for m in found] == ["On Friday"]
    assert text[found[0].start : found[0].end] == "On Friday"
    assert find_dates(text, PUB, 0, 20)[0].date == date(2015, 6, 22)


def test_resolve_event_date() -> None:
    text = "Last week the group warned. On Friday it attacked, and on Thursday it shelled."
    found = find_dates(text, PUB)
    assert resolve_event_date(found, PUB).text == "On Friday"  # type: ignore[union-attr]
    anchor = text.index("shelled")
    best = resolve_event_date(found, PUB, anchor=anchor)
    assert best is not None and best.date == date(2015, 6, 25)
    assert resolve_event_date([], PUB) is None
    undated = find_dates("on Friday", None)
    assert resolve_event_date(undated, None) is None
    week_only = find_dates("last week", PUB)
    assert resolve_event_date(week_only, PUB).time_precision == 2  # type: ignore[union-attr]
    assert resolve_event_date(find_dates("on June 30", PUB), PUB) is None  # after publication


def test_a_campaign_start_date_does_not_date_the_event() -> None:
    pub = date(2019, 6, 1)
    text = "On June 1, as part of the operation launched on May 27, 3 militants were killed."
    found = find_dates(text, pub)
    anchor = text.index("killed")
    best = resolve_event_date(found, pub, anchor=anchor, text=text)
    assert best is not None and best.date == date(2019, 6, 1)
    # alone, the start date is still the only date told
    alone = "The operation launched on May 27 goes on."
    only = resolve_event_date(find_dates(alone, pub), pub, text=alone)
    assert only is not None and only.date == date(2019, 5, 27)
