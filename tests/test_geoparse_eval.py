"""The geoparsing evaluation: TR-News XML reading and span-overlap scoring."""

from __future__ import annotations

from pathlib import Path

from warlog.eval.geoparsing import GoldArticle, GoldToponym, read_trnews, realign, records, score

XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <title>Title</title>
    <dltime>2016-12-19</dltime>
    <text><![CDATA[Shelling hit Aleppo & Homs.
Turkish troops.]]></text>
    <toponyms>
      <toponym><phrase>Aleppo</phrase><start>13</start><end>19</end>
        <gaztag geonameid="170063"><name>Aleppo</name><fclass>P</fclass><fcode>PPLA</fcode>
        <lat>36.20124</lat><lon>37.16117</lon></gaztag></toponym>
      <toponym><phrase>Homs</phrase><start>22</start><end>26</end>
        <gaztag geonameid="169577"><name>Homs</name><fclass>P</fclass><fcode>PPLA</fcode>
        <lat>34.72682</lat><lon>36.72339</lon></gaztag></toponym>
      <toponym><phrase>Turkish</phrase><start>28</start><end>35</end>
        <gaztag geonameid="298795"><name>Turkey</name><fclass>A</fclass><fcode>PCLI</fcode>
        <lat>39</lat><lon>35</lon></gaztag></toponym>
      <toponym><phrase>Nowhere</phrase><start>0</start><end>3</end></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_read_and_records(tmp_path: Path) -> None:
    f = tmp_path / "t.xml"
    f.write_text(XML, encoding="utf-8")
    (a,) = read_trnews(f)
    assert a.doc_id == "7" and a.text[13:19] == "Aleppo" and a.text[28:35] == "Turkish"
    assert [t.phrase for t in a.toponyms] == ["Aleppo", "Homs", "Turkish", "Nowhere"]
    assert a.toponyms[2].feature == "A.PCLI" and a.toponyms[3].latitude is None
    (r,) = records([a])
    assert r == {"id": "7", "text": a.text, "title": "Title", "publication_date": "2016-12-19"}


def test_score_counts_unfound_as_wrong() -> None:
    g = [
        GoldToponym("d", "Aleppo", 0, 6, 36.2, 37.16),
        GoldToponym("d", "Homs", 10, 14, 34.7, 36.7),
        GoldToponym("d", "Turkish", 20, 27, 39.0, 35.0),
        GoldToponym("d", "X", 30, 31, None, None),
    ]
    out = {"d": [
        {"start": 0, "end": 6, "latitude": 36.2, "longitude": 37.16},  # exact
        {"start": 10, "end": 14, "latitude": None, "longitude": None},  # unresolved: skipped
        {"start": 19, "end": 24, "latitude": 33.5, "longitude": 36.3},  # overlaps, ~700 km off
    ]}  # fmt: skip
    r = score([GoldArticle("d", "", None, None, g)], out)
    assert r.n_gold == 3 and r.n_resolved == 2 and r.n_correct == 1
    assert abs(r.accuracy - 1 / 3) < 1e-9 and r.median_km > 300


def test_realign_moves_a_drifted_span_onto_its_phrase() -> None:
    text = "Canada and Canada's cities; Canada again."
    assert realign(text, "Canada", 0, 6) == (0, 6)  # already on its phrase
    assert realign(text, "Canada", 13, 19) == (11, 17)  # 2 characters off: the nearest one
    assert realign(text, "Canada", 30, 36) == (28, 34)
    assert realign(text, "Toronto", 13, 20) == (13, 20)  # phrase absent nearby: unchanged


def test_headline_line_with_a_full_stop_is_the_title_and_the_dateline_follows() -> None:
    from warlog.ingest.jsonl import document_from_record

    rec = {
        "id": "t",
        "title": "Council approves new budget",
        "text": "Council approves new budget.\n    HARTFORD — The city council voted on "
        "Monday to approve a budget that adds six police officers.",
    }
    d = document_from_record(rec, "t")
    assert not isinstance(d, str) and getattr(d, "dateline", None) == "HARTFORD"
