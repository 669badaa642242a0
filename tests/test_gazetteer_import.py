"""`warlog gazetteer import`: real GeoNames dump formats, written small by the tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlog.cli import app
from warlog.places.gazetteer import Gazetteer
from warlog.places.importer import GeoNamesImporter, import_geonames

# geoname table: 19 tab-separated columns, as in allCountries.txt / SY.txt / cities500.txt
GEONAMES = [
    (163843, "Syria", "Syria", "Sirija,Syrie,Syrien,Suriye", 35.0, 38.0, "A", "PCLI", "SY", "",
     "00", "", "", "", 22933531, "", 514, "Asia/Damascus", "2023-01-01"),
    (173813, "Al-Hasakah Governorate", "Al-Hasakah Governorate", "Hasakah Governorate",
     36.5, 40.75, "A", "ADM1", "SY", "", "01", "", "", "", 1512000, "", 300,
     "Asia/Damascus", "2023-01-01"),
    (173811, "Al Ḩasakah", "Al Hasakah", "Al-Hasakah,Hasakah,Hassake,El Haseke,الحسكة",
     36.50237, 40.74772, "P", "PPLA", "SY", "", "01", "", "", "", 188160, "", 307,
     "Asia/Damascus", "2023-01-01"),
    (170063, "Aleppo", "Aleppo", "Halab,Alep,حلب", 36.20124, 37.16117, "P", "PPLA", "SY", "",
     "09", "", "", "", 1602264, "", 390, "Asia/Damascus", "2023-01-01"),
    (170062, "Aleppo Governorate", "Aleppo Governorate", "Halab", 36.25, 37.5, "A", "ADM1",
     "SY", "", "09", "", "", "", 4867991, "", 400, "Asia/Damascus", "2023-01-01"),
] + [
    # villages: enough rows for several commit batches
    (900000 + i, f"Tall Village {i}", f"Tall Village {i}", f"Tell Village {i}",
     36.5 + i / 100, 40.9 + i / 100, "P", "PPL", "SY", "", "01", "", "", "", 100 + i, "", 300,
     "Asia/Damascus", "2023-01-01")
    for i in range(30)
]  # fmt: skip

# alternateNamesV2: alternateNameId, geonameid, isolanguage, alternate name, isPreferredName,
# isShortName, isColloquial, isHistoric, from, to
ALTERNATES = [
    (1, 173811, "en", "Hasaka City", "", "", "", "", "", ""),
    (2, 173811, "link", "https://en.wikipedia.org/wiki/Al-Hasakah", "", "", "", "", "", ""),
    (3, 170063, "fr", "Alep", "1", "", "", "", "", ""),
    (4, 170063, "en", "Beroea", "", "", "", "1", "", ""),  # historic: not imported
    (5, 999999, "en", "Nowhere Town", "", "", "", "", "", ""),  # no such place
]
ADMIN1 = [("SY.01", "Al-Hasakah", "Al-Hasakah", "173813"), ("SY.09", "Aleppo", "Aleppo", "170062")]


def _tsv(rows) -> str:
    return "".join("\t".join(str(c) for c in r) + "\n" for r in rows)


@pytest.fixture()
def dumps(tmp_path: Path) -> dict[str, Path]:
    sy = tmp_path / "SY.zip"
    with zipfile.ZipFile(sy, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "GeoNames readme\n" * 50)
        z.writestr("SY.txt", _tsv(GEONAMES))
    alt = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alt, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n" * 200)
        z.writestr("alternateNamesV2.txt", _tsv(ALTERNATES))
    a1 = tmp_path / "admin1CodesASCII.txt"
    a1.write_text(_tsv(ADMIN1), encoding="utf-8")
    return {"sy": sy, "alt": alt, "admin1": a1}


def _rows(db: Path) -> tuple[list, list]:
    import sqlite3

    conn = sqlite3.connect(db)
    places = conn.execute("SELECT * FROM places ORDER BY geonameid").fetchall()
    names = conn.execute("SELECT * FROM names ORDER BY key, geonameid, kind").fetchall()
    conn.close()
    return places, names


def test_import_and_open(dumps, tmp_path: Path) -> None:
    db = tmp_path / "gaz.sqlite"
    counts = import_geonames([dumps["alt"], dumps["sy"], dumps["admin1"]], db)
    assert counts["places"] == len(GEONAMES)
    gaz = Gazetteer.open(db, packaged_aliases=False)
    top = gaz.lookup("Hasakah")[0]
    assert top.geonameid == 173811 and top.admin1 == "Al-Hasakah" and top.country == "Syria"
    assert gaz.lookup("al-Hasakah")[0].geonameid == 173811  # article and accents folded
    assert gaz.lookup("Hasaka City")[0].geonameid == 173811  # from alternateNamesV2
    assert gaz.lookup("Alep")[0].geonameid == 170063
    assert gaz.lookup("Beroea") == []  # historic names are left out
    assert gaz.lookup("Nowhere Town") == []  # alternate names of places not imported
    assert gaz.country("SY") is not None and gaz.country("SY").latitude == 35.0
    assert gaz.admin1("SY", "Aleppo").geonameid == 170062
    info = gaz.info()
    assert info["kind"] == "imported" and "SY.zip" in info["source"]
    assert info["places"] == len(GEONAMES) and info["size_bytes"] > 0
    gaz.close()


def test_interrupted_import_resumes(dumps, tmp_path: Path) -> None:
    files = [dumps["sy"], dumps["alt"], dumps["admin1"]]
    whole = tmp_path / "whole.sqlite"
    import_geonames(files, whole, batch=4)

    db = tmp_path / "resumed.sqlite"
    imp = GeoNamesImporter(db, batch=4)
    imp.stop_after = 13  # "killed" in the middle of SY.txt
    with pytest.raises(KeyboardInterrupt):
        imp.run(files)
    imp.close()
    with pytest.raises(RuntimeError, match="did not finish"):
        Gazetteer.open(db)
    import sqlite3

    conn = sqlite3.connect(db)
    done = dict(conn.execute("SELECT source, lines FROM import_progress"))
    conn.close()
    assert 13 in done.values()  # the offset was recorded with the rows

    seen: list[int] = []
    imp = GeoNamesImporter(db, batch=4)
    imp.run(files, progress=lambda name, total: seen.append(total) or (lambda n: None))
    imp.close()
    assert _rows(db) == _rows(whole)
    assert seen and all(t > 0 for t in seen)
    Gazetteer.open(db).close()


def test_cli_import_use_and_info(dumps, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("WARLOG_GAZETTEER", raising=False)
    runner = CliRunner()
    db = tmp_path / "cli.sqlite"
    r = runner.invoke(app, ["gazetteer", "import", "--to", str(db), str(dumps["sy"]),
                            str(dumps["admin1"])])  # fmt: skip
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["gazetteer", "info"])
    assert r.exit_code == 0, r.output
    assert f"path: {db.resolve()}" in r.output and "kind: imported" in r.output
    assert f"places: {len(GEONAMES)}" in r.output and "size: " in r.output
    r = runner.invoke(app, ["gazetteer", "use", "builtin"])
    assert r.exit_code == 0 and "gazetteer-v" in r.output


def test_cli_rejects_unused_files(tmp_path: Path) -> None:
    f = tmp_path / "hierarchy.txt"
    f.write_text("1\t2\tADM\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["gazetteer", "import", "--to", str(tmp_path / "x.sqlite"),
                                 "--no-use", str(f)])  # fmt: skip
    assert r.exit_code == 2
