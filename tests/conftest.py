"""Shared fixtures: the seed reports ingested once per test session."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from wirewatch.cli import seed_paths
from wirewatch.engines.local import ingest
from wirewatch.outputs import export
from wirewatch.store.db import connect

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_000 = "000_821fe176ec5e8b3f.txt"
SEED_003 = "003_c7fe8a2188f260ca.txt"
REUTERS = SHARED / "corpus" / "reuters21578.jsonl.gz"


def short_stories(n: int, max_chars: int = 1200) -> str:
    """The first ``n`` Reuters stories shorter than ``max_chars``, as JSONL."""
    found: list[str] = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as lines:
        for line in lines:
            if len(json.loads(line)["text"]) < max_chars:
                found.append(line)
                if len(found) == n:
                    break
    return "".join(found)


def exported_tables(db: Path) -> dict[str, list[dict]]:
    """Every exported table of ``db``, as the JSON records a user gets."""
    conn = connect(db, readonly=True)
    try:
        return {
            name: [json.loads(json.dumps(r)) for r in rows(conn)]
            for name, rows in export.TABLES.items()
        }
    finally:
        conn.close()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    summary = ingest(seed_paths(), db)
    assert (summary.new, summary.failed) == (2, 0)
    return db


@pytest.fixture(scope="session")
def seed_tables(seed_db) -> dict[str, list[dict]]:
    """The seed database's exports, as the JSON records a user would get."""
    return exported_tables(seed_db)


@pytest.fixture(scope="session")
def seed_articles(seed_tables) -> dict[str, dict]:
    """Seed articles keyed by the seed file's name."""
    by_origin = {}
    for article in seed_tables["articles"]:
        by_origin[Path(article["origin"]).name] = article
    return by_origin
