"""Shared helpers of the readers: decoding bytes, dates, hashes."""

from __future__ import annotations

import codecs
import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from warlog.models import InputProblem

log = logging.getLogger("warlog.ingest")

# How much of the start of an input is inspected to tell text from binary data.
SNIFF_BYTES = 8192
# Share of control bytes (other than tab, newlines, form feed) above which data is binary.
MAX_CONTROL_RATIO = 0.10
# Share of ASCII bytes above which undecodable text is taken as Windows-1252 (English news
# with a few curly quotes) rather than guessed by charset detection.
MOSTLY_ASCII = 0.90
NO_DATE_NOTE = "no publication date in the input and no --date given"
_CONTROL = frozenset(set(range(0x00, 0x09)) | set(range(0x0E, 0x20)) | {0x7F})


class NotText(ValueError):
    """The bytes are not a text document (binary data)."""


@dataclass
class Decoded:
    """Text decoded from bytes, and how."""

    text: str
    encoding: str
    warning: str | None = None


def is_binary(data: bytes) -> bool:
    """True when the first bytes look like binary data (NUL bytes or mostly control bytes)."""
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for byte in head if byte in _CONTROL)
    return control / len(head) > MAX_CONTROL_RATIO


def decode_bytes(data: bytes, source: str = "") -> Decoded:
    """Decode a report: UTF-8 (BOM removed), else a detected or Windows-1252 encoding.

    Raises :class:`NotText` for binary data. Never raises on undecodable text: the
    fallback decodings replace what they cannot read, and a warning is logged and returned.
    """
    if is_binary(data):
        raise NotText("binary file, not a text report")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    decoded = _fallback_decode(data)
    decoded.warning = f"{source or 'input'}: not valid UTF-8; decoded as {decoded.encoding}"
    log.warning(decoded.warning)
    return decoded


def _fallback_decode(data: bytes) -> Decoded:
    """Decode bytes that are not valid UTF-8."""
    utf8 = data.decode("utf-8", errors="replace")
    if any(ord(ch) > 0x7F and ch != "\ufffd" for ch in utf8):
        # Valid multi-byte sequences as well: UTF-8 with a few corrupt bytes.
        return Decoded(utf8, "utf-8 (invalid bytes replaced)")
    ascii_share = sum(1 for byte in data if byte < 0x80) / len(data)
    if ascii_share < MOSTLY_ASCII:
        try:
            from charset_normalizer import from_bytes
        except ImportError:  # pragma: no cover - a dependency of trafilatura
            from_bytes = None
        if from_bytes is not None:
            best = from_bytes(data).best()
            if best is not None and best.encoding:
                return Decoded(str(best), best.encoding)
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the text in UTF-8."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def parse_iso_date(value: str) -> date | None:
    """A YYYY-MM-DD date (a full ISO timestamp is cut to its date); None when invalid."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def resolve_date(
    found: date | None, default_date: date | None, invalid: str | None = None
) -> tuple[date | None, str | None]:
    """The publication date to use and, when it is unknown or replaced, a note why.

    ``found`` is the date read from the input, ``invalid`` the text of an unusable date
    the input gave. A date more than one day in the future is ignored.
    """
    note = None
    if invalid is not None:
        note = f"publication date {invalid!r} is not a valid YYYY-MM-DD date; ignored"
    elif found is not None:
        if found <= date.today() + timedelta(days=1):
            return found, None
        note = f"publication date {found.isoformat()} is in the future; ignored"
    if default_date is not None:
        return default_date, (f"{note}; used --date" if note else None)
    return None, note or NO_DATE_NOTE


def decode_or_problem(data: bytes, source: str) -> str | InputProblem:
    """The decoded text of a report, or why these bytes are not one."""
    try:
        return decode_bytes(data, source).text
    except NotText as exc:
        return InputProblem(source, str(exc))
