"""MinHash signatures of document bodies and their LSH bands (``datasketch``).

A document is represented by its word shingles (``SHINGLE_WORDS`` consecutive lower-cased
words of the article body, boilerplate excluded). Two documents whose estimated Jaccard
similarity of shingles is at least ``THRESHOLD`` are near-duplicates: the same wire copy
republished by another outlet, or the same article fetched twice with other boilerplate.

Candidates are found by LSH: the ``NUM_PERM`` MinHash values are cut into ``BANDS`` bands of
``ROWS`` values (the split ``datasketch.MinHashLSH`` chooses for the threshold); documents
sharing one band hash are candidates, then checked on the whole signature. The bands are
stored in the store (``doc_bands``), so a later run finds duplicates of earlier documents.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from warlog.models import Document

NUM_PERM = 128
SHINGLE_WORDS = 3
THRESHOLD = 0.6
SEED = 1
SCHEME = "affine32"  # datasketch >= 2.0; fixed, so stored signatures stay comparable
# The band split datasketch.MinHashLSH(threshold=0.6, num_perm=128) chooses (fixed here,
# since stored bands must not change; importing datasketch costs 0.4 s, so it is imported
# only when a signature is computed; a test checks these against datasketch).
BANDS = 18
ROWS = 7

_WORD = re.compile(r"\w+", re.UNICODE)
_DTYPE = np.dtype("<u4")


def body_text(doc: Document) -> str:
    """The article body of ``doc`` (its body spans joined), without the boilerplate."""
    return "\n".join(doc.text[s:e] for s, e in doc.body_spans())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The word ``size``-grams of ``text`` (case-folded); one shingle for a shorter text."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes | None:
    """The MinHash signature of ``text`` as bytes (None for a text without words)."""
    grams = shingles(text)
    if not grams:
        return None
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(sorted(grams))
    return np.asarray(m.hashvalues, dtype=_DTYPE).tobytes()


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype=_DTYPE)


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    va, vb = _values(a), _values(b)
    if va.shape != vb.shape:
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def band_hashes(sig: bytes) -> list[tuple[int, str]]:
    """``(band, hash)`` for each LSH band of a signature."""
    values = _values(sig)
    return [
        (
            band,
            hashlib.blake2b(
                values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
            ).hexdigest(),
        )
        for band in range(BANDS)
    ]
