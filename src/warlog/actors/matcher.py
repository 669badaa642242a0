"""Fast actor matching over plain text: a token-sequence index, no spaCy needed.

Text is split into word tokens (hyphens and apostrophes are skipped, so "pro-Assad" =
"pro Assad" and "People’s" = "People's"); at each token the longest alias starting there wins
(leftmost-longest, non-overlapping). An alias written all in capitals ("IS") must match the
text's capitals exactly, so the verb "is" is never the Islamic State.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from warlog.models import ActorMention

if TYPE_CHECKING:
    from warlog.actors.lexicon import ActorLexicon

__all__ = ["ActorMatcher", "attach_associates"]

# Words, and punctuation other than apostrophes, hyphens and dashes (which are skipped).
_TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s'’‘ʼ`´\-‐‑–—]")
# A named group followed by a common noun for its members: "IS militants", "YPG fighters".
_MEMBERS_RE = re.compile(
    r"(?:['’]s)?\s+(?:militants?|fighters?|members?|gunmen|jihadists?|insurgents?|rebels?"
    r"|forces|troops|elements|units?|militias?|operatives)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]  # casefolded
    exact: tuple[str, ...] | None  # original tokens when the alias is case-sensitive
    keys: tuple[str, ...]  # lexicon keys, in lexicon order


def _tokens(s: str) -> list[str]:
    return [m.group() for m in _TOKEN_RE.finditer(s)]


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class ActorMatcher:
    """Finds the lexicon's actors in plain text (built once per lexicon)."""

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon
        by_alias: dict[tuple[tuple[str, ...], tuple[str, ...] | None], list[str]] = {}
        patterns: list[str] = []
        self._pattern_keys: dict[str, str] = {}
        for entry in lexicon.entries.values():
            for alias in entry.aliases:
                toks = _tokens(alias)
                if not toks:
                    continue
                exact = tuple(toks) if _is_acronym(alias) else None
                ident = (tuple(t.casefold() for t in toks), exact)
                keys = by_alias.setdefault(ident, [])
                if entry.key not in keys:
                    keys.append(entry.key)
            for pattern in entry.patterns:
                group = f"p{len(patterns)}"
                re.compile(pattern)  # fail early on a bad pattern
                patterns.append(f"(?P<{group}>{pattern})")
                self._pattern_keys[group] = entry.key
        self._index: dict[str, list[_Alias]] = {}
        for (folded, exact), keys in by_alias.items():
            self._index.setdefault(folded[0], []).append(_Alias(folded, exact, tuple(keys)))
        for candidates in self._index.values():
            candidates.sort(key=lambda a: -len(a.tokens))
        self._pattern_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)
            if patterns
            else None
        )

    def _choose(self, keys: tuple[str, ...], country: str | None) -> str | None:
        """The entry an alias means in ``country``: a ``where`` match, else an unrestricted
        entry, else (country unknown) the first restricted one."""
        entries = self.lexicon.entries
        for k in keys:
            if self.lexicon.applies(k, country) is True:
                return k
        for k in keys:
            if not entries[k].where:
                return k
        return keys[0] if not country else None

    def find(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        country: str | None = None,
        on: date | None = None,
    ) -> list[ActorMention]:
        """Non-overlapping longest actor mentions in ``text[start:end]``."""
        end = len(text) if end is None else end
        toks = list(_TOKEN_RE.finditer(text, start, end))
        folded = [t.group().casefold() for t in toks]
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(toks):
            matched = 0
            for alias in self._index.get(folded[i], ()):
                n = len(alias.tokens)
                if tuple(folded[i : i + n]) != alias.tokens:
                    continue
                if (
                    alias.exact is not None
                    and tuple(t.group() for t in toks[i : i + n]) != alias.exact
                ):
                    continue
                key = self._choose(alias.keys, country)
                if key is None:
                    continue
                found.append((toks[i].start(), toks[i + n - 1].end(), key))
                matched = n
                break
            i += matched or 1
        if self._pattern_re is not None:
            for m in self._pattern_re.finditer(text, start, end):
                key = self._pattern_keys[m.lastgroup or ""]
                if self.lexicon.applies(key, country) is not False:
                    found.append((m.start(), m.end(), key))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        mentions: list[ActorMention] = []
        last_end = -1
        for s, e, key in found:
            if s < last_end:
                continue
            entry = self.lexicon.entries[key]
            if not entry.generic:
                m = _MEMBERS_RE.match(text, e, end)
                if m:
                    e = m.end()
            actor = self.lexicon.resolve(key, country, on)
            mentions.append(ActorMention(text[s:e], s, e, key, actor, list(entry.associates)))
            last_end = e
        return mentions


_JOINER_RE = re.compile(
    r"\)?\s*(?:,\s*|\s+)?(?:and|along\s+with|together\s+with|backed\s+by|supported\s+by"
    r"|with|of|,|/)?\s*(?:the\s+)?\(?\s*$",
    re.IGNORECASE,
)


def attach_associates(
    text: str, mentions: list[ActorMention], lexicon: ActorLexicon
) -> list[ActorMention]:
    """Fold mentions that only qualify their neighbour into it.

    "pro-regime forces and allied militias": the NDF (``associate_of`` the Syrian army)
    becomes an associate of the first mention. "the People's Protection Units (YPG) and the
    Asayish": the same actor again, its associates added. Returns a new list; the first
    mention of each group keeps its span.
    """
    out: list[ActorMention] = []
    group_end = -1  # end of the last mention folded into ``out[-1]``
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and _JOINER_RE.fullmatch(text, group_end, m.start):
            group_end = m.end
            entry = lexicon.entries.get(m.key)
            if entry is not None and prev.key in entry.associate_of:
                if m.actor.name not in prev.associates:
                    prev.associates.append(m.actor.name)
                continue
            if m.actor.name == prev.actor.name:
                for a in m.associates:
                    if a not in prev.associates:
                        prev.associates.append(a)
                continue
        out.append(ActorMention(m.text, m.start, m.end, m.key, m.actor, list(m.associates)))
        group_end = m.end
    return out
