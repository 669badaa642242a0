"""Read news reports (plain text, HTML, JSON Lines) into :class:`~warlog.models.Document`.

:func:`read_inputs` is the entry point: it streams one Document (or one
:class:`~warlog.models.InputProblem` for an input that cannot be read) at a time and never
raises on bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from warlog.ingest.decode import is_binary
from warlog.ingest.html import read_html_bytes
from warlog.ingest.jsonl import iter_json_document, iter_jsonl
from warlog.ingest.text import read_text_bytes
from warlog.models import Document, InputProblem

__all__ = ["FORMATS", "EXTENSIONS", "read_inputs", "format_for_path", "sniff_format"]

FORMATS: tuple[str, ...] = ("auto", "text", "html", "jsonl")
# File extensions read (when walking a directory, or with input_format "auto").
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
}
STDIN = "-"
_CHUNK = 1 << 16
SNIFF = 8192

Result = Document | InputProblem


def format_for_path(path: str) -> str | None:
    """The input format of a file, from its extension (None: not a supported type)."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def sniff_format(data: bytes) -> str:
    """Guess the format of standard input: "{" or "[" → jsonl, "<" → html, else text."""
    head = data[:_CHUNK].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "jsonl"
    if head[:1] == b"<":
        return "html"
    return "text"


def _too_large(size: int, max_bytes: int) -> str:
    """The message for an input over the size limit."""
    return f"too large: {size:,} bytes (limit {max_bytes:,})"


def _from_bytes(
    data: bytes,
    fmt: str,
    name: str,
    source_path: str | None,
    default_date: date | None,
    max_bytes: int,
    doc_id: str | None = None,
) -> Iterator[Result]:
    """Read an in-memory input in the given format."""
    doc_id = doc_id or name
    if fmt == "text":
        yield read_text_bytes(data, doc_id, source_path, default_date)
    elif fmt == "html":
        yield read_html_bytes(data, doc_id, source_path, default_date)
    else:
        if is_binary(data):
            yield InputProblem(name, "binary file, not a text report")
            return
        whole = iter_json_document(data, name, default_date, source_path)
        if whole is not None:
            yield from whole
            return
        yield from iter_jsonl(
            data.splitlines(keepends=True), name, default_date, max_bytes, source_path
        )


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read at most ``max_bytes + 1`` bytes (one more than allowed shows the input is over)."""
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = stream.read(min(_CHUNK, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _stream_lines(head: bytes, stream: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``, each at most max_bytes+1."""
    pieces = head.splitlines(keepends=True)
    for i, piece in enumerate(pieces):
        if i == len(pieces) - 1 and not piece.endswith(b"\n"):
            piece += stream.readline(max(max_bytes + 1 - len(piece), 1))
        yield piece
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        yield line


def _read_stdin(
    stream: BinaryIO, input_format: str, default_date: date | None, max_bytes: int
) -> Iterator[Result]:
    """Read standard input (JSON Lines is streamed line by line)."""
    head = stream.read(min(_CHUNK, max_bytes + 1))
    fmt = sniff_format(head) if input_format == "auto" else input_format
    if fmt == "jsonl" and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        if is_binary(head):
            yield InputProblem(STDIN, "binary file, not a text report")
            return
        yield from iter_jsonl(
            _stream_lines(head, stream, max_bytes), STDIN, default_date, max_bytes
        )
        return
    rest = _read_limited(stream, max(max_bytes - len(head), 0))
    data = head + rest
    if len(data) > max_bytes:
        yield InputProblem(STDIN, _too_large(len(data), max_bytes) + " (standard input)")
        return
    yield from _from_bytes(data, fmt, STDIN, None, default_date, max_bytes)


def _read_jsonl_file(path: str, default_date: date | None, max_bytes: int) -> Iterator[Result]:
    """Read a JSON Lines (or .json) file, streaming it line by line."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF)
        if is_binary(head):
            yield InputProblem(path, "binary file, not a text report")
            return
        if path.lower().endswith(".json"):
            # A whole JSON document (an object or array) when it parses as one.
            size = os.fstat(fh.fileno()).st_size
            if size <= max_bytes:
                data = head + _read_limited(fh, max_bytes - len(head))
                whole = iter_json_document(data, path, default_date, path)
                if whole is not None:
                    yield from whole
                    return
        fh.seek(0)
        yield from iter_jsonl(
            iter(lambda: fh.readline(max_bytes + 1), b""), path, default_date, max_bytes, path
        )


def _read_file(
    path: str, input_format: str, default_date: date | None, max_bytes: int
) -> Iterator[Result]:
    """Read one file given by path."""
    fmt = input_format if input_format != "auto" else format_for_path(path)
    if fmt is None:
        suffix = Path(path).suffix or "(no extension)"
        yield InputProblem(
            path,
            f"unsupported file type {suffix}: expected one of "
            f"{', '.join(sorted(EXTENSIONS))} (or give the input format)",
        )
        return
    try:
        if fmt == "jsonl":
            yield from _read_jsonl_file(path, default_date, max_bytes)
            return
        size = os.stat(path).st_size
        if size > max_bytes:
            yield InputProblem(path, _too_large(size, max_bytes))
            return
        with open(path, "rb") as fh:
            data = _read_limited(fh, max_bytes)
    except OSError as exc:
        yield InputProblem(path, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:  # the file grew, or is not a regular file
        yield InputProblem(path, _too_large(len(data), max_bytes))
        return
    yield from _from_bytes(data, fmt, path, path, default_date, max_bytes)


def _walk(directory: str) -> Iterator[str]:
    """Supported files under ``directory``, recursively, in sorted path order.

    Hidden files and directories are skipped; symbolic links to directories are not followed.
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif format_for_path(entry.name) and entry.is_file():
            yield entry.path


def read_inputs(
    inputs: Iterable[str],
    input_format: str = "auto",
    default_date: date | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Document | InputProblem]:
    """Stream the Documents of ``inputs`` (files, directories, or "-" for standard input).

    ``input_format``: auto (by extension; sniffed for stdin), text, html or jsonl.
    ``default_date``: the publication date of documents that give none.
    ``max_bytes``: the largest document read (for JSON Lines: the longest line).
    Inputs that cannot be read give an InputProblem; reading goes on.
    """
    if input_format not in FORMATS:
        raise ValueError(f"unknown input format {input_format!r}: use one of {FORMATS}")
    for item in inputs:
        if item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stdin(stream, input_format, default_date, max_bytes)
        elif os.path.isdir(item):
            for path in _walk(item):
                yield from _read_file(path, input_format, default_date, max_bytes)
        elif os.path.exists(item):
            yield from _read_file(item, input_format, default_date, max_bytes)
        else:
            yield InputProblem(item, "no such file or directory")
