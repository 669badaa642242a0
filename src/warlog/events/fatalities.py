"""Fatality counts by the ACLED rules: only the dead, the most conservative figure.

Hand-written: number parsers (word2number and the like) read a number, but not which
number counts the dead ("killing 6 civilians, including 2 women", "2 killed, 5 wounded").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "no": 0, "one": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "couple": 2,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# ACLED's conventions for vague figures.
VAGUE = {
    "dozens": 12, "dozen": 12, "scores": 20, "hundreds": 100, "thousands": 1000,
    "several": 3, "a few": 3, "a number": 3, "many": 10, "numerous": 10,
}  # fmt: skip

_NUMBER_WORDS = "|".join(sorted([*UNITS, *TENS, *VAGUE], key=len, reverse=True))
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+"
    r"|(?:(?:" + "|".join(TENS) + r")[- ](?:" + "|".join(UNITS) + r"))"
    r"|(?:" + _NUMBER_WORDS + r")(?: hundred)?)"
)
_QUAL = (
    r"(?:at least |more than |over |around |about |nearly |almost |some |up to |as many as "
    r"|all |a total of |total of )?"
)
_NOUN = r"(?:[\w'-]+ ){0,4}?"
_DEAD = r"(?:killed|dead|died|slain|perished|lost their lives|were killed|was killed|bodies)"
# "killed or injured 6", "6 were killed or wounded": how many died is not said
_OR_HURT = (
    r"(?!(?:,? or|,? and|,) (?:seriously |critically |badly )?(?:injured|injuring|wounded|"
    r"wounding|hurt|captured|"
    r"incapacitated|neutrali[sz]ed|arrested))"
)
_AUX = (
    r"(?:were |was |have been |had been |are |reportedly |also |(?:were |was )?(?:reported|said|"
    r"believed|confirmed) to (?:have been |be ))?"
)
KILL_PATTERNS = [
    # "killing 6 civilians", "killed at least 13 people", "the killing of 5 militants"
    re.compile(r"\b(?:killing|killed|kills|kill|killing of|deaths of)\s+" + _QUAL + r"(?P<n>"
               + NUMBER + r")\b(?! (?:wounded|injured|hurt))", re.I),
    # "left 3 people dead" (not "left 3 civilians injured")
    re.compile(r"\b(?:left|leaving)\s+" + _QUAL + r"(?P<n>" + NUMBER + r")\s+"
               + r"(?:[\w'-]+ ){0,6}?(?:dead|killed)\b" + _OR_HURT, re.I),
    # "two civilians were killed", "13 dead", "dozens of people died"
    re.compile(r"\b" + _QUAL + r"(?P<n>" + NUMBER + r")\s+(?:of\s+)?" + _NOUN
               + _AUX + _DEAD + r"\b" + _OR_HURT, re.I),
    # "death toll rose to 20", "a death toll of 20"
    re.compile(r"\bdeath toll\s+(?:\w+\s+){0,3}?(?:to|of|at|is|was|reached|stood at)\s+" + _QUAL
               + r"(?P<n>" + NUMBER + r")\b", re.I),
]  # fmt: skip
_PERSON = (
    r"(?:civilians?|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|soldiers?|policem[ae]n|police ?"
    r"officers?|officers?|fighters?|militants?|members?|commanders?|leaders?|employees?|"
    r"farmers?|shepherds?|journalists?|persons?|people|residents?|villagers?|students?|"
    r"protesters?|demonstrators?|guards?|personnel|troops?|insurgents?|rebels?|gunm[ae]n|"
    r"worshippers?|teachers?|doctors?|officials?|judges?|clerics?|elders?|chiefs?|suspects?|"
    r"activists?|drivers?|passengers?|workers?|engineers?|militiam[ae]n|interpreters?|"
    r"sons?|daughters?|brothers?|wife|husband|experts?|agents?|prisoners?)"
)
_PHRASE = r"(?:[\w'-]+ ){0,3}?" + _PERSON
# "killing 3 fighters and 2 civilians", "1 IS commander and 2 fighters were killed": one total
CONJOINED = [
    re.compile(r"\b(?:killing|killed|left|leaving)\s+" + _QUAL + r"(?P<n1>" + NUMBER + r")\s+"
               + _PHRASE + r"(?:,| and) (?P<n2>" + NUMBER + r")\s+" + _PHRASE + r"\b", re.I),
    re.compile(r"\b" + _QUAL + r"(?P<n1>" + NUMBER + r")\s+" + _PHRASE + r"(?:,| and) (?P<n2>"
               + NUMBER + r")\s+" + _PHRASE
               + r"\s+(?:were |have been |had been )?(?:killed|dead|died)\b", re.I),
]  # fmt: skip
# "killed a Shiite civilian", "a policeman was killed": one
SINGLE = [
    re.compile(r"\bkill(?:ed|ing)\s+(?:a|an|one)\s+" + _PHRASE + r"\b", re.I),
    re.compile(r"\b(?:kill(?:ed|ing)|shot dead|shooting dead)\s+(?:him|her)\b", re.I),
    re.compile(r"\b(?:the )?killing of (?:a|an|one)\s+" + _PHRASE + r"\b", re.I),
    re.compile(r"\b(?:a|an|one)\s+" + _PHRASE + r"(?:\s+of\s+(?:the\s+)?[\w'-]+)?"
               r"\s+(?:was|has been|had been)\s+(?:also\s+)?"
               r"(?:reportedly\s+)?(?:killed|shot dead|shot and killed)\b", re.I),
]  # fmt: skip
ADDED = re.compile(r"\b(?:and|also|as well as|along with|in addition to|besides)\b", re.I)
SOURCED = re.compile(
    r"\b(?:said|says|claim\w*|accord\w*|report\w*|sources?|confirm\w*|while|but|however|"
    r"whereas|other)\b|[;:]",
    re.I,
)
SUBORDINATE = re.compile(r"\b(?:including|among them|among whom|of whom|of them)\s+$", re.I)


@dataclass
class FatalityMention:
    """A figure of the dead, with its place in the text."""

    count: int
    text: str
    start: int
    end: int


def parse_number(token: str) -> int | None:
    """'13' → 13, 'twenty-five' → 25, 'dozens' → 12, 'two hundred' → 200."""
    t = token.lower().strip().replace(",", "")
    if t.isdigit():
        return int(t)
    hundred = t.endswith(" hundred")
    if hundred:
        t = t[: -len(" hundred")]
    value: int | None
    if t in UNITS:
        value = UNITS[t]
    elif t in TENS:
        value = TENS[t]
    elif t in VAGUE:
        value = VAGUE[t]
    else:
        m = re.fullmatch(r"(\w+)[- ](\w+)", t)
        value = TENS[m.group(1)] + UNITS[m.group(2)] if m and m.group(1) in TENS else None
    if value is not None and hundred:
        value *= 100
    return value


def find_fatalities(text: str, start: int = 0, end: int | None = None) -> list[FatalityMention]:
    """Figures of the dead in ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    segment = text[start:end]
    found: dict[int, FatalityMention] = {}
    for pattern in KILL_PATTERNS:
        for m in pattern.finditer(segment):
            before = segment[max(0, m.start() - 25) : m.start()]
            if SUBORDINATE.search(before):
                continue  # "including 2 women": part of a figure already counted
            n = parse_number(m.group("n"))
            if n is None or n > 100_000:
                continue
            s = start + m.start("n")
            if s not in found:
                found[s] = FatalityMention(n, m.group(0), start + m.start(), start + m.end())
    for pattern in CONJOINED:
        for m in pattern.finditer(segment):
            n1, n2 = parse_number(m.group("n1")), parse_number(m.group("n2"))
            if n1 is None or n2 is None:
                continue
            s, e = start + m.start(), start + m.end()
            for key in [k for k, f in found.items() if s <= f.start and f.end <= e + 20]:
                del found[key]  # the parts of the total
            found[start + m.start("n1")] = FatalityMention(n1 + n2, m.group(0), s, e)
    for pattern in SINGLE:
        for m in pattern.finditer(segment):
            s, e = start + m.start(), start + m.end()
            if not any(f.start < e and s < f.end for f in found.values()):
                found[s] = FatalityMention(1, m.group(0), s, e)
    return _add_up(sorted(found.values(), key=lambda f: f.start), text)


def _add_up(mentions: list[FatalityMention], text: str) -> list[FatalityMention]:
    """Figures of different victims told together add up ("killed 2 militants, and 1 civilian
    was also killed": 3); figures from different sources do not ("5 killed, said police;
    medics said 8 died")."""
    out: list[FatalityMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        gap = text[prev.end : m.start] if prev is not None else ""
        if prev is not None and ADDED.search(gap) and not SOURCED.search(gap) and len(gap) < 100:
            out[-1] = FatalityMention(prev.count + m.count, text[prev.start : m.end], prev.start,
                                      m.end)  # fmt: skip
        else:
            out.append(m)
    return out


def fatality_count(mentions: list[FatalityMention]) -> int:
    """ACLED's figure: the smallest reported total (0 when none is reported)."""
    return min((m.count for m in mentions), default=0)
