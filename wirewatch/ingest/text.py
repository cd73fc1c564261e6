"""Plain-text reports (``.txt``), with an optional ``date YYYY-MM-DD`` header.

The header is metadata, not text: it becomes ``published`` and is cut off, so that character
offsets into the stored text start at the report's first word. The header is usually a line of
its own; the seed reports put it on the first line before the text (`` date 2022-02-03 On
Thursday, ...``), so a header followed by spaces on the same line is cut the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from wirewatch.ingest.common import Item, Unreadable
from wirewatch.ingest.decode import decode
from wirewatch.records import Origin, RawArticle

# Leading blanks, "date", the date, then either the rest of the line's blanks and its newline,
# or the blanks that separate it from text on the same line, or the end of the file.
_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*\n|[ \t]+(?=\S)|[ \t]*\Z)")


def split_header(text: str) -> tuple[str | None, str]:
    """(published date or None, the text without its header).

    A header whose date is not a real date (``date 2022-13-45``) is not taken as a header:
    the text is kept whole rather than silently losing its first line.
    """
    match = _HEADER.match(text)
    if match is None:
        return None, text
    try:
        published = date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None, text
    return published, text[match.end() :]


def read(data: bytes, path: str, max_bytes: int) -> Iterator[Item]:
    """The one article of a text file."""
    published, body = split_header(decode(data))
    if not body.strip():
        raise Unreadable("no article text after the date header")
    yield RawArticle(text=body, origin=Origin(path), published=published)
