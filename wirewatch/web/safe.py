"""Making hostile text safe to show: links from articles, Markdown text.

Article text, titles and URLs come from anywhere. HTML is escaped by Jinja2's autoescape;
these cover what autoescape does not: URL schemes and Markdown.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\"'<>`\\]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def safe_url(url: str | None) -> str | None:
    """The URL if it is a well-formed http(s) URL, else None (javascript:, data:, ...)."""
    if not url:
        return None
    url = url.strip()
    if _UNSAFE_URL_CHARS.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def markdown_text(text: str | None) -> str:
    """Text for one line of Markdown: no HTML (``<`` and ``&`` become entities), no markup
    (special characters backslash-escaped), no line breaks."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s+", " ", text).strip()
