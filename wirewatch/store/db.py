"""The SQLite store: connection settings, schema migrations, and writes per article.

WAL mode so readers never block the writer; foreign keys on; one transaction per article so a
crash never leaves half an article. The schema version is SQLite's ``user_version``; each file
``migrations/NNNN_*.sql`` moves it from ``NNNN - 1`` to ``NNNN``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

from wirewatch.records import ArticleResult

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The packaged migrations, in version order."""
    folder = resources.files("wirewatch.store") / "migrations"
    found = []
    for item in folder.iterdir():
        match = MIGRATION_NAME.match(item.name)
        if match:
            found.append(Migration(int(match.group(1)), item.name, item.read_text("utf-8")))
    return sorted(found, key=lambda m: m.version)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the database; returns the resulting version."""
    current = schema_version(conn)
    for migration in migrations():
        if migration.version <= current:
            continue
        # executescript commits first; wrap the script so a failed migration rolls back whole.
        try:
            conn.executescript(
                f"BEGIN;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            )
        except sqlite3.Error:
            conn.rollback()
            raise
        current = migration.version
    return current


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating and migrating if needed) a wirewatch database."""
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    return conn


def has_article(conn: sqlite3.Connection, article_id: str) -> bool:
    row = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row is not None


def _insert_article(conn: sqlite3.Connection, result: ArticleResult) -> bool:
    a = result.article
    window = a.published_window or (None, None)
    cursor = conn.execute(
        "INSERT OR IGNORE INTO articles (id, title, source, url, published, published_inferred,"
        " window_first, window_last, duplicate_of, external_id, origin, text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            a.id,
            a.title,
            a.source,
            a.url,
            a.published,
            int(a.published_inferred),
            *window,
            a.duplicate_of,
            a.external_id,
            a.origin,
            a.text,
        ),
    )
    return cursor.rowcount == 1


def _upsert_entities(conn: sqlite3.Connection, result: ArticleResult) -> None:
    # Known entities come from the data files and discovered ids are a function of the
    # name, so the first writer's row is as good as any later one: never overwrite it.
    conn.executemany(
        "INSERT OR IGNORE INTO entities (id, name, type, country, wikidata, description)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(e.id, e.name, e.type, e.country, e.wikidata, e.description) for e in result.entities],
    )


def _insert_mentions(conn: sqlite3.Connection, result: ArticleResult) -> None:
    conn.executemany(
        "INSERT INTO mentions (article_id, start, end, entity_id, text, label, recogniser,"
        " stands_for, sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                m.article_id,
                m.start,
                m.end,
                m.entity_id,
                m.text,
                m.label,
                m.recogniser,
                m.stands_for,
                m.sentence_start,
                m.sentence_end,
            )
            for m in result.mentions
        ],
    )


def _insert_timexes(conn: sqlite3.Connection, result: ArticleResult) -> None:
    conn.executemany(
        "INSERT INTO timexes (article_id, start, end, text, value, first, last, kind, anchor,"
        " sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                t.article_id,
                t.start,
                t.end,
                t.text,
                t.value,
                t.first,
                t.last,
                t.kind,
                t.anchor,
                t.sentence_start,
                t.sentence_end,
            )
            for t in result.timexes
        ],
    )


def _insert_places(conn: sqlite3.Connection, result: ArticleResult) -> None:
    conn.executemany(
        "INSERT INTO places (article_id, start, end, text, name, geonameid, lat, lon, country,"
        " feature, entity_id, sentence_start, sentence_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                p.article_id,
                p.start,
                p.end,
                p.text,
                p.name,
                p.geonameid,
                p.lat,
                p.lon,
                p.country,
                p.feature,
                p.entity_id,
                p.sentence_start,
                p.sentence_end,
            )
            for p in result.places
        ],
    )


def _column_value(value: object) -> object:
    if isinstance(value, list | tuple):
        return json.dumps(value)  # entity ids and spans are stored as JSON arrays
    if isinstance(value, bool):
        return int(value)
    return value


def _insert_records(conn: sqlite3.Connection, table: str, records: Sequence[object]) -> None:
    """Insert dataclass records into the table whose columns carry their field names.

    The ``sentence`` text is not stored: it is sliced from the article by its bounds.
    """
    if not records:
        return
    names = [f.name for f in fields(records[0]) if f.name != "sentence"]  # type: ignore[arg-type]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.executemany(sql, [[_column_value(getattr(r, name)) for name in names] for r in records])


def save_result(conn: sqlite3.Connection, result: ArticleResult) -> bool:
    """Store one article and everything extracted from it, atomically.

    Returns False, writing nothing, when the article is already stored.
    """
    with conn:
        if not _insert_article(conn, result):
            return False
        _upsert_entities(conn, result)
        _insert_mentions(conn, result)
        _insert_timexes(conn, result)
        _insert_places(conn, result)
        _insert_records(conn, "statements", result.statements)
        _insert_records(conn, "events", result.events)
        _insert_records(conn, "forces", result.forces)
    return True
