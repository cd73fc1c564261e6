"""Pieces every reader shares: the error type readers raise, one-line errors, dates, gzip.

Readers are generators of ``RawArticle | IngestError``. A reader that cannot go on raises
:class:`Unreadable`; the dispatcher in ``__init__`` turns it into one ``IngestError`` after
whatever the reader had already yielded, so a truncated file still gives its first articles.
"""

from __future__ import annotations

import email.utils
import io
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import date

from wirewatch.records import IngestError, Origin, RawArticle

Item = RawArticle | IngestError
Reader = Callable[[bytes, str, int], Iterator[Item]]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")


class Unreadable(Exception):
    """A reader's way to say the input (or the rest of it) cannot be read."""

    def __init__(self, reason: str, locator: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.locator = locator


def one_line(value: str) -> str:
    """``value`` with control characters (newlines above all) shown as one space.

    An error message is one line on stderr, so nothing that came from the input (a file name,
    an exception text, a URI) may break it.
    """
    return _CONTROL.sub(" ", value).strip()


def fail(path: str, reason: str, locator: str | None = None) -> IngestError:
    """An ``IngestError`` whose ``str()`` is guaranteed to be one line."""
    loc = one_line(locator) if locator else None
    return IngestError(Origin(one_line(path) or repr(path), loc), one_line(reason))


MAX_ARTICLE_CHARS = 1_000_000
"""The longest article text taken: spaCy's ``nlp.max_length``, past which the parser refuses
a text (and would need about a gigabyte of memory per 100,000 words)."""

# NUL: SQLite's text functions stop at one, so sentences sliced from the stored article would
# come out cut short. Lone surrogates (JSON escapes such as "\ud800" make them): not UTF-8.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ARTICLE_STRINGS = ("text", "title", "source", "url", "published", "external_id")


def storable(article: RawArticle) -> Item:
    """``article`` as the store can keep it faithfully, or an error when it is too long.

    NULs and lone surrogates in its strings become U+FFFD, as undecodable bytes do; a file
    name that is not UTF-8 keeps its odd bytes as backslash escapes.
    """
    origin = article.origin
    if len(article.text) > MAX_ARTICLE_CHARS:
        reason = (
            f"article text is {len(article.text):,} characters, "
            f"over the {MAX_ARTICLE_CHARS:,}-character limit"
        )
        return fail(origin.path, reason, origin.locator)
    for name in _ARTICLE_STRINGS:
        value = getattr(article, name)
        if value is not None and _UNSTORABLE.search(value):
            setattr(article, name, _UNSTORABLE.sub("\ufffd", value))
    if _UNSTORABLE.search(str(origin)):
        article.origin = Origin(_escaped(origin.path), origin.locator and _escaped(origin.locator))
    return article


def _escaped(value: str) -> str:
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def short_error(exc: BaseException, limit: int = 160) -> str:
    """An exception's message, cut to a length that suits one line of output."""
    text = one_line(str(exc)) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def over_limit(max_bytes: int) -> str:
    """How a message names the size limit: ``the 50,000,000-byte limit (--max-bytes)``."""
    return f"the {max_bytes:,}-byte limit (--max-bytes)"


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime, or an RFC 822 date; None if unparseable.

    The date part is kept as written (the publisher's local date), never shifted to UTC: a
    story filed at 23:40 in Washington was published on that day, not the next.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _ISO_START.match(value):
        return _iso_prefix(value)
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _iso_prefix(value: str) -> str | None:
    """The date of an ISO 8601 date or datetime string, or None when the date is not valid.

    Only the date part is checked: a time with nanoseconds or an odd zone still gives its day.
    """
    if len(value) > 10 and value[10] not in "Tt ":
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


GZIP_MAGIC = b"\x1f\x8b"


class CappedGunzip(io.RawIOBase):
    """A stream of the decompressed bytes of (possibly multi-member) gzip ``data``.

    Each gzip member may decompress to at most ``member_cap`` bytes: a gzip bomb stops after
    that much work and memory, instead of filling the machine. A WARC keeps one record per
    member, so this is a cap per record; a ``.jsonl.gz`` is usually one member, so it is a cap
    on the whole file.

    Damage (truncation, corruption, a member over the cap) first reads as the end of the
    stream, so that a buffered reader still hands out the bytes before it; ``problem`` then
    says what happened, and any further read raises it.
    """

    def __init__(self, data: bytes, member_cap: int) -> None:
        super().__init__()
        self._data = data
        self._cap = member_cap
        self._pos = 0  # where the next compressed chunk starts
        self._member_out = 0
        self._inflater: zlib._Decompress | None = None
        self._pending = b""  # decompressed bytes not handed out yet
        self.problem: Unreadable | None = None
        self.over_cap = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` with the next decompressed bytes; 0 at the end of the data."""
        if self.problem is not None:
            raise self.problem
        try:
            while not self._pending:
                if not self._inflate_some(len(buffer)):
                    return 0
        except Unreadable as exc:
            self.problem = exc
            return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _inflate_some(self, want: int) -> bool:
        """Decompress up to ``want`` more bytes into ``_pending``; False at the end."""
        if self._inflater is None and not self._start_member():
            return False
        inflater = self._inflater
        assert inflater is not None
        chunk = inflater.unconsumed_tail or self._next_chunk()
        if not chunk and not inflater.eof:
            raise Unreadable("truncated gzip data")
        try:
            out = inflater.decompress(chunk, max(want, 8192))
        except zlib.error as exc:
            raise Unreadable(f"corrupt gzip data ({exc})") from None
        self._member_out += len(out)
        if self._member_out > self._cap:
            self.over_cap = True
            raise Unreadable(f"gzip data decompresses to over {over_limit(self._cap)}")
        if inflater.eof:
            self._pos -= len(inflater.unused_data)  # the next member starts there
            self._inflater = None
        self._pending = out
        return True

    def _next_chunk(self) -> bytes:
        chunk = self._data[self._pos : self._pos + 65536]
        self._pos += len(chunk)
        return chunk

    def _start_member(self) -> bool:
        """Begin the next gzip member; False when only padding is left."""
        if self._data[self._pos : self._pos + 2] != GZIP_MAGIC:
            if not self._data[self._pos :].strip(b"\x00 \t\r\n"):
                return False  # the end, or padding that some writers add after the last member
            raise Unreadable(f"corrupt gzip data (no gzip header at byte {self._pos:,})")
        self._inflater = zlib.decompressobj(wbits=31)
        self._member_out = 0
        return True


def gunzip(data: bytes, max_bytes: int) -> tuple[bytes, Unreadable | None]:
    """Gzip ``data`` decompressed, and what cut it short (None if nothing did).

    More than ``max_bytes`` in all raises ``Unreadable``; so does a member over the cap.
    A truncated or corrupt stream gives the bytes before the damage, and the damage.
    """
    raw = CappedGunzip(data, max_bytes)
    out = io.BufferedReader(raw).read(max_bytes + 1)
    if len(out) > max_bytes or raw.over_cap:
        raise Unreadable(f"gzip data decompresses to over {over_limit(max_bytes)}")
    return out, raw.problem
