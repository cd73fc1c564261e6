"""A database made by an older wirewatch is migrated in place by ``connect()``, rows intact.

The old database is built with the store's own migration code, stopped at an older version
(only migrations 0001..N applied), and filled with the seed reports' real rows by the store's
writer, as the wirewatch of that version would have left it. Version 2 (timexes and places)
is the oldest the writer can still fill: version 1 has no tables for them.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from wirewatch.cli import seed_paths
from wirewatch.ingest import read_inputs
from wirewatch.outputs import export
from wirewatch.pipeline import analyse_many
from wirewatch.records import Article, ArticleResult, article_id_for
from wirewatch.store import db as store

# What each schema version added; a result for an older store carries only what it could hold.
ADDED_BY = {3: ("statements", "events", "forces")}
LATEST = store.migrations()[-1].version


@pytest.fixture(scope="module")
def seed_results() -> list[ArticleResult]:
    articles = [Article.from_raw(raw) for raw in read_inputs(seed_paths())]
    return list(analyse_many(articles))


def for_version(result: ArticleResult, version: int) -> ArticleResult:
    """``result`` without the records the tables of schema ``version`` cannot hold."""
    dropped = {name: [] for v, names in ADDED_BY.items() if v > version for name in names}
    return dataclasses.replace(result, **dropped)


def build_old_database(path: Path, version: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database at schema ``version``, made by the store's migration code."""
    older = [m for m in store.migrations() if m.version <= version]
    with monkeypatch.context() as patch:
        patch.setattr(store, "migrations", lambda: older)
        conn = store.connect(path)
    assert store.schema_version(conn) == version
    conn.close()


def rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]


def user_tables(conn: sqlite3.Connection) -> set[str]:
    found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    # Without SQLite's own tables and the full-text indexes' shadow tables.
    return {name for (name,) in found if not name.startswith("sqlite_") and "_fts" not in name}


def test_there_are_older_versions_to_migrate_from() -> None:
    assert [m.version for m in store.migrations()] == list(range(1, LATEST + 1))
    assert LATEST >= 3


@pytest.mark.parametrize("version", range(2, LATEST))
def test_old_database_is_migrated_in_place_with_its_rows_intact(
    version: int, seed_results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"v{version}.db"
    build_old_database(path, version, monkeypatch)
    old = sqlite3.connect(path)
    old.row_factory = sqlite3.Row
    for result in seed_results:
        assert store.save_result(old, for_version(result, version))
    old_tables = user_tables(old)
    before = {table: rows(old, table) for table in old_tables}
    old.close()
    assert before["articles"] and before["mentions"]

    conn = store.connect(path)  # migrates
    assert store.schema_version(conn) == LATEST
    assert user_tables(conn) > old_tables
    for table in old_tables:
        assert rows(conn, table) == before[table], f"{table} changed in the migration"
    # Full-text search still finds the old articles (its index was built before migration).
    hits = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Stoltenberg'")
    texts = [r[0] for r in conn.execute("SELECT text FROM articles")]
    assert hits.fetchone()[0] == sum("Stoltenberg" in text for text in texts) > 0
    conn.close()

    # The migrated database reads like a new one, and takes new articles.
    conn = store.connect(path, readonly=True)
    exported = {name: list(fn(conn)) for name, fn in export.TABLES.items()}
    conn.close()
    assert len(exported["articles"]) == 2
    assert {m["entity_id"] for m in exported["mentions"]} >= {"person/jens-stoltenberg"}
    conn = store.connect(path)
    assert store.schema_version(conn) == LATEST  # connecting again changes nothing
    text = "NATO chief Jens Stoltenberg said on Monday that Russian troops moved to Belarus."
    (result,) = analyse_many([Article(id=article_id_for(text), text=text, published="2022-02-07")])
    assert store.save_result(conn, result)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    conn.close()


def test_a_failed_migration_leaves_the_old_database_as_it_was(
    seed_results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v2.db"
    build_old_database(path, 2, monkeypatch)
    conn = sqlite3.connect(path)
    store.save_result(conn, for_version(seed_results[0], 2))
    before = {table: rows(conn, table) for table in user_tables(conn)}
    conn.close()

    # A migration that fails half-way, after creating a table.
    broken = store.Migration(3, "0003_broken.sql", "CREATE TABLE statements (x);\nNOT SQL;")
    older = [m for m in store.migrations() if m.version <= 2]
    monkeypatch.setattr(store, "migrations", lambda: [*older, broken])
    with pytest.raises(sqlite3.Error):
        store.connect(path)
    monkeypatch.undo()

    conn = sqlite3.connect(path)
    assert store.schema_version(conn) == 2
    assert set(before) == user_tables(conn)
    for table, old_rows in before.items():
        assert rows(conn, table) == old_rows
    conn.close()
    conn = store.connect(path)  # the real migrations then go through
    assert store.schema_version(conn) == LATEST
    conn.close()
