"""Tests for warlog.actors: lexicon, matcher, resolution, interaction codes."""

import time
from datetime import date
from pathlib import Path

import pytest

from warlog.actors import (
    ActorLexicon,
    attach_associates,
    default_lexicon,
    find_actors,
    interaction_code,
    resolve,
)

SEED = Path("/work/shared/seed/000_b389d2223fbaba74.txt")
SYRIA_MIL = "Military Forces of Syria"


def names(text: str, country: str | None = "Syria") -> dict[str, str]:
    """Mention text → actor name, checking offsets."""
    out = {}
    for m in find_actors(text, country=country):
        assert text[m.start : m.end] == m.text
        out[m.text] = m.actor.name
    return out


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("IS", "Islamic State (Syria)"),
        ("ISIS", "Islamic State (Syria)"),
        ("ISIL", "Islamic State (Syria)"),
        ("Islamic State", "Islamic State (Syria)"),
        ("Daesh", "Islamic State (Syria)"),
        ("Islamic State group", "Islamic State (Syria)"),
        ("pro-Assad forces", SYRIA_MIL),
        ("pro-regime forces", SYRIA_MIL),
        ("regime forces", SYRIA_MIL),
        ("Syrian army", SYRIA_MIL),
        ("Syrian air force", SYRIA_MIL),
        ("Syrian airforce", SYRIA_MIL),
        ("joint force", SYRIA_MIL),
        ("Syrian regime", SYRIA_MIL),
        ("government forces", SYRIA_MIL),
        ("pro-Assad warplanes", SYRIA_MIL),
        ("Kurdish forces", "YPG: People's Protection Units"),
        ("YPG", "YPG: People's Protection Units"),
        ("People's Protection Units", "YPG: People's Protection Units"),
        ("People’s Protection Units", "YPG: People's Protection Units"),
        ("Kurdish fighters", "YPG: People's Protection Units"),
        ("Asayish", "YPG: People's Protection Units"),
        ("allied militias", "NDF: National Defence Forces"),
        ("NDF", "NDF: National Defence Forces"),
        ("police", "Police Forces of Syria"),
        ("security forces", SYRIA_MIL),
        ("protesters", "Protesters (Syria)"),
        ("demonstrators", "Protesters (Syria)"),
        ("rioters", "Rioters (Syria)"),
        ("civilians", "Civilians (Syria)"),
        ("villagers", "Civilians (Syria)"),
        ("journalists", "Civilians (Syria)"),
        ("gunmen", "Unidentified Armed Group (Syria)"),
        ("unknown assailants", "Unidentified Armed Group (Syria)"),
        ("unidentified armed men", "Unidentified Armed Group (Syria)"),
        ("HTS", "Hayat Tahrir al Sham"),
        ("SDF", "QSD: Syrian Democratic Forces"),
    ],
)
def test_required_mappings(phrase: str, expected: str) -> None:
    text = f"Yesterday the {phrase} were there."
    found = find_actors(text, country="Syria", on=date(2015, 6, 27))
    assert len(found) == 1, found
    m = found[0]
    assert (m.start, m.end, m.text) == (14, 14 + len(phrase), phrase)
    assert m.actor.name.startswith(expected)


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not available")
def test_example_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_actors(text, country="Syria", on=date(2015, 6, 27))
    for m in found:
        assert text[m.start : m.end] == m.text
    by_text = {m.text: m for m in found}
    assert by_text["Islamic State group"].actor.name == "Islamic State (Syria)"
    assert by_text["Islamic State group"].actor.inter == 2
    mil = by_text["pro-regime forces"].actor
    assert mil.name == "Military Forces of Syria (2000-2024)" and mil.inter == 1
    assert by_text["pro-Assad warplanes"].actor.name.startswith(SYRIA_MIL)
    assert by_text["Kurdish forces"].key == "ypg"
    assert by_text["Asayish"].associates == ["Asayish: Kurdish Internal Security Forces"]
    assert by_text["allied militias"].actor.inter == 3
    assert "IS militants" in by_text  # the members noun joins the named group
    start = text.index("Syrian air force")
    assert (by_text["Syrian air force"].start, by_text["Syrian air force"].end) == (
        start,
        start + len("Syrian air force"),
    )
    # "civil rights activist", "media activist", "is" are no actors
    assert not any(m.text in {"is", "civil", "activist"} for m in found)


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not available")
def test_attach_associates() -> None:
    text = SEED.read_text(encoding="utf-8")
    grouped = attach_associates(text, find_actors(text, country="Syria"), default_lexicon())
    first = next(m for m in grouped if m.text == "pro-regime forces")
    assert first.associates == ["NDF: National Defence Forces"]
    ypg = next(m for m in grouped if m.start == text.index("Kurdish forces of the People"))
    assert ypg.associates == ["Asayish: Kurdish Internal Security Forces"]
    assert not any(m.text == "allied militias" for m in grouped)


def test_is_case_rule() -> None:
    text = "It is said IS is advancing; ISIS-held town; Is it? this is IS."
    found = find_actors(text, country="Iraq")
    assert [m.text for m in found] == ["IS", "ISIS", "IS"]
    assert [m.start for m in found] == [11, 28, 59]
    assert all(m.actor.name == "Islamic State (Iraq)" for m in found)


def test_country_filling() -> None:
    assert resolve("islamic_state", "Iraq").name == "Islamic State (Iraq)"
    assert resolve("islamic_state", "IQ").name == "Islamic State (Iraq)"
    assert resolve("islamic_state", None).name == "Islamic State"
    assert resolve("protesters", None).name == "Protesters"
    assert resolve("civilians", "Iraq").name == "Civilians (Iraq)"
    assert resolve("hezbollah", None).country == "Lebanon"
    assert resolve("pkk", "Iraq").name == "PKK: Kurdistan Workers Party"


def test_government_years() -> None:
    assert resolve("state_military", "Iraq", on=date(2019, 5, 1)).name == (
        "Military Forces of Iraq (2018-2020)"
    )
    assert resolve("state_police", "Iraq", on=date(2019, 5, 1)).name == (
        "Police Forces of Iraq (2018-2020)"
    )
    assert resolve("pmf", "Iraq", on=date(2019, 5, 1)).name == (
        "Military Forces of Iraq (2018-2020) Popular Mobilization Forces"
    )
    assert resolve("military_sy", "Syria", on=date(2015, 6, 26)).name == (
        "Military Forces of Syria (2000-2024)"
    )
    assert resolve("assad_forces", "Syria").name == "Military Forces of Syria (2000-2024)"
    # a country without known government years gets none
    assert resolve("state_military", "Lebanon").name == "Military Forces of Lebanon"
    assert resolve("state_military", "Atlantis").name == "Military Forces of Atlantis"


def test_state_forces_abroad_are_external() -> None:
    text = "Turkish troops shelled villages while Iraqi forces watched."
    found = {m.text: m.actor for m in find_actors(text, country="Iraq", on=date(2019, 5, 1))}
    assert found["Turkish troops"].name == "Military Forces of Turkey (2016-)"
    assert found["Turkish troops"].inter == 8
    assert found["Iraqi forces"].inter == 1
    assert resolve("military_tr", "Turkey").inter == 1
    us = resolve("military_us", "Syria", on=date(2025, 6, 1))
    assert us.name == "Military Forces of the United States (2025-)" and us.inter == 8
    assert resolve("global_coalition", "Iraq").inter == 8


def test_country_dependent_aliases() -> None:
    iraq = {m.text: m for m in find_actors("Kurdish forces and Asayish", country="Iraq")}
    assert iraq["Kurdish forces"].key == "peshmerga_kurdish_forces"
    assert iraq["Asayish"].actor.name.startswith("Police Forces of Iraq")
    syria = {m.text: m for m in find_actors("Kurdish forces and Asayish", country="Syria")}
    assert syria["Kurdish forces"].key == "ypg"
    assert syria["Asayish"].key == "asayish"


def test_longest_match_and_members() -> None:
    text = "Free Syrian Army fighters and Hezbollah fighters clashed with Syrian army troops."
    found = [(m.text, m.key) for m in find_actors(text, country="Syria")]
    assert found == [
        ("Free Syrian Army fighters", "fsa"),
        ("Hezbollah fighters", "hezbollah"),
        ("Syrian army troops", "military_sy"),
    ]


@pytest.mark.parametrize(
    ("a", "b", "code"),
    [(1, 2, 12), (2, 1, 12), (1, None, 10), (7, None, 70), (1, 1, 11), (2, 2, 22), (3, 7, 37)],
)
def test_interaction_code(a: int, b: int | None, code: int) -> None:
    assert interaction_code(a, b) == code


def test_extra_yaml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n"
        "  - key: lions\n"
        "    name: Lions of the Valley\n"
        "    inter: 3\n"
        "    country: Syria\n"
        "    aliases: [Lions of the Valley, LOTV]\n"
        "  - key: civilians\n"
        "    aliases: [schoolteachers]\n",
        encoding="utf-8",
    )
    lex = ActorLexicon.load([extra])
    found = lex.find_actors("The LOTV attacked schoolteachers; lotv is not it.", country="Syria")
    assert [(m.text, m.actor.name, m.actor.inter) for m in found] == [
        ("LOTV", "Lions of the Valley", 3),
        ("schoolteachers", "Civilians (Syria)", 7),
    ]
    monkeypatch.setenv("WARLOG_ACTORS", str(extra))
    assert "lions" in ActorLexicon.load().entries


def test_bad_yaml_entry(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - key: x\n    name: X\n    inter: 9\n", encoding="utf-8")
    with pytest.raises(ValueError):
        ActorLexicon.load([bad])


def test_window_offsets() -> None:
    text = "Gunmen attacked. Protesters gathered."
    found = find_actors(text, start=17, country="Iraq")
    assert [(m.text, m.start) for m in found] == [("Protesters", 17)]


def test_speed() -> None:
    lex = default_lexicon()
    sentence = (
        "The pro-regime forces and allied militias targeted the group’s locations in the "
        "city with artillery fire and airstrikes, local activists reported on Friday."
    )
    lex.find_actors(sentence, country="Syria")
    t0 = time.perf_counter()
    for _ in range(2000):
        lex.find_actors(sentence, country="Syria")
    assert time.perf_counter() - t0 < 0.2  # 10,000 sentences a second or more


def test_a_possessed_army_is_a_state_force() -> None:
    (m,) = find_actors("The president's army recovered the border regions.", country="Syria")
    assert m.text == "army" and m.actor.inter == 1


def test_the_pkk_womens_units_are_their_own_actor() -> None:
    text = "PKK-YJA Star militants attacked Turkish army units; YJA forces withdrew."
    found = names(text, "Iraq")
    assert found["PKK-YJA Star militants"] == "PKK-YJA STAR: Kurdistan Workers Party-YJA STAR"
    assert found["YJA forces"] == "PKK-YJA STAR: Kurdistan Workers Party-YJA STAR"
    assert "yja" not in names("the yja of the story", "Iraq")


def test_home_countries_of_the_actors_named() -> None:
    lex = default_lexicon()
    text = "PMF fighters and PKK militants clashed near a village; two civilians were hurt."
    assert lex.home_countries(text) == {"IQ", "TR"}
    assert lex.home_countries("Gunmen killed two civilians and a protester.") == set()


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Turkish drone strikes hit the area", "Military Forces of Turkey (2016-)"),
        ("Turkish ground and air forces moved in", "Military Forces of Turkey (2016-)"),
        ("coalition airstrikes hit the area", "Global Coalition Against Daesh"),
    ],
)
def test_weapons_and_branches_name_their_force(phrase: str, expected: str) -> None:
    assert [m.actor.name for m in find_actors(phrase, country="Iraq")] == [expected]


@pytest.mark.parametrize(
    ("sentence", "mention", "expected", "inter"),
    [
        (
            "On September 10, the Military Forces of Turkey conducted airstrikes in Dahuk.",
            "Military Forces of Turkey",
            "Military Forces of Turkey (2016-)",
            8,
        ),
        (
            "Iran's artillery shelled the Sidakan area, wounding a shepherd.",
            "Iran's artillery",
            "Military Forces of Iran (1989-)",
            8,
        ),
        (
            "Two soldiers of the United States were hurt at the base.",
            "soldiers of the United States",
            "Military Forces of the United States (2017-2021)",
            8,
        ),
        (
            "The Police Forces of Iraq arrested three suspects in Basra.",
            "Police Forces of Iraq",
            "Police Forces of Iraq (2018-2020)",
            1,
        ),
    ],
)
def test_a_force_named_with_its_country(
    sentence: str, mention: str, expected: str, inter: int
) -> None:
    # "Military Forces of Turkey" names Turkey's army, not the army of the country it is in
    m = find_actors(sentence, country="Iraq", on=date(2019, 9, 10))[0]
    assert (m.text, m.actor.name, m.actor.inter) == (mention, expected, inter)


def test_the_coalition_named_outright_is_itself_anywhere() -> None:
    (m,) = find_actors("the global coalition carried out an airstrike", country="France")
    assert m.actor.name == "Global Coalition Against Daesh" and m.actor.inter == 8
    # "the coalition" alone is the anti-IS coalition only in Iraq and Syria
    assert "the coalition" not in names("the coalition struck the port", "Yemen")
    iraq = names("the coalition struck IS positions", "Iraq")
    assert iraq["the coalition"] == "Global Coalition Against Daesh"


def test_the_rapid_reaction_unit_is_the_iraqi_police_force() -> None:
    found = names("the rapid reaction unit clashed with IS militants", "Iraq")
    assert found["rapid reaction unit"].endswith("Rapid Reaction Force")
