"""Bytes to text: BOMs, UTF-8, a declared charset, then detection; refuses binary and empty input.

Order matters: a BOM is the strongest evidence; bytes that are valid UTF-8 and not plain ASCII
are almost never anything else, so UTF-8 beats a declared charset (pages often declare
Windows-1252 and send UTF-8); detection by charset-normalizer comes last.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from wirewatch.ingest.common import Unreadable

EMPTY = "empty file"
BINARY = "binary file, not text"

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 1024
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def decode(data: bytes, declared: str | None = None) -> str:
    """``data`` as text with LF line ends; raises ``Unreadable`` for binary or empty input."""
    if not data.strip():
        raise Unreadable(EMPTY)
    text = _decode(data, declared)
    if _looks_binary(text):
        raise Unreadable(BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Unreadable(EMPTY)
    return text


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, if there is one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def peek(data: bytes, size: int = 4096) -> str:
    """A lenient decoding of the start of ``data``, good enough for sniffing its format."""
    encoding = bom_encoding(data) or _utf16_without_bom(data[:_SNIFF]) or "utf-8"
    head = data[: size * 4]
    return head.decode(encoding, errors="replace").lstrip("\ufeff")[:size]


def _decode(data: bytes, declared: str | None) -> str:
    """The text of ``data``, trying each likely encoding in turn."""
    encoding = bom_encoding(data)
    if encoding:
        return data[len(_bom_of(encoding)) :].decode(encoding, errors="replace")
    if b"\x00" in data[:_SNIFF]:
        # NUL bytes are normal only in UTF-16/32 text; anything else with them is binary.
        encoding = _utf16_without_bom(data[:_SNIFF])
        if encoding is None:
            raise Unreadable(BINARY)
        return data.decode(encoding, errors="replace")
    for candidate in ("utf-8", declared):
        text = _strict(data, candidate)
        if text is not None:
            return text
    return _detect(data)


def _bom_of(encoding: str) -> bytes:
    return next(bom for bom, name in _BOMS if name == encoding)


def _strict(data: bytes, encoding: str | None) -> str | None:
    """``data`` decoded with ``encoding``, or None if it does not fit or is no codec."""
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(data: bytes) -> str:
    """Decode with the encoding charset-normalizer finds most plausible; binary if none."""
    best = from_bytes(data).best()
    if best is None:
        raise Unreadable(BINARY)
    return str(best)


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the NULs of ``sample`` sit where ASCII text in it would."""
    odd, even = sample[1::2], sample[0::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """True when control or replacement characters are more than 1 in 100 characters.

    Text never holds such controls; many replacement characters mean the bytes were decoded
    with a BOM's encoding that they do not really use.
    """
    sample = text[:65536]
    return len(_NOT_TEXT.findall(sample)) > len(sample) / 100
