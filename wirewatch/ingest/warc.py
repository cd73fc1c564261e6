"""Web archives (``.warc``, ``.warc.gz``): each successful HTML response is one article.

The page goes through the HTML reader's extraction; its URL is the record's
``WARC-Target-URI``. The crawl date (``WARC-Date``) is not a publication date, so
``published`` is only what the page itself states. Requests, metadata, non-HTML and non-2xx
responses are skipped. Gzip members are decompressed here, at most ``max_bytes`` each, so a
gzip bomb costs no more than one over-size record. A corrupt or truncated archive gives one
error after the articles read before the damage.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from wirewatch.ingest.common import (
    CappedGunzip,
    Item,
    Unreadable,
    fail,
    over_limit,
    short_error,
)
from wirewatch.ingest.html import extract
from wirewatch.ingest.sniff import is_gzip
from wirewatch.records import Origin

NO_HTML = "WARC holds no HTML responses"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_TYPES = ("response", "resource")


def read(data: bytes, path: str, max_bytes: int) -> Iterator[Item]:
    """The articles of a WARC file, then an error if it is damaged or holds no pages."""
    # warcio writes warnings about malformed records to stderr; they would break the
    # one-line-per-failure output, and the damage is reported as an IngestError instead.
    with contextlib.redirect_stderr(io.StringIO()):
        items, problem = _read_all(data, path, max_bytes)
    yield from items
    if problem is not None:
        raise problem
    if not items:
        raise Unreadable(NO_HTML)


def _read_all(data: bytes, path: str, max_bytes: int) -> tuple[list[Item], Unreadable | None]:
    """Every item the archive gives, and what stopped it early (None if nothing did)."""
    gz = CappedGunzip(data, max_bytes) if is_gzip(data) else None
    # Unbuffered on purpose: gz.problem is then set only once warcio has asked for bytes past
    # the damage, not while an earlier, complete record is being read.
    stream: BinaryIO = gz if gz is not None else io.BytesIO(data)  # type: ignore[assignment]
    items: list[Item] = []
    done, in_record, failure = 0, False, None
    records = ArchiveIterator(stream)
    try:
        for record in records:
            in_record = True
            item = _record_item(record, path, max_bytes)
            in_record = False
            if item is not None:
                items.append(item)
            done += 1
    except Unreadable as exc:
        failure = exc
    except Exception as exc:  # warcio on a damaged archive raises many kinds of error
        failure = Unreadable(f"corrupt WARC ({short_error(exc)})")
    else:
        failure = _leftover(data if gz is None else None, records.offset, done)
    return items, _damage(failure, gz, done, in_record)


def _leftover(data: bytes | None, offset: int, done: int) -> Unreadable | None:
    """An error when the archive ended without a record, or with part of one.

    warcio stops quietly at a record header cut short; in an uncompressed archive the bytes
    after the last complete record show it (gzip damage is caught by ``CappedGunzip``).
    """
    if not done:
        return Unreadable("no complete WARC record")
    if data is not None and data[offset:].strip():
        return Unreadable("truncated WARC record")
    return None


def _damage(
    failure: Unreadable | None, gz: CappedGunzip | None, done: int, in_record: bool
) -> Unreadable | None:
    """The error to report after ``done`` good records, located as well as it is known.

    Damage in the gzip layer is what makes warcio fail, so it is named rather than warcio's
    symptom. Found outside a record, the damage lies between records (or in a header).
    """
    where = f"record {done + 1}" if in_record or not done else f"after record {done}"
    if gz is not None and gz.problem is not None:
        return Unreadable(gz.problem.reason, where)
    if failure is not None:
        return Unreadable(failure.reason, failure.locator or where)
    return None


def _record_item(record: ArcWarcRecord, path: str, max_bytes: int) -> Item | None:
    """The article (or error) of a successful HTML response record; None for other records.

    Raises ``Unreadable`` when the record is shorter than its Content-Length says: a
    truncated page must not become an article.
    """
    if record.format != "warc":  # warcio also reads ARC, and takes any line for an ARC header
        raise Unreadable("not a WARC file")
    content_type = _content_type(record)
    wanted = _is_page(record, content_type)
    # Bounded read: a Content-Encoding gzip bomb stops after max_bytes.
    page = record.content_stream().read(max_bytes + 1) if wanted else b""
    _read_to_end(record)
    if not wanted:
        return None
    uri = _uri(record)
    if len(page) > max_bytes:
        return fail(path, f"page decompresses to over {over_limit(max_bytes)}", uri)
    return extract(page, Origin(path, uri), url=uri, charset=_charset(content_type))


def _is_page(record: ArcWarcRecord, content_type: str) -> bool:
    """True for a response (or resource) record that holds an HTML page served with 2xx."""
    if record.rec_type not in _RECORD_TYPES or not _is_html(content_type):
        return False
    status = record.http_headers.get_statuscode() if record.http_headers is not None else "200"
    return (status or "").startswith("2")  # error pages and redirects are not articles


def _read_to_end(record: ArcWarcRecord) -> None:
    """Read the rest of the record; raise ``Unreadable`` if it ends before its length.

    warcio itself does not notice a record cut short at the end of an uncompressed file.
    """
    if record.length is None:  # every WARC record has one; a header cut short has none
        raise Unreadable("truncated WARC record (no Content-Length)")
    raw = record.raw_stream
    while raw.read(65536):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise Unreadable("truncated WARC record")


def _content_type(record: ArcWarcRecord) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return (headers.get_header("Content-Type") or "") if headers is not None else ""


def _is_html(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in _HTML_TYPES


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if it has one."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _uri(record: ArcWarcRecord) -> str | None:
    return record.rec_headers.get_header("WARC-Target-URI")
