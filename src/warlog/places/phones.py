"""Telephone numbers as evidence of where a report is from.

A local paper prints local numbers: "call London police at 519-661-5670" says Ontario
(area code 519), which the word "London" alone does not. The numbers are found, checked
and given their country by the ``phonenumbers`` library (libphonenumber's metadata), not by
hand-written patterns; a North American area code's state or province comes from
``data/phone_areas.tsv``, made from phonenumbers' geocoding tables by
``scripts/make_phone_areas.py`` (importing those tables would cost each process about
180 MB for the whole world's prefixes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberType

# Numbers that say nothing about a place (toll-free, premium, shared cost, personal, VoIP,
# pagers); mobile numbers say their country only
_NO_PLACE = frozenset({
    PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
    PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.VOIP, PhoneNumberType.PAGER,
    PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL,
})  # fmt: skip
# libphonenumber gives up after this many tries; bounds the time spent on a long text
MAX_TRIES = 200
MAX_NUMBERS = 20


@dataclass(frozen=True)
class PhonePlace:
    """A telephone number in the text and where its numbering plan puts it."""

    start: int
    end: int
    number: str  # as written
    country_code: str  # ISO alpha-2 of the number's region
    description: str  # a North American number's state or province ("Ontario"), else ""


@cache
def nanp_areas() -> dict[str, str]:
    """data/phone_areas.tsv: "1" + area code -> state or province ("1519": "Ontario")."""
    path = Path(str(resources.files("warlog") / "data" / "phone_areas.tsv"))
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {r[0]: r[1] for r in rows if len(r) == 2 and r[0].isdigit()}


def phone_places(text: str, default_region: str = "US") -> list[PhonePlace]:
    """The valid telephone numbers of ``text`` that point at a place.

    Numbers written without their international prefix are read in the numbering plan of
    ``default_region`` (North American "519-661-5670" with "US", the default).
    """
    region = default_region.upper() if default_region else "US"
    out: list[PhonePlace] = []
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID, max_tries=MAX_TRIES
        )
        for m in matcher:
            n = m.number
            if phonenumbers.number_type(n) in _NO_PLACE:
                continue
            cc = phonenumbers.region_code_for_number(n)
            if not cc or cc == "001":  # non-geographic ("+800", satellite)
                continue
            desc = ""
            if n.country_code == 1:
                desc = nanp_areas().get(f"1{str(n.national_number)[:3]}", "")
            out.append(PhonePlace(m.start, m.end, m.raw_string, cc, desc))
            if len(out) >= MAX_NUMBERS:
                break
    except Exception:  # noqa: BLE001 - an odd text must never stop the geoparser
        return out
    return out
