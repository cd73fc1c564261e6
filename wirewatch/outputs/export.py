"""Exports of the store's tables as JSONL, CSV or Parquet records (fields: ``docs/fields.md``)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

Record = dict[str, Any]
FORMATS = ("jsonl", "csv", "parquet", "geojson")


def article_record(r: sqlite3.Row, with_text: bool = True) -> Record:
    window = [r["window_first"], r["window_last"]] if r["window_first"] else None
    out = {
        "id": r["id"],
        "title": r["title"],
        "source": r["source"],
        "url": r["url"],
        "published": r["published"],
        "published_inferred": bool(r["published_inferred"]),
        "published_window": window,
        "duplicate_of": r["duplicate_of"],
        "external_id": r["external_id"],
        "origin": r["origin"],
    }
    if with_text:
        out["text"] = r["text"]
    return out


def articles(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute("SELECT * FROM articles ORDER BY rowid"):
        yield article_record(r)


ENTITY_QUERY = """
SELECT e.*, COUNT(*) AS n_mentions, COUNT(DISTINCT m.article_id) AS n_articles,
       json_group_array(DISTINCT m.text) AS aliases
FROM entities e JOIN mentions m ON m.entity_id = e.id
GROUP BY e.id ORDER BY n_mentions DESC, e.id
"""


def entities(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute(ENTITY_QUERY):
        yield {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"],
            "aliases": sorted(json.loads(r["aliases"])),
            "country": r["country"],
            "wikidata": r["wikidata"],
            "description": r["description"],
            "mentions": r["n_mentions"],
            "articles": r["n_articles"],
        }


def _with_sentence(table: str) -> str:
    """All rows of a per-article table, with the text of each row's sentence."""
    return (
        f"SELECT t.*, substr(a.text, t.sentence_start + 1, t.sentence_end - t.sentence_start)"
        f" AS sentence FROM {table} t JOIN articles a ON a.id = t.article_id"
        f" ORDER BY a.rowid, t.start, t.end"
    )


# Columns stored as JSON arrays, decoded on the way out.
JSON_COLUMNS = frozenset(
    {"quote_spans", "about", "actors", "recipients", "events", "articles", "forces"}
)
# The coordinates of a record's `place` (a geonameid), from any place row that resolved to it.
PLACE_POINT = "(SELECT {axis} FROM places p WHERE p.geonameid = t.place LIMIT 1) AS {axis}"


def record(row: sqlite3.Row, fields: tuple[str, ...]) -> Record:
    """A row as an export record: the named fields, JSON arrays decoded, flags as booleans."""
    out = {f: json.loads(row[f]) if f in JSON_COLUMNS else row[f] for f in fields}
    if "approx" in out:
        out["approx"] = bool(out["approx"])
    return out


MENTION_FIELDS = (
    "article_id", "entity_id", "text", "start", "end", "sentence", "label", "recogniser",
    "stands_for",
)  # fmt: skip
TIMEX_FIELDS = (
    "article_id", "text", "start", "end", "sentence", "value", "first", "last", "kind", "anchor",
)  # fmt: skip
PLACE_FIELDS = (
    "article_id", "text", "start", "end", "sentence", "name", "geonameid", "lat", "lon",
    "country", "feature", "entity_id",
)  # fmt: skip


def mentions(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute(_with_sentence("mentions")):
        yield record(r, MENTION_FIELDS)


def timexes(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute(_with_sentence("timexes")):
        yield record(r, TIMEX_FIELDS)


def places(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute(_with_sentence("places")):
        yield record(r, PLACE_FIELDS)


def _located(table: str) -> str:
    """A per-article table with its sentence and the coordinates of its place."""
    points = ", ".join(PLACE_POINT.format(axis=axis) for axis in ("lat", "lon"))
    return _with_sentence(table).replace(" AS sentence", f" AS sentence, {points}", 1)


STATEMENT_FIELDS = (
    "id", "article_id", "speaker", "speaker_text", "kind", "cue", "quote", "start", "end",
    "sentence", "via", "about", "stance", "target", "quote_spans", "speaker_start",
    "speaker_end", "cue_start", "cue_end",
)  # fmt: skip
EVENT_FIELDS = (
    "id", "article_id", "type", "subtype", "actors", "recipients", "place", "lat", "lon",
    "first", "last", "mode", "claimed_by", "responds_to", "cluster", "start", "end",
    "sentence", "trigger", "actor_text", "recipient_text", "place_text", "statement_id",
)  # fmt: skip
FORCE_FIELDS = (
    "id", "article_id", "owner", "kind", "system", "count", "count_low", "count_high",
    "approx", "place", "lat", "lon", "first", "last", "claimed_by", "start", "end",
    "sentence", "text", "place_text", "origin_place", "statement_id",
)  # fmt: skip
CLUSTER_FIELDS = (
    "id", "type", "subtype", "label", "events", "articles", "sources", "first", "last",
    "status", "mode", "actors", "recipients", "place", "lat", "lon",
)  # fmt: skip


def statements(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute(_with_sentence("statements")):
        yield record(r, STATEMENT_FIELDS)


def events(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute(_located("events")):
        yield record(r, EVENT_FIELDS)


def forces(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute(_located("forces")):
        yield record(r, FORCE_FIELDS)


def clusters(conn: sqlite3.Connection) -> Iterator[Record]:
    for r in conn.execute("SELECT * FROM clusters ORDER BY first IS NULL, first, id"):
        yield record(r, CLUSTER_FIELDS)


TABLES: dict[str, Callable[[sqlite3.Connection], Iterator[Record]]] = {
    "articles": articles,
    "entities": entities,
    "mentions": mentions,
    "timexes": timexes,
    "places": places,
    "statements": statements,
    "events": events,
    "forces": forces,
    "clusters": clusters,
}
# Tables whose records carry coordinates, and so can be written as GeoJSON.
GEO_TABLES = ("places", "events", "forces", "clusters")


def flatten(record: Record, prefix: str = "") -> Record:
    """Nested objects become dotted columns; lists become JSON text in one cell."""
    flat: Record = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def write_jsonl(records: Iterator[Record], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[Record], out: IO[str]) -> int:
    writer = None
    count = 0
    for record in records:
        flat = flatten(record)
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat), lineterminator="\n")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    return count


def write_parquet(records: Iterator[Record], out: IO[bytes]) -> int:
    rows = list(records)
    table = pa.Table.from_pylist(rows)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    out.write(buffer.getvalue())
    return len(rows)


def write_geojson(records: Iterator[Record], out: IO[str]) -> int:
    """A FeatureCollection of the records that have coordinates; the rest are skipped."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")},
        }
        for r in records
        if r.get("lat") is not None and r.get("lon") is not None
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


WRITERS = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
    "geojson": write_geojson,
}
