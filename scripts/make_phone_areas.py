"""Write ``src/warlog/data/phone_areas.tsv``: North American area codes and their place.

Source: the offline geocoding tables of the ``phonenumbers`` package (libphonenumber's
data), whose English description of each +1 area code names its state or province
("1519" Ontario, "1806" Texas, "1212" New York, NY). warlog reads this small table instead
of importing those tables at run time (about 180 MB of memory per process for the whole
world's prefixes). Run when updating the data:

    .venv/bin/python scripts/make_phone_areas.py
"""

from __future__ import annotations

from pathlib import Path

from phonenumbers.geodata import GEOCODE_DATA

OUT = Path(__file__).resolve().parent.parent / "src" / "warlog" / "data" / "phone_areas.tsv"


def main() -> None:
    rows = sorted(
        (prefix, names["en"])
        for prefix, names in GEOCODE_DATA.items()
        if prefix.startswith("1") and len(prefix) == 4 and names.get("en")
    )
    lines = [
        "# North American area codes (+1 and 3 digits) and the state or province they ring",
        "# in, from phonenumbers' geocoding data (scripts/make_phone_areas.py)",
        "prefix\tplace",
    ]
    lines += [f"{p}\t{name}" for p, name in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} area codes -> {OUT}")


if __name__ == "__main__":
    main()
