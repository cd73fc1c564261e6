"""The SQLite store: schema versions, migrations, atomic and idempotent writes, FTS."""

from __future__ import annotations

import sqlite3

import pytest

from wirewatch.records import Article, ArticleResult, Entity, Mention
from wirewatch.store.db import connect, migrations, save_result, schema_version


def result_for(text: str, entity_id: str = "country/by") -> ArticleResult:
    article = Article(id=f"id-{abs(hash(text))}", text=text)
    entity = Entity(entity_id, "Belarus", "COUNTRY", "BY")
    mention = Mention(article.id, entity_id, text[:7], 0, 7, text, 0, len(text), "COUNTRY", "ruler")
    return ArticleResult(article, [entity], [mention])


def test_new_database_is_at_the_latest_version_in_wal_mode(tmp_path):
    conn = connect(tmp_path / "w.db")
    assert schema_version(conn) == migrations()[-1].version
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_does_not_migrate_again(tmp_path):
    connect(tmp_path / "w.db").close()
    conn = connect(tmp_path / "w.db")
    assert schema_version(conn) == migrations()[-1].version


def test_save_is_idempotent_and_searchable(tmp_path):
    conn = connect(tmp_path / "w.db")
    result = result_for("Belarus summoned the defence attaché.")
    assert save_result(conn, result) is True
    assert save_result(conn, result) is False
    assert conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 1
    hits = conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'attaché'")
    assert len(hits.fetchall()) == 1


def test_a_failed_write_leaves_no_half_article(tmp_path):
    conn = connect(tmp_path / "w.db")
    broken = result_for("Belarus summoned the defence attaché.")
    broken.mentions[0].entity_id = "no/such-entity"  # violates the foreign key
    with pytest.raises(sqlite3.IntegrityError):
        save_result(conn, broken)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 0
