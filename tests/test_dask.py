"""The Dask engine builds the same database as the local one, on a 2-worker LocalCluster."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REUTERS, exported_tables
from wirewatch.cli import app, seed_paths
from wirewatch.engines import dask as dask_engine
from wirewatch.engines import local
from wirewatch.outputs import export

distributed = pytest.importorskip("distributed")

CONFLICT = re.compile(r"\b(troops|missile|attack|military|war)\b")


def conflict_stories(n: int, max_chars: int = 2500) -> Iterator[str]:
    """The first ``n`` short Reuters stories about armed conflict, as JSONL lines."""
    with gzip.open(REUTERS, "rt", encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            if len(text) < max_chars and CONFLICT.search(text):
                yield line
                n -= 1
                if n == 0:
                    return


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    if not REUTERS.is_file():
        pytest.skip(f"{REUTERS} is not there")
    reuters = tmp_path_factory.mktemp("corpus") / "reuters.jsonl"
    reuters.write_text("".join(conflict_stories(20)), encoding="utf-8")
    return [*seed_paths(), str(reuters)]


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    ) as running:
        yield running


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory) -> tuple[Path, local.IngestSummary]:
    db = tmp_path_factory.mktemp("local") / "local.db"
    summary = local.ingest(inputs, db)
    # The corpus repeats a story: one of the 22 inputs is a duplicate.
    assert (summary.new, summary.duplicate, summary.failed) == (21, 1, 0)
    return db, summary


def test_dask_run_builds_the_same_database_as_the_local_run(
    inputs, cluster, local_run, tmp_path
) -> None:
    local_db, local_summary = local_run
    db = tmp_path / "dask.db"
    # Small chunks: six tasks, so both workers analyse some and finish out of order.
    summary = dask_engine.ingest(inputs, db, scheduler=cluster.scheduler_address, chunk_size=4)
    assert str(summary) == str(local_summary)

    expected, got = exported_tables(local_db), exported_tables(db)
    assert set(got) == set(export.TABLES)
    for name in export.TABLES:
        assert got[name] == expected[name], f"{name} differ"
    assert len(got["mentions"]) > 100 and len(got["entities"]) > 20

    with distributed.Client(cluster) as client:
        loads = client.run(lambda: dask_engine.pipeline.cache_info())
    # Both workers worked, and each loaded the pipeline once (the plugin) and reused it.
    assert len(loads) == 2
    for info in loads.values():
        assert info.misses == 1 and info.hits >= 1

    again = dask_engine.ingest(inputs, db, scheduler=cluster.scheduler_address, chunk_size=4)
    assert str(again) == "0 new, 22 duplicate, 0 failed"
    assert exported_tables(db) == got


def test_cli_dask_engine_reports_errors_and_warnings_like_local(cluster, tmp_path: Path) -> None:
    good = tmp_path / "news.jsonl"
    lines = [
        {"text": "Iraqi troops repelled an Iranian attack east of Basra, Baghdad said."},
        {"text": "The missile was fired on Monday.", "date": "2999-01-01"},
        "{not json",
    ]
    good.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines))
    results = {}
    for engine in ("local", "dask"):
        db = tmp_path / f"{engine}.db"
        args = ["ingest", str(good), str(tmp_path / "missing.txt"), "--db", str(db), "-q"]
        if engine == "dask":
            args += ["--engine", "dask", "--scheduler", cluster.scheduler_address]
        run = CliRunner().invoke(app, args)
        assert run.exit_code == 1, run.output
        assert "2 new, 0 duplicate, 2 failed" in run.stdout
        results[engine] = (run.stderr, exported_tables(db))
    assert results["dask"] == results["local"]
    stderr = results["dask"][0]
    assert "news.jsonl:line 2: " in stderr and "treated as undated" in stderr
    assert "line 3: invalid JSON" in stderr and "missing.txt: no such file" in stderr


def test_local_cluster_is_started_when_no_scheduler_is_given(tmp_path: Path) -> None:
    db = tmp_path / "own.db"
    summary = dask_engine.ingest([seed_paths()[0]], db, workers=1)
    assert (summary.new, summary.failed) == (1, 0)
    assert exported_tables(db)["mentions"]


def test_workers_with_other_versions_are_refused() -> None:
    other = dict(dask_engine.versions(), wirewatch="0.0.1")
    with pytest.raises(dask_engine.ClusterUnavailable, match="install the same wirewatch"):
        dask_engine.analyse_on_worker([], other)  # a worker that joined after the start
    with (
        distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as one,
        distributed.Client(one) as client,
        pytest.raises(dask_engine.ClusterUnavailable, match="runs .*'wirewatch': '0.1.0'"),
    ):
        client.register_plugin(dask_engine.PipelineLoader(other))


def test_unreachable_scheduler_is_one_error_line(tmp_path: Path) -> None:
    run = CliRunner().invoke(
        app,
        ["ingest", seed_paths()[0], "--db", str(tmp_path / "x.db"), "--engine", "dask"]
        + ["--scheduler", "not-an-address"],
    )
    assert run.exit_code == 1
    (line,) = run.stderr.splitlines()
    assert line.startswith("error: cannot reach the Dask scheduler not-an-address (")
    assert not (tmp_path / "x.db").exists()


def test_scheduler_option_needs_the_dask_engine(tmp_path: Path) -> None:
    run = CliRunner().invoke(
        app, ["ingest", seed_paths()[0], "--db", str(tmp_path / "x.db"), "--scheduler", "x:1"]
    )
    assert run.exit_code == 2
    assert "--scheduler and --workers need --engine dask" in run.stderr
    assert not (tmp_path / "x.db").exists()
