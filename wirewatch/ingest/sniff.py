"""Which reader an input needs: by its file name, or, when that says nothing, by its content."""

from __future__ import annotations

import os
import re
import zlib

from wirewatch.ingest.common import GZIP_MAGIC
from wirewatch.ingest.decode import peek

TEXT, HTML, FEED, JSONL, WARC = "text", "html", "feed", "jsonl", "warc"

# What a folder walk or a glob picks up; the order is the one error messages list them in.
INGESTIBLE = (
    ".txt",
    ".html",
    ".htm",
    ".xml",
    ".rss",
    ".atom",
    ".jsonl",
    ".jsonl.gz",
    ".warc",
    ".warc.gz",
)
_BY_SUFFIX = {
    ".txt": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".jsonl": JSONL,
    ".warc": WARC,
}
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_XML_DECL = re.compile(r"\A\s*<\?xml\b")


def is_ingestible(name: str) -> bool:
    """True when a folder walk or glob should read the file called ``name``."""
    lower = os.path.basename(name).lower()
    return not lower.startswith(".") and lower.endswith(INGESTIBLE)


def format_for_name(name: str) -> tuple[str | None, bool]:
    """(format or None when the name does not say, whether the name ends in ``.gz``)."""
    lower = os.path.basename(name).lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return _BY_SUFFIX.get(os.path.splitext(lower)[1]), gz


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def gunzip_head(data: bytes, size: int = 4096) -> bytes:
    """The first ``size`` decompressed bytes of gzip ``data`` (b"" if it is corrupt)."""
    try:
        return zlib.decompressobj(wbits=31).decompress(data[:65536], size)
    except zlib.error:
        return b""


def sniff(data: bytes) -> str:
    """The format of (uncompressed) ``data`` judged from its first few kilobytes."""
    head = peek(data).lstrip()
    if head.startswith("WARC/"):
        return WARC
    if head.startswith("{"):
        return JSONL
    if head.startswith("<"):
        return _markup_format(head)
    return TEXT


def _markup_format(head: str) -> str:
    """FEED or HTML for text that starts with markup, by its first element's name.

    A declaration and DOCTYPE come before the root element; ``<!ENTITY`` inside a DOCTYPE
    does not match an element name, so a feed with a DTD still sniffs as a feed and gets
    refused by the feed reader.
    """
    match = _FIRST_TAG.search(head)
    root = match.group(1).lower() if match else ""
    if root in _FEED_ROOTS:
        return FEED
    if root == "html" or not _XML_DECL.match(head):
        return HTML
    return FEED  # other XML: the feed reader says it is not a feed
