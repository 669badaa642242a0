"""Tests of warlog.text.boilerplate (plain-text report analysis)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from warlog.text.boilerplate import analyse_plain_text, load_rules, parse_date_text

SEED = Path("/work/shared/seed/000_b389d2223fbaba74.txt")
GOLD = SEED.with_suffix(".gold.json")


def _in_body(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The example report, exactly as stored."""
    if not SEED.exists():
        pytest.skip("example report not available")
    return SEED.read_text(encoding="utf-8")


def test_seed_metadata(seed_text: str) -> None:
    """Title, outlet, byline and dateline of the example report."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["metadata"]
    a = analyse_plain_text(seed_text)
    assert a.title == gold["title"]
    assert a.title_span is not None and seed_text[slice(*a.title_span)] == a.title
    assert a.outlet == gold["outlet"] == "ARA News"
    assert a.byline == gold["byline"] == "Zozan Shekho"
    assert a.dateline == gold["dateline"] == "Hasakah, Syria"
    assert a.dateline_span is not None
    assert seed_text[slice(*a.dateline_span)] == "Hasakah, Syria"
    assert _in_body(a.body, *a.dateline_span)


def test_seed_body_excludes_boilerplate(seed_text: str) -> None:
    """No boilerplate string of the gold file lies in the body; every paragraph does."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    a = analyse_plain_text(seed_text)
    for snippet in gold["boilerplate_that_is_not_article_text"]:
        start = seed_text.index(snippet)
        assert not _in_body(a.body, start, start + len(snippet)), snippet
    assert a.title_span is not None and not _in_body(a.body, *a.title_span)
    first = seed_text.index("Hasakah, Syria\u00a0– Subsequent")
    last_end = seed_text.index("after the withdrawal of pro-Assad forces.") + len(
        "after the withdrawal of pro-Assad forces."
    )
    paragraphs = [p for p in seed_text[first:last_end].split("\n\n") if p.strip()]
    assert len(paragraphs) == 11
    pos = first
    for paragraph in paragraphs:
        start = seed_text.index(paragraph.strip(), pos)
        end = start + len(paragraph.strip())
        assert _in_body(a.body, start, end), paragraph[:40]
        pos = end
    for line in ("Reporting by: Zozan Shekho", "Source: ARA News", "\nARA News\n"):
        start = seed_text.index(line)
        assert not _in_body(a.body, start, start + len(line))
    kinds = {b.kind for b in a.boilerplate}
    assert {"caption", "social", "captcha", "byline", "outlet"} <= kinds


@pytest.mark.parametrize(
    ("first_line", "dateline", "outlet"),
    [
        (
            "BAGHDAD, March 3 (Reuters) - Gunmen killed four people on Tuesday.",
            "BAGHDAD",
            "Reuters",
        ),
        ("ALEPPO — Rebels shelled the Salaheddine district, residents said.", "ALEPPO", None),
        ("Deir ez-Zor, Syria – Clashes broke out near the airport.", "Deir ez-Zor, Syria", None),
        ("QAMISHLI, Syria (AP) -- A car bomb exploded on Monday.", "QAMISHLI, Syria", "AP"),
        ("Syrian forces – backed by Russian jets – advanced on Monday.", None, None),
        ("Government troops advanced towards the town on Monday.", None, None),
    ],
)
def test_datelines(first_line: str, dateline: str | None, outlet: str | None) -> None:
    """Dateline forms with the various dashes; no dateline in ordinary sentences."""
    text = f"A headline about the war\n\n{first_line}\n\nMore text follows here.\n"
    a = analyse_plain_text(text)
    assert a.title == "A headline about the war"
    assert a.dateline == dateline
    if dateline:
        assert a.dateline_span is not None and text[slice(*a.dateline_span)] == dateline
    assert a.outlet == outlet


def test_other_boilerplate_lines() -> None:
    """Bylines, captchas, social lines, captions, bullets and a published date."""
    text = (
        "Clashes continue in Idlib\n"
        "Published: June 27, 2015\n"
        "By John Smith\n"
        "\n"
        "Image: a destroyed building in Idlib\n"
        "\n"
        "IDLIB – Clashes continued on Friday between rebels and government forces.\n"
        "\n"
        "The fighting killed at least six people, a monitor said.\n"
        "\n"
        "Related: Idlib offensive stalls\n"
        "Share this\n"
        "Click here to subscribe\n"
        "Subscribe to our newsletter\n"
        "Read more\n"
        "* * *\n"
        "3 + four =\n"
    )
    a = analyse_plain_text(text)
    assert a.title == "Clashes continue in Idlib"
    assert a.byline == "John Smith"
    assert a.date_text == "June 27, 2015"
    assert a.publication_date == date(2015, 6, 27)
    assert a.dateline == "IDLIB"
    bodies = [text[s:e] for s, e in a.body]
    assert bodies == [
        "IDLIB – Clashes continued on Friday between rebels and government forces.",
        "The fighting killed at least six people, a monitor said.",
    ]
    kinds = [b.kind for b in a.boilerplate]
    assert kinds.count("social") == 5
    assert "captcha" in kinds and "bullet" in kinds and "caption" in kinds


def test_caption_under_title_without_credit() -> None:
    """A short line between the title and a dateline paragraph is not article text."""
    text = (
        "Airstrikes hit Raqqa\n\nSmoke over the city after the raids.\n\n"
        "RAQQA, Syria – Warplanes struck the city on Sunday, activists said.\n"
    )
    a = analyse_plain_text(text)
    assert [text[s:e] for s, e in a.body] == [
        "RAQQA, Syria – Warplanes struck the city on Sunday, activists said."
    ]


def test_body_sentence_with_keywords_is_kept() -> None:
    """A long paragraph that mentions Twitter or 'click here' stays in the body."""
    para = (
        "The group told its supporters to follow us on Twitter and to click here for "
        "updates, while its fighters attacked three villages east of the city on Monday and "
        "killed at least ten civilians, according to local activists and medical sources."
    )
    text = f"Title line here\n\n{para}\n"
    a = analyse_plain_text(text)
    assert [text[s:e] for s, e in a.body] == [para]


def test_title_modes() -> None:
    """find_title False/None, and a single-line text that is not a title."""
    text = "Fighting in Aleppo\nRebels attacked the city on Monday, killing five.\n"
    assert analyse_plain_text(text, find_title=False).title is None
    assert analyse_plain_text(text, find_title=None).title == "Fighting in Aleppo"
    one = "Rebels attacked the city on Monday, killing five."
    a = analyse_plain_text(one)
    assert a.title is None and a.body == [(0, len(one))]
    assert analyse_plain_text("").body == []


def test_rules_loaded_once() -> None:
    """The rule file is compiled once and has a reason for every rule."""
    rules = load_rules()
    assert load_rules() is rules
    for kind, compiled in rules.rules.items():
        for rule in compiled:
            assert rule.why, kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-06-27", date(2015, 6, 27)),
        ("June 27, 2015", date(2015, 6, 27)),
        ("Saturday, 27 June 2015", date(2015, 6, 27)),
        ("June 2015", None),
        ("yesterday", None),
        ("in The Guardian", None),
    ],
)
def test_parse_date_text(text: str, expected: date | None) -> None:
    """Only complete calendar dates are accepted."""
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Reporting by: Zozan Shekho", "Zozan Shekho"),
        ("(Reporting by Laila Bassam; Editing by Tom Brown)", "Laila Bassam"),
        ("Written by Jane Roe", "Jane Roe"),
        ("By Ahmed al-Khatib and Sara Lee", "Ahmed al-Khatib and Sara Lee"),
        ("By John Smith, Staff Writer", "John Smith"),
        ("By Friday rebels had fled the town", None),
    ],
)
def test_bylines(line: str, byline: str | None) -> None:
    """Byline forms; a sentence starting "By" is not one."""
    text = f"Title of the report\n\n{line}\n\nSomething happened in the town.\n"
    a = analyse_plain_text(text)
    assert a.byline == byline
    if byline:
        assert a.byline_span is not None and text[slice(*a.byline_span)] == byline


def test_dateline_in_capitals_after_a_headline_glued_to_the_text() -> None:
    text = (
        "Mason charged with sex assault. BANTAM — A Danbury stonework mason was arraigned "
        "in Bantam Superior Court Tuesday.\nHe is scheduled to appear again in April."
    )
    r = analyse_plain_text(text, find_title=None)
    assert r.dateline == "BANTAM" and text[r.dateline_span[0] : r.dateline_span[1]] == "BANTAM"
    # a dash inside a sentence, or capitals followed by lower case, is no dateline
    for t in ("The army said so. NATO — which leads — was quiet.\nMore.",
              "Officials met. THE TALKS — as expected — failed.\nMore."):  # fmt: skip
        assert analyse_plain_text(t, find_title=None).dateline is None
