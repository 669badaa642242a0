"""Write ``src/warlog/data/countries.tsv``: GeoNames-style country points and demonyms.

Source: the ``countryinfo`` package (PyPI; data from the REST Countries project, whose
``latlng`` is the country's conventional centre point, the one GeoNames also uses for most
countries, e.g. Turkey 39,35; Russia 60,100; Syria 35,38) and its ``demonym`` field.
Where ``countryinfo`` has no point, the gazetteer builder falls back to its own derived
centre. Run once when updating the data (``pip install countryinfo`` first):

    .venv/bin/python scripts/make_place_data.py
"""

from __future__ import annotations

import glob
import json
import os
from pathlib import Path

import countryinfo

OUT = Path(__file__).resolve().parent.parent / "src" / "warlog" / "data" / "countries.tsv"

# Where REST Countries' centre point is not GeoNames' own point of the country feature
# (geonameid 6252001 United States, 6251999 Canada, 2077456 Australia), GeoNames' point is
# used, as GeoNames-based gold data and gazetteers have it.
GEONAMES_POINTS = {"US": (39.76, -98.5), "CA": (60.10867, -113.64258), "AU": (-25.0, 135.0)}


def plural(demonym: str) -> list[str]:
    """Nouns for the people, when regular: "Syrian" -> "Syrians", "Iraqi" -> "Iraqis"."""
    if demonym.endswith(("an", "i")):
        return [demonym + "s"]
    return []


def main() -> None:
    data_dir = Path(os.path.dirname(countryinfo.__file__)) / "data"
    rows = []
    for f in sorted(glob.glob(str(data_dir / "*.json"))):
        d = json.loads(Path(f).read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso or not d.get("latlng"):
            continue
        lat, lon = GEONAMES_POINTS.get(iso, d["latlng"][:2])
        dem = (d.get("demonym") or "").strip()
        dems = [dem, *plural(dem)] if dem else []
        rows.append((iso, d["name"], float(lat), float(lon), "|".join(dems)))
    with OUT.open("w", encoding="utf-8") as out:
        out.write(
            "# country points and demonyms, from the countryinfo package "
            "(scripts/make_place_data.py)\n"
        )
        out.write("iso2\tname\tlatitude\tlongitude\tdemonyms\n")
        for iso, name, lat, lon, dems in sorted(rows):
            out.write(f"{iso}\t{name}\t{lat:g}\t{lon:g}\t{dems}\n")
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
