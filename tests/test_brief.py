"""``wirewatch brief``: the seeds' briefing, as HTML and as Markdown, holds the key facts of
../shared/seeds/EXPECTED.md that the store holds, cites its sources, embeds its images, and
shows hostile article text as text."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import webdata
from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.engines.local import ingest
from wirewatch.store.db import connect
from wirewatch.web import queries as q
from wirewatch.web.queries import EventFilter
from wirewatch.web.views import count_text

PNG = b"\x89PNG\r\n\x1a\n"
runner = CliRunner()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def markdown_text(page: str) -> str:
    unescaped = html.unescape(re.sub(r"\\(.)", r"\1", page))
    return " ".join(unescaped.split())


def write(db: Path, out: Path) -> None:
    result = runner.invoke(app, ["brief", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def briefs(seed_db, tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("brief")
    write(seed_db, folder / "seeds.html")
    write(seed_db, folder / "seeds.md")
    return {
        "html_raw": (folder / "seeds.html").read_text("utf-8"),
        "md_raw": (folder / "seeds.md").read_text("utf-8"),
        "html": html_text((folder / "seeds.html").read_text("utf-8")),
        "md": markdown_text((folder / "seeds.md").read_text("utf-8")),
        "folder": folder,
    }


@pytest.fixture(scope="module")
def store(seed_db):
    conn = connect(seed_db, readonly=True)
    yield conn
    conn.close()


BOTH = pytest.mark.parametrize("fmt", ["html", "md"])


def words(text: str) -> str:
    return " ".join(text.split())


@BOTH
def test_sources_and_dates(briefs, fmt, store):
    text = briefs[fmt]
    for article in q.list_articles(store, with_text=False).items:
        assert article["id"] in text
    assert "2022-02-03" in text  # 000's date, from its header
    # 003 is undated: its publication window is inferred, and says so.
    assert re.search(r"2022-02-0\d – 2022-02-\d\d \(inferred\)", text)


@BOTH
def test_the_towns_of_the_build_up_are_placed(briefs, fmt):
    text = briefs[fmt]
    for lat, lon in ((53.90, 27.57), (51.81, 29.15), (52.36, 30.39), (52.25, 26.80)):
        assert f"{lat:.2f}, {lon:.2f}" in text


@BOTH
def test_who_is_named(briefs, fmt):
    text = briefs[fmt]
    for name in ("Jens Stoltenberg", "Sergei Shoigu", "Alexander Lukashenko", "Vladimir Putin"):
        assert name in text
    assert "The NATO boss" in text  # one of Stoltenberg's aliases, resolved to him


def _forces(store) -> list[dict]:
    return q.list_forces(store, q.Where(), limit=1000).items


@BOTH
def test_forces_table_has_every_posture_with_its_source(briefs, fmt, store):
    text = briefs[fmt]
    forces = _forces(store)
    assert forces, "the seeds state force postures"
    names = q.entity_names(store, [f["claimed_by"] for f in forces])
    for f in forces:
        row = re.search(re.escape(count_text(f)) + r"[^“]*“" + re.escape(words(f["text"])), text)
        assert row, f["text"]
        if f["claimed_by"]:
            assert names[f["claimed_by"]]["name"] in row.group(0)


def test_forces_of_expected_md(briefs, store):
    """EXPECTED.md's forces table, for the postures the pipeline stores."""
    text = briefs["md"]
    by_figure = {(f["owner"], f["count"] or f["count_low"]): f for f in _forces(store)}
    expected = {
        ("country/ru", 30000): ("~30,000", "Belarus", "Jens Stoltenberg"),
        ("country/us", 2000): ("2,000", "Poland", None),
        ("country/us", 1000): ("1,000", "Romania", None),
        ("country/ru", 100000): ("> 100,000", None, None),
        ("country/ru", 15): ("15", "Yel", "Maxar"),
    }
    found = [key for key in expected if key in by_figure]
    assert ("country/ru", 30000) in found and ("country/us", 2000) in found
    rows = [line for line in text.split(" | Russia | ") + text.split(" | United States | ")]
    for key in found:
        figure, where, source = expected[key]
        matching = [r for r in rows if f"| {figure} |" in r]
        assert matching, figure
        if where:
            assert any(where in r for r in matching), (figure, where)
        if source:
            assert any(source in r for r in matching), (figure, source)


@BOTH
def test_key_developments_by_date(briefs, fmt, store):
    text = briefs[fmt]
    consult = q.list_events(store, EventFilter(types=("CONSULT",), place=625144)).items
    if consult:  # Shoigu's visit to Minsk, 2022-02-03
        assert re.search(r"CONSULT[^>]*Sergei Shoigu[^>]*Minsk", text)
    exercises = [
        e
        for e in q.list_events(store, EventFilter(types=("MOBILIZE",)), limit=1000).items
        if (e["first"], e["last"]) == ("2022-02-10", "2022-02-20")
    ]
    if exercises:  # the Feb 10-20 exercise, planned at report time
        assert "2022-02-10 – 2022-02-20" in text
    crimea = q.list_events(store, EventFilter(place=703883)).items
    if crimea:
        assert "annexation of Crimea in 2014" in text
    assert consult or exercises, "the seeds report the visit and the exercise"


@BOTH
def test_claims_are_marked_and_denials_stand_beside_them(briefs, fmt, store):
    text = briefs[fmt]
    pairs = q.contested(store)
    assert pairs, "Ukraine's denial answers Belarus's accusation"
    for claim, denials in pairs[:3]:
        at = text.index(words(claim["sentence"]))
        for denial in denials:  # after the claim, beside it
            assert words(denial["sentence"]) in text[at:]
        assert "Denial" in text[at:]
    claimed = q.list_events(store, EventFilter(modes=("claimed",)), limit=1).items
    if claimed:
        assert "claim by" in text or "(claim)" in text


@BOTH
def test_statements(briefs, fmt, store):
    direct = [
        s
        for s in q.list_statements(store, speaker="person/jens-stoltenberg", limit=100).items
        if s["kind"] == "direct"
    ]
    if not direct:
        pytest.skip("no direct statement by Stoltenberg stored")
    assert any(words(s["quote"]) in briefs[fmt] for s in direct)


def test_html_is_self_contained(briefs):
    page = briefs["html_raw"]
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"(src|href)=\"(?!data:|https?://)", page.replace('href="http', ""))
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 2
    for image in images:
        assert base64.b64decode(image).startswith(PNG)


def test_markdown_images_lie_beside_it(briefs):
    folder = briefs["folder"]
    for name in ("seeds-map.png", "seeds-timeline.png"):
        assert f"]({name})" in briefs["md_raw"]
        assert (folder / name).read_bytes().startswith(PNG)


def test_bad_output_name_is_refused(seed_db, tmp_path):
    result = runner.invoke(app, ["brief", "--db", str(seed_db), "--out", str(tmp_path / "b.pdf")])
    assert result.exit_code == 2 and not (tmp_path / "b.pdf").exists()
    missing = runner.invoke(app, ["brief", "--db", str(tmp_path / "no.db"), "--out", "x.md"])
    assert missing.exit_code == 1


def test_hostile_text_stays_text(tmp_path):
    db = tmp_path / "hostile.db"
    webdata.build(db, hostile=True)
    ingest([str(Path(__file__).parent / "fixtures" / "web" / "xss.jsonl")], db)
    write(db, tmp_path / "b.html")
    write(db, tmp_path / "b.md")
    page = (tmp_path / "b.html").read_text("utf-8")
    for tag in ("script", "svg", "iframe", "details", "style>body", "b ", "img src=x"):
        assert f"<{tag}" not in page, tag
    assert page.count("<body") == 1
    assert not re.search(r"<[^>]*\son\w+\s*=", page)  # no tag with an event handler
    assert not re.search(r"(href|src)=\"(javascript|data:text)", page)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page  # shown as text
    markdown = (tmp_path / "b.md").read_text("utf-8")
    assert "<script" not in markdown and "<img" not in markdown and "<svg" not in markdown
    assert "](javascript" not in markdown and "<javascript" not in markdown
    assert "&lt;script&gt;window.\\_\\_xss=1&lt;/script&gt;" in markdown
