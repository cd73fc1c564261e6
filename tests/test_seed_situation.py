"""The seeds' cross-document picture (EXPECTED.md, "Cross-document" and "Forces")."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.conftest import SEED_000, SEED_003
from wirewatch.cli import app
from wirewatch.store.db import connect


def test_the_february_exercise_is_one_cluster_with_both_articles(seed_tables, seed_articles):
    both = {seed_articles[SEED_000]["id"], seed_articles[SEED_003]["id"]}
    exercise = [
        c
        for c in seed_tables["clusters"]
        if (c["first"], c["last"]) == ("2022-02-10", "2022-02-20")
    ]
    assert len(exercise) == 1
    [cluster] = exercise
    assert set(cluster["articles"]) == both and cluster["sources"] == 2
    assert cluster["status"] == "corroborated"
    assert {"country/ru", "country/by"} <= {
        a.replace("gov/", "country/") for a in cluster["actors"]
    }


def test_s400_and_iskander_in_belarus_are_corroborated(seed_db, seed_articles):
    conn = connect(seed_db, readonly=True)
    rows = conn.execute(
        "SELECT system, country, status, forces FROM force_series WHERE system IN"
        " ('weapon/s-400', 'weapon/iskander')"
    ).fetchall()
    assert {r["system"] for r in rows} == {"weapon/s-400", "weapon/iskander"}
    for row in rows:
        assert (row["country"], row["status"]) == ("BY", "corroborated")
        forces = json.loads(row["forces"])
        articles = {
            r[0]
            for r in conn.execute(
                f"SELECT article_id FROM forces WHERE id IN ({','.join('?' * len(forces))})",
                forces,
            )
        }
        assert articles == {seed_articles[SEED_000]["id"], seed_articles[SEED_003]["id"]}


def test_the_seeds_are_not_copies_of_each_other(seed_articles):
    assert all(a["duplicate_of"] is None for a in seed_articles.values())


def test_timeline_of_the_seeds(seed_db):
    result = CliRunner().invoke(
        app, ["timeline", "--db", str(seed_db), "--entity", "Belarus"], env={"COLUMNS": "220"}
    )
    assert result.exit_code == 0, result.output
    assert "2022-02-10..2022-02-20" in result.output and "corroborated" in result.output
