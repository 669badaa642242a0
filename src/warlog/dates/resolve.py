"""Find time expressions in report text and resolve them against the publication date.

The rules are hand-written on purpose: a general-purpose date parser (``dateutil``'s fuzzy
mode, ``dateparser``) guesses wrongly on news prose. It turns "IS may attack" into a date in
May, "protesters march" into March, "a 22-year-old" into a year, and resolves a bare
"Friday" to the *next* Friday, while a news report means the most recent past one. Here
``datetime.strptime`` is used only to read explicit dates ("June 26, 2015", "26/6/2015").

Codes follow ACLED's time precision: 1 the day is known, 2 only the week or weekend (coded
to its middle day), 3 only the month (mid-month, or its first/last day when the text says
"beginning"/"end").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from warlog.models import DateMention

__all__ = ["find_dates", "resolve_event_date"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUM: dict[str, int] = {}
for _i, _m in enumerate(_MONTHS, start=1):
    _MONTH_NUM[_m.lower()] = _i
    _MONTH_NUM[_m[:3].lower()] = _i
_MONTH_NUM["sept"] = 9

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Month and weekday names must be capitalised ((?-i:...)): "may" and "march" are verbs.
_WD = r"(?-i:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
_MONTH_FULL = "|".join(_MONTHS)
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# A month name followed by a day number may be abbreviated ("Dec 31"); a bare one may not.
_MON_DAY = rf"(?-i:(?P<mon>{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?))"


def _mon_bare(n: int) -> str:
    """A capitalised full month name, captured as group ``mon<n>``."""
    return rf"(?-i:(?P<mon{n}>{_MONTH_FULL}))"


_DAYNUM = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Parts of the day and clock times only make a day phrase more precise; they never change
# the resolved day.
_PART = r"(?:morning|afternoon|evening|night|dawn|dusk|midday|noon|overnight)"
_CLOCK = (
    r"(?:(?:at|about|around|approximately|shortly\s+(?:before|after)|before|after|by|until"
    r"|from|since)\s+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\d{1,2}:\d{2}(?!\d)"
    r"(?:\s*(?:hrs|hours|GMT|UTC|local\s+time))?)"
)
_PREFIX = (
    r"(?:(?:(?:early|late|earlier|later)\s+(?:on\s+)?)"
    r"|(?:(?:at|before|after|around|by|until)\s+(?:dawn|dusk|daybreak|sunrise|sunset|noon"
    r"|midday|midnight|nightfall)\s+(?:on\s+)?)"
    r"|(?:(?:on|since|until|till|from|by|over|during)\s+))"
)
_CLOCK_BEFORE = rf"(?:{_CLOCK}\s+(?:on\s+)?)"
_CLOCK_AFTER = rf"(?:\s+(?:at\s+)?{_CLOCK})"

# Relative day words resolved from the publication date (offset in days before it).
_REL_DAY = (
    r"(?P<rel>the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night"
    r"|this\s+(?:morning|afternoon|evening)|earlier\s+today|earlier\s+this\s+(?:morning|evening)"
    r"|(?P<nago>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+ago)"
)


def _day_phrase() -> str:
    core = (
        rf"(?:(?P<wdmod>last|this|past)\s+)?{_WD}(?:'s|’s)?(?:\s+{_PART})?"
        rf"|{_REL_DAY}(?:\s+{_PART})?"
    )
    return rf"(?<!\w){_CLOCK_BEFORE}?{_PREFIX}?(?:{core}){_CLOCK_AFTER}?(?!\w)"


_DAY_RE = re.compile(_day_phrase(), re.IGNORECASE)

# Explicit dates.
_ON = r"(?:(?:on|since|until|till|from|by)\s+)?"
_MDY_RE = re.compile(
    rf"(?<!\w){_ON}{_MON_DAY}\s+{_DAYNUM}(?:,?\s+{_YEAR})?(?![\w/])(?!,\d)"
    r"(?!\s+(?:Movement|Revolution|Brigade))",  # "March 23 Movement" is the M23 rebels
    re.IGNORECASE,
)
_DMY_RE = re.compile(
    rf"(?<![\w/.]){_ON}{_DAYNUM}\s+(?:of\s+)?{_MON_DAY}(?:,?\s+{_YEAR})?(?!\w)", re.IGNORECASE
)
_NUMERIC_RE = re.compile(
    r"(?<![\w/.\-])(?P<day>\d{1,2})(?P<sep>[/.])(?P<mon>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"(?![\w/.]|\.\d)"
)
_ISO_RE = re.compile(r"(?<![\w\-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\w\-])")

# Weeks, weekends, months.
_WEEK_RE = re.compile(
    r"(?<!\w)(?P<w>(?:earlier|later)\s+this\s+week|this\s+week|last\s+week|the\s+previous\s+week"
    r"|(?:last|this|over\s+the|at\s+the|during\s+the)\s+weekend|(?P<nwk>a|one|two|three)\s+weeks?"
    r"\s+ago)(?!\w)",
    re.IGNORECASE,
)
_REL_MONTH_RE = re.compile(
    r"(?<!\w)(?P<m>last\s+month|earlier\s+this\s+month|this\s+month|(?:late|early)\s+last\s+month"
    r"|(?:(?:at\s+)?the\s+)?(?:beginning|start|end)\s+of\s+(?:this|last)\s+month)(?!\w)",
    re.IGNORECASE,
)
_POS = r"(?P<pos>beginning|start|end|middle)"
_MONTH_RE = re.compile(
    r"(?<!\w)(?:"
    rf"(?:(?:at|by|until|towards?|since)\s+)?(?:the\s+)?{_POS}\s+of\s+{_mon_bare(1)}"
    rf"|(?:(?:in|since|until|during|throughout|by)\s+)?(?P<edge>early|late|mid)[-\s]?{_mon_bare(2)}"
    rf"|(?:in|during|since|until|throughout|by)\s+{_mon_bare(3)}"
    rf"|(?:(?:in|during|since|until|throughout|by)\s+)?{_mon_bare(4)}(?=,?\s+(?:19|20)\d\d)"
    rf")(?:,?\s+{_YEAR})?(?!\w)",
    re.IGNORECASE,
)


def _weekday_date(pub: date, weekday: int, mod: str | None) -> date:
    """The most recent ``weekday`` on or before ``pub`` ("last Friday" skips ``pub`` itself)."""
    delta = (pub.weekday() - weekday) % 7
    if mod and mod.lower() == "last" and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _year_for(month: int, day: int, pub: date | None) -> int | None:
    """The year of month/day: that of its most recent occurrence not later than ``pub`` + 1
    day, unless it falls at most ``AFTER_PUBLICATION_DAYS`` after ``pub`` in the
    publication's year (or the next, over New Year): a report does not tell of a day nearly
    a year back without giving its year, so the day or the publication date is wrong, and
    the day is kept as told (an event date never comes after publication, see
    :func:`resolve_event_date`)."""
    if pub is None:
        return None
    for year in (pub.year, pub.year + 1):
        try:
            ahead = (date(year, month, day) - pub).days
        except ValueError:
            continue
        if 1 < ahead <= AFTER_PUBLICATION_DAYS:
            return year
    for year in range(pub.year, pub.year - 5, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= pub + timedelta(days=1):
            return year
    return None


# how far after the publication date a day told without a year is still read in that year
AFTER_PUBLICATION_DAYS = 31


def _month_year(month: int, pub: date | None) -> int | None:
    """The year of the most recent ``month`` not after the publication month."""
    if pub is None:
        return None
    return pub.year if month <= pub.month else pub.year - 1


def _month_day(year: int, month: int, pos: str | None, pub: date | None) -> date:
    """The coded day for a month-precision mention: 15th, or first/last day."""
    last = calendar.monthrange(year, month)[1]
    pos = (pos or "").lower()
    if pos in ("beginning", "start", "early"):
        d = date(year, month, 1)
    elif pos in ("end", "late"):
        d = date(year, month, last)
    else:
        d = date(year, month, 15)
    if pub is not None and d > pub and (year, month) == (pub.year, pub.month):
        # The current month: never code a day after publication.
        d = date(year, month, max(1, (pub.day + 1) // 2) if pos not in ("end", "late") else pub.day)
    return d


def _week_middle(monday: date, pub: date | None) -> date:
    """Thursday of the ISO week starting ``monday``, but not after ``pub``."""
    thursday = monday + timedelta(days=3)
    if pub is not None and thursday > pub:
        return monday + timedelta(days=(pub - monday).days // 2)
    return thursday


def _parse_int(s: str) -> int:
    return _NUMBER_WORDS[s.lower()] if s.lower() in _NUMBER_WORDS else int(s)


Resolved = tuple[date | None, int] | None


def _resolve_day(m: re.Match[str], pub: date | None) -> Resolved:
    if m.group("wd"):
        if pub is None:
            return None, 1
        return _weekday_date(pub, _WEEKDAYS.index(m.group("wd")), m.group("wdmod")), 1
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    if m.group("nago"):
        back = _parse_int(m.group("nago"))
    elif rel.startswith("the day before"):
        back = 2
    elif rel in ("yesterday", "last night"):
        back = 1
    else:
        back = 0
    if pub is None:
        return None, 1
    return pub - timedelta(days=back), 1


def _resolve_mdy(m: re.Match[str], pub: date | None) -> Resolved:
    month = _MONTH_NUM[m.group("mon").rstrip(".").lower()]
    day = int(m.group("day"))
    year = int(m.group("year")) if m.group("year") else _year_for(month, day, pub)
    if year is None:
        try:  # validate the day even when the year is unknown
            date(2000, month, day)
        except ValueError:
            return None
        return None, 1
    try:
        return datetime.strptime(f"{year}-{month}-{day}", "%Y-%m-%d").date(), 1
    except ValueError:
        return None


def _resolve_numeric(m: re.Match[str], pub: date | None) -> Resolved:
    # Day first ("26/6/2015"), as in most of the world's press and in ACLED's sources.
    try:
        day, month, year = int(m.group("day")), int(m.group("mon")), int(m.group("year"))
        return date(year, month, day), 1
    except ValueError:
        return None


def _resolve_week(m: re.Match[str], pub: date | None) -> Resolved:
    w = re.sub(r"\s+", " ", m.group("w").lower())
    if pub is None:
        return None, 2
    this_monday = pub - timedelta(days=pub.weekday())
    if w.endswith("weekend"):
        if w.startswith("last"):
            return this_monday - timedelta(days=2), 2  # Saturday of the previous ISO week
        saturday = this_monday + timedelta(days=5)
        return (saturday if saturday <= pub else saturday - timedelta(days=7)), 2
    if m.group("nwk"):
        return pub - timedelta(days=7 * _parse_int(m.group("nwk"))), 2
    if "this week" in w:
        return _week_middle(this_monday, pub), 2
    return _week_middle(this_monday - timedelta(days=7), pub), 2  # last/previous week


def _resolve_rel_month(m: re.Match[str], pub: date | None) -> Resolved:
    text = re.sub(r"\s+", " ", m.group("m").lower())
    if pub is None:
        return None, 3
    year, month = pub.year, pub.month
    if "last month" in text:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    pos = None
    for word in ("beginning", "start", "end", "early", "late"):
        if text.startswith(word) or f" {word} " in f" {text} ":
            pos = word
            break
    return _month_day(year, month, pos, pub), 3


def _resolve_month(m: re.Match[str], pub: date | None) -> Resolved:
    name = next(m.group(f"mon{n}") for n in range(1, 5) if m.group(f"mon{n}"))
    month = _MONTH_NUM[name.lower()]
    year = int(m.group("year")) if m.group("year") else _month_year(month, pub)
    if year is None:
        return None, 3
    return _month_day(year, month, m.group("pos") or m.group("edge"), pub), 3


_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date | None], Resolved]], ...] = (
    (_ISO_RE, _resolve_numeric),
    (_NUMERIC_RE, _resolve_numeric),
    (_MDY_RE, _resolve_mdy),
    (_DMY_RE, _resolve_mdy),
    (_DAY_RE, _resolve_day),
    (_WEEK_RE, _resolve_week),
    (_REL_MONTH_RE, _resolve_rel_month),
    (_MONTH_RE, _resolve_month),
)


def _non_overlapping(cands: Iterable[tuple[int, int, int, DateMention]]) -> list[DateMention]:
    """Keep the longest candidates (then the earliest rule) that do not overlap."""
    chosen: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for s, e, _rule, mention in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if any(s < ce and cs < e for cs, ce in chosen):
            continue
        chosen.append((s, e))
        out.append(mention)
    return sorted(out, key=lambda d: d.start)


def find_dates(
    text: str, pub_date: date | None, start: int = 0, end: int | None = None
) -> list[DateMention]:
    """Find the time expressions of ``text[start:end]``, resolved against ``pub_date``.

    Offsets are into ``text``. Without a publication date, relative mentions are still
    returned, with ``date`` None; explicit dates carrying a year resolve on their own.
    """
    end = len(text) if end is None else end
    cands: list[tuple[int, int, int, DateMention]] = []
    for rule_no, (pattern, resolver) in enumerate(_RULES):
        for m in pattern.finditer(text, start, end):
            resolved = resolver(m, pub_date)
            if resolved is None:
                continue
            s, e = m.span()
            d, precision = resolved
            cands.append((s, e, rule_no, DateMention(text[s:e], s, e, d, precision)))
    return _non_overlapping(cands)


# A date told as the start of a campaign ("as part of the operation launched on May 27",
# "since May 27") dates the campaign, not the event the sentence tells.
_SINCE = re.compile(
    r"\b(?:launched|started|began|begun|beginning|initiated|commenced|starting|since)"
    r"(?:\s+(?:on|in))?\s*$",
    re.I,
)


def _background(m: DateMention, text: str | None) -> bool:
    if text is None:
        return False
    if re.match(r"since\b", m.text, re.I):
        return True
    return bool(_SINCE.search(text[max(0, m.start - 30) : m.start]))


def resolve_event_date(
    mentions: list[DateMention],
    pub_date: date | None = None,
    anchor: int | None = None,
    text: str | None = None,
) -> DateMention | None:
    """Pick the best date for an event among ``mentions``.

    The most specific wins (precision 1 over 2 over 3); among equals, the nearest to
    ``anchor`` (e.g. the event trigger's offset), then the earliest in the text. Mentions
    without a date, and dates more than one day after ``pub_date``, are never chosen. Given
    the ``text`` the offsets point into, a date that starts a campaign ("the operation
    launched on May 27", "since May") counts only when no other date is told.
    """
    usable = [m for m in mentions if m.date is not None]
    if pub_date is not None:
        usable = [m for m in usable if m.date <= pub_date + timedelta(days=1)]  # type: ignore[operator]
    if not usable:
        return None

    def distance(m: DateMention) -> int:
        if anchor is None:
            return 0
        if m.start <= anchor < m.end:
            return 0
        return min(abs(anchor - m.start), abs(anchor - m.end))

    return min(usable, key=lambda m: (_background(m, text), m.time_precision, distance(m), m.start))
