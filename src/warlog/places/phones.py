"""Telephone numbers as evidence of where a report is from.

A local paper prints local numbers: "call London police at 519-661-5670" says London,
Ontario (area code 519), which the word "London" alone does not. The numbers are found and
located by the ``phonenumbers`` library (libphonenumber's metadata and its offline geocoding
tables), not by hand-written patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType, geocoder

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
    description: str  # libphonenumber's place: "London, ON", "Texas", "Iraq", or ""


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
            desc = geocoder.description_for_number(n, "en", region=cc) or ""
            out.append(PhonePlace(m.start, m.end, m.raw_string, cc, desc))
            if len(out) >= MAX_NUMBERS:
                break
    except Exception:  # noqa: BLE001 - an odd text must never stop the geoparser
        return out
    return out
