"""Words that name a country or an area without being its gazetteer name.

Demonyms and adjectives ("Turkish", "Syrians": ``data/countries.tsv``) and abbreviations
("U.S.", "B.C.", "Edmonton, Ky.": ``data/place_abbreviations.yaml`` plus the files named by
``WARLOG_PLACE_ABBREVIATIONS``), each resolved once to a gazetteer entry; and the generic
words of local names ("Wadi", "Tepe") that are no place on their own.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from warlog.models import GazetteerEntry
from warlog.places.gazetteer import Gazetteer, country_table

log = logging.getLogger(__name__)

ENV_ABBREVIATIONS = "WARLOG_PLACE_ABBREVIATIONS"
AREA_CODES = frozenset({"ADM1", "PCLI"})


@dataclass
class PlaceLexicon:
    """Surface form -> entry, for the three kinds of words."""

    demonyms: dict[str, GazetteerEntry] = field(default_factory=dict)
    always: dict[str, GazetteerEntry] = field(default_factory=dict)
    after_comma: dict[str, GazetteerEntry] = field(default_factory=dict)
    # lower-cased generic words of local names ("wadi", "tepe"): never a place alone
    generic_words: set[str] = field(default_factory=set)

    def lookup(self, text: str, after_comma: bool) -> tuple[GazetteerEntry, str] | None:
        """(entry, kind) for a span's text; kind is "demonym" or "abbreviation"."""
        t = " ".join(text.split())
        for form in (t, t.title()) if t.isupper() and len(t) > 3 else (t,):
            if form in self.always:
                return self.always[form], "abbreviation"
            if after_comma and form in self.after_comma:
                return self.after_comma[form], "abbreviation"
            if after_comma and form + "." in self.after_comma and form[:1].isupper():
                return self.after_comma[form + "."], "abbreviation"  # "Edmonton, Ky (WBKO)"
            if form in self.demonyms:
                return self.demonyms[form], "demonym"
        return None


def _target(gaz: Gazetteer, spec: str) -> GazetteerEntry | None:
    """ "CC" (a country) or "Area name, CC" (a first-level area, else any place so named)."""
    name, _, cc = spec.rpartition(",")
    if not name:
        spec = spec.strip()
        if len(spec) == 2 and spec.isupper():
            return gaz.country(spec)
        found = [e for e, _m in gaz.candidates(spec, fuzzy=False)]
        return (found or [None])[0]
    name, cc = name.strip(), cc.strip().upper()
    found = [e for e, _m in gaz.candidates(name, cc, fuzzy=False)]
    area = [e for e in found if e.feature_code == "ADM1"]
    return (area or found or [None])[0]


def packaged_abbreviation_file() -> Path:
    return Path(str(resources.files("warlog") / "data" / "place_abbreviations.yaml"))


def load_lexicon(gaz: Gazetteer, extra_files: list[str | os.PathLike[str]] = ()) -> PlaceLexicon:
    """Demonyms of every country the gazetteer has, and the abbreviation files."""
    lex = PlaceLexicon()
    for cc, (_name, _lat, _lon, dems) in country_table().items():
        entry = gaz.country(cc)
        if entry is None:
            continue
        for d in dems:  # a shared demonym ("American") names the most populous country
            old = lex.demonyms.get(d)
            if old is None or old.population < entry.population:
                lex.demonyms[d] = entry
    files = [packaged_abbreviation_file()]
    env = os.environ.get(ENV_ABBREVIATIONS)
    if env:
        files += [Path(f) for f in env.split(os.pathsep) if f]
    files += [Path(f) for f in extra_files]
    for f in files:
        data = yaml.safe_load(Path(f).read_text(encoding="utf-8")) or {}
        lex.generic_words |= {str(w).lower() for w in data.get("generic_words") or ()}
        for section in ("always", "after_comma", "demonyms"):
            table = getattr(lex, section)
            for form, spec in (data.get(section) or {}).items():
                entry = _target(gaz, str(spec))
                if entry is None:
                    # normal with a one-country gazetteer: other countries' areas are absent
                    log.debug("%s: %s %r: %r not in the gazetteer", f, section, form, spec)
                    continue
                table[str(form)] = entry
    return lex
