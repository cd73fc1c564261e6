"""Readers (``wirewatch serve``, exports) query the database while ``wirewatch ingest`` writes
to it from another process, and never see "database is locked"."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REUTERS, short_stories
from wirewatch.outputs import export
from wirewatch.store.db import connect

STORIES = 120  # several parse batches, so the writer commits in several bursts


def read_once(db: Path, hold: float) -> dict[str, int]:
    """What a page of ``wirewatch serve`` does: open, query articles and mentions, close.

    One read transaction, so the queries see one state; ``hold`` keeps it open a while, as a
    slow client would. Returns the number of mentions of each article it saw.
    """
    conn = connect(db, readonly=True)
    try:
        conn.execute("BEGIN")
        per_article = dict(
            conn.execute(
                "SELECT a.id, count(m.entity_id) FROM articles a"
                " LEFT JOIN mentions m ON m.article_id = a.id GROUP BY a.id"
            ).fetchall()
        )
        mentions = list(export.mentions(conn))  # the whole table, with sentences
        assert len(mentions) == sum(per_article.values())
        time.sleep(hold)
        conn.rollback()
        return per_article
    finally:
        conn.close()


def test_readers_never_see_database_is_locked_while_ingest_writes(tmp_path: Path) -> None:
    if not REUTERS.is_file():
        pytest.skip(f"{REUTERS} is not there")
    corpus = tmp_path / "stories.jsonl"
    corpus.write_text(short_stories(STORIES), encoding="utf-8")
    db = tmp_path / "live.db"
    connect(db).close()  # the database a server already has open

    writer = subprocess.Popen(
        [sys.executable, "-m", "wirewatch.cli", "ingest", str(corpus), "--db", str(db), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    seen: list[dict[str, int]] = []
    errors: list[str] = []
    reads = 0
    while writer.poll() is None:
        try:
            seen.append(read_once(db, hold=0.02 if reads % 10 == 0 else 0.0))
        except sqlite3.Error as exc:
            errors.append(str(exc))
        reads += 1
    out, err = writer.communicate()
    assert writer.returncode == 0, err.decode()

    assert errors == [], f"{len(errors)} of {reads} reads failed: {sorted(set(errors))}"
    final = read_once(db, hold=0)
    assert len(final) >= STORIES - 5 and f"{len(final)} new" in out.decode()
    counts = [len(snapshot) for snapshot in seen]
    during = {c for c in counts if 0 < c < len(final)}
    assert len(during) >= 2, f"no reads while the writer was writing: {sorted(set(counts))}"
    assert counts == sorted(counts)  # each read saw at least what the one before it saw
    print(f"{reads} reads, {sum(0 < c < len(final) for c in counts)} while articles went in")
    for snapshot in seen:  # an article is seen with all its mentions, or not at all
        assert snapshot == {article: final[article] for article in snapshot}
