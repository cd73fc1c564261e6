"""HTML pages (``.html``, ``.htm``, and the HTML responses of WARC files).

trafilatura finds the main text and the metadata (title, date, canonical URL, site name). It is
given a string, never a URL to fetch. Where it finds no main text (short or broken pages), a
plain extraction of the body's text stands in. Paragraphs are separated by one blank line, the
same layout the plain-text reports use, and the feed reader's :func:`html_to_text` gives.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date

import lxml.etree
import lxml.html
import trafilatura

from wirewatch.ingest.common import Item, Unreadable, fail, iso_date
from wirewatch.ingest.decode import decode
from wirewatch.records import IngestError, Origin, RawArticle

NO_TEXT = "no article text found"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*>")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What lxml refuses in a node's text: controls but tab and line ends, and two non-characters.
# Character references (&#1;) put them into the parsed tree all the same.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = "\ue000"  # a private-use character marks <br> while other whitespace collapses
# Never text; and in the plain fallback, page furniture rather than the story.
_DROP = ("head", "script", "style", "noscript", "template", "nav", "footer", "aside", "form")
_BLOCKS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tr td th "
    "blockquote pre figure figcaption address hr".split()
)

# Only dates the page states about itself (meta tags, time elements, URL); no guessing from
# any date in the text, which would turn "talks on February 10" into a publication date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}

# trafilatura logs every page it finds little in; the reader reports those itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def read(data: bytes, path: str, max_bytes: int) -> Iterator[Item]:
    """The one article of an HTML file."""
    yield extract(data, Origin(path))


def extract(
    data: bytes, origin: Origin, *, url: str | None = None, charset: str | None = None
) -> RawArticle | IngestError:
    """The article in HTML ``data``; ``url`` and ``charset`` as a WARC record gives them."""
    try:
        markup = decode(data, charset or _meta_charset(data))
    except Unreadable as exc:
        return fail(origin.path, exc.reason, origin.locator)
    article = _with_trafilatura(markup, origin, url) or _plain(markup, origin, url)
    return article or fail(origin.path, NO_TEXT, origin.locator)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML document or fragment, paragraphs split by a blank line."""
    root = _parse(markup)
    if root is None:
        return ""
    for element in [e for e in root.iter(*_DROP)]:
        element.drop_tree()
    for element in root.iter():
        _mark_breaks(element)
    return paragraphs(root.text_content())


def paragraphs(raw: str) -> str:
    """``raw`` with blank-line paragraph breaks kept and other whitespace runs made one space."""
    parts = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(raw))
    text = "\n\n".join(part for part in parts if part)
    return re.sub(rf" ?{_LINE_BREAK} ?", "\n", text).strip()


def _with_trafilatura(markup: str, origin: Origin, url: str | None) -> RawArticle | None:
    """The article as trafilatura extracts it, or None when it finds no main text."""
    try:
        doc = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS | {"max_date": date.today().isoformat()},
        )
    except Exception:  # a third-party parser on hostile input: fall back, never crash
        return None
    # trafilatura puts each paragraph on one line; a blank line between them is the layout here.
    text = paragraphs(doc.text.replace("\n", "\n\n")) if doc is not None and doc.text else ""
    if not text:
        return None
    text = _drop_headline(text, doc.title)
    return RawArticle(
        text=text,
        origin=origin,
        title=doc.title or None,
        source=doc.sitename or None,
        url=url or doc.url or None,
        published=iso_date(doc.date),
    )


def _plain(markup: str, origin: Origin, url: str | None) -> RawArticle | None:
    """The page's body text when trafilatura finds nothing, or None when there is none."""
    text = html_to_text(markup)
    if not text:
        return None
    root = _parse(markup)
    title = root.findtext(".//title") if root is not None else None
    title = _SPACES.sub(" ", title).strip() if title else None
    return RawArticle(text=text, origin=origin, title=title or None, url=url)


def _drop_headline(text: str, title: str | None) -> str:
    """``text`` without its first paragraph when that only repeats the title."""
    first, _, rest = text.partition("\n\n")
    return rest if title and rest and first.strip() == title.strip() else text


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    """The parsed document, or None when there is nothing to parse."""
    # lxml refuses str input with an encoding declaration, and NULs and controls.
    markup = _CONTROLS.sub(" ", _XML_DECL.sub("", markup))
    try:
        return lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return None


def _mark_breaks(element: lxml.html.HtmlElement) -> None:
    """Put paragraph breaks around a block element and a line break after ``<br>``."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        element.tail = _LINE_BREAK + _xml_safe(element.tail)
    elif tag in _BLOCKS:
        element.text = "\n\n" + _xml_safe(element.text)
        element.tail = "\n\n" + _xml_safe(element.tail)


def _xml_safe(text: str | None) -> str:
    """``text`` with what lxml would refuse to set back as a node's text made a space."""
    return _NOT_XML.sub(" ", text) if text else ""


def _meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of the page declares, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None
