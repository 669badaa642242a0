"""The actor lexicon: ACLED actor names, inter codes and aliases, read from YAML.

The packaged ``warlog/data/actors.yaml`` is read first, then any extra files, then the file
named by the environment variable ``WARLOG_ACTORS``. See that YAML file for the fields.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from warlog.models import Actor, ActorMention

if TYPE_CHECKING:
    from warlog.actors.matcher import ActorMatcher

__all__ = ["ActorEntry", "ActorLexicon", "Country", "interaction_code"]

ENV_VAR = "WARLOG_ACTORS"


def interaction_code(inter1: int | None, inter2: int | None = None) -> int:
    """ACLED interaction: the two inter codes, smaller digit first (1, 2 → 12; 7 alone → 70)."""
    if not inter1 and not inter2:
        return 0
    if not inter1 or not inter2:
        return 10 * (inter1 or inter2 or 0)
    lo, hi = sorted((inter1, inter2))
    return 10 * lo + hi


@dataclass
class Country:
    """A country as the lexicon knows it: its ACLED name and government periods."""

    name: str
    iso2: str | None = None
    article: bool = False  # "Military Forces of the United States"
    demonyms: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    # Government periods [start_year, end_year or None], oldest first; empty: no years.
    governments: list[tuple[int, int | None]] = field(default_factory=list)

    def of_name(self) -> str:
        """The name as it follows "of": "the United States", "Syria"."""
        return f"the {self.name}" if self.article else self.name

    def government_label(self, on: date | None = None) -> str:
        """ACLED's government years for ``on`` (default: today's government): "(2018-2020)"."""
        if not self.governments:
            return ""
        if on is None:
            return _period_label(self.governments[-1])
        # A boundary year belongs to both periods; the newer one is taken.
        for period in reversed(self.governments):
            start, end = period
            if start <= on.year and (end is None or on.year <= end):
                return _period_label(period)
        return ""


def _period_label(period: tuple[int, int | None] | list[Any]) -> str:
    start, end = period[0], period[1]
    return f"({start}-{end if end is not None else ''})"


@dataclass
class ActorEntry:
    """One lexicon entry (see ``data/actors.yaml`` for the meaning of the fields)."""

    key: str
    name: str
    inter: int
    aliases: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    country: str | None = None
    countries: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    state: bool = False
    government: tuple[int, int | None] | None = None
    associates: list[str] = field(default_factory=list)
    associate_of: list[str] = field(default_factory=list)
    external: bool = False
    generic: bool = False
    both_sides: bool = False


_LIST_FIELDS = ("aliases", "patterns", "countries", "where", "associates", "associate_of")
_SCALAR_FIELDS = (
    "name", "inter", "country", "state", "government", "external", "generic", "both_sides",
)  # fmt: skip


class ActorLexicon:
    """Actor entries, countries and the matcher built over them."""

    def __init__(self) -> None:
        self.entries: dict[str, ActorEntry] = {}
        self.countries: dict[str, Country] = {}
        self._country_index: dict[str, Country] = {}
        self._matcher: ActorMatcher | None = None

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(cls, extra_files: list[Path] | tuple[Path, ...] = ()) -> ActorLexicon:
        """The packaged lexicon, then ``extra_files``, then the file named by WARLOG_ACTORS."""
        docs: list[tuple[str, dict[str, Any]]] = []
        packaged = resources.files("warlog").joinpath("data/actors.yaml")
        docs.append(("warlog/data/actors.yaml", yaml.safe_load(packaged.read_text("utf-8"))))
        paths = [Path(p) for p in extra_files]
        if os.environ.get(ENV_VAR):
            paths.append(Path(os.environ[ENV_VAR]))
        for path in paths:
            docs.append((str(path), yaml.safe_load(path.read_text(encoding="utf-8")) or {}))
        return cls.from_documents(docs)

    @classmethod
    def from_documents(cls, docs: list[tuple[str, dict[str, Any]]]) -> ActorLexicon:
        """Build from parsed YAML documents ``(source, data)``, later ones extending."""
        lex = cls()
        templates: dict[str, dict[str, Any]] = {}
        actor_dicts: list[tuple[str, dict[str, Any]]] = []
        for source, data in docs:
            if not isinstance(data, dict):
                raise ValueError(f"{source}: expected a mapping with 'actors' and 'countries'")
            for c in data.get("countries") or []:
                lex._add_country(c)
            for kind, tpl in (data.get("state_forces") or {}).items():
                templates.setdefault(kind, {}).update(tpl)
            actor_dicts.extend((source, a) for a in data.get("actors") or [])
        for country in list(lex.countries.values()):
            if not country.iso2:
                continue
            for kind, tpl in templates.items():
                aliases = _state_force_phrases(country, tpl["nouns"])
                lex._add_actor(
                    {
                        "key": f"{kind}_{country.iso2.lower()}",
                        "name": tpl["name"],
                        "inter": 1,
                        "country": country.name,
                        "state": True,
                        "aliases": aliases,
                    },
                    "state_forces",
                )
        for source, a in actor_dicts:
            lex._add_actor(a, source)
        return lex

    def _add_country(self, c: dict[str, Any]) -> None:
        name = c["name"]
        country = self.countries.get(name) or Country(name=name)
        country.iso2 = c.get("iso2", country.iso2)
        country.article = bool(c.get("article", country.article))
        country.demonyms = list(dict.fromkeys(country.demonyms + list(c.get("demonyms") or [])))
        country.aliases = list(dict.fromkeys(country.aliases + list(c.get("aliases") or [])))
        if "governments" in c:
            country.governments = [(int(p[0]), p[1]) for p in c["governments"] or []]
        self.countries[name] = country
        for label in [name, country.iso2, *country.aliases]:
            if label:
                self._country_index[label.casefold()] = country
        self._matcher = None

    def _add_actor(self, a: dict[str, Any], source: str) -> None:
        key = a.get("key")
        if not key:
            raise ValueError(f"{source}: actor entry without a key: {a!r}")
        old = self.entries.get(key)
        if old is None:
            if "name" not in a or "inter" not in a:
                raise ValueError(f"{source}: new actor {key!r} needs a name and an inter code")
            old = ActorEntry(key=key, name=a["name"], inter=int(a["inter"]))
            self.entries[key] = old
        for f in _LIST_FIELDS:
            values = [str(v) for v in a.get(f) or []]
            if f in ("countries", "where"):
                values = [self._country_name(v) for v in values]
            setattr(old, f, list(dict.fromkeys(getattr(old, f) + values)))
        for f in _SCALAR_FIELDS:
            if f in a:
                value = a[f]
                if f == "inter":
                    value = int(value)
                    if not 1 <= value <= 8:
                        raise ValueError(f"{source}: {key}: inter must be 1..8, not {value}")
                elif f == "country" and value is not None:
                    value = self._country_name(str(value))
                elif f == "government" and value is not None:
                    value = (int(value[0]), value[1])
                setattr(old, f, value)
        self._matcher = None

    # ----------------------------------------------------------------- lookups
    def country(self, name_or_code: str | None) -> Country | None:
        """The known country for a name, ISO2 code or alias (case-insensitive), else None."""
        if not name_or_code:
            return None
        return self._country_index.get(name_or_code.strip().casefold())

    def _country_name(self, name_or_code: str) -> str:
        c = self.country(name_or_code)
        return c.name if c else name_or_code

    def _as_country(self, name_or_code: str | None) -> Country | None:
        if not name_or_code:
            return None
        return self.country(name_or_code) or Country(name=name_or_code.strip())

    def resolve(self, key: str, country: str | None = None, on: date | None = None) -> Actor:
        """The Actor for lexicon ``key`` acting in ``country`` (name or ISO2) on date ``on``.

        Generic names take the acting country ("Civilians (Iraq)"); named groups and state
        forces with a home country keep it ("Military Forces of Turkey (2016-)"), and state
        forces acting outside it get inter 8. Without any country, "({country})" is dropped.
        """
        e = self.entries[key]
        ctx = self._as_country(country)
        home = self._as_country(e.country)
        fill = home or ctx
        inter = e.inter
        if e.external:
            inter = 8
        elif e.inter == 1 and home and ctx and home.name != ctx.name:
            inter = 8
        gov = ""
        if "{gov}" in e.name:
            if e.government is not None:
                gov = _period_label(e.government)
            elif fill is not None:
                gov = fill.government_label(on)
        return Actor(
            name=_render(e.name, fill, gov), inter=inter, country=fill.name if fill else None
        )

    def applies(self, key: str, country: str | None) -> bool | None:
        """Whether entry ``key`` applies in ``country``: True (its ``where`` names it),
        None (no restriction, or country unknown), False (restricted elsewhere)."""
        e = self.entries[key]
        if not e.where:
            return None
        if not country:
            return None
        return self._country_name(country) in e.where

    # ----------------------------------------------------------------- matching
    @property
    def matcher(self) -> ActorMatcher:
        """The (cached) matcher over this lexicon's aliases and patterns."""
        if self._matcher is None:
            from warlog.actors.matcher import ActorMatcher

            self._matcher = ActorMatcher(self)
        return self._matcher

    def home_countries(self, text: str) -> set[str]:
        """ISO2 codes of the home countries of the actors ``text`` names (the PMF: IQ; the
        PKK: TR); generic actors ("civilians", "gunmen") have none."""
        codes: set[str] = set()
        for m in self.find_actors(text):
            entry = self.entries[m.key]
            home = self.country(entry.country)
            if home is not None and home.iso2 and not entry.generic:
                codes.add(home.iso2)
        return codes

    def find_actors(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        country: str | None = None,
        on: date | None = None,
    ) -> list[ActorMention]:
        """Actor mentions in ``text[start:end]`` (see :func:`warlog.actors.find_actors`)."""
        return self.matcher.find(text, start, end, country, on)


def _state_force_phrases(country: Country, nouns: list[str]) -> list[str]:
    """What names a country's state force: "Turkish army", "Turkey's army", "the army of
    Turkey", "Military Forces of the United States" (ACLED's own wording in its notes)."""
    labels = [country.name, *(a for a in country.aliases if not _is_code(a))]
    phrases = [f"{dem} {noun}" for dem in country.demonyms for noun in nouns]
    for label in labels:
        owner = f"the {label}" if country.article else label
        phrases += [f"{label}'s {noun}" for noun in nouns]
        phrases += [f"{noun} of {owner}" for noun in nouns]
    return list(dict.fromkeys(phrases))


def _is_code(label: str) -> bool:
    """ "UK", "USA", "U.S.": an abbreviation, which ACLED's notes never write out this way."""
    letters = [c for c in label if c.isalpha()]
    return all(c.isupper() for c in letters)


def _render(template: str, country: Country | None, gov: str) -> str:
    if country is not None:
        name = template.replace("of {country}", f"of {country.of_name()}")
        name = name.replace("{country}", country.name)
    else:
        name = re.sub(r"\s*\(\{country\}\)", "", template)
        name = re.sub(r"\s+of\s+\{country\}", "", name).replace("{country}", "")
    name = name.replace("{gov}", gov)
    return re.sub(r"\s+", " ", name).strip()
