"""``wirewatch ingest`` killed with SIGKILL at random points loses, doubles and half-writes
nothing: a rerun to completion gives the database a clean run gives.

Kills come in chains on one database: the first kill of a chain falls anywhere in a run
(start-up and the schema migration included), each later one at a random moment of a
rerun's writes, one to three articles after the last kill. After every kill the database must hold a
prefix of the clean run's articles, each with all of its rows; at the end of a chain a rerun
to completion must give every exported table exactly as the clean run has it.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REUTERS, exported_tables, short_stories
from wirewatch.store.db import connect

ARTICLES = 30
KILLS = 20
KILLS_PER_CHAIN = 10  # each chain ends with a rerun to completion
MAX_CHAINS = 12
SEED = 20220224
POLL_S = 0.001


def start_ingest(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "wirewatch.cli", "ingest", str(corpus), "--db", str(db), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def stored(db: Path) -> int:
    """Articles committed so far (0 while the database or its schema is not there yet)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # no schema yet, or the file is being created
        return 0


def finish(proc: subprocess.Popen) -> None:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()


def kill_at_random(proc: subprocess.Popen, db: Path, rng: random.Random, anywhere: float) -> bool:
    """SIGKILL ``proc`` ``anywhere`` seconds in or, when that is 0, once one to three more
    articles are stored; False when it finished first.

    The second kind lands wherever the writer is when the poll sees its count: articles are
    written in bursts of a few milliseconds after each batch is parsed, so it is most often
    in the middle of a transaction or between two.
    """
    if anywhere:
        deadline = time.monotonic() + anywhere
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(POLL_S)
    else:
        target = stored(db) + rng.randint(1, 3)
        while stored(db) < target and proc.poll() is None:
            time.sleep(POLL_S)
    if proc.poll() is not None:
        finish(proc)
        return False
    proc.kill()
    proc.communicate()
    assert proc.returncode == -9
    return True


# Set by the cross-document step once all articles are in (docs/resolve.md): a kill can come
# before it, and the rerun redoes it, so only the final database must have them as clean.
CROSS_DOCUMENT = {"articles": ("duplicate_of",), "events": ("cluster",)}


def schema_version(db: Path) -> int:
    conn = connect(db, readonly=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def own_fields(table: str, rows: list[dict]) -> list[dict]:
    """``rows`` without the fields the cross-document step sets."""
    skip = CROSS_DOCUMENT.get(table, ())
    return [{k: v for k, v in row.items() if k not in skip} for row in rows]


def assert_clean_prefix(db: Path, clean: dict[str, list[dict]]) -> int:
    """The killed run's database holds the clean run's first articles, each whole."""
    if not db.exists() or schema_version(db) == 0:
        return 0  # killed before the database was made, or in its first migration
    got = exported_tables(db)
    n = len(got["articles"])
    assert own_fields("articles", got["articles"]) == own_fields(
        "articles", clean["articles"][:n]
    ), "articles lost, doubled or reordered"
    ids = {a["id"] for a in got["articles"]}
    for name, rows in clean.items():
        if rows and "article_id" in rows[0]:
            expected = [r for r in rows if r["article_id"] in ids]
            assert own_fields(name, got[name]) == own_fields(name, expected), (
                f"{name}: an article is half-written"
            )
    return n


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    if not REUTERS.is_file():
        pytest.skip(f"{REUTERS} is not there")
    path = tmp_path_factory.mktemp("crash") / "stories.jsonl"
    path.write_text(short_stories(ARTICLES), encoding="utf-8")
    return path


def test_sigkill_at_random_points_then_rerun_gives_the_clean_database(
    corpus: Path, tmp_path: Path
) -> None:
    clean_db = tmp_path / "clean.db"
    started = time.monotonic()
    finish(start_ingest(corpus, clean_db))
    clean_run_s = time.monotonic() - started
    clean = exported_tables(clean_db)
    total = len(clean["articles"])
    assert total >= ARTICLES - 2  # the corpus repeats a story or two

    rng = random.Random(SEED)
    kills, points = 0, set()
    for chain in range(MAX_CHAINS):
        if kills >= KILLS:
            break
        db = tmp_path / f"chain{chain}.db"
        for attempt in range(min(KILLS_PER_CHAIN, KILLS - kills)):
            anywhere = rng.uniform(0, clean_run_s) if attempt == 0 else 0.0
            if not kill_at_random(start_ingest(corpus, db), db, rng, anywhere):
                break  # this rerun got to the end before its kill
            kills += 1
            points.add(assert_clean_prefix(db, clean))
        finish(start_ingest(corpus, db))
        assert exported_tables(db) == clean
    print(f"{kills} kills, {total} articles, stored after a kill: {sorted(points)}")
    assert kills >= KILLS
    assert len(points) >= 5, f"the kills fell at too few points: {sorted(points)}"
