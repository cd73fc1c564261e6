"""The ingest stage: files, folders, globs and stdin in; ``RawArticle`` and ``IngestError`` out.

One module per format (``text``, ``html``, ``feed``, ``jsonl``, ``warc``), each a generator
``read(data, path, max_bytes)``. This module expands the paths, reads each input's bytes
under the size limit, picks the reader by file name or, when the name does not say, by
content, and turns whatever stops a reader into one ``IngestError``. Bad input never raises:
it becomes an error item, and the other inputs are still read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from wirewatch.ingest import feed, html, jsonl, text, warc
from wirewatch.ingest.common import (
    MAX_ARTICLE_CHARS,
    Item,
    Reader,
    Unreadable,
    fail,
    gunzip,
    short_error,
    storable,
)
from wirewatch.ingest.decode import EMPTY
from wirewatch.ingest.paths import STDIN, expand_paths, read_file, read_stream
from wirewatch.ingest.sniff import (
    FEED,
    HTML,
    INGESTIBLE,
    JSONL,
    TEXT,
    WARC,
    format_for_name,
    gunzip_head,
    is_gzip,
    sniff,
)
from wirewatch.records import IngestError, RawArticle

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_ARTICLE_CHARS",
    "FORMATS",
    "INGESTIBLE",
    "STDIN",
    "expand_paths",
    "read_bytes",
    "read_inputs",
]

INTERNAL_ERROR = "internal error"
DEFAULT_MAX_BYTES = 50_000_000
"""The largest input read (and the most one gzip member or WARC record may decompress to)."""

_READERS: dict[str, Reader] = {
    TEXT: text.read,
    HTML: html.read,
    FEED: feed.read,
    JSONL: jsonl.read,
    WARC: warc.read,
}
FORMATS = tuple(_READERS)
"""The format names ``read_bytes`` accepts as ``fmt``."""


def read_inputs(
    paths: Iterable[str | os.PathLike[str]] | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[RawArticle | IngestError]:
    """Every article in ``paths``, and an error for every input, or part of one, that failed.

    ``paths``: files, folders (recursive), glob patterns, ``-`` for ``stdin`` (default:
    ``sys.stdin.buffer``); a single str is one path. The order is deterministic: see
    :func:`expand_paths`; within a file, the order of its entries, lines or records.
    """
    for item in expand_paths(paths):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from _read_input(item, max_bytes, stdin)


def read_bytes(
    data: bytes,
    path: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fmt: str | None = None,
) -> Iterator[RawArticle | IngestError]:
    """The articles in ``data``, as if read from a file called ``path`` (``-`` for none).

    ``fmt`` (one of :data:`FORMATS`) overrides what the name and content say.
    """
    chosen = fmt
    try:
        chosen, data, damage = _choose_format(data, path, max_bytes, fmt)
        for item in _READERS[chosen](data, path, max_bytes):
            yield item if isinstance(item, IngestError) else storable(item)
        if damage is not None:
            raise damage
    except Unreadable as exc:
        yield fail(path, exc.reason, exc.locator)
    except Exception as exc:  # a reader bug on odd input must not stop the other inputs
        reason = f"{INTERNAL_ERROR} in the {chosen or 'format'} reader ({short_error(exc)})"
        yield fail(path, f"{reason}; please report it")


def _read_input(path: str, max_bytes: int, stdin: BinaryIO | None) -> Iterator[Item]:
    """The items of one file, or of stdin for ``-``."""
    try:
        if path == STDIN:
            data = read_stream(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        else:
            data = read_file(path, max_bytes)
    except Unreadable as exc:
        yield fail(path, exc.reason, exc.locator)
        return
    yield from read_bytes(data, path, max_bytes=max_bytes)


def _choose_format(
    data: bytes, path: str, max_bytes: int, fmt: str | None
) -> tuple[str, bytes, Unreadable | None]:
    """(format, the bytes its reader gets, damage found in decompressing them).

    Gzip is undone here, except for WARC, whose reader undoes it record by record; the
    bytes of a truncated gzip file are read and the damage reported after them.
    """
    if not data.strip():
        raise Unreadable(EMPTY)
    by_name, gz_name = format_for_name(path) if path != STDIN else (None, False)
    fmt = fmt or by_name
    if fmt == WARC or not is_gzip(data) or not (gz_name or fmt is None):
        # WARC readers undo gzip record by record; a .txt that starts like gzip is binary.
        return fmt or sniff(data), data, None
    if fmt is None and gunzip_head(data).lstrip().startswith(b"WARC/"):
        return WARC, data, None
    data, damage = gunzip(data, max_bytes)
    if not data.strip():
        raise damage or Unreadable(EMPTY)
    return fmt or sniff(data), data, damage
