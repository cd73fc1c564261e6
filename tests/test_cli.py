"""The command line, end to end: ingest, export, eval, demo, on real inputs and bad ones."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from wirewatch.cli import app, seed_paths

GOOD = FIXTURES / "ingest" / "good"
BAD = FIXTURES / "ingest" / "bad"
runner = CliRunner()


def run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def dump(db: Path) -> list[tuple]:
    """Every row of every table, to compare databases."""
    conn = sqlite3.connect(db)
    rows = []
    for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'"
    ):
        rows += [(table, *row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
    conn.close()
    return sorted(rows, key=repr)


@pytest.mark.parametrize("module", ["wirewatch", "wirewatch.cli"])
def test_help_lists_the_commands(module):
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("ingest", "export", "eval", "demo"):
        assert command in result.stdout
    if module == "wirewatch":
        assert "Usage: wirewatch" in result.stdout


def test_ingest_every_format_then_rerun_changes_nothing(tmp_path):
    db = tmp_path / "w.db"
    first = run("ingest", str(GOOD), "--db", str(db))
    assert first.exit_code == 1, first.output  # two bad JSONL lines, one empty feed entry
    summary = first.stdout.strip().splitlines()[-1]
    new = int(summary.split()[0])
    assert new >= 10 and summary.endswith("3 failed")
    before = dump(db)
    second = run("ingest", str(GOOD), "--db", str(db))
    assert second.stdout.strip().splitlines()[-1] == f"0 new, {new} duplicate, 3 failed"
    assert dump(db) == before


def test_each_failure_is_one_line_on_stderr_and_the_rest_go_in(tmp_path):
    db = tmp_path / "w.db"
    # binary.dat is named, since folders only yield files with article extensions
    result = run(
        "ingest",
        str(BAD),
        str(BAD / "binary.dat"),
        str(GOOD / "report_dated.txt"),
        str(tmp_path / "nope.txt"),
        "--db",
        str(db),
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 6, lines
    assert all(line.startswith(("error: ", "resolved: ")) for line in lines), lines
    assert any("nope.txt: no such file or directory" in line for line in errors)
    assert any("empty.txt: empty file" in line for line in errors)
    assert any("binary.dat: binary file, not text" in line for line in errors)
    assert sum("entity declarations" in line for line in errors) == 2
    assert result.stdout.strip().splitlines()[-1] == "1 new, 0 duplicate, 6 failed"


def test_all_good_inputs_exit_zero_and_stdin_works(tmp_path):
    db = tmp_path / "w.db"
    text = b"date 2022-02-03\nBelarus accused Ukraine of violating its airspace on Thursday.\n"
    result = run("ingest", "-", "--db", str(db), stdin=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 new, 0 duplicate, 0 failed"
    article = json.loads(run("export", "articles", "--db", str(db)).stdout)
    assert article["published"] == "2022-02-03"
    assert article["text"].startswith("Belarus accused Ukraine")


def test_a_future_date_is_a_warning_and_the_article_goes_in_undated(tmp_path):
    db = tmp_path / "w.db"
    report = tmp_path / "future.txt"
    report.write_text("date 2099-01-01\nBelarus summoned Ukraine's defence attaché on Monday.\n")
    result = run("ingest", str(report), "--db", str(db))
    assert result.exit_code == 0, result.output
    warning = result.stderr.strip().splitlines()[0]
    assert warning.startswith(f"warning: {report}: ") and warning.endswith("treated as undated")
    article = json.loads(run("export", "articles", "--db", str(db)).stdout)
    assert article["published"] is None


def test_oversize_file_is_refused(tmp_path):
    result = run(
        "ingest",
        str(GOOD / "report_dated.txt"),
        "--max-bytes",
        "100",
        "--db",
        str(tmp_path / "w.db"),
    )
    assert result.exit_code == 1
    assert "over the 100-byte limit (--max-bytes)" in result.stderr


def test_export_formats_agree(seed_db, tmp_path):
    lines = run("export", "mentions", "--db", str(seed_db)).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and set(records[0]) >= {
        "article_id",
        "entity_id",
        "text",
        "start",
        "end",
        "sentence",
    }
    as_csv = list(
        csv.DictReader(
            io.StringIO(run("export", "mentions", "--format", "csv", "--db", str(seed_db)).stdout)
        )
    )
    assert len(as_csv) == len(records)
    assert as_csv[0]["text"] == records[0]["text"]
    out = tmp_path / "entities.parquet"
    result = run(
        "export", "entities", "--format", "parquet", "--out", str(out), "--db", str(seed_db)
    )
    assert result.exit_code == 0
    table = pq.read_table(out).to_pylist()
    assert {"id", "name", "type", "aliases", "country", "wikidata", "mentions", "articles"} <= set(
        table[0]
    )
    entities_csv = run("export", "entities", "--format", "csv", "--db", str(seed_db)).stdout
    first = next(csv.DictReader(io.StringIO(entities_csv)))
    assert isinstance(json.loads(first["aliases"]), list)


def test_export_articles_fields(seed_db):
    article = json.loads(run("export", "articles", "--db", str(seed_db)).stdout.splitlines()[0])
    assert {
        "id",
        "title",
        "source",
        "url",
        "published",
        "published_inferred",
        "published_window",
        "duplicate_of",
        "text",
    } <= set(article)


def test_export_without_a_database_fails_clearly(tmp_path):
    result = run("export", "articles", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "none.db: no such database" in result.stderr


def test_demo_prints_the_seed_picture(tmp_path):
    db = tmp_path / "demo.db"
    result = run("demo", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "2 new, 0 duplicate, 0 failed" in result.stdout
    for name in ("Jens Stoltenberg", "Maxar Technologies", "S-400"):
        assert name in result.stdout
    again = run("demo", "--db", str(db))  # a fresh database each time
    assert "2 new" in again.stdout


def test_eval_ner_prints_metrics_as_last_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = "NATO chief Jens Stoltenberg met Andrzej Duda in Brussels ."
    entities = [
        {"start": 0, "end": 4, "text": "NATO", "label": "ORG"},
        {"start": 11, "end": 27, "text": "Jens Stoltenberg", "label": "PER"},
        {"start": 32, "end": 44, "text": "Andrzej Duda", "label": "PER"},
        {"start": 48, "end": 56, "text": "Brussels", "label": "LOC"},
    ]
    gold.write_text(
        json.dumps({"id": "d1", "text": text, "date": "2022-02-07", "entities": entities}) + "\n"
    )
    result = run("eval", "ner", "--gold", str(gold))
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["task"] == "ner" and metrics["n"] == 4
    assert metrics["f1"] == pytest.approx(1.0)


def test_eval_rejects_unknown_task_and_bad_gold(tmp_path):
    assert run("eval", "nope", "--gold", "x.jsonl").exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = run("eval", "ner", "--gold", str(bad))
    assert result.exit_code == 1
    assert "bad.jsonl:1: invalid JSON" in result.stderr


def test_seed_files_ship_with_the_package():
    assert [Path(p).name for p in seed_paths()] == [
        "000_821fe176ec5e8b3f.txt",
        "003_c7fe8a2188f260ca.txt",
    ]
