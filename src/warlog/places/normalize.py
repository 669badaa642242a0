"""Name normalisation for gazetteer keys.

Transliterated Arabic/Kurdish place names come in many spellings ("al-Hasakah", "Al Ḩasakah",
"Hasakah", "El Haseke", "Hassakeh"). No installed library folds these variants, so two
hand-written keys are used: :func:`normalize_name` (accent-free, article-free; the exact key)
and :func:`phonetic_key` (looser; used only as a fallback lookup).
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophe-like marks used for ʿayn/hamza in transliterations; removed, not spaced.
_APOSTROPHES = "ʿʾ’'`‘ʼ´ʻʹ"
_APOS_TABLE = str.maketrans("", "", _APOSTROPHES)
# Latin letters that NFKD does not decompose into ASCII.
_LETTER_TABLE = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i", "ß": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
        "ħ": "h", "Ħ": "h", "ŧ": "t",
    }
)  # fmt: skip
# Leading Arabic article forms (sun-letter assimilations included) and French/Spanish "el".
ARTICLES: frozenset[str] = frozenset(
    {"al", "el", "il", "ul", "ash", "as", "ad", "ar", "at", "az", "an", "adh", "ath",
     "es", "esh", "ed", "er", "et", "ez", "en", "eth", "edh"}
)  # fmt: skip
_SEPARATORS = re.compile(r"[\s\-_.‐‑‒–—/,()\"]+")
_NON_WORD = re.compile(r"[^\w ]+")


def _fold(s: str) -> str:
    """Accent-free, lower-case, punctuation-to-space form (articles kept)."""
    s = s.translate(_APOS_TABLE).translate(_LETTER_TABLE)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    s = _SEPARATORS.sub(" ", s)
    s = _NON_WORD.sub("", s)
    return " ".join(s.split())


def normalize_name(s: str) -> str:
    """The exact lookup key: "al-Hasakah", "Al Ḩasakah" and "Hasakah" all give "hasakah"."""
    words = _fold(s).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def is_latin_key(key: str) -> bool:
    """True when a normalised key is plain ASCII with at least one letter."""
    return key.isascii() and any("a" <= c <= "z" for c in key)


# Ordered rewrites for the loose key: digraphs first, then single letters.
_PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("kh", "k"), ("gh", "g"), ("q", "k"), ("c", "k"), ("dh", "d"), ("th", "t"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("ph", "f"), ("w", "u"), ("v", "u"),
    ("j", "i"), ("y", "i"), ("e", "a"), ("o", "u"), ("z", "s"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


def phonetic_key(s: str) -> str:
    """A loose key: articles anywhere dropped, vowels unified, doubled letters collapsed.

    "Hassakeh", "Hasakah" and "El Haseke" all give "hasaka"; spaces are dropped too
    ("Deir ez-Zor" and "Dayr al Zour" both give "dairsur"). Used only as a fallback lookup
    after the exact key found nothing, as it merges some genuinely different names.
    """
    words = [w for w in _fold(s).split() if w not in ARTICLES]
    if not words:
        return ""
    out = []
    for w in words:
        if len(w) > 3 and w.endswith("h") and not w.endswith(("sh", "ch")):
            w = w[:-1]  # trailing h of the ta marbuta: Hasakah / Hasaka
        for a, b in _PHONETIC_RULES:
            w = w.replace(a, b)
        w = _DOUBLE.sub(r"\1", w)
        out.append(w)
    return "".join(out)
