"""The ingest stage, through ``read_inputs`` on the fixture files and on files made here."""

from __future__ import annotations

import gzip
import io
import time
from pathlib import Path

import pytest

from wirewatch.ingest import DEFAULT_MAX_BYTES, expand_paths, read_bytes, read_inputs
from wirewatch.ingest.html import html_to_text
from wirewatch.records import IngestError, RawArticle

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
REFUSED = "refused: XML with entity declarations (DTD) is not accepted"
NOTHING = (
    "holds no ingestible files (.txt, .html, .htm, .xml, .rss, .atom, .jsonl, .jsonl.gz, "
    ".warc, .warc.gz)"
)


def read(*paths: str | Path, **options: object) -> list[RawArticle | IngestError]:
    """Everything ``read_inputs`` yields for ``paths``."""
    return list(read_inputs(paths, **options))  # type: ignore[arg-type]


def articles(items: list[RawArticle | IngestError]) -> list[RawArticle]:
    return [item for item in items if isinstance(item, RawArticle)]


def errors(items: list[RawArticle | IngestError]) -> list[str]:
    """The errors' messages, checked to be one line each."""
    messages = [str(item) for item in items if isinstance(item, IngestError)]
    for message in messages:
        assert "\n" not in message and "\r" not in message
    return messages


def only_article(path: str | Path, **options: object) -> RawArticle:
    items = read(path, **options)
    assert errors(items) == []
    (article,) = articles(items)
    return article


def only_error(path: str | Path, **options: object) -> str:
    items = read(path, **options)
    assert articles(items) == []
    (message,) = errors(items)
    return message


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# --- plain text -------------------------------------------------------------------------------


def test_text_header_line_becomes_published_and_is_cut() -> None:
    raw = (GOOD / "report_dated.txt").read_text(encoding="utf-8")
    article = only_article(GOOD / "report_dated.txt")
    assert article.published == "2022-02-04"
    assert article.text == raw.split("\n", 1)[1]  # the header line and its newline only
    assert article.text.startswith("Ukrainian officials said on Friday")
    assert article.title is None and article.url is None


def test_text_header_on_the_same_line_as_the_text(tmp_path: Path) -> None:
    # The seed reports' layout: " date 2022-02-03 On Thursday, ..."
    path = write(tmp_path / "seed.txt", " date 2022-02-03 On Thursday, NATO said.\n\nMore.\n")
    article = only_article(path)
    assert article.published == "2022-02-03"
    assert article.text == "On Thursday, NATO said.\n\nMore.\n"


def test_text_without_header_is_kept_exactly_but_for_crlf(tmp_path: Path) -> None:
    path = write(tmp_path / "plain.txt", b"  Troops moved.\r\n\r\nTanks followed.\r\n")
    article = only_article(path)
    assert article.text == "  Troops moved.\n\nTanks followed.\n"
    assert article.published is None


def test_text_header_with_impossible_date_stays_text(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.txt", "date 2022-13-45\nTroops moved.")
    article = only_article(path)
    assert article.published is None
    assert article.text == "date 2022-13-45\nTroops moved."


def test_text_with_only_a_header(tmp_path: Path) -> None:
    path = write(tmp_path / "header.txt", "date 2022-02-03\n\n")
    assert only_error(path) == f"{path}: no article text after the date header"


# --- HTML -------------------------------------------------------------------------------------


def test_html_news_page() -> None:
    article = only_article(GOOD / "news_page.html")
    assert article.title == "Russian armour moves toward Belarus border ahead of joint drills"
    assert article.published == "2022-02-05"
    assert article.url == "https://www.balticwire.example/world/2022/02/05/armour-belarus-border"
    assert article.source == "Baltic Wire"
    assert article.text.startswith("Rail convoys carrying tanks")  # headline not repeated
    assert "reinforced its posts along the northern frontier." in article.text
    assert "\n\nImages taken on Friday" in article.text  # paragraphs split by a blank line
    for boilerplate in ("Subscribe", "cookies", "All rights reserved", "Related stories"):
        assert boilerplate not in article.text


def test_html_malformed_page_still_gives_its_text() -> None:
    article = only_article(GOOD / "malformed.html")
    assert article.title == "Border crossing closed after shooting report"
    assert article.text.startswith("Belarusian authorities closed the Mokrany crossing")
    assert "none of its personnel had fired weapons" in article.text
    assert "said an investigation was under way" in article.text


def test_html_falls_back_to_body_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wirewatch.ingest.html as html_module

    monkeypatch.setattr(html_module.trafilatura, "bare_extraction", lambda *a, **k: None)
    page = (
        "<html><head><title>Brief</title><style>p {color: red}</style></head><body>"
        "<nav>Home | World</nav><script>track()</script>"
        "<p>Troops moved\n  overnight.</p><div>Tanks<br>followed.</div><footer>(c)</footer>"
        "</body></html>"
    )
    article = only_article(write(tmp_path / "short.html", page))
    assert article.title == "Brief"
    assert article.text == "Troops moved overnight.\n\nTanks\nfollowed."


def test_html_without_text(tmp_path: Path) -> None:
    path = write(
        tmp_path / "blank.html", "<html><head><title>x</title></head><body> </body></html>"
    )
    assert only_error(path) == f"{path}: no article text found"


def test_html_to_text_fragment() -> None:
    assert html_to_text("<p>One &amp; two</p><p>Three</p>") == "One & two\n\nThree"
    assert html_to_text("") == ""


# --- feeds ------------------------------------------------------------------------------------


def test_rss_feed() -> None:
    path = GOOD / "rss_feed.xml"
    items = read(path)
    first, second = articles(items)
    assert errors(items) == [f"{path}:entry 3: entry has no text"]
    assert first.title == "Belarus says joint drills with Russia will start on February 10"
    assert first.url == "https://news.eedesk.example/2022/02/06/drills-start"
    assert first.source == "Eastern Europe Desk"
    assert first.published == "2022-02-06"
    assert first.external_id == "eedesk-2022-0206-01"
    assert str(first.origin) == f"{path}:entry 1"
    assert "<p>" not in first.text and "<b>" not in first.text
    assert "\n\nThe defence ministry in Minsk said" in first.text
    # content:encoded wins over the teaser, and the date stays the publisher's local date.
    assert second.text.startswith("Ukraine's border guard service said on Sunday")
    assert "Short summary" not in second.text and "alert" not in second.text
    assert second.published == "2022-02-06"


def test_atom_feed() -> None:
    path = GOOD / "atom_feed.atom"
    items = read(path)
    assert errors(items) == []
    first, second = articles(items)
    assert first.title == "NATO allies send more jets to the Baltic states"
    assert first.url == "https://monitor.nordsec.example/2022/02/07/baltic-jets"
    assert first.published == "2022-02-07"
    assert first.source == "Nordic Security Monitor"
    assert first.text.endswith("which has protected Baltic airspace since 2004.")
    assert second.title == "Satellite images show field hospital near Rechitsa"
    assert second.published == "2022-02-06"  # only <updated>
    assert second.text.startswith("Commercial satellite imagery taken on February 4")


def test_xxe_feed_is_refused_and_reads_nothing() -> None:
    items = read(BAD / "xxe_feed.xml")
    assert errors(items) == [f"{BAD / 'xxe_feed.xml'}: {REFUSED}"]
    assert articles(items) == []


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{url}">]>',
        '<!DOCTYPE rss [<!ENTITY % p SYSTEM "{url}"> %p;]>',
    ],
)
@pytest.mark.parametrize("well_formed", [True, False])
def test_xxe_variants_never_read_the_file(tmp_path: Path, prolog: str, well_formed: bool) -> None:
    secret = write(tmp_path / "secret.txt", "TOP-SECRET-7731")
    tail = "</channel></rss>" if well_formed else "<unclosed></channel>"
    feed = (
        '<?xml version="1.0"?>' + prolog.format(url=secret.as_uri()) + '<rss version="2.0">'
        "<channel><title>T</title><item><description>Troops &xxe;</description></item>" + tail
    )
    path = write(tmp_path / "feed.rss", feed)
    items = read(path)
    assert errors(items) == [f"{path}: {REFUSED}"]
    assert all("TOP-SECRET" not in repr(item) for item in items)


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.dtd", '<!ENTITY t "TOP-SECRET-7731">')
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{secret.as_uri()}"><rss version="2.0">'
        "<channel><title>T</title><item><description>Troops moved.</description></item>"
        "</channel></rss>"
    )
    items = read(write(tmp_path / "feed.xml", feed))
    assert [a.text for a in articles(items)] == ["Troops moved."]
    assert all("TOP-SECRET" not in repr(item) for item in items)


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    message = only_error(BAD / "billion_laughs.xml")
    assert time.perf_counter() - started < 2
    assert message == f"{BAD / 'billion_laughs.xml'}: {REFUSED}"


def test_xml_that_is_not_a_feed() -> None:
    path = BAD / "not_a_feed.xml"
    assert only_error(path) == f"{path}: not an RSS/Atom feed"


# --- JSONL ------------------------------------------------------------------------------------


def test_jsonl_good_bad_and_blank_lines() -> None:
    path = GOOD / "articles.jsonl"
    items = read(path)
    assert errors(items) == [
        f"{path}:line 4: invalid JSON (Expecting ',' delimiter at column 77)",
        f'{path}:line 5: record has no "text"',
    ]
    first, second, third = articles(items)
    assert [str(a.origin) for a in (first, second, third)] == [
        f"{path}:line 1",
        f"{path}:line 2",
        f"{path}:line 6",
    ]
    assert first.title == "Russian paratroopers arrive in Brest region"
    assert first.published == "2022-02-02"
    assert first.url == "https://wire.example/0101"
    assert first.source == "Wire Example"
    assert first.external_id == "eed-0101"
    assert first.text.startswith("Russian airborne units arrived by train")
    assert "\n\nThe ministry said" in first.text
    assert second.published == "2022-02-03"  # from a full ISO datetime
    assert third.published is None  # "last Tuesday": the date goes, the article stays
    assert third.external_id == "105"
    # Items come in line order, errors among the articles.
    assert [type(i).__name__ for i in items] == ["RawArticle"] * 2 + ["IngestError"] * 2 + [
        "RawArticle"
    ]


def test_jsonl_record_problems(tmp_path: Path) -> None:
    lines = [
        '["not", "an", "object"]',
        '{"text": 42}',
        '{"text": "   "}',
        '{"text": null}',
        '{"text": "Troops moved.\\r\\nTanks followed.", "title": 7, "date": "2022-02-30"}',
    ]
    path = write(tmp_path / "x.jsonl", b"\xef\xbb\xbf" + "\r\n".join(lines).encode())
    items = read(path)
    assert errors(items) == [
        f"{path}:line 1: not a JSON object (a JSON array)",
        f'{path}:line 2: "text" is not a string (a JSON number)',
        f'{path}:line 3: "text" is empty',
        f'{path}:line 4: record has no "text"',
    ]
    (article,) = articles(items)
    assert article.text == "Troops moved.\nTanks followed."
    assert article.title == "7" and article.published is None


def test_jsonl_gz(tmp_path: Path) -> None:
    data = gzip.compress((GOOD / "articles.jsonl").read_bytes())
    items = read(write(tmp_path / "a.jsonl.gz", data))
    assert len(articles(items)) == 3 and len(errors(items)) == 2


# --- WARC -------------------------------------------------------------------------------------


def test_warc_html_responses_only() -> None:
    path = GOOD / "crawl.warc.gz"
    items = read(path)
    assert errors(items) == []
    first, second = articles(items)
    assert first.url == "https://minsk-observer.example/politics/2022/02/08/joint-hq"
    assert str(first.origin) == f"{path}:{first.url}"
    assert first.title == "Belarus and Russia open joint staff headquarters in Minsk"
    assert first.text.startswith("Belarus and Russia have set up a joint command post")
    assert "Home" not in first.text and "All rights reserved" not in first.text
    assert first.published == "2022-02-08"  # stated by the page's own URL
    assert second.url == "https://kyiv-daily.example/news/chernobyl-drills"
    assert second.published is None  # the crawl date (2022-02-10) is not a publication date
    assert "\u201cWe are preparing for any scenario,\u201d" in second.text  # Windows-1252
    assert "statement \u2013 one of" in second.text


def test_warc_uncompressed(tmp_path: Path) -> None:
    data = gzip.decompress((GOOD / "crawl.warc.gz").read_bytes())
    items = read(write(tmp_path / "crawl.warc", data))
    assert len(articles(items)) == 2 and errors(items) == []


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_truncated_keeps_earlier_articles(tmp_path: Path, compressed: bool) -> None:
    data = (GOOD / "crawl.warc.gz").read_bytes()
    if not compressed:
        data = gzip.decompress(data)
    path = write(tmp_path / ("cut.warc.gz" if compressed else "cut.warc"), data[:-50])
    items = read(path)
    assert [a.url for a in articles(items)] == [
        "https://minsk-observer.example/politics/2022/02/08/joint-hq"
    ]
    (message,) = errors(items)
    assert message.startswith(f"{path}:")
    assert "truncated" in message


def test_warc_that_is_not_a_warc(tmp_path: Path) -> None:
    path = write(tmp_path / "junk.warc", "hello, this is not an archive\n")
    message = only_error(path)
    assert message == f"{path}:record 1: not a WARC file"
    info = "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 2\r\n\r\nab\r\n\r\n"
    other = write(tmp_path / "other.warc", info + "hello\r\n")
    assert only_error(other).startswith(f"{other}:after record 1: corrupt WARC (")
    no_pages = write(tmp_path / "info.warc", info)
    assert only_error(no_pages) == f"{no_pages}: WARC holds no HTML responses"


@pytest.mark.parametrize("name", ["bomb.warc.gz", "bomb.jsonl.gz", "bomb"])
def test_gzip_bomb_stops_at_max_bytes(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, gzip.compress(b"\0" * 20_000_000))
    started = time.perf_counter()
    message = only_error(path, max_bytes=1_000_000)
    assert time.perf_counter() - started < 2
    assert "gzip data decompresses to over the 1,000,000-byte limit (--max-bytes)" in message


# --- encodings and bad files ------------------------------------------------------------------


def test_windows_1252_text() -> None:
    article = only_article(GOOD / "report_cp1252.txt")
    assert "\u201cWe are monitoring the situation around the clock,\u201d" in article.text
    assert "caf\u00e9" in article.text and "Service \u2013 adding" in article.text
    assert "\r" not in article.text


def test_utf16_text_with_bom() -> None:
    article = only_article(GOOD / "report_utf16.txt")
    assert article.published == "2022-02-05"
    assert article.text.startswith("Moldova\u2019s government")
    assert "Chi\u0219in\u0103u" in article.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_other_unicode_forms(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "u.txt", "Troops moved to Bre\u0161t.".encode(encoding))
    assert only_article(path).text == "Troops moved to Bre\u0161t."


def test_empty_files(tmp_path: Path) -> None:
    assert only_error(BAD / "empty.txt") == f"{BAD / 'empty.txt'}: empty file"
    blank = write(tmp_path / "blank.jsonl", " \n\t\n")
    assert only_error(blank) == f"{blank}: empty file"
    blank16 = write(tmp_path / "blank16.txt", "  \n".encode("utf-16"))
    assert only_error(blank16) == f"{blank16}: empty file"


def test_binary_file() -> None:
    assert only_error(BAD / "binary.dat") == f"{BAD / 'binary.dat'}: binary file, not text"


def test_binary_file_with_a_text_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "photo.txt", (BAD / "binary.dat").read_bytes())
    assert only_error(path) == f"{path}: binary file, not text"


def test_missing_path() -> None:
    assert only_error("no/such/file.txt") == "no/such/file.txt: no such file or directory"


def test_file_over_max_bytes_is_not_read() -> None:
    path = GOOD / "news_page.html"
    size = path.stat().st_size
    message = only_error(path, max_bytes=100)
    assert message == f"{path}: file is {size:,} bytes, over the 100-byte limit (--max-bytes)"


def test_default_max_bytes() -> None:
    assert DEFAULT_MAX_BYTES == 50_000_000


def test_folder_with_nothing_ingestible(tmp_path: Path) -> None:
    write(tmp_path / "wirewatch.db", b"SQLite format 3\0")
    write(tmp_path / "notes.md", "# notes")
    write(tmp_path / ".hidden.txt", "Troops moved.")
    assert only_error(tmp_path) == f"{tmp_path}: folder {NOTHING}"


def test_error_messages_stay_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad\nname.txt", b"")
    message = only_error(path)
    assert message.endswith(": empty file") and "bad name.txt" in message


# --- paths, folders, globs, stdin, order ------------------------------------------------------


def test_folder_recursion_sorted_skipping_hidden_and_non_inputs(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "B")
    write(tmp_path / "a" / "z.txt", "AZ")
    write(tmp_path / "a" / "deep" / "y.jsonl", '{"text": "ADY"}\n')
    write(tmp_path / "a.txt", "A")
    write(tmp_path / ".git" / "c.txt", "hidden folder")
    write(tmp_path / ".d.txt", "hidden file")
    write(tmp_path / "e.png", b"\x89PNG\r\n")
    write(tmp_path / "wirewatch.db", b"SQLite format 3\0")
    assert [a.text for a in articles(read(tmp_path))] == ["ADY", "AZ", "A", "B"]


def test_fixture_folder_reads_everything_in_order() -> None:
    items = read(GOOD)
    assert [Path(item.origin.path).name for item in items] == (
        ["articles.jsonl"] * 5
        + ["atom_feed.atom"] * 2
        + ["crawl.warc.gz"] * 2
        + ["malformed.html", "news_page.html"]
        + ["report_cp1252.txt", "report_dated.txt", "report_utf16.txt"]
        + ["rss_feed.xml"] * 3
    )


def test_globs(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", "One")
    write(tmp_path / "sub" / "two.txt", "Two")
    write(tmp_path / "sub" / "three.html", "<p>Three</p>")
    assert [a.text for a in articles(read(tmp_path / "*.txt"))] == ["One"]
    assert [a.text for a in articles(read(tmp_path / "**" / "*.txt"))] == ["One", "Two"]
    assert [a.text for a in articles(read(tmp_path / "s*"))] == ["Three", "Two"]
    pattern = tmp_path / "*.rss"
    assert (
        only_error(pattern) == f"{pattern}: no such file or directory (the pattern matches nothing)"
    )
    write(tmp_path / "x.md", "md")
    assert only_error(tmp_path / "*.md") == f"{tmp_path / '*.md'}: pattern {NOTHING}"


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", "One")
    assert [a.text for a in articles(read(path, tmp_path, tmp_path / "*.txt"))] == ["One"]
    assert list(expand_paths([str(path), str(tmp_path)])) == [str(path)]


def test_explicit_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    page = (GOOD / "news_page.html").read_bytes()
    assert only_article(write(tmp_path / "page.dat", page)).source == "Baltic Wire"
    feed = (GOOD / "atom_feed.atom").read_bytes()
    assert len(articles(read(write(tmp_path / "feed", feed)))) == 2
    text = write(tmp_path / "README", "date 2022-02-01\nTroops moved.")
    assert only_article(text).published == "2022-02-01"


@pytest.mark.parametrize(
    ("fixture", "count"),
    [
        ("report_dated.txt", 1),
        ("articles.jsonl", 3),
        ("news_page.html", 1),
        ("rss_feed.xml", 2),
        ("atom_feed.atom", 2),
        ("crawl.warc.gz", 2),
    ],
)
def test_stdin_sniffs_the_format(fixture: str, count: int) -> None:
    stdin = io.BytesIO((GOOD / fixture).read_bytes())
    items = read("-", stdin=stdin)
    assert len(articles(items)) == count
    assert all(item.origin.path == "-" for item in items)


def test_stdin_gzip_jsonl_and_limits() -> None:
    data = gzip.compress(b'{"text": "Troops moved."}\n')
    assert [a.text for a in articles(read("-", stdin=io.BytesIO(data)))] == ["Troops moved."]
    over = io.BytesIO(b"x" * 200)
    assert only_error("-", stdin=over, max_bytes=100) == (
        "-: input is over the 100-byte limit (--max-bytes)"
    )
    assert only_error("-", stdin=io.BytesIO(b"")) == "-: empty file"


def test_bad_inputs_do_not_stop_good_ones() -> None:
    items = read(
        BAD / "empty.txt",
        GOOD / "report_dated.txt",
        "missing.txt",
        BAD / "xxe_feed.xml",
        GOOD / "news_page.html",
        BAD / "binary.dat",
        BAD,
        GOOD / "atom_feed.atom",
    )
    assert len(articles(items)) == 4
    messages = errors(items)
    assert messages[:4] == [
        f"{BAD / 'empty.txt'}: empty file",
        "missing.txt: no such file or directory",
        f"{BAD / 'xxe_feed.xml'}: {REFUSED}",
        f"{BAD / 'binary.dat'}: binary file, not text",
    ]
    # The folder: empty.txt and xxe_feed.xml were named already, binary.dat's name is skipped.
    assert messages[4:] == [
        f"{BAD / 'billion_laughs.xml'}: {REFUSED}",
        f"{BAD / 'not_a_feed.xml'}: not an RSS/Atom feed",
    ]


def test_order_is_deterministic() -> None:
    paths = [FIXTURES, GOOD / "*.xml", "-"]
    runs = [
        [repr(item) for item in read_inputs([str(p) for p in paths], stdin=io.BytesIO(b"Hi"))]
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert len(runs[0]) > 20


def test_a_single_string_is_one_path() -> None:
    assert len(articles(list(read_inputs(str(GOOD / "atom_feed.atom"))))) == 2


def test_read_bytes_with_a_forced_format() -> None:
    (article,) = read_bytes(b"<p>Troops moved.</p>", "-", fmt="text")
    assert isinstance(article, RawArticle) and article.text == "<p>Troops moved.</p>"


def test_a_folder_named_like_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "looks.txt"
    folder.mkdir()
    write(folder / "inner.txt", "Inner")
    assert [a.text for a in articles(read(folder))] == ["Inner"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wirewatch.ingest.paths as paths_module

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path / "locked.txt", "Troops")
    monkeypatch.setattr(paths_module, "open", refuse, raising=False)  # root may read anything
    assert only_error(path) == f"{path}: permission denied"
