"""Statements, events and forces go into the store and come out of every export format."""

from __future__ import annotations

import io
import json

import pyarrow.parquet as pq

from wirewatch.outputs import export
from wirewatch.records import (
    Article,
    ArticleResult,
    Entity,
    Event,
    Force,
    Mention,
    Place,
    Statement,
    record_id,
)
from wirewatch.store.db import connect, save_result

TEXT = 'Minsk said "Ukraine violated our airspace." Russia sent 30,000 troops to Belarus.'


def seeded(tmp_path):
    article = Article(id="a1", text=TEXT, published="2022-02-03")
    entities = [
        Entity("country/ua", "Ukraine", "COUNTRY", "UA"),
        Entity("gov/by", "Belarus", "GOV"),
        Entity("country/ru", "Russia", "COUNTRY", "RU"),
    ]
    sentence_2 = TEXT.index("Russia")
    mentions = [Mention("a1", "country/ua", "Ukraine", 12, 19, TEXT, 0, 43, "COUNTRY", "ruler")]
    place = Place(
        "a1", "Belarus", 73, 80, TEXT[sentence_2:], sentence_2, len(TEXT),
        "Belarus", 630336, 53.0, 28.0, "BY", "country",
    )  # fmt: skip
    statement = Statement(
        id=record_id("st", "a1", 12, 41), article_id="a1", kind="direct",
        quote="Ukraine violated our airspace.", start=12, end=42, sentence=TEXT[:43],
        sentence_start=0, sentence_end=43, speaker="gov/by", speaker_text="Minsk",
        cue="say", about=["country/ua"], quote_spans=[(12, 42)],
    )  # fmt: skip
    event = Event(
        id=record_id("ev", "a1", 20, 28, "ASSAULT"), article_id="a1", type="ASSAULT",
        mode="claimed", start=20, end=28, trigger="violated", sentence=TEXT[:43],
        sentence_start=0, sentence_end=43, actors=["country/ua"], recipients=["gov/by"],
        claimed_by="gov/by", statement_id=statement.id,
    )  # fmt: skip
    force = Force(
        id=record_id("fo", "a1", 56, 69), article_id="a1", kind="troops", text="30,000 troops",
        start=56, end=69, sentence=TEXT[sentence_2:], sentence_start=sentence_2,
        sentence_end=len(TEXT), owner="country/ru", count=30000, count_low=30000,
        count_high=30000, place=630336, place_text="Belarus",
    )  # fmt: skip
    result = ArticleResult(article, entities, mentions, [], [place], [statement], [event], [force])
    conn = connect(tmp_path / "w.db")
    assert save_result(conn, result)
    return conn


def test_records_round_trip_through_the_store(tmp_path):
    conn = seeded(tmp_path)
    [statement] = export.statements(conn)
    assert statement["quote"] == "Ukraine violated our airspace."
    assert statement["sentence"] == TEXT[:43]
    assert statement["about"] == ["country/ua"] and statement["quote_spans"] == [[12, 42]]
    [event] = export.events(conn)
    assert (event["type"], event["mode"], event["claimed_by"]) == ("ASSAULT", "claimed", "gov/by")
    assert event["actors"] == ["country/ua"] and event["lat"] is None
    [force] = export.forces(conn)
    assert (force["count"], force["approx"], force["lat"], force["lon"]) == (30000, False, 53, 28)
    assert force["sentence"] == "Russia sent 30,000 troops to Belarus."


def test_statements_are_searchable(tmp_path):
    conn = seeded(tmp_path)
    hits = conn.execute("SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'airspace'")
    assert len(hits.fetchall()) == 1


def test_every_format_writes_the_new_tables(tmp_path):
    conn = seeded(tmp_path)
    for table in ("statements", "events", "forces", "clusters"):
        out = io.StringIO()
        export.write_jsonl(export.TABLES[table](conn), out)
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert len(rows) == (0 if table == "clusters" else 1)
        csv_out = io.StringIO()
        export.write_csv(export.TABLES[table](conn), csv_out)
    buffer = io.BytesIO()
    assert export.write_parquet(export.forces(conn), buffer) == 1
    assert pq.read_table(io.BytesIO(buffer.getvalue())).column("count").to_pylist() == [30000]
    geo = io.StringIO()
    assert export.write_geojson(export.forces(conn), geo) == 1
    assert json.loads(geo.getvalue())["features"][0]["geometry"]["coordinates"] == [28, 53]
