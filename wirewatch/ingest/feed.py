"""RSS and Atom feeds (``.xml``, ``.rss``, ``.atom``): one article per entry.

Safety first: before feedparser sees a byte, defusedxml parses the feed with entity
declarations and external references forbidden, so a billion-laughs feed or an XXE feed
(``<!ENTITY xxe SYSTEM "file:///etc/passwd">``) is refused before anything is expanded, read
or fetched. A plain DOCTYPE without entities (old RSS 0.91 feeds carry one) is accepted: expat
does not load external DTDs and feedparser turns external entities off. feedparser is only ever
given a stream, since a str or bytes argument that names a file or URL would be opened.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException

from wirewatch.ingest.common import Item, Unreadable, fail, iso_date, short_error
from wirewatch.ingest.decode import decode
from wirewatch.ingest.html import html_to_text, paragraphs
from wirewatch.records import Origin, RawArticle

REFUSED_DTD = "refused: XML with entity declarations (DTD) is not accepted"
NOT_A_FEED = "not an RSS/Atom feed"
NO_ENTRIES = "feed has no entries"
NO_TEXT = "entry has no text"

_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_REPLACEMENT_REF = b"&#xFFFD;"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(data: bytes, path: str, max_bytes: int) -> Iterator[Item]:
    """Each entry of an RSS or Atom feed, or one error for the whole file."""
    _refuse_entities(data)
    data = _CHAR_REF.sub(_safe_char_ref, data)
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    except Exception as exc:  # feedparser trips over some broken encodings; never crash
        raise Unreadable(f"cannot parse the feed ({short_error(exc)})") from None
    if not parsed.get("version") and not parsed.entries:
        raise Unreadable(NOT_A_FEED)
    if not parsed.entries:
        raise Unreadable(NO_ENTRIES)
    source = _plain(parsed.feed.get("title_detail")) or None
    for index, entry in enumerate(parsed.entries, start=1):
        yield _entry(entry, Origin(path, f"entry {index}"), source)


def _refuse_entities(data: bytes) -> None:
    """Raise ``Unreadable`` if the XML declares entities or refers to external ones.

    Well-formed XML is checked by defusedxml's parser, which stops at the first declaration,
    before any expansion. XML it cannot parse goes to feedparser's lenient parser, so that is
    searched for declarations as text.
    """
    try:
        defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise Unreadable(REFUSED_DTD) from None
    except (ParseError, LookupError, ValueError):  # LookupError: an unknown declared encoding
        if _ENTITY_DECL.search(decode(data)):
            raise Unreadable(REFUSED_DTD) from None


def _safe_char_ref(match: re.Match[bytes]) -> bytes:
    """A character reference, or U+FFFD's for one to a character XML text cannot hold.

    NUL and other controls, surrogates and numbers past U+10FFFF: feedparser's lenient
    parser stops at them, and so would refuse the whole feed for one bad reference.
    """
    hex_digits, digits = match.groups()
    number = hex_digits or digits
    if len(number) > 8:  # and int() of thousands of digits is refused
        return _REPLACEMENT_REF
    code = int(number, 16 if hex_digits else 10)
    return match.group(0) if _is_xml_char(code) else _REPLACEMENT_REF


def _is_xml_char(code: int) -> bool:
    """True for the characters XML 1.0 allows in text."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _entry(entry: feedparser.FeedParserDict, origin: Origin, source: str | None) -> Item:
    """One entry as an article, or an error when it has no text."""
    text = _entry_text(entry)
    if not text:
        return fail(origin.path, NO_TEXT, origin.locator)
    return RawArticle(
        text=text,
        origin=origin,
        title=_plain(entry.get("title_detail")) or None,
        source=source,
        url=entry.get("link") or None,
        published=_entry_date(entry),
        external_id=entry.get("id") or None,
    )


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """The longest of the entry's content blocks and its summary, as plain text.

    RSS feeds often carry a teaser in ``description`` and the story in ``content:encoded``.
    """
    details = [*entry.get("content", []), entry.get("summary_detail")]
    texts = [_plain(detail) for detail in details if detail]
    return max(texts, key=len, default="")


def _plain(detail: dict | None) -> str:
    """The text of a feedparser text construct (a dict with ``value`` and ``type``)."""
    if not detail or not detail.get("value"):
        return ""
    if detail.get("type") in _HTML_TYPES:
        return html_to_text(detail["value"])
    return paragraphs(detail["value"])


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    """The entry's publication date as written (the publisher's local date), else updated."""
    for key in ("published", "updated", "created"):
        value = iso_date(entry.get(key))
        if value:
            return value
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None
