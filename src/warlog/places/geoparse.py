"""Find place names in a document and resolve them against the gazetteer.

spaCy's small English model finds GPE/LOC/FAC entities but mislabels many transliterated
local names ("Hasakah" as ORG, "Villat Homr" as PERSON) and knows nothing of the phrases
ACLED coders rely on ("3km east of X", "X countryside", "X neighbourhood"). No installed
library does gazetteer-driven candidate finding, these patterns or document-level
disambiguation, so they are hand-written here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from spacy.tokens import Doc, Span, Token

from warlog.models import Document, GazetteerEntry, PlaceMention
from warlog.places.gazetteer import NAME_MAIN, NAME_PHONETIC, Gazetteer, PlaceAlias, haversine_km
from warlog.places.lexicon import PlaceLexicon, load_lexicon
from warlog.places.normalize import ARTICLES, normalize_name, phonetic_key
from warlog.places.phones import phone_places

MATCH_ALIAS = -1  # candidate came from the analyst alias file


def _load_words() -> dict[str, frozenset[str]]:
    """data/place_words.yaml: the geoparser's word lists, each said what for there."""
    path = Path(str(resources.files("warlog") / "data" / "place_words.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: frozenset(str(w).lower() for w in v or ()) for k, v in data.items()}


# Word lists (cue words after and before names, words that are no names): in the data file
_WORDS = _load_words()
FACILITY_CUES = _WORDS["facility_cues"]
SITE_CUES = _WORDS["site_cues"]
STREET_WORDS = _WORDS["street_words"]
ROAD_WORDS = _WORDS["road_words"]
SUBLOCAL_CUES = SITE_CUES | FACILITY_CUES
IN_CITY_CUES = FACILITY_CUES | _WORDS["in_city_cues"]
VILLAGE_CUES = _WORDS["village_cues"]
CITY_CUES = _WORDS["city_cues"]
REGION_CUES = _WORDS["region_cues"]
COUNTRYSIDE_CUES = _WORDS["countryside_cues"]
ALL_AFTER_CUES = SUBLOCAL_CUES | VILLAGE_CUES | CITY_CUES | REGION_CUES | COUNTRYSIDE_CUES
AREA_OFFICES = _WORDS["area_offices"]
CITY_OFFICES = _WORDS["city_offices"]
AREA_NAME_WORDS = _WORDS["area_name_words"]
COMPASS_NAME_WORDS = _WORDS["compass_name_words"]
COMPASS_TOWN_MAX = 50_000
POSITION_WORDS = COMPASS_NAME_WORDS | _WORDS["position_words"]
SAINT_WORDS = _WORDS["saint_words"]
PERSON_NOUNS = _WORDS["person_nouns"]
INSTITUTION_WORDS = _WORDS["institution_words"]

_DIR = r"(?:north|south|east|west|north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west)"
_OF_TAIL = r"(?:the\s+)?(?:(?:city|town|village|province|governorate|outskirts)\s+of\s+)?$"
# Phrases just before a name (matched against the text before it, same sentence).
BEFORE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dist", re.compile(
        r"(?:about\s+|some\s+|around\s+|nearly\s+|approximately\s+|roughly\s+)?"
        r"\d+(?:[.,]\d+)?\s*-?\s*(?:km|kms|kilomet(?:er|re)s?|mi|miles?)\s+"
        rf"(?:to\s+the\s+)?{_DIR}(?:ern)?\s+(?:of\s+)?" + _OF_TAIL, re.I)),
    ("dir", re.compile(rf"\b(?:to\s+the\s+)?{_DIR}\s+of\s+" + _OF_TAIL, re.I)),
    ("near", re.compile(
        r"\b(?:near|nearby|outside|around|close\s+to|in\s+the\s+vicinity\s+of|vicinity\s+of|"
        r"(?:on\s+)?the\s+outskirts\s+of|outskirts\s+of|on\s+the\s+edge\s+of|"
        r"(?:the\s+)?(?:\w+ern\s+)?(?:countryside|suburbs|environs)\s+of)\s+"
        r"(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)),
    ("region_of", re.compile(
        r"\b(?:province|governorate|region|state|prefecture)\s+of\s+$", re.I)),
    ("city_of", re.compile(r"\b(?:city|town|capital)\s+of\s+$", re.I)),
    ("village_of", re.compile(r"\bvillages?\s+of\s+$", re.I)),
    ("part", re.compile(
        r"\b(?:southern|northern|eastern|western|central|north-?eastern|north-?western|"
        r"south-?eastern|south-?western)\s+$", re.I)),
)  # fmt: skip
LOCATIVE_PREPS = _WORDS["locative_preps"]
ORG_WORDS = _WORDS["org_words"]
CALENDAR = _WORDS["calendar"]
HOLIDAYS = _WORDS["holidays"]
ISLAND_WORDS = _WORDS["island_words"]
NOT_NAMES = _WORDS["not_names"]
COMPASS_ADJECTIVES = _WORDS["compass_adjectives"]
# A word of the English dictionary that no place bears as its main name, only as another
# name ("Human" for Uman, "Drug" for Durg, "Garden" for Hawarden, "Google" for Topeka), is
# no place outside spaCy's GPE/LOC entities without a firm cue: a cue phrase or word, a
# listing after a place found, or one of these prepositions right before it (not "of" or
# "to": "Observatory for Human Rights", "a blow to Eta").
FIRM_PREPS = LOCATIVE_PREPS - {"of", "to"}
COUNTRY_LIKE = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "TERR"})
MAX_UNITS = 4
PLACE_HEAD_WORDS = _WORDS["place_head_words"]
# A person's last or first name, named in full elsewhere in the document ("Christopher
# Steele"), is the person also alone ("Associates of Steele"), unless a town of this size
# bears it (TITLED_TOWN_MAX, where spaCy also calls the name a PERSON right there).
SURNAME_TOWN_MAX = 100_000
# A country's or first-level area's name inside another name ("Kentucky State Police") is the
# area, its seat, or a town of this size that bears the name, not a smaller namesake
AREA_NAMESAKE_MIN = 100_000
PERSON_TITLES = _WORDS["person_titles"]
TITLED_TOWN_MAX = 1_000_000
KIN_WORDS = _WORDS["kin_words"]
# A name in capitals of at least this many letters that opens a line ("DETROIT The U.S.
# Transportation Department...") is a dateline that lost its dash, no acronym.
DATELINE_CAPS_MIN = 4
AIRPORT_NAME_CUES = _WORDS["airport_name_cues"]
# ... and so make an airport of that name the reading (over a small town of the name, whose
# population counts up to 1.2; see _choose)
AIRPORT_CUE_BONUS = 1.5
# A town named with its state ("Holliday, Missouri") that the gazetteer lacks there is
# placed in the state, unless a namesake elsewhere has this many people (then the two are
# more likely a list: "Berlin, Bavaria").
UNKNOWN_TOWN_MAX = 100_000
NAME_HEAD_WORDS = PLACE_HEAD_WORDS | _WORDS["name_head_words"]
# A name that only matches phonetically ("al-Muqdadiya" for Al Miqdadiyah) is taken after a
# locative preposition when the place it matches is at least this big.
PHONETIC_MIN_POPULATION = 20_000
# A GPE/LOC name whose best reading is a place under this size in a country the document
# does not name is dropped when the document names other countries.
FOREIGN_MIN_POPULATION = 50_000
# Sources of candidates that spaCy does not call places
WEAK_SOURCES = frozenset({"none", "org", "person", "norp"})
# A neighbourhood of a town (a sub-local alias) named as a mere word, outside any place entity
# and with no cue, needs a place within this distance of its town in the document
SUBLOCAL_HOST_KM = 50.0
# Score taken from a reading found by an alternate name when another reading bears the name
# as its main name.
ALT_NAME_PENALTY = 0.5
# ... not taken from a city this big that no town of its country a tenth its size bears the
# name of as its own
ALT_NAME_CITY_MIN = 100_000
# Extra score of a capital or a city of a million, by its main name: known well enough that a
# local namesake needs the document's context to win.
WORLD_CITY_BONUS = 0.6
# A capital smaller than this (Victoria, Seychelles; Valletta) is no world city: a local
# namesake or area does not need the document's context to beat it.
WORLD_CAPITAL_MIN_POPULATION = 100_000
# "X area in Y": how far X's reading may lie from Y's point and still be the place meant.
INSIDE_KM = 150.0
# Weight of the country of the outlet's web domain among the document's country votes (a
# country named outright counts 2).
OUTLET_VOTES = 1.5
# Weight of the country of the telephone numbers the text prints (all numbers together)
PHONE_VOTES = 1.5
# below this population, a town known by a name only as an alternate name is not the region
# a text calls by that name ("the Zap region" is not the village Andaç, once Zap)
REGION_VILLAGE_MAX = 10_000
# a name found in one country only guesses that country
GUESS_VOTES = 0.5
# the home country of an actor the text names (the PMF: Iraq) votes like an adjective
ACTOR_VOTES = 1.0
# Score of a reading inside a first-level area that the document names outright.
NAMED_AREA_BONUS = 0.6
# An area reading, when an area's office is named after the name ("Quebec government")
OFFICE_BONUS = 1.2
# Taken from a country's reading when a cue calls the place a city, town or village
CUE_MISMATCH = 1.0
# An eponymous town smaller than this that goes by "<name> City" leaves the bare name to
# its area ("Quebec" is the province, "Quebec City" the town; "New York" stays the city)
EPONYMOUS_CITY_MAX = 1_000_000
# A place found with at least this confidence is the same place where its name recurs
PROPAGATE_MIN_CONFIDENCE = 0.5
# Taken from a town smaller than COUNTRY_NAMESAKE_MAX named like a country, as the name
# is the country's unless the text places the town
COUNTRY_NAMESAKE_PENALTY = 1.5
COUNTRY_NAMESAKE_MAX = 100_000
# A country's capital, when the text names the country itself
CAPITAL_BONUS = 1.2
# possessive, "-led", "-based", and a wire's "--(" glued on ("LOUISVILLE, KY--(Marketwire")
_TAIL = re.compile(r"(?:['’]s|-[a-z]+|-{2,}\(?\S*)$")
_AFTER_COMMA = re.compile(r"[\w.)]\s*,\s*$")  # "Edmonton, " before "Ky."
# Between a city and a part of it named after: "the Cincinnati suburb of West Chester" (not
# "district of" or "area of", which as often run the other way: "the Khalis district of Diyala")
_PART_OF = re.compile(
    r"^(?:['’]s)?\s+(?:suburb|suburbs|neighbou?rhood|quarter)\s+of\s+(?:the\s+)?$", re.I
)
# A legislator or governor "of" the name just after: "Sen. Marco Rubio of Florida"
_MEMBER_OF = re.compile(
    r"\b(?:Sen|Senator|Rep|Representative|Gov|Governor|Congressman|Congresswoman|Assemblyman|"
    r"Assemblywoman|Delegate)\.?\s+(?:[A-Z][\w.'’-]*\s+){1,3}of\s+$"
)
# Between two names of a list of places: "Red Deer, Innisfail and Edmonton"
_LISTED = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$")
# Between "X area" and the larger place it lies in: "in", "of", "near", a comma ("in central")
# "Jurf al-Naser district, north of Hilla", "Albu Essa 10 km north of Al Azim": where a name
# the gazetteer lacks lies, told from the place named after it
_BEARING_OF = re.compile(
    r"^\s*,?\s*(?:(?:about|some|around)\s+)?(?:\d+(?:\.\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|"
    r"miles?)\s+)?(?:to\s+the\s+)?(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?"
    r"\s+of\s+(?:the\s+)?$",
    re.I,
)
_IN_NEXT = re.compile(
    r"^\s*(?:,|\bin\b|\bof\b|\bnear\b|\bat\b)\s*(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western)\w*\s+)?$",
    re.I,
)


# Sites named the French, Spanish, Italian or Portuguese way, the kind word first ("Stade de
# France", "Plaza de Mayo", "Piazza San Marco"): a site of the town, whatever names follow.
# English words ("Place", "Avenue") count only with a connector ("Place de la Republique").
_CONNECTOR = r"(?:de|du|des|del|della|delle|dei|di|da|do|dos|das|la|le|les|l['’])"
_NAME_WORD = r"[A-ZÀ-Ý][\w'’\-]*"
_FOREIGN_SITE = re.compile(
    r"(?<![\w-])(?:(?:Stade|Rue|Gare|Palais|Musée|Plaza|Estadio|Palacio|Piazza|Praça|Calle|"
    rf"Paseo|Puerta|Campo)\s+(?:{_CONNECTOR}\s*)*"
    r"|(?:Place|Avenue|Boulevard|Parc|Pont|Ponte|Porta|Via|Jardin)\s+"
    rf"(?:de|du|des|del|della|di|da|do)\s+(?:(?:la|le|les|l['’])\s*)?)"
    rf"{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_NAME_WORD}){{0,3}}"
)


def _site_name(c: _Cand) -> bool:
    """Whether the name itself ends in a facility word ("Victoria Park")."""
    words = c.text.split()
    return len(words) > 1 and words[-1].lower() in FACILITY_CUES


def _named_by_position(e: GazetteerEntry) -> bool:
    """Whether ``e`` is a first-level area named by its position only (POSITION_WORDS)."""
    return e.feature_code == "ADM1" and all(
        w in POSITION_WORDS for w in normalize_name(e.name).split()
    )


@dataclass
class _Cand:
    """A candidate place name with its context, before disambiguation."""

    start: int
    end: int
    text: str
    sent: tuple[int, int]  # character bounds of its sentence
    source: str  # gpe | loc | fac | org | person | none | dateline | lexicon
    options: list[tuple[GazetteerEntry, int, PlaceAlias | None]] = field(default_factory=list)
    before: str | None = None  # kind of phrase before the name (BEFORE_PATTERNS)
    before_start: int | None = None
    after: str | None = None  # cue word after the name
    after_end: int | None = None
    choice: tuple[GazetteerEntry, int, PlaceAlias | None] | None = None
    confidence: float = 0.0
    unknown_sublocal: bool = False
    lexical: str | None = None  # "demonym" | "abbreviation": found by the PlaceLexicon
    in_area: bool = False  # restricted to the area named after it ("Edmonton, Ky.")
    cued: bool = False  # a locative preposition or cue phrase stands before or after it
    office: str | None = None  # "region" | "city": an office named after it (AREA_OFFICES)
    area_in_name: bool = False  # a first-level area's name, inside a longer name
    street: bool = False  # the name of a street named after it (STREET_WORDS)
    person_name: bool = False  # also the name of a person the document names in full


class Geoparser:
    """Recognise and resolve place mentions (see :meth:`parse`)."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        max_candidates: int = 40,
        lexicon: PlaceLexicon | None = None,
        english: Collection[str] | None = None,
    ) -> None:
        """``english``: lower-case English words (FIRM_PREPS); by default those of the
        English pipeline's lemmatizer."""
        self.gaz = gazetteer
        self.max_candidates = max_candidates
        self.lexicon = lexicon if lexicon is not None else load_lexicon(gazetteer)
        self._english = frozenset(english) if english is not None else None

    @property
    def english(self) -> frozenset[str]:
        if self._english is None:
            from warlog.text.nlp import english_words, load_nlp

            self._english = english_words(load_nlp())
        return self._english

    # ------------------------------------------------------------------ public

    def parse(
        self, doc: Document, sdoc: Doc, actor_countries: Collection[str] = ()
    ) -> list[PlaceMention]:
        """Place mentions of the body and dateline of ``doc``; ``sdoc`` is nlp(doc.text);
        ``actor_countries``: ISO2 codes of the home countries of the actors it names."""
        if sdoc.text != doc.text:
            raise ValueError("sdoc must be nlp(doc.text)")
        # "Northern Iraq", "eastern Syria": a compass adjective alone is not a place
        cands = [c for c in self._find(doc, sdoc) if c.text.lower() not in COMPASS_ADJECTIVES]
        dateline_entry, dateline_country = self._dateline_prior(doc, cands)
        dateline_entry, dateline_country = self._dateline_in_named_area(
            doc, cands, dateline_entry, dateline_country
        )
        outlet_country = self._outlet_country(doc)
        self._resolve(
            doc.text,
            cands,
            dateline_entry,
            dateline_country,
            outlet_country,
            actor_countries,
            self._phone_entries(doc.text, dateline_country or outlet_country or "US"),
        )
        cands += self._propagate(doc, sdoc, cands)
        cands.sort(key=lambda c: c.start)
        return self._mentions(doc, cands, dateline_entry)

    def _propagate(self, doc: Document, sdoc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """One sense per document, in finding too: a name the text uses as a place
        ("TORRINGTON —", "in Canada") is that place where it stands again without what
        found it ("Torrington businesses", "the Canada-EU deal"), unless it is part of a
        longer name or of a person's name there."""
        known: dict[str, _Cand] = {}
        for c in cands:
            if (
                c.choice is not None and (c.source in ("gpe", "loc", "dateline") or c.in_area)
                and c.choice[1] in (0, 1, MATCH_ALIAS)
                and c.lexical is None and not c.unknown_sublocal
                and c.confidence >= PROPAGATE_MIN_CONFIDENCE
            ):  # fmt: skip
                known.setdefault(normalize_name(c.text), c)
        if not known:
            return []
        taken = [(c.start, c.end) for c in cands]
        taken += [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "PERSON"]
        out: list[_Cand] = []
        for c in known.values():
            for m in re.finditer(rf"(?<![\w.]){re.escape(c.text)}(?!\w)", doc.text, re.I):
                start, end = m.span()
                if not m.group()[0].isupper() or any(s < end and start < e for s, e in taken):
                    continue
                if self._allowed(doc, start, end) != "body":
                    continue
                span = sdoc.char_span(start, end, alignment_mode="expand")
                if span is None or not self._stands_alone(sdoc, span):
                    continue
                out.append(
                    _Cand(start, end, m.group(), (span.sent.start_char, span.sent.end_char),
                          "propagated", [c.choice], choice=c.choice,
                          confidence=round(c.confidence - 0.1, 2))  # type: ignore[list-item]
                )  # fmt: skip
                taken.append((start, end))
        return out

    def _stands_alone(self, sdoc: Doc, span: Span) -> bool:
        """No other capitalised name word right before or after the span (it is not
        "New London" or "London Bridge"), hyphen-joined words apart ("Canada-EU")."""
        before = sdoc[span.start - 1] if span.start > 0 else None
        after = sdoc[span.end] if span.end < len(sdoc) else None
        if before is not None and before.whitespace_ and self._is_name_tok(before):
            return before.is_sent_start
        return not (after is not None and span[-1].whitespace_ and self._is_name_tok(after))

    # ------------------------------------------------------------------ finding

    def _allowed(self, doc: Document, start: int, end: int) -> str | None:
        ds = doc.dateline_span
        if ds and ds[0] <= start and end <= ds[1]:
            return "dateline"
        return "body" if doc.in_body(start, end) else None

    @staticmethod
    def _is_name_tok(t: Token) -> bool:
        s = t.text
        if not s[:1].isupper() or not any(c.isalpha() for c in s):
            return False
        low = t.lower_
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if low in NOT_NAMES and nxt is not None and nxt.lower_ in AREA_NAME_WORDS:
            return nxt.text[:1].isupper()  # "Pope County", "King County"
        if low in HOLIDAYS:
            return nxt is not None and nxt.lower_ in ISLAND_WORDS and nxt.text[:1].isupper()
        # "US" is a stop word only in lower case; a lone capital ("A New Mexico native") is one
        stop = t.is_stop and not (t.is_upper and len(s) > 1)
        # (a month abbreviated with its period, "Jan. 1", is a calendar word too)
        return not (low.rstrip(".") in CALENDAR or low in NOT_NAMES or (stop and len(s) <= 4))

    def _is_prefix(self, sdoc: Doc, k: int) -> int:
        """Tokens taken by an article prefix at ``k`` ("al-", "Al ", "ash-"); 0 if none."""
        t = sdoc[k]
        if t.lower_ not in ARTICLES or k + 1 >= len(sdoc):
            return 0
        if t.lower_ == "an" and t.is_sent_start and t.whitespace_:
            return 0  # "An Edmonton man", "AN Edmonton man": English's article
        nxt = sdoc[k + 1]
        if not t.whitespace_ and nxt.text in ("-", "‐") and k + 2 < len(sdoc):
            return 2 if self._is_name_tok(sdoc[k + 2]) else 0
        if t.whitespace_ and t.text[:1].isupper() and self._is_name_tok(nxt):
            return 1
        return 0

    def _runs(self, sdoc: Doc) -> list[list[tuple[int, int]]]:
        """Runs of capitalised name units; a unit is one name token with its article."""
        runs: list[list[tuple[int, int]]] = []
        n, k = len(sdoc), 0
        current: list[tuple[int, int]] = []
        while k < n:
            s = k
            k += self._is_prefix(sdoc, k)
            if k < n and self._is_name_tok(sdoc[k]):
                k += 1
                current.append((s, k))
                last = sdoc[k - 1]
                # hyphen-joined names: "Deir-Ezzor", "Al-Ghazal"
                if (
                    not last.whitespace_ and k + 1 < n and sdoc[k].text in ("-", "‐")
                    and not sdoc[k].whitespace_
                    and (self._is_name_tok(sdoc[k + 1]) or self._is_prefix(sdoc, k + 1))
                ):  # fmt: skip
                    k += 1
                    continue
                # a saint's possessive inside a site's name: "St. Michael's Hospital"
                # (and of a town's: "St. John's")
                if (
                    not last.whitespace_ and k < n and sdoc[k].text in ("'s", "’s")
                    and sdoc[current[0][0]].lower_.rstrip(".") in SAINT_WORDS
                ):  # fmt: skip
                    k += 1
                    current[-1] = (current[-1][0], k)
                    if k < n and sdoc[k - 1].whitespace_ and self._is_name_tok(sdoc[k]):
                        continue
                if last.whitespace_ and k < n and not sdoc[k].is_sent_start:
                    continue
            else:
                k = s + 1
            if current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        return runs

    def _options(self, name: str) -> list[tuple[GazetteerEntry, int, PlaceAlias | None]]:
        opts: list[tuple[GazetteerEntry, int, PlaceAlias | None]] = [
            (a.entry, MATCH_ALIAS, a) for a in self.gaz.aliases(name)
        ]
        seen = {e.geonameid for e, _, a in opts if a is not None and not a.sublocal}
        for e, m in self.gaz.candidates(name, limit=self.max_candidates):
            if e.geonameid not in seen:
                opts.append((e, m, None))
        return opts

    def _source(self, sdoc: Doc, t0: int, t1: int) -> str:
        labels = {sdoc[i].ent_type_ for i in range(t0, t1)} - {""}
        for lab, src in (("GPE", "gpe"), ("LOC", "loc"), ("FAC", "fac"), ("NORP", "norp")):
            if lab in labels:
                return src
        if "PERSON" in labels:
            return "person"
        if labels & {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}:
            return "org"
        return "none"

    def _context(self, doc: Document, sdoc: Doc, c: _Cand, t0: int, t1: int) -> None:
        """Fill the cue phrase before and the cue word after a candidate."""
        before_text = doc.text[max(c.sent[0], c.start - 80) : c.start]
        for kind, pat in BEFORE_PATTERNS:
            m = pat.search(before_text)
            if m:
                c.before = kind
                c.before_start = c.start - (len(before_text) - m.start())
                break
        if t1 < len(sdoc):
            nxt = sdoc[t1]
            if nxt.lower_ in ALL_AFTER_CUES:
                c.after, c.after_end = nxt.lower_, nxt.idx + len(nxt.text)
        if _MEMBER_OF.search(before_text):
            c.office = "region"  # "Sen. Marco Rubio of Florida": the state a member sits for
        # "Quebec government", "Quebec Health Minister", "New York Gov.", "Montreal's mayor":
        # an office within three capitalised words (or "'s") after the name
        for t in sdoc[t1 : t1 + 4]:
            word = t.lower_.rstrip(".")
            if word in AREA_OFFICES or word in CITY_OFFICES:
                c.office = "region" if word in AREA_OFFICES else "city"
                break
            if not (t.text in ("'s", "’s") or (t.is_alpha and t.text[:1].isupper())):
                break

    @staticmethod
    def _names_its_area(c: _Cand) -> bool:
        """Whether ``c`` is an area's full name with its kind word ("Metcalfe County")."""
        words = c.text.split()
        if len(words) < 2 or words[-1].lower() not in AREA_NAME_WORDS:
            return False
        key = normalize_name(c.text)
        return any(
            m in (0, 1) and e.feature_class == "A" and normalize_name(e.name) == key
            for e, m, _ in c.options
        )

    @staticmethod
    def _heads_institution(sdoc: Doc, c: _Cand, t0: int, t1: int, run: Span) -> bool:
        """Whether ``c`` is a town's name opening the name of one of its institutions."""
        if t0 != run.start or t1 >= run.end or not c.options:
            return False
        if run[-1].lower_ in SITE_CUES:
            return False  # "Thomas Memorial Hospital": a named site, found as one (_unknowns)
        if any(t.is_upper and len(t.text) > 1 for t in sdoc[t0:t1]):
            return False
        if not INSTITUTION_WORDS & {t.lower_ for t in sdoc[t1 : run.end]}:
            return False
        return any(m == 0 and e.feature_class == "P" for e, m, _ in c.options)

    @staticmethod
    def _titled(sdoc: Doc, i: int) -> bool:
        """Whether token ``i`` comes right after a courtesy title ("Mr Paterson") or a word
        for a relative ("his wife, Dora")."""
        if i > 0 and sdoc[i - 1].lower_.rstrip(".") in PERSON_TITLES | KIN_WORDS:
            return True
        return i > 1 and sdoc[i - 1].text == "," and sdoc[i - 2].lower_ in KIN_WORDS

    @staticmethod
    def _surnames(sdoc: Doc) -> frozenset[str]:
        """First and last names of the people the document names in full ("Christopher
        Steele", "Vladimir Putin")."""
        cached = sdoc.user_data.get("warlog_surnames")
        if cached is None:
            full = [
                e for e in sdoc.ents
                if e.label_ == "PERSON" and len(e) >= 2
                and all(t.text[:1].isupper() and t.is_alpha for t in e)
                # ("Sheikh Baba", "Abu Ghraib": as often a place as a person)
                and e[0].lower_ not in NAME_HEAD_WORDS and e[0].lower_ not in NOT_NAMES
            ]  # fmt: skip
            cached = frozenset(e[-1].lower_ for e in full) | {e[0].lower_ for e in full}
            sdoc.user_data["warlog_surnames"] = cached
        return cached

    @staticmethod
    def _titled_names(sdoc: Doc) -> frozenset[str]:
        """Names the document writes after a courtesy title or a relative ("Mr Paterson"),
        and first names (spaCy's PERSON) joined to a person's full name ("Brent and Lynnette
        Hain"), not after a locative preposition ("between Khanaqin and Shaykh Bawa")."""
        cached = sdoc.user_data.get("warlog_titled")
        if cached is None:
            starts = {e.start for e in sdoc.ents if e.label_ == "PERSON" and len(e) >= 2}
            cached = frozenset(
                t.lower_ for t in sdoc
                if t.is_alpha and t.text[:1].isupper()
                and (
                    Geoparser._titled(sdoc, t.i)
                    or (
                        t.ent_type_ == "PERSON" and t.i + 2 in starts
                        and sdoc[t.i + 1].lower_ in ("and", "&")
                        and (t.i == 0 or sdoc[t.i - 1].lower_ not in LOCATIVE_PREPS)
                    )
                )
            )  # fmt: skip
            sdoc.user_data["warlog_titled"] = cached
        return cached

    def _cue_words(self, sdoc: Doc, t0: int, t1: int) -> tuple[str, bool, bool]:
        """The word before a name (past compass adjectives: "in central As Samawah"), whether
        the name is another name in brackets of the place named just before ("Zap (Amadiya)
        region", "the Zap region (Amadiya)"), and whether people are named after it ("an
        Edmonton man")."""
        nxt = sdoc[t1] if t1 < len(sdoc) else None
        of_people = nxt is not None and nxt.lower_ in PERSON_NOUNS and nxt.text.islower()
        k = t0 - 1
        while k > 0 and sdoc[k].lower_ in COMPASS_ADJECTIVES:
            k -= 1
        prev = sdoc[k].lower_ if k >= 0 else ""
        before = k - 2 if k > 1 and sdoc[k - 1].lower_ in ALL_AFTER_CUES else k - 1
        other_name = prev == "(" and before >= 0 and self._is_name_tok(sdoc[before])
        return prev, other_name, of_people

    @staticmethod
    def _street_word(sdoc: Doc, k: int, run: Span) -> Token | None:
        """The capitalised street word ("Street", "St.") that ends the name going on at token
        ``k`` ("Silver Street", "Cuckoo Hall Lane"), if any; not past a hyphen."""
        while k <= run.end and k < len(sdoc):
            t = sdoc[k]
            if t.lower_.rstrip(".") in STREET_WORDS:
                return t if t.text[:1].isupper() else None
            if k == run.end or t.text in ("-", "‐"):
                return None
            k += 1
        return None

    @staticmethod
    def _in_longer_name(sdoc: Doc, t0: int, t1: int, run: Span) -> bool:
        """Whether tokens t0..t1 are a part of a longer name: of their run of capitalised
        words ("Operation Falcon") or of spaCy's entity ("the Centre for Trade Policy")."""
        if run.start < t0 or t1 < run.end:
            return True
        ent = next((e for e in sdoc.ents if e.start <= t0 < e.end), None)
        return ent is not None and (ent.start < t0 or t1 < ent.end)

    def _entity_ok(self, sdoc: Doc, c: _Cand, t0: int, t1: int, run_tokens: Span) -> bool:
        """Whether a gazetteer/alias hit outside GPE/LOC/FAC entities is credible."""
        opts = c.options
        saint = {sdoc[k].lower_.rstrip(".") for k in (t0 - 1, t0) if 0 <= k < t1} & SAINT_WORDS
        if c.text.lower().rstrip(".") in SAINT_WORDS:
            return False  # "St." alone
        prev_tok = sdoc[t0 - 1] if t0 > 0 else None
        if (
            prev_tok is not None and prev_tok.text[:1].isupper()
            and prev_tok.lower_ in COMPASS_NAME_WORDS and prev_tok.i >= run_tokens.start
            and opts[0][0].feature_class == "P" and opts[0][0].population < COMPASS_TOWN_MAX
        ):  # fmt: skip
            return False  # "the South Pacific" is no part of Pacific, Missouri
        if saint and all(m == NAME_PHONETIC for _, m, _ in opts):
            return False  # "St Edmund's School", "St. Takla Church": saints, not Edmond, Sète
        alias = any(a is not None for _, _, a in opts)
        top = opts[0][0]
        if (
            c.source != "dateline" and self._titled(sdoc, t0)
            and top.feature_code not in (*COUNTRY_LIKE, "ADM1", "CONT")
        ):  # fmt: skip
            return False  # "Mr Paterson": a person, not Paterson, New Jersey
        if (
            c.source != "dateline" and not alias and t1 - t0 == 1
            and sdoc[t0].lower_ in self._titled_names(sdoc)
            and top.feature_code not in (*COUNTRY_LIKE, "ADM1", "CONT")
            and top.population < TITLED_TOWN_MAX
        ):  # fmt: skip
            return False  # "Mr Paterson ... chopped up Paterson's body"
        if (
            c.source != "dateline" and not alias and t1 - t0 == 1
            and sdoc[t0].lower_ in self._surnames(sdoc)
            and top.feature_code not in (*COUNTRY_LIKE, "ADM1", "CONT")
            and top.population < (TITLED_TOWN_MAX if c.source == "person" else SURNAME_TOWN_MAX)
        ):  # fmt: skip
            # "Christopher Steele ... Associates of Steele": no Steele, Missouri; "Vladimir
            # Putin ... a friend of Vladimir": no Vladimir, Russia
            return False
        # "Georgia Stevens ... Georgia skates": a country or area that is also the name of a
        # person the text names in full, only where the text points to its country otherwise
        c.person_name = (
            c.source != "dateline" and not alias and t1 - t0 == 1
            and sdoc[t0].lower_ in self._surnames(sdoc)
            and top.feature_code in (*COUNTRY_LIKE, "ADM1")
        )  # fmt: skip
        if (
            c.source not in ("gpe", "loc", "dateline") and not alias and t1 - t0 == 1
            and not any(m == NAME_MAIN for _, m, _ in opts)
            and not (c.before or c.after or c.cued)
        ):  # fmt: skip
            prev, other_name, of_people = self._cue_words(sdoc, t0, t1)
            if sdoc[t0].lower_ in self.english and not (
                prev in FIRM_PREPS or other_name or of_people
            ):
                return False  # "Syrian Observatory for Human Rights": no Uman, Ukraine
        if alias and not c.cued:
            # "into Tahrir Square", "Shaab city (Adhamiya)": a neighbourhood cued (_homeless)
            prev, other_name, of_people = self._cue_words(sdoc, t0, t1)
            c.cued = prev in FIRM_PREPS or other_name or of_people
        if c.source in ("gpe", "loc", "fac", "dateline") or alias:
            return True
        if self._names_its_area(c):
            return True
        # NORP (spaCy's label for demonyms, often given to Arab towns too) is handled like
        # the other weak sources below: bare demonyms ("Syrian", "Kurdish") are no exact
        # gazetteer names of sizeable places, so they fail the test at the end.
        words = [t.lower_ for t in run_tokens]
        top = opts[0][0]
        if opts[0][1] in (0, 1) and (
            top.feature_code in COUNTRY_LIKE or top.feature_code in ("ADM1", "CONT")
        ) and t1 - t0 == len(c.text.split()) and not any(t.is_upper and len(t) > 1 for t in
                                                          sdoc[t0:t1]):  # fmt: skip
            # a country or state, also inside a name ("Kentucky State Police"); a state, only
            # in a country the document points to otherwise (_resolve); and no small town
            # that shares the name elsewhere ("Lakes Edge Apartments" is no Lakes, Alaska,
            # "Paul Block" no Paul, Minnesota, though Lakes and Paul are also areas)
            areas = {(o[0].country_code, o[0].admin1) for o in opts if o[0].feature_code == "ADM1"}
            c.options = [
                o for o in opts
                if o[0].feature_code in (*COUNTRY_LIKE, "ADM1", "CONT")
                or o[0].population >= AREA_NAMESAKE_MIN
                or (o[0].country_code, o[0].admin1) in areas  # its seat: "Kirkuk police"
            ]  # fmt: skip
            c.area_in_name = top.feature_code == "ADM1" and self._in_longer_name(
                sdoc, t0, t1, run_tokens
            )
            return True
        if self._heads_institution(sdoc, c, t0, t1, run_tokens):
            return True
        if c.source == "org" and ORG_WORDS & set(words):
            return False
        toks = sdoc[t0:t1]
        line_start = t0 == 0 or "\n" in sdoc[t0 - 1].text_with_ws
        if (
            line_start and all(t.is_upper for t in toks) and len(c.text) >= DATELINE_CAPS_MIN
            and any(m in (0, 1) for _, m, _ in opts)
            and (top.feature_code in COUNTRY_LIKE or top.population >= 50_000)
        ):  # fmt: skip
            return True  # "DETROIT The U.S. ...": a dateline that lost its dash
        if any(t.is_upper and len(t.text) > 1 for t in toks):
            return False  # acronyms ("ISIS", "YPG") only as GPE entities or aliases
        prev, other_name, of_people = self._cue_words(sdoc, t0, t1)
        if (
            c.source == "none" and not of_people
            and not all(t.pos_ == "PROPN" or t.text == "-" for t in toks)
        ):  # fmt: skip
            return False
        exact = any(m != NAME_PHONETIC for _, m, _ in opts)
        cued = (
            bool(c.after or c.before) or prev in LOCATIVE_PREPS or other_name or c.cued
            or of_people
        )  # fmt: skip
        c.cued = cued
        whole_big = (
            opts[0][1] in (0, 1) and opts[0][0].population >= 100_000
            and t1 - t0 == len(run_tokens)
        )  # fmt: skip
        if (
            c.source == "person" and len(run_tokens) > 1 and not c.after
            and run_tokens[0].lower_ not in ARTICLES and not whole_big
            and not (t0 == run_tokens.start and sdoc[t0].lower_ in PLACE_HEAD_WORDS)
        ):  # fmt: skip
            return False  # "Muhamad Haskawi": a person, whatever villages share the name
        top = opts[0][0]
        # an airport is known by its name like a big town ("while Heathrow and Gatwick")
        big = top.feature_code in (*COUNTRY_LIKE, "AIRP") or top.population >= 50_000
        # an airport's exact name, though a small town bears it too ("Heathrow", Florida);
        # not where a sentence's first word may be capitalised only for that ("Crystal meth"),
        # nor as a word of a longer name ("Edwards Comprehensive Cancer Center")
        big = big or (
            not sdoc[t0].is_sent_start
            and t1 - t0 == len(run_tokens)
            and any(m != NAME_PHONETIC and e.feature_code == "AIRP" for e, m, _ in opts)
        )
        sizeable = top.population >= PHONETIC_MIN_POPULATION
        # (a sound-alike of a part of a longer name is no reading of it: "Jurf Al-Naser" is
        # not Neyasar, Iran)
        whole_run = t0 == run_tokens.start and (
            t1 == run_tokens.end or (t1 + 1 == run_tokens.end and sdoc[t1].lower_ == c.after)
        )  # ("Navy Square": the name and its cue word)
        return (exact and (cued or big)) or (
            not exact and cued and whole_run and (c.after is not None or sizeable)
        )

    def _find(self, doc: Document, sdoc: Doc) -> list[_Cand]:
        cands: list[_Cand] = []
        covered: set[int] = set()
        sent_bounds = {}
        for s in sdoc.sents:
            for t in s:
                sent_bounds[t.i] = (s.start_char, s.end_char)
        site_tokens = self._foreign_sites(doc, sdoc, cands, sent_bounds)
        covered |= site_tokens
        for units in self._runs(sdoc):
            run_span = sdoc[units[0][0] : units[-1][1]]
            pos = 0
            while pos < len(units):
                if units[pos][0] in site_tokens:
                    pos += 1
                    continue
                hit = None
                for size in range(min(MAX_UNITS, len(units) - pos), 0, -1):
                    t0, t1 = units[pos][0], units[pos + size - 1][1]
                    span = sdoc[t0:t1]
                    if size == 1 and (
                        span[-1].lower_ in ALL_AFTER_CUES or span.text.lower() in ARTICLES
                        or span[-1].lower_.rstrip(".") in STREET_WORDS | ROAD_WORDS
                        or span[-1].like_num  # "Seven men": a number, alone no name
                    ):  # fmt: skip
                        continue
                    if all(w in self.lexicon.generic_words
                           for w in normalize_name(span.text).split()):  # fmt: skip
                        continue  # "Wadi", "South East": generic words only
                    start, end = span.start_char, span.end_char
                    where = self._allowed(doc, start, end)
                    if where is None:
                        continue
                    name = span.text
                    tail = _TAIL.search(name)  # "Canada's", "U.S.-led" (but "St. John's")
                    if tail and tail.start() > 0 and not self._options(name):
                        name, end = name[: tail.start()], end - len(tail.group())
                    after_comma = _AFTER_COMMA.search(doc.text, max(0, start - 40), start)
                    lx = None
                    if doc.text[end : end + 1] == "." and not tail:
                        # spaCy splits the period off "Man." and "Ont."
                        lx = self.lexicon.lookup(name + ".", after_comma is not None)
                        if lx is not None:
                            name, end = name + ".", end + 1
                    lx = lx or self.lexicon.lookup(name, after_comma is not None)
                    if lx is not None:
                        c = _Cand(
                            start,
                            end,
                            name,
                            sent_bounds[t0],
                            "lexicon",
                            [(lx[0], MATCH_ALIAS, None)],
                            lexical=lx[1],
                        )
                        self._context(doc, sdoc, c, t0, t1)
                        hit = (c, size)
                        break
                    opts = self._options(name)
                    nxt_unit = sdoc[units[pos + size][0]].lower_ if pos + size < len(units) else ""
                    if size < len(units) and nxt_unit not in AIRPORT_NAME_CUES:
                        # an airport's short name is its whole name ("Heathrow", "Heathrow
                        # Airport"), not a word of another's ("Hamrin Mountains" is no
                        # Pocono Mountains Regional Airport)
                        opts = [o for o in opts if o[0].feature_code != "AIRP"]
                    if not opts:
                        continue
                    c = _Cand(start, end, name, sent_bounds[t0],
                              "dateline" if where == "dateline" else self._source(sdoc, t0, t1),
                              opts)  # fmt: skip
                    self._context(doc, sdoc, c, t0, t1)
                    # "Red Deer, Innisfail and Edmonton": a name listed after a place found
                    gap = doc.text[cands[-1].end : start] if cands else ""
                    c.cued = bool(cands) and _LISTED.match(gap) is not None
                    if self._entity_ok(sdoc, c, t0, t1, run_span):
                        hit = (c, size)
                        break
                if hit:
                    c, size = hit
                    street = self._street_word(sdoc, units[pos + size - 1][1], run_span)
                    if street is not None and c.lexical is None and c.source != "dateline":
                        # "Silver Street", "Haifa Street": a street named after the town, not
                        # in it (resolved all the same: it votes for the town's country)
                        c.street = True
                        c.after, c.after_end = street.lower_.rstrip("."), street.idx + len(street)
                    cands.append(c)
                    covered.update(range(units[pos][0], units[pos + size - 1][1]))
                    pos += size
                    if c.after and pos < len(units) and sdoc[units[pos][0]].lower_ == c.after:
                        pos += 1  # "Geweran Bridge": the cue word was part of the run
                elif (
                    pos + 1 < len(units)
                    and sdoc[units[pos][0] : units[pos][1]].text.lower() in NAME_HEAD_WORDS
                ):
                    pos += 2  # "Abu Saida" unknown: not "Saida" either
                else:
                    pos += 1
            # Names nobody knows: sub-local ones with a cue word, or GPE/LOC entities.
            self._unknowns(doc, sdoc, units, covered, cands, sent_bounds)
        cands.sort(key=lambda c: c.start)
        return cands

    def _foreign_sites(
        self,
        doc: Document,
        sdoc: Doc,
        cands: list[_Cand],
        sent_bounds: dict[int, tuple[int, int]],
    ) -> set[int]:
        """Sites named kind word first ("Stade de France"), added to ``cands`` as sub-local
        places of their town; returns the tokens they cover (no "France" inside is a place)."""
        tokens: set[int] = set()
        for m in _FOREIGN_SITE.finditer(doc.text):
            span = sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or self._allowed(doc, span.start_char, span.end_char) is None:
                continue
            c = _Cand(span.start_char, span.end_char, span.text, sent_bounds[span.start],
                      self._source(sdoc, span.start, span.end), unknown_sublocal=True,
                      after="site")  # fmt: skip
            cands.append(c)
            tokens.update(range(span.start, span.end))
        return tokens

    def _unknowns(
        self,
        doc: Document,
        sdoc: Doc,
        units: list[tuple[int, int]],
        covered: set[int],
        cands: list[_Cand],
        sent_bounds: dict[int, tuple[int, int]],
    ) -> None:
        free = [u for u in units if u[0] not in covered]
        if not free:
            return
        # group consecutive free units
        groups: list[list[tuple[int, int]]] = [[free[0]]]
        for u in free[1:]:
            if units.index(u) == units.index(groups[-1][-1]) + 1:
                groups[-1].append(u)
            else:
                groups.append([u])
        for g in groups:
            t0, t1 = g[0][0], g[-1][1]
            last = sdoc[t1 - 1]
            cue_in_run = last.lower_ in (SUBLOCAL_CUES | VILLAGE_CUES) and len(g) > 1
            if cue_in_run:
                t1 = g[-2][1]
            span = sdoc[t0:t1]
            if not span.text or self._allowed(doc, span.start_char, span.end_char) is None:
                continue
            src = self._source(sdoc, t0, t1)
            c = _Cand(span.start_char, span.end_char, span.text, sent_bounds[t0], src)
            self._context(doc, sdoc, c, t0, t1)
            if cue_in_run:
                c.after, c.after_end = last.lower_, last.idx + len(last.text)
            if src in ("norp",) or any(t.is_upper and len(t.text) > 1 for t in span):
                continue
            if self._titled(sdoc, t0) and c.after is None:
                continue  # "his wife, Nina": a person, also where spaCy calls her a GPE
            prev = max((x for x in cands if x.end <= c.start), key=lambda x: x.end, default=None)
            listed = (
                prev is not None and prev.unknown_sublocal and prev.sent == c.sent
                and src != "person" and _LISTED.match(doc.text[prev.end : c.start]) is not None
            )  # fmt: skip
            if c.after in SUBLOCAL_CUES | VILLAGE_CUES or c.before == "village_of" or listed:
                if src == "person" and len(span) > 1 and not cue_in_run and c.after is None:
                    continue
                # "the villages of Foua and Kfraya": listed with an unknown village, a village
                c.unknown_sublocal = True
                cands.append(c)
            elif (src in ("gpe", "loc") and len(g) == len(units)) or c.before == "city_of":
                cands.append(c)  # a place no gazetteer knows: reported with entry None

    # ------------------------------------------------------------------ resolving

    def _dateline_prior(
        self, doc: Document, cands: list[_Cand]
    ) -> tuple[GazetteerEntry | None, str | None]:
        """The dateline's place and country ("Hasakah, Syria" → Al Hasakah, SY)."""
        if not doc.dateline:
            return None, None
        parts = [p.strip() for p in re.split(r"[,(/]|\s[-–—]\s", doc.dateline) if p.strip()]
        country: str | None = None
        area: GazetteerEntry | None = None  # "PARIS, Mo.": a first-level area after the town
        place: GazetteerEntry | None = None
        for p in parts[1:]:
            lx = self.lexicon.lookup(p, True)
            if lx is not None and lx[0].feature_code == "ADM1" and area is None:
                area = lx[0]
            for e in self.gaz.lookup(p):
                if e.feature_code in COUNTRY_LIKE:
                    country = e.country_code
                    break
                if (
                    e.feature_code == "ADM1"
                    and area is None
                    and normalize_name(e.name) == normalize_name(p)
                ):
                    area = e
            if country:
                break
        if parts:
            found = self._options(parts[0])
            if area is not None:
                found = [
                    o for o in found
                    if o[0].country_code == area.country_code and o[0].admin1 == area.admin1
                ] or found  # fmt: skip
            if country:
                found = [o for o in found if o[0].country_code == country] or found
            found = [o for o in found if o[2] is None or not o[2].sublocal] or found
            if found:
                found.sort(key=lambda o: self.gaz.rank_key(o[0], max(o[1], 0)))
                place = found[0][0]
                country = country or place.country_code
        return place, country

    def _dateline_in_named_area(
        self,
        doc: Document,
        cands: list[_Cand],
        entry: GazetteerEntry | None,
        country: str | None,
    ) -> tuple[GazetteerEntry | None, str | None]:
        """A dateline town alone ("VICTORIA -") is its namesake inside the first-level area
        that the text names outright (British Columbia), when it has one there."""
        if entry is None or not doc.dateline or re.search(r"[,(/]", doc.dateline):
            return entry, country
        named = {
            (c.options[0][0].country_code, c.options[0][0].admin1)
            for c in cands
            if c.options and c.source != "dateline" and c.options[0][0].feature_code == "ADM1"
            and c.options[0][1] in (0, 1, MATCH_ALIAS)
        }  # fmt: skip
        if not named or (entry.country_code, entry.admin1) in named:
            return entry, country
        inside = [
            o for o in self._options(doc.dateline.strip())
            if o[0].feature_class == "P" and (o[0].country_code, o[0].admin1) in named
        ]  # fmt: skip
        if not inside:
            return entry, country
        inside.sort(key=lambda o: self.gaz.rank_key(o[0], max(o[1], 0)))
        return inside[0][0], inside[0][0].country_code

    def _outlet_country(self, doc: Document) -> str | None:
        """The country of the outlet's web address ("lfpress.com" says nothing, "nlhnews.co.uk"
        says GB): the country code top-level domain, when the gazetteer has that country."""
        if not doc.url:
            return None
        host = urlsplit(doc.url.strip()).hostname or ""
        tld = host.rsplit(".", 1)[-1].upper()
        cc = {"UK": "GB"}.get(tld, tld)
        if len(cc) != 2 or not cc.isalpha():
            return None
        return cc if self.gaz.country(cc) is not None else None

    def _phone_entries(self, text: str, default_region: str) -> list[GazetteerEntry]:
        """Where the text's telephone numbers are ("519-661-5670": Ontario): the town and
        area named ("Toronto, ON"), else the area ("Texas") or the country, as gazetteer
        entries."""
        out: list[GazetteerEntry] = []
        for ph in phone_places(text, default_region):
            cc = ph.country_code
            name, _, area_code = ph.description.partition(", ")
            area = self.lexicon.lookup(area_code, True) if area_code else None
            area_entry = area[0] if area and area[0].country_code == cc else None
            found = [e for e, _m in self.gaz.candidates(name, cc, fuzzy=False)] if name else []
            if not area_code:  # "Quebec": the province, not its eponymous town
                found.sort(key=lambda e: e.feature_code != "ADM1")
            if area_entry is not None:
                found = [e for e in found if e.admin1 == area_entry.admin1] or [area_entry]
            entry = (found or [self.gaz.country(cc)])[0]
            if entry is not None and entry.country_code == cc:
                out.append(entry)
        return out

    def _resolve(
        self,
        text: str,
        cands: list[_Cand],
        dl_entry: GazetteerEntry | None,
        dl_country: str | None,
        outlet_country: str | None = None,
        actor_countries: Collection[str] = (),
        phone_entries: Collection[GazetteerEntry] = (),
    ) -> None:
        self._pairs(text, cands)
        votes: Counter[str] = Counter()
        if outlet_country:
            votes[outlet_country] += OUTLET_VOTES  # a local outlet writes of its country
        phone_countries = Counter(e.country_code for e in phone_entries)
        for cc, n in phone_countries.items():  # a paper prints the numbers of its own town
            votes[cc] += PHONE_VOTES * n / sum(phone_countries.values())
        adjectives: Counter[str] = Counter()  # votes of demonyms: who acts, not where
        for cc in actor_countries:
            if self.gaz.country(cc) is not None:
                votes[cc] += ACTOR_VOTES
                adjectives[cc] += ACTOR_VOTES
        guesses: Counter[str] = Counter()  # votes of names found in one country only
        for c in cands:
            if not c.options or c.area_in_name or c.person_name:
                continue  # ("Islamic Centre" says nothing of Burkina Faso's Centre region)
            top = c.options[0][0]
            if c.lexical == "demonym":
                votes[top.country_code] += 1
                adjectives[top.country_code] += 1
            elif top.feature_code in COUNTRY_LIKE and c.options[0][1] != NAME_PHONETIC:
                votes[top.country_code] += 2
            elif c.in_area:
                votes[top.country_code] += 1
            elif c.options[0][2] is not None:
                votes[top.country_code] += 1
            elif len({e.country_code for e, _, _ in c.options[:3]}) == 1:
                votes[top.country_code] += GUESS_VOTES
                guesses[top.country_code] += GUESS_VOTES
        doc_country = dl_country or (votes.most_common(1)[0][0] if votes else None)
        mentioned = set(votes) | ({dl_country} if dl_country else set())
        # countries the text names (or places twice), not guessed from one unique name
        firm = {cc for cc, v in (votes - adjectives - guesses).items() if v >= 1}
        firm |= {dl_country} if dl_country else set()
        anchors: list[GazetteerEntry] = [dl_entry] if dl_entry else []
        anchors += [c.options[0][0] for c in cands if c.options and c.options[0][2] is not None]
        phone_towns = [e for e in phone_entries if e.feature_class == "P"]
        anchors += phone_towns
        # two passes: the second uses the first pass's choices as anchors
        prior = 1.5 if dl_country else 1.0  # a dateline is firmer evidence than a vote
        areas: set[tuple[str, str]] = set()  # (country, admin1) the document is about
        if dl_entry is not None and dl_entry.admin1:
            areas.add((dl_entry.country_code, dl_entry.admin1))
        areas |= {(e.country_code, e.admin1) for e in phone_entries
                  if e.admin1 and e.feature_code not in COUNTRY_LIKE}  # fmt: skip
        for c in cands:
            if c.options and (c.lexical or c.in_area) and c.options[0][0].admin1:
                areas.add((c.options[0][0].country_code, c.options[0][0].admin1 or ""))
        # first-level areas the text names outright ("Iowa", "Wisconsin"): firmer than areas
        # inferred from the towns chosen
        named_areas = {
            (c.options[0][0].country_code, c.options[0][0].admin1 or "")
            for c in cands
            if c.options and c.options[0][0].feature_code == "ADM1" and c.options[0][1] in (0, 1)
            and c.source in ("gpe", "loc", "dateline", "lexicon")
        }  # fmt: skip
        # countries the text names outright ("France"), not through a demonym
        named_countries = {
            c.options[0][0].country_code for c in cands
            if c.options and c.lexical is None and c.options[0][1] in (0, 1)
            and c.options[0][0].feature_code in COUNTRY_LIKE
        }  # fmt: skip
        for _ in range(2):
            memo: dict[tuple, tuple] = {}
            chosen: list[GazetteerEntry] = []
            for c in cands:
                if not c.options:
                    continue
                # the same name is resolved once per document, unless the text places it
                key = (
                    normalize_name(c.text),
                    self._cue_class(c),
                    c.office,
                    c.options[0][0].geonameid if c.in_area or c.lexical else None,
                )
                if key not in memo:
                    memo[key] = self._choose(
                        c,
                        doc_country,
                        mentioned,
                        anchors,
                        prior,
                        areas,
                        named_areas,
                        named_countries,
                    )
                c.choice, c.confidence = memo[key]
                if c.choice is not None:
                    chosen.append(c.choice[0])
            anchors = (
                ([dl_entry] if dl_entry else [])
                + phone_towns
                + [e for e in chosen if e.feature_class == "P"]
            )
            self._one_sense(cands)
            self._listed_kinds(text, cands)
            self._part_of(text, cands)
            a1 = Counter((e.country_code, e.admin1) for e in chosen if e.admin1)
            areas |= {k for k, n in a1.items() if n >= 2 and k[1] is not None}  # type: ignore[misc]
        # weak finds far from the document's countries are dropped. The countries the text is
        # about: those it names, and those of the big places it names by their main names.
        firm |= {
            c.choice[0].country_code for c in cands
            if c.choice is not None and c.choice[1] == 0 and c.choice[2] is None
            and c.choice[0].feature_code not in COUNTRY_LIKE
            and (c.choice[0].population >= 100_000 or c.choice[0].feature_code == "ADM1")
            and not _named_by_position(c.choice[0])
        }  # fmt: skip
        local_firm = any(
            c.choice is not None and c.choice[0].country_code in firm
            and c.choice[0].feature_code not in COUNTRY_LIKE
            for c in cands
        )  # fmt: skip
        for c in cands:
            if c.choice is None:
                continue
            e, m, a = c.choice
            if a is not None and a.sublocal and self._homeless(c, cands, dl_entry, phone_towns):
                c.choice, c.options, c.source = None, [], "dropped"
                continue
            if a is not None or c.in_area or c.lexical or c.source == "dateline":
                continue
            weak = c.source in WEAK_SOURCES
            cc = e.country_code
            foreign = cc not in mentioned
            if weak:
                # with no country named at all, a name after "in"/"near" is kept
                drop = (m == NAME_PHONETIC and cc != doc_country) or (
                    foreign and e.population < 100_000 and (bool(mentioned) or not c.cued)
                )
            else:
                # a GPE/LOC name that is only a small namesake, or a sound-alike, in a country
                # the document does not otherwise point at ("Gara" in Morocco, in a note on
                # Iraq's PKK)
                drop = (m == NAME_PHONETIC and foreign and bool(mentioned)) or (
                    (local_firm and cc not in firm) or (foreign and bool(mentioned))
                ) and e.population < FOREIGN_MIN_POPULATION  # fmt: skip
            # a first-level area's name inside an organisation's ("the Islamic Centre",
            # "Operation Falcon"), in a country the document does not otherwise point to, is
            # no reference to that area, however big (Centre, Burkina Faso; Falcón, Venezuela)
            drop = drop or (c.area_in_name and foreign and bool(mentioned))
            drop = drop or (c.person_name and foreign)  # "Georgia Stevens ... Georgia"
            # an area named by position only ("Far North", "Southern District", "Centre") is
            # that part of whatever the text is about ("Far North Queensland", "the Southern
            # District of Ohio"): that area only in a country the document firmly names
            drop = drop or (_named_by_position(e) and cc not in firm and bool(firm))
            # "the Zap region": a region is no village known by that name only as another
            # (often former) name, not a spelling of its own ("Amadiya region" is Al ʿAmādīyah)
            drop = drop or (
                self._cue_class(c) == "region" and e.feature_class == "P" and m != 0
                and e.population < REGION_VILLAGE_MAX
                and phonetic_key(c.text) != phonetic_key(e.name)
            )  # fmt: skip
            if drop:
                c.choice, c.options = None, []
                if _site_name(c) or c.after in IN_CITY_CUES:
                    # "Victoria Park", "Cairo's Abbasiya neighbourhood": a site of the town,
                    # not a far suburb or village of that name
                    c.unknown_sublocal = True
                else:
                    c.source = "dropped"
        for c in cands:
            if c.street:
                # the street is a place the gazetteer lacks, in the town its sentence names
                c.choice, c.options, c.unknown_sublocal = None, [], c.source != "dropped"
        self._inside_named(text, cands)

    def _homeless(
        self,
        c: _Cand,
        cands: list[_Cand],
        dl_entry: GazetteerEntry | None,
        phone_towns: list[GazetteerEntry],
    ) -> bool:
        """Whether ``c``, read as a town's neighbourhood (a sub-local alias), is only a word
        ("the Grand Mufti" is no al-Mufti of Hasakah): no place entity, no cue (nor a listing
        or a preposition of FIRM_PREPS), and no place within SUBLOCAL_HOST_KM of its town
        elsewhere in the document."""
        assert c.choice is not None
        e = c.choice[0]
        if e.feature_class != "P" or c.source not in WEAK_SOURCES:
            return False  # (an area known only to lie in a province: "Qandil")
        if c.before or c.after or c.cued or self._cue_class(c):
            return False
        key = normalize_name(c.text)
        others = [dl_entry, *phone_towns] + [
            x.choice[0] for x in cands
            if x.choice is not None and normalize_name(x.text) != key
            and not (x.choice[2] is not None and x.choice[2].sublocal)
        ]  # fmt: skip
        return all(
            haversine_km(e.latitude, e.longitude, x.latitude, x.longitude) > SUBLOCAL_HOST_KM
            for x in others
            if x is not None
        )

    def _one_sense(self, cands: list[_Cand]) -> None:
        """A name that the text places ("Edmonton, Ky."), or that a cue or an office settles
        ("the Quebec government", "the city of X"), keeps that reading where the document
        names it bare: one sense per document."""
        settled: dict[str, tuple[GazetteerEntry, int, PlaceAlias | None]] = {}
        for c in sorted(cands, key=lambda c: not c.in_area):  # placed ones first
            if c.choice is not None and (c.in_area or self._cue_class(c) or c.office):
                settled.setdefault(normalize_name(c.text), c.choice)
        for c in cands:
            if c.choice is None or self._cue_class(c) or c.office or c.in_area or c.lexical:
                continue
            choice = settled.get(normalize_name(c.text))
            if choice is not None and any(o[0].geonameid == choice[0].geonameid
                                          for o in c.options):  # fmt: skip
                c.choice = choice

    @staticmethod
    def _part_of(text: str, cands: list[_Cand]) -> None:
        """ "the Cincinnati suburb of West Chester", "the Baghdad neighbourhood of Karrada": the
        second place is the namesake near the first (within INSIDE_KM), and with none there, a
        part of the first that the gazetteer lacks (see _unless_inside)."""
        for y, x in zip(cands, cands[1:], strict=False):
            if y.choice is None or x.choice is None or not _PART_OF.match(text[y.end : x.start]):
                continue
            ye = y.choice[0]
            dist = {
                o[0].geonameid: haversine_km(o[0].latitude, o[0].longitude, ye.latitude,
                                             ye.longitude)
                for o in x.options
            }  # fmt: skip
            near = [o for o in x.options if dist[o[0].geonameid] <= INSIDE_KM]
            if near and dist.get(x.choice[0].geonameid, 1e9) > INSIDE_KM:
                x.choice = min(near, key=lambda o: dist[o[0].geonameid])
            elif not near:
                Geoparser._unless_inside(x, y)  # a part of y the gazetteer lacks

    @staticmethod
    def _listed_kinds(text: str, cands: list[_Cand]) -> None:
        """Names listed together are of one kind: a town listed next to a first-level area
        ("the borders of Montana and Wyoming") is the area of that name, when there is one in
        the same country (Wyoming, not the town of Wyoming, Ohio)."""
        for a, b in zip(cands, cands[1:], strict=False):
            if a.choice is None or b.choice is None or not _LISTED.match(text[a.end : b.start]):
                continue
            for area, town in ((a.choice[0], b), (b.choice[0], a)):
                if (
                    area.feature_code != "ADM1" or town.choice is None
                    or town.choice[0].feature_class != "P"
                    or town.in_area or town.office or Geoparser._cue_class(town)
                ):  # fmt: skip
                    continue
                same = [
                    o for o in town.options
                    if o[0].feature_code == "ADM1" and o[0].country_code == area.country_code
                    and o[1] in (0, 1, MATCH_ALIAS)
                ]  # fmt: skip
                if same:
                    town.choice = same[0]

    @staticmethod
    def _inside_named(text: str, cands: list[_Cand]) -> None:
        """ "X area in Y", "X district, Y province", "Y's X district": when X's reading lies
        far from the Y named next to it, X is a local name inside Y that the gazetteer lacks
        (a namesake elsewhere was found), and is reported as a sub-local place of Y."""
        for c, n in zip(cands, cands[1:], strict=False):
            if c.choice is None or n.choice is None or c.after_end is None:
                continue
            if c.after not in SUBLOCAL_CUES | VILLAGE_CUES | {"region"} or c.sent != n.sent:
                continue
            if _IN_NEXT.match(text[c.after_end : n.start]):
                Geoparser._unless_inside(c, n)
        for y, c in zip(cands, cands[1:], strict=False):  # "Giza's Haram district"
            if (
                c.choice is not None and y.choice is not None
                and c.after in SUBLOCAL_CUES | VILLAGE_CUES
                and text[y.end : c.start] in ("'s ", "’s ")
            ):  # fmt: skip
                Geoparser._unless_inside(c, y)

    @staticmethod
    def _unless_inside(c: _Cand, n: _Cand) -> None:
        """Make ``c`` an unknown sub-local place unless its reading lies inside ``n``'s."""
        assert c.choice is not None and n.choice is not None
        x, y = c.choice[0], n.choice[0]
        if x.feature_code in COUNTRY_LIKE or (
            x.population >= 100_000 and x.country_code == y.country_code
        ):
            return  # "the Cincinnati suburb of West Chester": a city named for itself
        if y.feature_code in COUNTRY_LIKE:
            inside = x.country_code == y.country_code
        else:  # a town, or a province (whose admin names and borders vary by source)
            inside = (y.feature_code == "ADM1" and x.admin1 == y.admin1) or haversine_km(
                x.latitude, x.longitude, y.latitude, y.longitude
            ) <= INSIDE_KM
        if not inside:
            c.choice, c.options, c.unknown_sublocal = None, [], True

    @staticmethod
    def _pairs(text: str, cands: list[_Cand]) -> None:
        """ "Town, Area": the town's readings are cut to those inside the area named after it
        ("Edmonton, Ky.", "Glasgow, Kentucky", "Paris, Texas", "Edmonton, Alberta, Canada")."""
        for i in range(len(cands) - 2, -1, -1):
            c, n = cands[i], cands[i + 1]
            if not c.options or not n.options or n.start - c.end > 3:
                continue
            if text[c.end : n.start].strip() != ",":
                continue
            areas = [o for o in n.options if o[0].feature_code in ("ADM1", *COUNTRY_LIKE)]
            if not areas:
                continue
            inside = [
                o for o in c.options
                if o[0].geonameid not in {a[0].geonameid for a in areas}
                and any(o[0].country_code == a[0].country_code
                        and (a[0].feature_code in COUNTRY_LIKE or o[0].admin1 == a[0].admin1)
                        for a in areas)
            ]  # fmt: skip
            if not inside:
                # "Holliday, Missouri", a town the gazetteer lacks: somewhere in the state,
                # not a namesake elsewhere (a town of UNKNOWN_TOWN_MAX people would be known)
                state = n.options[0][0]
                if (
                    state.feature_code == "ADM1" and n.options[0][1] in (0, 1, MATCH_ALIAS)
                    and all(o[0].feature_class == "P" and o[0].population < UNKNOWN_TOWN_MAX
                            for o in c.options)
                ):  # fmt: skip
                    c.options, c.in_area = [(state, n.options[0][1], None)], True
                    n.options = [n.options[0]]
                continue
            top, match, _ = c.options[0]
            if (
                top.feature_code in COUNTRY_LIKE and match in (0, 1, MATCH_ALIAS)
                and not any(o[0].feature_class == "A" for o in inside)
                and n.options[0][0].feature_code in COUNTRY_LIKE
            ):  # fmt: skip
                # "in Russia, U.S. officials said": a list, not a town Russia, Ohio (but
                # "Mexico, Missouri" is the town)
                continue
            c.options, c.in_area = inside, True
            keep = [a for a in areas if any(
                o[0].country_code == a[0].country_code
                and (a[0].feature_code in COUNTRY_LIKE or o[0].admin1 == a[0].admin1)
                for o in inside)]  # fmt: skip
            n.options = keep
            n.in_area = n.in_area or n.lexical is None

    @staticmethod
    def _cue_class(c: _Cand) -> str:
        if c.after in REGION_CUES or c.before == "region_of":
            return "region"
        if c.after in CITY_CUES or c.before == "city_of":
            return "city"
        if c.after in VILLAGE_CUES or c.before == "village_of":
            return "village"
        return ""

    def _choose(
        self,
        c: _Cand,
        doc_country: str | None,
        mentioned: set[str],
        anchors: list[GazetteerEntry],
        prior: float = 1.5,
        areas: set[tuple[str, str]] | frozenset = frozenset(),
        named_areas: set[tuple[str, str]] | frozenset = frozenset(),
        named_countries: set[str] | frozenset = frozenset(),
    ) -> tuple[tuple[GazetteerEntry, int, PlaceAlias | None] | None, float]:
        cue = self._cue_class(c)
        own = {e.geonameid for e, _, _ in c.options}
        anchors = [x for x in anchors if x.geonameid not in own]  # not its own readings
        scored: list[tuple[float, tuple[GazetteerEntry, int, PlaceAlias | None]]] = []
        # an eponymous town inside the area ("Hasakah", "New York") or a big city: the town is
        # meant unless a cue says region; otherwise the area's size counts like a town's
        # (the eponymous town of the biggest area bearing the name: a town "Florida" in
        # Uruguay's Florida department does not make the US state "Florida" a town)
        area_readings = [e for e, _, _ in c.options if e.feature_code == "ADM1"]
        top_area = max(area_readings, key=lambda e: e.population, default=None)
        own_areas = {(top_area.country_code, top_area.admin1)} if top_area else set()
        # ... unless the town goes by "<name> City" ("Quebec City", "Oaxaca City"): then the
        # name alone, with no cue calling it a city, is the area
        city_named = {
            e.geonameid for e, _m in self.gaz.candidates(f"{c.text} City", fuzzy=False)
            if e.population < EPONYMOUS_CITY_MAX and e.feature_code != "PPLC"
        } if own_areas and cue != "city" else set()  # fmt: skip
        big_city = any(
            e.feature_class == "P" and m in (0, 1) and (
                e.feature_code == "PPLC" or e.population >= 1_000_000
                or ((e.country_code, e.admin1) in own_areas and e.geonameid not in city_named))
            for e, m, _ in c.options
        )  # fmt: skip
        # a country's own name is the country, not a small town named after it ("a native of
        # Mexico" in a Connecticut report), unless a cue or the area named after it says town
        country_named = not cue and any(
            e.feature_code in COUNTRY_LIKE and m == 0 for e, m, _ in c.options
        )
        # the biggest reading bearing the name as its main name (-1: none does); a much bigger
        # place known by it as an alternate name still wins ("Amara" is Al Amarah, Iraq)
        main_pop = max((e.population for e, m, _ in c.options if m == 0), default=-1)
        # ... and so does a big city of a country where only small towns bear it as their main
        # name ("Newcastle" in England is Newcastle upon Tyne, not Newcastle, County Down)
        main_pop_in: dict[str, int] = {}
        for e, m, _ in c.options:
            if m == 0:
                main_pop_in[e.country_code] = max(main_pop_in.get(e.country_code, 0), e.population)
        local_best = max(
            (e.population for e, _, _ in c.options
             if e.feature_class == "P" and e.country_code == doc_country),
            default=0,
        )  # fmt: skip
        for opt in c.options:
            e, m, a = opt
            s = {MATCH_ALIAS: 3.0, 0: 2.0, 1: 1.8, NAME_PHONETIC: 0.8}[m]
            if (
                m == 1
                and e.population < 10 * main_pop
                and not (
                    e.population >= ALT_NAME_CITY_MIN
                    and e.population >= 10 * main_pop_in.get(e.country_code, 0)
                )
            ):
                s -= ALT_NAME_PENALTY  # "Washington" is a former name of Piqua, Ohio
            if a is not None and a.sublocal:
                # a neighbourhood alias needs its city (or somewhere near) in the document
                near = min((haversine_km(e.latitude, e.longitude, x.latitude, x.longitude)
                            for x in anchors), default=1e9)  # fmt: skip
                if near > SUBLOCAL_HOST_KM and not (c.after in SUBLOCAL_CUES or cue == "village"):
                    s -= 2.5
            if doc_country and e.country_code == doc_country:
                s += prior
            elif e.country_code in mentioned:
                s += 0.7
            if e.feature_code in COUNTRY_LIKE:
                # "the city of Turkey" (Texas), "Jordan town": no country is a city or town
                s += 1.2 if cue not in ("city", "village") else -CUE_MISMATCH
            elif e.feature_code == "CONT":
                s += 0.8
            elif e.feature_code in ("ADM1", "ADM2"):
                s += 1.8 if cue == "region" else 0.6
                if c.office == "region" and not cue:
                    s += OFFICE_BONUS  # "Quebec government": the province
                if not big_city:  # "New York", "Washington": the city, unless cued
                    s += min(1.0, math.log10(e.population + 1) / 7)
            else:
                s += min(1.2, math.log10(e.population + 1) / 6)
                if country_named and e.population < COUNTRY_NAMESAKE_MAX:
                    s -= COUNTRY_NAMESAKE_PENALTY
                if e.feature_code == "PPLC":
                    s += 0.3
                    if m == 0 and e.country_code in named_countries:  # "France ... Paris"
                        s += CAPITAL_BONUS
                if (
                    m == 0
                    and (
                        (e.feature_code == "PPLC" and e.population >= WORLD_CAPITAL_MIN_POPULATION)
                        or e.population >= 1_000_000
                    )
                    and (local_best < 100_000)
                ):  # "Paris" in Kentucky news is Paris, France; "London" in Ontario's is not
                    s += WORLD_CITY_BONUS
                if cue == "city" or (c.office == "city" and not cue):
                    s += 0.4
            if e.feature_code == "AIRP" and c.after in AIRPORT_NAME_CUES:
                s += AIRPORT_CUE_BONUS  # "Heathrow Airport": the airport, not a town near it
            d = min(
                (haversine_km(e.latitude, e.longitude, x.latitude, x.longitude) for x in anchors),
                default=None,
            )  # fmt: skip
            if d is not None and e.feature_code not in COUNTRY_LIKE:
                s += 1.0 if d < 30 else 0.6 if d < 100 else 0.3 if d < 300 else 0.0
            if e.feature_code != "ADM1" and (e.country_code, e.admin1) in named_areas:
                s += NAMED_AREA_BONUS
            elif e.admin1 and (e.country_code, e.admin1) in areas:
                s += 0.6
            scored.append((s, opt))
        if not scored:
            return None, 0.0
        scored.sort(key=lambda so: -so[0])
        best, opt = scored[0]
        # rivals: other readings more than 25 km away (the governorate around a city is not)
        second = next(
            (
                s
                for s, o in scored[1:]
                if haversine_km(o[0].latitude, o[0].longitude, opt[0].latitude, opt[0].longitude)
                > 25
            ),
            None,
        )
        margin = best - second if second is not None else 2.0
        conf = 0.45 + 0.2 * min(margin, 2.0) + (0.1 if opt[1] in (MATCH_ALIAS, 0) else 0.0)
        if opt[1] == NAME_PHONETIC:
            conf = min(conf, 0.6)
        if c.source in WEAK_SOURCES and opt[2] is None:
            conf -= 0.1
        return opt, round(max(0.05, min(0.97, conf)), 2)

    # ------------------------------------------------------------------ output

    def _mentions(
        self, doc: Document, cands: list[_Cand], dl_entry: GazetteerEntry | None
    ) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        resolved_cities = [
            c for c in cands if c.choice is not None and c.choice[0].feature_class == "P"
        ]
        counts = Counter(c.choice[0].geonameid for c in resolved_cities if c.choice)
        countries = Counter(c.choice[0].country_code for c in cands if c.choice)

        def host_of(c: _Cand) -> tuple[GazetteerEntry | None, bool]:
            return self._host(c, resolved_cities, dl_entry, counts, countries, cands, doc.text)

        placed: dict[str, GazetteerEntry] = {}  # unknown sub-local name -> town its sentence names
        for c in cands:
            if c.source == "dropped":
                continue
            detail_start, detail_end = c.start, c.end
            if c.before and c.before_start is not None:
                detail_start = c.before_start
            if c.after and c.after_end is not None:
                detail_end = c.after_end
            m = PlaceMention(text=c.text, start=c.start, end=c.end, entry=None)
            full = doc.text[detail_start:detail_end]
            hosted: tuple[GazetteerEntry | None, bool] | None = None
            if c.after in FACILITY_CUES and c.choice is not None and c.choice[2] is None:
                # "Victoria Park" in London, Ontario: named after a place far from its town
                hosted = host_of(c)
                host, e = hosted[0], c.choice[0]
                if (
                    host is not None and e.feature_code not in COUNTRY_LIKE
                    and haversine_km(e.latitude, e.longitude, host.latitude, host.longitude)
                    > INSIDE_KM
                ):  # fmt: skip
                    c.unknown_sublocal = True
            if c.unknown_sublocal:
                host, same_sentence = hosted or host_of(c)
                key = normalize_name(c.text)
                if key in placed:  # placed once in its town, the site is there throughout
                    host, same_sentence = placed[key], True
                elif same_sentence and host is not None:
                    placed[key] = host
                m.entry = host
                m.kind = "sublocal"
                if host is not None and host.feature_code == "ADM1" and host.admin1:
                    # "Naqib village in Diyala province": coded at the province's seat, as
                    # the province itself is
                    m.seat = self.gaz.seat(host.country_code, host.admin1)
                m.detail = full
                in_city = c.after in IN_CITY_CUES
                m.geo_precision = 1 if (same_sentence and in_city) else 2
                m.confidence = 0.55 if host and same_sentence else 0.4 if host else 0.2
                out.append(m)
                continue
            if c.choice is None:
                m.kind = "place"
                m.confidence = 0.3  # a place name (GPE/LOC) the gazetteer lacks
                out.append(m)
                continue
            e, _match, alias = c.choice
            m.entry, m.confidence = e, c.confidence
            cue = self._cue_class(c)
            if alias is not None and alias.sublocal:
                m.kind, m.geo_precision = "sublocal", 1
                m.detail = full if full != c.text else f"{c.text} {alias.kind}"
                if e.feature_code == "ADM1" and e.admin1:
                    # an area known only to lie in a province ("Qandil"): near its seat
                    m.geo_precision = 2
                    m.seat = self.gaz.seat(e.country_code, e.admin1)
            elif e.feature_code in COUNTRY_LIKE:
                m.kind, m.geo_precision = "country", 3
            elif c.after == "region" and e.feature_class == "P":
                # "Amadiya region", "Qandil region": the country around a town, not its
                # province (ACLED: the town, precision 2)
                m.kind, m.geo_precision, m.detail = "near", 2, full
            elif e.feature_code in ("ADM1", "CONT") or cue == "region":
                if e.feature_class == "P" and e.admin1:
                    m.entry = self.gaz.admin1(e.country_code, e.admin1) or e
                m.kind, m.geo_precision = "region", 3
                if e.feature_class == "P":
                    m.seat = e  # "Kirkuk province": the town the province is named after
                elif e.feature_code == "ADM1" and e.admin1:
                    m.seat = self.gaz.seat(e.country_code, e.admin1)
                if full != c.text:
                    m.detail = full
            elif c.before in ("near", "dist", "dir") or c.after in COUNTRYSIDE_CUES:
                m.kind, m.geo_precision, m.detail = "near", 2, full
            elif c.after in SUBLOCAL_CUES:
                # "Makana checkpoint" where Makana is a village the gazetteer knows
                m.kind, m.geo_precision, m.detail = "place", 1, full
            else:
                m.kind, m.geo_precision = "place", 1
                if c.before == "part":
                    m.detail = full
            out.append(m)
        return out

    def _host(
        self,
        c: _Cand,
        cities: list[_Cand],
        dl_entry: GazetteerEntry | None,
        counts: Counter[int],
        countries: Counter[str],
        cands: list[_Cand],
        text: str = "",
    ) -> tuple[GazetteerEntry | None, bool]:
        """The city an unknown sub-local name belongs to, and whether it is in its sentence.
        ``counts``: how often each town is chosen; ``countries``: how many places the
        document has in each country.
        With no city in its sentence: the dateline's town, else the town the document names
        most; but when an area named after it in its sentence ("the villages of Foua and
        Kfraya in Idlib province") does not hold that town, the area."""
        # "the Behbehan area in Jurf al-Sakher district in Babylon province": a name said to
        # lie in the town or province named right after it lies there, not in the town
        # named before (a vaguer "the Jazirah area" may be a far namesake: not trusted)
        nxt = next((x for x in cands if x.start >= (c.after_end or c.end)), None)
        if (
            nxt is not None and nxt.sent == c.sent and nxt.choice is not None
            and (nxt.choice[0].feature_class == "P" or nxt.after in REGION_CUES
                 or nxt.text.split()[-1].lower() in AREA_NAME_WORDS)
            and nxt.after not in SUBLOCAL_CUES | COUNTRYSIDE_CUES
            and (_IN_NEXT.match(gap := text[c.after_end or c.end : nxt.start])
                 or _BEARING_OF.match(gap))
        ):  # fmt: skip
            return nxt.choice[0], True
        # (not a town known by that name only as another name, in a country the document
        # names nowhere else: "the Petit Cambodge restaurant" is no Petit, Algeria)
        same = [
            x for x in cities
            if x.sent == c.sent and x is not c and x.choice
            and not (x.choice[1] == 1 and countries[x.choice[0].country_code] == 1)
        ]  # fmt: skip
        if same:
            best = min(same, key=lambda x: abs(x.start - c.start))
            assert best.choice is not None
            return best.choice[0], True
        area = next(
            (x.choice[0] for x in cands
             if x.sent == c.sent and x.start > c.start and x.choice
             and x.choice[0].feature_code in ("ADM1", "ADM2")),
            None,
        )  # fmt: skip
        fallback: GazetteerEntry | None = None
        if dl_entry is not None and dl_entry.feature_class == "P":
            fallback = dl_entry
        elif counts:
            gid = counts.most_common(1)[0][0]
            fallback = next(
                (x.choice[0] for x in cities if x.choice and x.choice[0].geonameid == gid), None
            )
        if (
            area is not None and fallback is not None
            and (fallback.country_code, fallback.admin1) != (area.country_code, area.admin1)
        ):  # fmt: skip
            return area, False
        return fallback, False
