"""Find the parts of a plain-text news report: title, dateline, byline, outlet, body.

The report is read line by line. Each non-blank line is labelled with the first rule that
matches it (rules live in ``warlog/data/boilerplate.yaml``, which an analyst can extend);
unlabelled lines are article text, grouped into paragraphs. Offsets always point into the
text exactly as given: nothing is stripped or rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from dateutil import parser as date_parser

Span = tuple[int, int]

# Rule categories that label a whole line as boilerplate, in the order they are tried.
LINE_KINDS: tuple[str, ...] = ("bullet", "captcha", "social", "caption", "byline", "outlet")
# Words of a short line that may be a title, a lone outlet line or a caption.
MAX_TITLE_WORDS = 40
MAX_AUTO_TITLE_WORDS = 25
MAX_OUTLET_WORDS = 6
MAX_HEADER_WORDS = 40
# Leading bullet characters removed before matching a line against the rules.
_BULLETS = re.compile(r"^[\s•·*●▪■◦‣⁃>\-–—]+")
_SENTENCE_END = re.compile(r"[.!?:;,\"”’)]$")


@dataclass(frozen=True)
class Rule:
    """One compiled boilerplate rule."""

    kind: str
    regex: re.Pattern[str]
    why: str = ""
    max_words: int | None = None
    header_only: bool = False
    subkind: str = ""

    def search(self, line: str, words: int) -> re.Match[str] | None:
        """Match ``line`` (of ``words`` words) unless it is too long for the rule."""
        if self.max_words is not None and words > self.max_words:
            return None
        return self.regex.search(line)


@dataclass(frozen=True)
class BoilerplateRules:
    """All rules of a boilerplate rule file."""

    rules: dict[str, tuple[Rule, ...]]
    outlet_words: re.Pattern[str] | None
    known_outlets: frozenset[str]

    def of(self, kind: str) -> tuple[Rule, ...]:
        """The rules of one category (empty when the file has none)."""
        return self.rules.get(kind, ())


@dataclass
class LabelledLine:
    """A labelled line of the report (``kind`` is ``body`` for article text)."""

    span: Span
    kind: str
    text: str


@dataclass
class PlainTextAnalysis:
    """What :func:`analyse_plain_text` found; every span indexes the analysed text."""

    title: str | None = None
    title_span: Span | None = None
    dateline: str | None = None
    dateline_span: Span | None = None
    byline: str | None = None
    byline_span: Span | None = None
    outlet: str | None = None
    outlet_span: Span | None = None
    # A publication date written in the report ("Published: 2015-06-27"), parsed.
    date_text: str | None = None
    date_span: Span | None = None
    publication_date: date | None = None
    # Article paragraphs; the dateline stays inside the first one.
    body: list[Span] = field(default_factory=list)
    # Every non-body, non-blank line with its label (caption, social, captcha, ...).
    boilerplate: list[LabelledLine] = field(default_factory=list)


def default_rules_path() -> Path:
    """The packaged rule file ``warlog/data/boilerplate.yaml``."""
    return Path(str(resources.files("warlog") / "data" / "boilerplate.yaml"))


def _compile(pattern: str, macros: dict[str, str], case_sensitive: bool) -> re.Pattern[str]:
    """Expand ``{MACRO}`` names in ``pattern`` and compile it."""
    for name, value in macros.items():
        pattern = pattern.replace("{" + name + "}", f"(?i:{value})")
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def _rules_from_data(data: dict[str, Any]) -> BoilerplateRules:
    """Compile the parsed YAML of a rule file."""
    macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
    rules: dict[str, tuple[Rule, ...]] = {}
    for kind in (*LINE_KINDS, "published_date", "dateline"):
        compiled = []
        for entry in data.get(kind) or ():
            compiled.append(
                Rule(
                    kind=kind,
                    regex=_compile(entry["pattern"], macros, bool(entry.get("case_sensitive"))),
                    why=str(entry.get("why", "")),
                    max_words=entry.get("max_words"),
                    header_only=bool(entry.get("header_only")),
                    subkind=str(entry.get("kind", "")),
                )
            )
        rules[kind] = tuple(compiled)
    words = data.get("outlet_words")
    return BoilerplateRules(
        rules=rules,
        outlet_words=re.compile(words, re.IGNORECASE) if words else None,
        known_outlets=frozenset(str(o).casefold() for o in data.get("known_outlets") or ()),
    )


@cache
def load_rules(path: str | None = None) -> BoilerplateRules:
    """Load and compile a rule file (default: the packaged one), once per path."""
    rule_path = Path(path) if path else default_rules_path()
    with rule_path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return _rules_from_data(data)


def parse_date_text(text: str) -> date | None:
    """Parse a full calendar date ("2015-06-27", "June 27, 2015"); None when incomplete."""
    text = text.strip()
    if not text or not re.search(r"\d", text):
        return None
    try:
        # Two different defaults: a field left to the default differs, so it was missing.
        first = date_parser.parse(text, default=datetime(2000, 1, 1), fuzzy=False)
        second = date_parser.parse(text, default=datetime(2001, 2, 2), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():
        return None
    return first.date()


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line's content, surrounding whitespace excluded."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        line_start, line_end = pos, pos + len(raw)
        pos = line_end
        content = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        lead = len(content) - len(content.lstrip())
        stripped = content.strip()
        start = line_start + lead
        yield start, start + len(stripped)


def _words(line: str) -> int:
    """Number of whitespace-separated words."""
    return len(line.split())


@dataclass
class _Line:
    """Working state of one line during the analysis."""

    start: int
    end: int
    text: str  # the line content (whitespace-stripped)
    norm: str  # without leading bullets
    kind: str = "blank"
    value: str | None = None  # byline name, outlet name, date text
    value_span: Span | None = None


def _classify(line: _Line, rules: BoilerplateRules, header: bool) -> None:
    """Label ``line`` with the first matching rule category (or leave it ``body``)."""
    words = _words(line.norm)
    for rule in rules.of("published_date"):
        if rule.header_only and not header:
            continue
        m = rule.search(line.norm, words)
        if m and parse_date_text(m.group("date")):
            line.kind = "updated" if rule.subkind == "updated" else "date"
            _set_value(line, m, "date")
            return
    for kind in LINE_KINDS:
        for rule in rules.of(kind):
            m = rule.search(line.norm, words)
            if m:
                line.kind = kind
                if kind in ("byline", "outlet"):
                    _set_value(line, m, "name")
                return
    line.kind = "body"


def _set_value(line: _Line, m: re.Match[str], group: str) -> None:
    """Store the named group of ``m`` (matched against ``line.norm``) on ``line``."""
    if group not in m.re.groupindex or m.group(group) is None:
        return
    value = m.group(group).strip().rstrip(".,;:").strip()
    if not value:
        return
    offset = line.start + (len(line.text) - len(line.norm))
    start = offset + m.start(group) + (len(m.group(group)) - len(m.group(group).lstrip()))
    line.value = value
    line.value_span = (start, start + len(value))


def _looks_like_outlet(
    line: _Line, rules: BoilerplateRules, credits: set[str], strict: bool = False
) -> bool:
    """A short lone line naming a news outlet ("ARA News").

    ``strict``: only names in ``known_outlets`` or credited elsewhere in the report; else
    also capitalised names with an outlet word ("Levant Monitor", "Kurdistan 24").
    """
    if _words(line.text) > MAX_OUTLET_WORDS or _SENTENCE_END.search(line.text):
        return False
    name = line.text.casefold()
    if name in rules.known_outlets or name in credits:
        return True
    if strict or not all(word[:1].isupper() or word[:1].isdigit() for word in line.text.split()):
        return False
    return bool(rules.outlet_words and rules.outlet_words.search(line.text))


def _credits(lines: list[_Line]) -> set[str]:
    """Names credited on boilerplate lines ("Photo: ARA News", "Source: ARA News")."""
    names: set[str] = set()
    for line in lines:
        if line.kind == "outlet" and line.value:
            names.add(line.value.casefold())
        elif line.kind == "caption":
            m = re.search(r"(?:photo|image|credit|source)\s*:\s*([^.:]{2,60})$", line.norm, re.I)
            if m:
                names.add(m.group(1).strip().casefold())
    return names


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of consecutive body lines (a blank or boilerplate line ends a paragraph)."""
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.kind == "body":
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _find_dateline(line: _Line, rules: BoilerplateRules) -> tuple[str, Span, str | None] | None:
    """The dateline place at the start of ``line``, its span, and a news agency if named."""
    for rule in rules.of("dateline"):
        m = rule.regex.match(line.text)
        if m:
            place = m.group("place")
            start = line.start + m.start("place")
            agency = m.groupdict().get("agency")
            return place, (start, start + len(place)), agency.strip() if agency else None
    return None


def _pick_title(content: list[_Line], find_title: bool | None, rules: BoilerplateRules) -> None:
    """Label the title line, when the report has one."""
    if find_title is False:
        return
    candidates = [ln for ln in content if ln.kind == "body"]
    if not candidates:
        return
    first = candidates[0]
    others = candidates[1:]
    words = _words(first.text)
    if not others or words > MAX_TITLE_WORDS or _find_dateline(first, rules):
        return
    if find_title is None and (
        words > MAX_AUTO_TITLE_WORDS or first.text.endswith((".", ",", ";", ":"))
    ):
        # Auto: a title is a short line without final punctuation, above the text.
        return
    first.kind = "title"


def analyse_plain_text(
    text: str, find_title: bool | None = True, rules: BoilerplateRules | None = None
) -> PlainTextAnalysis:
    """Analyse a plain-text report: title, dateline, byline, outlet, body paragraphs.

    ``find_title``: True takes the first non-empty line as the title (unless it is the only
    text, a very long line, or starts with a dateline); None guesses (a short line with no
    final full stop above the text); False never marks a title.
    """
    rules = rules or load_rules()
    all_lines: list[_Line] = []
    for start, end in _lines(text):
        content = text[start:end]
        norm = _BULLETS.sub("", content) if content else ""
        all_lines.append(_Line(start, end, content, norm or content))
    content = [ln for ln in all_lines if ln.text]

    # Header = lines before the first paragraph long enough to be article text.
    first_long = next(
        (i for i, ln in enumerate(content) if _words(ln.text) > MAX_HEADER_WORDS), len(content)
    )
    for i, line in enumerate(content):
        _classify(line, rules, header=i < max(first_long, 6))

    credits = _credits(content)
    for strict in (True, False):
        if not strict:
            _pick_title(content, find_title, rules)
        for line in content:
            if line.kind == "body" and _looks_like_outlet(line, rules, credits, strict):
                line.kind = "lone_outlet"
                line.value, line.value_span = line.text, (line.start, line.end)

    # A short line directly above a credit-only line ("Photo: ARA News") is its caption.
    for prev, line in zip(content, content[1:], strict=False):
        if (
            line.kind == "caption"
            and prev.kind == "body"
            and re.match(r"^(?:photo|image|picture|credit)", line.norm, re.I)
            and _words(prev.text) <= MAX_HEADER_WORDS
        ):
            prev.kind = "caption"

    result = PlainTextAnalysis()
    title = next((ln for ln in content if ln.kind == "title"), None)
    if title:
        result.title, result.title_span = title.text, (title.start, title.end)

    # Dateline: at the start of the first paragraph; short one-line paragraphs between the
    # title and a dateline paragraph are captions or standfirsts, not article text.
    paragraphs = _paragraphs(all_lines)
    agency = None
    for index, paragraph in enumerate(paragraphs[:4]):
        found = _find_dateline(paragraph[0], rules)
        before = paragraphs[:index]
        if found and all(len(p) == 1 and _words(p[0].text) <= MAX_HEADER_WORDS for p in before):
            result.dateline, result.dateline_span, agency = found
            for p in before:
                p[0].kind = "caption"
            break
        if found is None and index == 0 and _words(paragraph[0].text) > MAX_HEADER_WORDS:
            break

    for line in content:
        if line.kind == "byline" and result.byline is None:
            result.byline, result.byline_span = line.value, line.value_span
    for kind in ("outlet", "lone_outlet"):
        for line in content:
            if line.kind == kind and result.outlet is None and line.value:
                result.outlet, result.outlet_span = line.value, line.value_span
    if result.outlet is None and agency:
        result.outlet = agency
    for kind in ("date", "updated"):
        for line in content:
            if line.kind == kind and result.date_text is None and line.value:
                result.date_text, result.date_span = line.value, line.value_span
                result.publication_date = parse_date_text(line.value)

    result.body = [(p[0].start, p[-1].end) for p in _paragraphs(all_lines)]
    result.boilerplate = [
        LabelledLine((ln.start, ln.end), ln.kind, ln.text)
        for ln in content
        if ln.kind not in ("body", "title")
    ]
    return result
