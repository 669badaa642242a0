"""Near-duplicate documents and merged events, kept up to date inside the store.

Tables (schema version 2):

- ``doc_signatures(doc_id, signature)``: the MinHash signature of each document's body;
- ``doc_bands(hash, band, doc_id)``: its LSH bands, to find candidates by index;
- ``documents.duplicate_of``: the original of a near-duplicate (always a document that is
  itself no duplicate, stored earlier: ``documents.seq`` is the order of storage);
- ``event_clusters(event_id, merge_key, merged_id)``: every raw event's merge key
  (:func:`warlog.dedup.merge_key`, or its original's event's key for an event of a
  near-duplicate) and the id of the merged event it belongs to;
- ``merged_events``: one row per merge key, the merged event
  (:func:`warlog.dedup.merge_events`), whose ``event_id`` is that of its representative
  raw event (the first stored report).

Everything here runs on the caller's connection inside the caller's transaction: a
document, its events, its duplicate link and the merged events it touches are written
together or not at all. SQL uses ``?`` placeholders (the PostgreSQL connection
translates them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from warlog import dedup
from warlog.models import Document, Event
from warlog.store.columns import EVENT_COLUMNS, event_of

_CHUNK = 200

_E_COLS = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
_INSERT_MERGED = "INSERT INTO merged_events (merge_key, {}) VALUES (?, {})".format(
    ", ".join(EVENT_COLUMNS), ", ".join("?" * len(EVENT_COLUMNS))
)


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def next_seq(conn) -> int:
    """The storage order number of the next document."""
    row = conn.execute("SELECT coalesce(max(seq), 0) + 1 AS n FROM documents").fetchone()
    return int(row["n"])


def find_original(conn, doc_id: str, seq: int, sig: bytes | None) -> str | None:
    """The original ``doc_id`` near-duplicates, among documents stored before it."""
    if sig is None:
        return None
    bands = dedup.band_hashes(sig)
    wanted = set(bands)
    hashes = sorted({h for _, h in bands})
    candidates: set[str] = set()
    for row in conn.execute(
        f"SELECT hash, band, doc_id FROM doc_bands WHERE hash IN ({_marks(len(hashes))})",
        hashes,
    ).fetchall():
        if (row["band"], row["hash"]) in wanted and row["doc_id"] != doc_id:
            candidates.add(row["doc_id"])
    if not candidates:
        return None
    best: tuple[float, int, str, str | None] | None = None
    names = sorted(candidates)
    for part in _chunks(names):
        rows = conn.execute(
            "SELECT d.doc_id AS doc_id, d.seq AS seq, d.duplicate_of AS duplicate_of,"
            " s.signature AS signature FROM documents d"
            " JOIN doc_signatures s ON s.doc_id = d.doc_id"
            f" WHERE d.doc_id IN ({_marks(len(part))}) AND d.seq < ?",
            [*part, seq],
        ).fetchall()
        for row in rows:
            score = dedup.jaccard(sig, bytes(row["signature"]))
            if score < dedup.THRESHOLD:
                continue
            key = (-score, row["seq"], row["doc_id"], row["duplicate_of"])
            if best is None or key < best:
                best = key
    if best is None:
        return None
    return best[3] or best[2]


def store_signature(conn, doc_id: str, sig: bytes | None) -> None:
    if sig is None:
        return
    conn.execute("INSERT INTO doc_signatures (doc_id, signature) VALUES (?, ?)", (doc_id, sig))
    conn.executemany(
        "INSERT INTO doc_bands (hash, band, doc_id) VALUES (?, ?, ?)",
        [(h, band, doc_id) for band, h in dedup.band_hashes(sig)],
    )


def _doc_events(conn, doc_id: str) -> list[tuple[Event, str | None]]:
    """The raw events of a document, with their merge keys when assigned."""
    rows = conn.execute(
        f"SELECT {_E_COLS}, c.merge_key AS merge_key_,"
        ' (SELECT min(v."start") FROM evidence v WHERE v.event_id = e.event_id) AS pos_'
        " FROM events e LEFT JOIN event_clusters c ON c.event_id = e.event_id"
        " WHERE e.doc_id = ?",
        (doc_id,),
    ).fetchall()
    rows = sorted(rows, key=lambda r: (r["pos_"] is None, r["pos_"] or 0, r["event_id"]))
    return [(event_of(r), r["merge_key_"]) for r in rows]


def keys_of_document(conn, doc_id: str) -> set[str]:
    """The merge keys the events of a stored document are under."""
    rows = conn.execute(
        "SELECT DISTINCT c.merge_key AS merge_key FROM event_clusters c"
        " JOIN events e ON e.event_id = c.event_id WHERE e.doc_id = ?",
        (doc_id,),
    ).fetchall()
    return {r["merge_key"] for r in rows}


def assign_keys(conn, doc_id: str, duplicate_of: str | None) -> set[str]:
    """Give the events of a stored document their merge keys; return the keys."""
    originals = _doc_events(conn, duplicate_of) if duplicate_of else []
    original_events = [e for e, _ in originals]
    key_of = {e.event_id: k for e, k in originals}
    events = [e for e, _ in _doc_events(conn, doc_id)]
    rows = []
    for event, own in zip(events, dedup.document_keys(events), strict=True):
        match = dedup.match_duplicate_event(event, original_events) if originals else None
        key = None
        if match is not None:  # one to one: two events of a document never merge
            key = key_of.get(match.event_id)
            original_events = [e for e in original_events if e is not match]
        rows.append((event.event_id, key or own))
    conn.executemany(
        "INSERT INTO event_clusters (event_id, merge_key, merged_id) VALUES (?, ?, '')", rows
    )
    return {k for _, k in rows}


def place_document(conn, doc_id: str, seq: int, sig: bytes | None) -> set[str]:
    """Link a just-stored document to its original, store its signature and give its
    events their keys (none assigned yet); return the merge keys to rebuild."""
    original = find_original(conn, doc_id, seq, sig)
    if original is not None:
        conn.execute("UPDATE documents SET duplicate_of = ? WHERE doc_id = ?", (original, doc_id))
    store_signature(conn, doc_id, sig)
    return assign_keys(conn, doc_id, original)


def detach(conn, doc_id: str) -> tuple[set[str], list[str]]:
    """Before ``doc_id`` is deleted: its merge keys, and the documents that were its
    near-duplicates (unlinked and stripped of their keys, to be placed again with
    :func:`replace_orphans` once it is gone)."""
    keys = keys_of_document(conn, doc_id)
    orphans = [
        r["doc_id"]
        for r in conn.execute(
            "SELECT doc_id FROM documents WHERE duplicate_of = ? ORDER BY seq", (doc_id,)
        ).fetchall()
    ]
    for orphan in orphans:
        keys |= keys_of_document(conn, orphan)
        conn.execute(
            "DELETE FROM event_clusters WHERE event_id IN"
            " (SELECT event_id FROM events WHERE doc_id = ?)",
            (orphan,),
        )
        conn.execute("UPDATE documents SET duplicate_of = NULL WHERE doc_id = ?", (orphan,))
    return keys, orphans


def replace_orphans(conn, orphans: list[str]) -> set[str]:
    """Place again (in storage order) the former near-duplicates of a deleted original."""
    keys: set[str] = set()
    for doc_id in orphans:
        row = conn.execute(
            "SELECT d.seq AS seq, s.signature AS signature FROM documents d"
            " LEFT JOIN doc_signatures s ON s.doc_id = d.doc_id WHERE d.doc_id = ?",
            (doc_id,),
        ).fetchone()
        sig = None if row["signature"] is None else bytes(row["signature"])
        original = find_original(conn, doc_id, row["seq"], sig)
        if original is not None:
            conn.execute(
                "UPDATE documents SET duplicate_of = ? WHERE doc_id = ?", (original, doc_id)
            )
        keys |= assign_keys(conn, doc_id, original)
    return keys


def rebuild(conn, keys: Iterable[str]) -> None:
    """Recompute the merged events of these merge keys from their raw events."""
    keys = sorted(set(keys))
    for part in _chunks(keys):
        marks = _marks(len(part))
        conn.execute(f"DELETE FROM merged_events WHERE merge_key IN ({marks})", part)
        rows = conn.execute(
            f"SELECT {_E_COLS}, c.merge_key AS merge_key_ FROM event_clusters c"
            " JOIN events e ON e.event_id = c.event_id"
            " JOIN documents d ON d.doc_id = e.doc_id"
            f" WHERE c.merge_key IN ({marks}) ORDER BY c.merge_key, d.seq, e.event_id",
            part,
        ).fetchall()
        groups: dict[str, list[Event]] = {}
        for row in rows:
            groups.setdefault(row["merge_key_"], []).append(event_of(row))
        for key, members in groups.items():
            merged = dedup.merge_events(members)
            conn.execute(
                "UPDATE event_clusters SET merged_id = ? WHERE merge_key = ?",
                (merged.event_id, key),
            )
            conn.execute(_INSERT_MERGED, [key, *(getattr(merged, c) for c in EVENT_COLUMNS)])


def document_of_row(row) -> Document:
    """Enough of a stored document (text and body spans) to sign it."""
    body = [(s, e) for s, e in json.loads(row["body"])] if row["body"] else []
    return Document(doc_id=row["doc_id"], text=row["text"], body=body)


def backfill(conn) -> None:
    """Sign, link and cluster every stored document (for the migration to version 2)."""
    docs = conn.execute("SELECT doc_id, seq, text, body FROM documents ORDER BY seq").fetchall()
    keys: set[str] = set()
    for row in docs:
        sig = dedup.signature(dedup.body_text(document_of_row(row)))
        keys |= place_document(conn, row["doc_id"], row["seq"], sig)
    rebuild(conn, keys)
