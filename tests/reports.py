"""A few dozen short, realistic conflict reports for the crash and concurrency tests.

Distinct reports from several outlets, a second outlet's report of some of the same
events, and copies of some reports with other boilerplate (near-duplicates).
"""

from __future__ import annotations

from pathlib import Path

PUBLICATION_DATE = "2015-06-27"

_EVENTS = [
    ("Hasakah", "Syria", "Islamic State militants", "attacked army positions", 12, "Friday"),
    ("Qamishli", "Syria", "Kurdish YPG fighters", "clashed with Islamic State militants", 7,
     "Thursday"),
    ("Aleppo", "Syria", "Syrian government helicopters", "dropped barrel bombs on rebel-held "
     "districts", 9, "Wednesday"),
    ("Raqqa", "Syria", "Coalition warplanes", "carried out airstrikes on Islamic State "
     "positions", 5, "Tuesday"),
    ("Mosul", "Iraq", "Iraqi forces", "shelled Islamic State positions", 4, "Monday"),
    ("Kirkuk", "Iraq", "Gunmen", "kidnapped two engineers", 0, "Friday"),
    ("Homs", "Syria", "A car bomb", "exploded near a checkpoint", 6, "Thursday"),
    ("Idlib", "Syria", "Rebel fighters", "clashed with government forces", 11, "Wednesday"),
    ("Tikrit", "Iraq", "Iraqi army troops", "fought Islamic State militants", 8, "Tuesday"),
    ("Ramadi", "Iraq", "Islamic State militants", "attacked a police station", 3, "Monday"),
    ("Fallujah", "Iraq", "Iraqi aircraft", "bombed Islamic State positions", 10, "Sunday"),
    ("Palmyra", "Syria", "Syrian warplanes", "carried out airstrikes on Islamic State "
     "positions", 14, "Saturday"),
    ("Kobani", "Syria", "Islamic State militants", "killed civilians in a raid", 20, "Friday"),
    ("Deir ez-Zor", "Syria", "Islamic State militants", "shelled government-held districts", 2,
     "Thursday"),
    ("Daraa", "Syria", "Rebel fighters", "clashed with the Syrian army", 5, "Wednesday"),
    ("Baiji", "Iraq", "Iraqi forces", "clashed with Islamic State militants", 9, "Tuesday"),
    ("Samarra", "Iraq", "A suicide bomber", "blew himself up at a checkpoint", 7, "Monday"),
    ("Duhok", "Iraq", "Turkish warplanes", "carried out airstrikes on PKK positions", 3,
     "Sunday"),
    ("Hama", "Syria", "Syrian government forces", "shelled rebel positions", 4, "Saturday"),
    ("Latakia", "Syria", "Protesters", "gathered to denounce rising prices", 0, "Friday"),
    ("Baghdad", "Iraq", "Police", "arrested dozens of protesters", 0, "Thursday"),
    ("Basra", "Iraq", "Protesters", "clashed with police over power cuts", 1, "Wednesday"),
    ("Sinjar", "Iraq", "Kurdish Peshmerga fighters", "clashed with Islamic State militants", 6,
     "Tuesday"),
    ("Manbij", "Syria", "Islamic State militants", "abducted several civilians", 0, "Monday"),
]  # fmt: skip

_OUTLETS = ["ARA News", "Reuters", "AFP", "Syrian Observer", "Rudaw", "Kurdistan24"]


def _text(i: int, place: str, country: str, actor: str, action: str, n: int, day: str,
          outlet: str) -> str:  # fmt: skip
    killed = f", killing {n} people" if n else ""
    return (
        f"{actor} {action} in {place}\n\n"
        f"{place}, {country} – {actor} {action} in {place} on {day}{killed}, "
        f"a local source told {outlet}.\n\n"
        f"Residents said the fighting continued into the evening and that several families "
        f"left their homes. Report number {i} of the day.\n\n"
        f"Source: {outlet}\n"
    )


def write_reports(directory: Path) -> list[Path]:
    """Write the reports (``.txt``) into ``directory``; return their paths, sorted."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (place, country, actor, action, n, day) in enumerate(_EVENTS):
        outlet = _OUTLETS[i % len(_OUTLETS)]
        text = _text(i, place, country, actor, action, n, day, outlet)
        path = directory / f"{i:02d}_{place.lower().replace(' ', '-')}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
        if i % 6 == 0:  # the same event told by another outlet, with another figure
            other = _OUTLETS[(i + 1) % len(_OUTLETS)]
            second = (
                f"Fighting reported in {place}\n\n"
                f"{place}, {country} – According to {other}, {actor.lower()} {action} in "
                f"{place} on {day}, killing {n + 2} people.\n\nSource: {other}\n"
            )
            path = directory / f"{i:02d}b_{place.lower().replace(' ', '-')}.txt"
            path.write_text(second, "utf-8")
            paths.append(path)
        if i % 6 == 3:  # the same article republished with other boilerplate
            copy = (
                "Share on Facebook Share on Twitter\n"
                + text
                + "\nSubscribe to our newsletter. All rights reserved.\n"
            )
            path = directory / f"{i:02d}c_{place.lower().replace(' ', '-')}.txt"
            path.write_text(copy, "utf-8")
            paths.append(path)
    return sorted(paths)
