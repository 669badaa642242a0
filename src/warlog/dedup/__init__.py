"""De-duplication: near-duplicate documents (MinHash LSH) and merging of events that
several articles report (ACLED's rule: same day, same place, same actors, same family).

The logic here is pure (no database); :mod:`warlog.store` stores its results.
"""

from warlog.dedup.merge import (
    FAMILIES,
    document_keys,
    event_family,
    loose_key,
    match_duplicate_event,
    merge_events,
    merge_key,
)
from warlog.dedup.minhash import (
    BANDS,
    NUM_PERM,
    ROWS,
    SHINGLE_WORDS,
    THRESHOLD,
    band_hashes,
    body_text,
    jaccard,
    shingles,
    signature,
)

__all__ = [
    "BANDS",
    "FAMILIES",
    "document_keys",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "band_hashes",
    "body_text",
    "event_family",
    "jaccard",
    "loose_key",
    "match_duplicate_event",
    "merge_events",
    "merge_key",
    "shingles",
    "signature",
]
