"""Hostile input for every reader (text, HTML, RSS/Atom, JSONL, WARC), fuzzed with hypothesis.

Whatever the bytes, reading ends in articles or one-line errors, within bounded time and
memory: random bytes, truncated and mutated real fixtures, deep nesting, huge attributes, NUL
bytes, mixed encodings, entity declarations (billion laughs, external entities), references
to the network (never fetched), gzip bombs in WARC and ``.jsonl.gz`` files, and a 100 MB
single-line file through the command line's size limit.

The CI run is short and repeatable (few examples, fixed seed); a longer, random run is
``WIREWATCH_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz_readers.py``
(docs/robustness.md).
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirewatch.ingest import INTERNAL_ERROR, MAX_ARTICLE_CHARS, read_bytes
from wirewatch.nlp import pipeline
from wirewatch.pipeline import analyse_many
from wirewatch.records import Article, IngestError, RawArticle

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXAMPLES = int(os.environ.get("WIREWATCH_FUZZ_EXAMPLES", "25"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=5),  # per example: generous for a loaded CI machine
    derandomize="WIREWATCH_FUZZ_EXAMPLES" not in os.environ,  # CI: the same cases every run
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MAX_BYTES = 2_000_000  # a small size limit for the in-process cases; the CLI's is 50 MB

# A file name for each reader (the name picks the reader), and the format it forces.
NAMES = {
    "text": "story.txt",
    "html": "page.html",
    "feed": "feed.xml",
    "jsonl": "lines.jsonl",
    "warc": "crawl.warc",
}
ENCODINGS = ["utf-8", "cp1252", "latin-1", "utf-16-le", "utf-16-be", "koi8-r", "shift_jis"]
GOOD = {p.name: p.read_bytes() for p in sorted((FIXTURES / "good").iterdir())}
GOOD["crawl.warc"] = gzip.decompress(GOOD["crawl.warc.gz"])  # the plain archive, too
GOOD["articles.jsonl.gz"] = gzip.compress(GOOD["articles.jsonl"], mtime=0)


def outcome(data: bytes, name: str, fmt: str | None = None, max_bytes: int = MAX_BYTES) -> list:
    """What reading ``data`` as a file called ``name`` gives, checked to be well-formed:
    at least one item; errors one line, and no reader crash; articles storable as they are."""
    items = list(read_bytes(data, name, max_bytes=max_bytes, fmt=fmt))
    assert items, "neither an article nor an error"
    for item in items:
        if isinstance(item, IngestError):
            message = str(item)
            assert "\n" not in message and "\r" not in message
            assert len(message) < 1000
            assert INTERNAL_ERROR not in message, message
        else:
            check_article(item)
    return items


def check_article(article: RawArticle) -> None:
    assert isinstance(article, RawArticle)
    assert article.text.strip() and len(article.text) <= MAX_ARTICLE_CHARS
    strings = (article.title, article.source, article.url, article.external_id, str(article.origin))
    for value in (article.text, *strings):
        if value is not None:
            value.encode("utf-8")  # no lone surrogates: SQLite stores UTF-8
            assert "\x00" not in value  # SQLite's text functions stop at a NUL
    if article.published:
        date.fromisoformat(article.published)
    assert len(article.id) == 16


def formats() -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(NAMES))


# --- strategies -------------------------------------------------------------------------------


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` cut short, with bytes flipped, NULs or random bytes put in, or a slice repeated."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["truncate", "flip", "nul", "insert", "repeat"]))
        if op == "truncate":
            data = data[:at]
        elif op == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif op == "nul":
            data = data[:at] + b"\x00" * draw(st.integers(1, 8)) + data[at:]
        elif op == "insert":
            data = data[:at] + draw(st.binary(max_size=64)) + data[at:]
        elif op == "repeat":
            end = draw(st.integers(at, len(data)))
            data = data[:at] + data[at:end] * draw(st.integers(2, 50)) + data[end:]
    return data


def mixed_encodings() -> st.SearchStrategy[bytes]:
    """Pieces of text each in its own encoding, one after the other."""
    piece = st.tuples(st.text(max_size=40), st.sampled_from(ENCODINGS))
    return st.lists(piece, min_size=1, max_size=8).map(
        lambda pieces: b"".join(text.encode(enc, "replace") for text, enc in pieces)
    )


def entity_declarations() -> st.SearchStrategy[bytes]:
    """A DTD internal subset: nested expansion (billion laughs), external or parameter entities."""
    laughs = st.tuples(st.integers(2, 12), st.integers(2, 20)).map(
        lambda dw: b"".join(
            b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * dw[1] if i else b"lol")
            for i in range(dw[0])
        )
    )
    external = st.sampled_from(
        [
            b'<!ENTITY x SYSTEM "file:///etc/passwd">',
            b'<!ENTITY x PUBLIC "-//W3C//TEXT x//EN" "http://127.0.0.1:9/x">',
            b'<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;',
            b"<!ENTITY % p \"<!ENTITY x '&#x25;p;'>\"> %p;",
            b'<!ENTITY x SYSTEM "/dev/zero">',
            b'<!ENTITY x SYSTEM "/dev/stdin">',
        ]
    )
    return st.lists(st.one_of(laughs, external), min_size=1, max_size=3).map(b"".join)


def document(fmt: str, body: bytes, *, doctype: bytes = b"", attribute: bytes = b"") -> bytes:
    """``body`` as the text of a document of format ``fmt``, with a DTD and attribute."""
    page = (
        b"<?xml version='1.0'?>%s<html><head><title>Report</title></head><body>"
        b"<p class='%s'>Troops moved. %s</p></body></html>" % (doctype, attribute, body)
    )
    if fmt == "html":
        return page
    if fmt == "feed":
        return (
            b"<?xml version='1.0'?>%s<rss version='2.0'><channel><title>Wire</title><item>"
            b"<title a='%s'>Report</title><description>Troops moved. %s</description>"
            b"</item></channel></rss>" % (doctype, attribute, body)
        )
    if fmt == "jsonl":
        return b'{"text": "Troops moved. %s", "title": "%s"}\n' % (body, attribute)
    if fmt == "warc":
        return warc_record(page)
    return b"Troops moved. " + body + attribute


def warc_record(page: bytes, *, content_encoding: bytes = b"") -> bytes:
    """One WARC response record holding an HTML page."""
    extra = b"Content-Encoding: %s\r\n" % content_encoding if content_encoding else b""
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n%s"
        b"Content-Length: %d\r\n\r\n%s" % (extra, len(page), page)
    )
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\n"
        b"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789012>\r\n"
        b"WARC-Date: 2022-02-10T11:00:00Z\r\nWARC-Target-URI: http://example.com/a\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
        % len(http)
    )
    return head + http + b"\r\n\r\n"


def warc_head(size: int) -> bytes:
    """The header of a WARC resource record holding an HTML page of ``size`` bytes."""
    return (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://example.com/b\r\n"
        b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n" % size
    )


def nested(fmt: str, depth: int) -> bytes:
    if fmt == "jsonl":
        return b'{"text": "Troops moved.", "x": ' + b"[" * depth + b"]" * depth + b"}\n"
    if fmt == "text":
        return b"(" * depth + b"Troops moved." + b")" * depth
    return document(fmt, b"<b>" * depth + b"deep" + b"</b>" * depth)


# --- properties -------------------------------------------------------------------------------


@fuzz
@given(fmt=formats(), data=st.binary(max_size=4096))
def test_random_bytes(fmt: str, data: bytes) -> None:
    outcome(data, NAMES[fmt], fmt=fmt)


@fuzz
@given(data=st.binary(max_size=4096))
def test_random_bytes_with_the_format_sniffed(data: bytes) -> None:
    outcome(data, "-")
    outcome(gzip.compress(data, mtime=0), "-")


@fuzz
@given(st.data())
def test_truncated_and_mutated_fixtures(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(GOOD)))
    damaged = data.draw(mutated(GOOD[name]))
    outcome(damaged, name)  # the reader the name picks
    outcome(damaged, "-")  # the one the content picks


@fuzz
@given(fmt=formats(), depth=st.integers(1, 30_000))  # past every recursion limit
def test_deep_nesting(fmt: str, depth: int) -> None:
    outcome(nested(fmt, depth), NAMES[fmt], fmt=fmt)


@fuzz
@given(fmt=formats(), size=st.integers(1_000, 1_500_000), char=st.sampled_from(b"x&<\"' \xc3"))
def test_huge_attributes(fmt: str, size: int, char: int) -> None:
    outcome(document(fmt, b"", attribute=bytes([char]) * size), NAMES[fmt], fmt=fmt)


@fuzz
@given(fmt=formats(), body=mixed_encodings(), nuls=st.integers(0, 3))
def test_mixed_encodings_and_nul_bytes(fmt: str, body: bytes, nuls: int) -> None:
    body = body + b"\x00" * nuls
    outcome(document(fmt, body), NAMES[fmt], fmt=fmt)


def escaped(fmt: str, codes: list[int]) -> bytes:
    """Code points as the format escapes them: JSON ``\\uXXXX``, markup ``&#N;`` / ``&#xN;``."""
    if fmt == "jsonl":
        return b"".join(
            b"\\u%04x" % c if c < 0x10000 else chr(min(c, 0x10FFFF)).encode() for c in codes
        )
    if fmt == "text":
        return b"".join(chr(min(c, 0x10FFFF)).encode("utf-8", "surrogatepass") for c in codes)
    return b"".join(b"&#x%x;" % c if c % 2 else b"&#%d;" % c for c in codes)


@fuzz
@given(
    fmt=formats(),
    codes=st.lists(
        st.one_of(
            st.integers(0, 0x1F),  # controls, NUL
            st.integers(0xD800, 0xDFFF),  # surrogates
            st.sampled_from([0xFFFE, 0xFFFF, 0x110000, 10**12]),  # non-characters, too big
            st.integers(0, 0x10FFFF),
        ),
        min_size=1,
        max_size=20,
    ),
)
def test_escapes_of_any_code_point(fmt: str, codes: list[int]) -> None:
    outcome(document(fmt, escaped(fmt, codes)), NAMES[fmt], fmt=fmt)


@pytest.fixture(scope="module")
def nlp_loaded() -> None:
    pipeline()  # once, outside the per-example deadline


WORDS = (
    "Russia NATO Kyiv Kiev on Monday February 30 2022 said troops \" ' Feb. 31st 1999/99/99 "
    "next week Putin the NATO chief missiles 100,000 - \u2014 ( ) . Mr. U.S. in near Belarus "
    "Iskander yesterday ago 3 days 12:30 GMT \u200b \u0301 \ufb01 \u0661\u0662 \U0001d7d8"
).split(" ") + ["\n\n", "\t", " "]


@fuzz
@given(
    text=st.one_of(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join),
        st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map("".join),
    ),
    published=st.sampled_from([None, "2022-02-03", "1900-01-01", "2024-02-29"]),
)
def test_what_a_reader_lets_through_the_analysis_takes(
    nlp_loaded: None, text: str, published: str | None
) -> None:
    """Odd text that a reader accepts goes through every extraction stage without a crash,
    and every record's offsets lie inside its sentence, inside the article."""
    (item,) = outcome(json.dumps({"text": text, "date": published}).encode(), "a.jsonl")
    if isinstance(item, IngestError):
        return  # blank text
    (result,) = analyse_many([Article.from_raw(item)])
    for record in [*result.mentions, *result.timexes, *result.places, *result.statements]:
        assert 0 <= record.sentence_start <= record.start <= record.end <= record.sentence_end
        assert record.sentence_end <= len(item.text)
    for record in [*result.events, *result.forces]:
        assert 0 <= record.start <= record.end <= len(item.text)


@fuzz
@given(
    fmt=st.sampled_from(["feed", "html", "warc"]),
    declarations=entity_declarations(),
    reference=st.sampled_from([b"&x;", b"&l1;", b"&lol;", b""]),
)
def test_entity_declarations_are_never_expanded(
    fmt: str, declarations: bytes, reference: bytes
) -> None:
    doctype = b"<!DOCTYPE rss [" + declarations + b"]>"
    items = outcome(document(fmt, reference, doctype=doctype), NAMES[fmt], fmt=fmt)
    for item in items:
        if isinstance(item, RawArticle):
            assert "lollol" not in item.text and "root:" not in item.text
            assert len(item.text) < 2_000
    if fmt == "feed":
        (error,) = items
        assert "refused: XML with entity declarations" in str(error)


# --- hostile files, one by one ----------------------------------------------------------------


def test_billion_laughs_is_refused_at_once_by_every_reader() -> None:
    laughs = (FIXTURES / "bad" / "billion_laughs.xml").read_bytes()
    for fmt, name in NAMES.items():
        data = warc_record(laughs) if fmt == "warc" else laughs
        started = time.perf_counter()
        items = outcome(data, name, fmt=fmt)
        assert time.perf_counter() - started < 2
        assert all(len(getattr(i, "text", "")) < 5_000 for i in items)


def test_external_references_are_never_fetched() -> None:
    """Nothing reaches a server that every kind of external reference points at."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.5)
        url = b"http://127.0.0.1:%d/x" % server.getsockname()[1]
        doctypes = [
            b'<!DOCTYPE rss SYSTEM "%s.dtd">' % url,
            b'<!DOCTYPE rss PUBLIC "-//x//EN" "%s.dtd">' % url,
            b'<!DOCTYPE rss [<!ENTITY x SYSTEM "%s">]>' % url,
            b'<!DOCTYPE rss [<!ENTITY %% p SYSTEM "%s"> %%p;]>' % url,
        ]
        body = (
            b'&x; <img src="%s.png"><iframe src="%s"></iframe><link rel="stylesheet" href="%s">'
            b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%s"/>'
            b'<meta http-equiv="refresh" content="0; url=%s">' % (url, url, url, url, url)
        )
        for fmt, name in NAMES.items():
            for doctype in doctypes:
                outcome(document(fmt, body, doctype=doctype), name, fmt=fmt)
        with pytest.raises(TimeoutError):
            server.accept()


def test_texts_past_the_parsers_limit_are_refused_not_crashed_on() -> None:
    long_text = b"word " * (MAX_ARTICLE_CHARS // 5 + 1)
    for fmt, data in [
        ("jsonl", b'{"text": "' + long_text + b'"}'),
        ("text", long_text),
        ("feed", document("feed", long_text)),
    ]:
        (error,) = outcome(data, NAMES[fmt], fmt=fmt)
        assert "over the 1,000,000-character limit" in str(error)


def test_unstorable_characters_become_replacement_characters() -> None:
    data = b'{"text": "Troops\\u0000 moved \\ud800 north.", "title": "\\udfff"}\n{"text": 1%s}' % (
        b"0" * 5000
    )
    article, error = outcome(data, "lines.jsonl")
    assert article.text == "Troops\ufffd moved \ufffd north." and article.title == "\ufffd"
    assert str(error).startswith("lines.jsonl:line 2: invalid JSON (")
    (article,) = outcome(b"<p>a &#1; b &#xD800; c &#99999999999; d</p>", "page.html")
    assert article.text == "a b \ufffd c \ufffd d"
    (article,) = outcome(document("feed", b"a &#0; b &#x110000; c"), "feed.xml")
    assert article.text == "Troops moved. a \ufffd b \ufffd c"


def test_gzip_bombs_stop_at_the_size_limit() -> None:
    bomb = gzip_of_zeros(64 * MAX_BYTES)  # 128 MB of zeros in about 125 kB
    assert len(bomb) < 200_000
    warc_bomb = gzip_of_zeros(64 * MAX_BYTES, head=warc_head(64 * MAX_BYTES))
    page_bomb = warc_record(bomb, content_encoding=b"gzip")
    for data, name, expected in [
        (bomb, "lines.jsonl.gz", "gzip data decompresses to over the 2,000,000-byte limit"),
        (bomb, "-", "gzip data decompresses to over"),
        (warc_bomb, "crawl.warc.gz", "gzip data decompresses to over"),
        (page_bomb, "crawl.warc", "page decompresses to over the 2,000,000-byte limit"),
    ]:
        started = time.perf_counter()
        (error,) = outcome(data, name)
        assert expected in str(error)
        assert time.perf_counter() - started < 5


def gzip_of_zeros(size: int, head: bytes = b"") -> bytes:
    """One gzip member of ``head`` then ``size`` zero bytes, made without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    parts = [packer.compress(head)]
    parts += [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


# --- the command line on huge and explosive files: time and peak memory of the process -------


def run_cli(*args: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``wirewatch``; returns the result, its wall time (s) and its peak RSS (MB)."""
    started = time.perf_counter()
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as peak,
    ):
        command = [sys.executable, "-m", "wirewatch.cli", *args]
        proc = subprocess.Popen(
            [sys.executable, "-c", MEASURE, peak.name, *command], stdout=out, stderr=err
        )
        proc.wait()
        seconds = time.perf_counter() - started
        out.seek(0), err.seek(0)
        result = subprocess.CompletedProcess(
            command, proc.returncode, out.read().decode(), err.read().decode()
        )
        peak_kb = int(peak.read())
    return result, seconds, peak_kb / 1024


# A child forked from this (big) test process would report this process's peak as its own
# (Linux carries the high-water mark across fork and exec); a small launcher forks the
# command from a fresh interpreter instead and reports the command's own peak.
MEASURE = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def error_lines(stderr: str) -> list[str]:
    """The ``error:`` lines of the command's stderr, after checking it printed nothing else
    but its ``resolved:`` report: no traceback, no stray output from a library."""
    lines = stderr.strip().splitlines()
    assert all(line.startswith(("error: ", "resolved: ")) for line in lines), stderr
    return [line for line in lines if line.startswith("error: ")]


@pytest.fixture(scope="module")
def hundred_mb_line(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "one_line.jsonl"
    with path.open("wb") as out:
        out.write(b'{"text": "')
        for _ in range(100):
            out.write(b"troops " * 149_796)  # 1 MB
        out.write(b'"}')
    assert path.stat().st_size > 100_000_000
    return path


def test_cli_refuses_a_100_mb_line_by_its_size_limit(hundred_mb_line: Path, tmp_path) -> None:
    result, seconds, peak_mb = run_cli(
        "ingest", str(hundred_mb_line), "--db", str(tmp_path / "a.db")
    )
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        f"error: {hundred_mb_line}: file is {hundred_mb_line.stat().st_size:,} bytes, "
        "over the 50,000,000-byte limit (--max-bytes)"
    ]
    assert "0 new, 0 duplicate, 1 failed" in result.stdout
    assert seconds < 30 and peak_mb < 500  # never read: refused by its size on disk
    print(f"100 MB line, default limit: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")


def test_cli_reads_a_100_mb_line_under_a_raised_limit_in_bounded_memory(
    hundred_mb_line: Path, tmp_path
) -> None:
    result, seconds, peak_mb = run_cli(
        "ingest", str(hundred_mb_line), "--max-bytes", "200000000", "--db", str(tmp_path / "a.db")
    )
    assert result.returncode == 1
    (line,) = error_lines(result.stderr)
    assert line.endswith(
        "line 1: article text is 104,857,200 characters, over the 1,000,000-character limit"
    )
    assert seconds < 60 and peak_mb < 1_500, (seconds, peak_mb)
    print(f"100 MB line, raised limit: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")


def test_cli_stops_gzip_bombs_in_bounded_memory(tmp_path: Path) -> None:
    jsonl_bomb = tmp_path / "bomb.jsonl.gz"
    jsonl_bomb.write_bytes(gzip_of_zeros(1 << 28))  # 256 MiB of zeros in 250 kB
    warc_bomb = tmp_path / "bomb.warc.gz"
    warc_bomb.write_bytes(gzip_of_zeros(1 << 28, head=warc_head(1 << 28)))
    result, seconds, peak_mb = run_cli(
        "ingest", str(jsonl_bomb), str(warc_bomb), "--db", str(tmp_path / "a.db")
    )
    assert result.returncode == 1
    errors = error_lines(result.stderr)
    assert len(errors) == 2, errors
    assert all("decompresses to over the 50,000,000-byte limit" in e for e in errors)
    assert seconds < 60 and peak_mb < 800, (seconds, peak_mb)
    print(f"gzip bombs: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
