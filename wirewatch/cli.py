"""The ``wirewatch`` command line (Typer). Commands and fields: ``docs/cli.md``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from wirewatch.eval import TASKS, evaluate
from wirewatch.eval.gold import GoldFileError
from wirewatch.ingest import DEFAULT_MAX_BYTES
from wirewatch.records import IngestError

app = typer.Typer(
    help="Build a sourced, structured picture of a crisis from news reports, offline.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.")]
DEFAULT_DB = Path("wirewatch.db")


class ExportTable(StrEnum):
    articles = "articles"
    entities = "entities"
    mentions = "mentions"
    timexes = "timexes"
    places = "places"
    statements = "statements"
    events = "events"
    forces = "forces"
    clusters = "clusters"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    geojson = "geojson"


def _report_error(error: IngestError) -> None:
    err.print(f"error: {error}", markup=False)


def _report_warning(message: str) -> None:
    err.print(f"warning: {message}", markup=False)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[int, typer.Option(help="Refuse input files larger than this.")] = (
        DEFAULT_MAX_BYTES
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles into the database. Exit 1 if any input failed (the rest still go in)."""
    from wirewatch.engines.local import ingest as run_ingest

    summary = run_ingest(
        paths,
        db,
        max_bytes=max_bytes,
        stdin=sys.stdin.buffer,
        on_error=_report_error,
        on_warning=_report_warning,
        progress=not quiet and sys.stderr.isatty(),
    )
    typer.echo(str(summary))
    if summary.failed:
        raise typer.Exit(1)


def _open_out(out: Path | None, binary: bool):
    if out is None:
        return sys.stdout.buffer if binary else sys.stdout
    return out.open("wb") if binary else out.open("w", encoding="utf-8", newline="")


@app.command()
def export(
    what: Annotated[ExportTable, typer.Argument(help="What to export.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = (
        ExportFormat.jsonl
    ),
    out: Annotated[Path | None, typer.Option(help="Output file (default: stdout).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write a table of the database as JSONL, CSV, Parquet or (places) GeoJSON."""
    from wirewatch.outputs import export as exporter
    from wirewatch.store.db import connect

    if fmt is ExportFormat.geojson and what.value not in exporter.GEO_TABLES:
        err.print(
            f"error: {what.value} have no coordinates; geojson is for: "
            f"{', '.join(exporter.GEO_TABLES)}",
            markup=False,
        )
        raise typer.Exit(2)
    _require_db(db)
    conn = connect(db, readonly=True)
    records = exporter.TABLES[what.value](conn)
    writer = exporter.WRITERS[fmt.value]
    handle = _open_out(out, binary=fmt is ExportFormat.parquet)
    try:
        count = writer(records, handle)
    finally:
        if out is not None:
            handle.close()
    if out is not None:
        err.print(f"{count} {what.value} written to {out}", markup=False)


def _require_db(db: Path) -> None:
    if not db.is_file():
        err.print(f"error: {db}: no such database (run `wirewatch ingest` first)", markup=False)
        raise typer.Exit(1)


def _print_report(report) -> None:
    table = Table(title=f"wirewatch eval {report.task}", title_justify="left")
    for column in report.columns:
        table.add_column(column)
    for row in report.rows:
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    console = Console()
    console.print(table)
    for note in report.notes:
        console.print(note, markup=False)
    print(json.dumps(report.metrics))


@app.command("eval")
def eval_command(
    task: Annotated[str, typer.Argument(help=f"Task: {', '.join(TASKS)}.")],
    gold: Annotated[Path, typer.Option(help="Gold file (JSONL) from ../shared/eval/.")],
) -> None:
    """Score the pipeline against a gold file; the last line printed is a JSON object."""
    if task not in TASKS:
        err.print(f"error: unknown task {task!r} (known: {', '.join(TASKS)})", markup=False)
        raise typer.Exit(2)
    try:
        report = evaluate(task, str(gold))
    except GoldFileError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(1) from None
    _print_report(report)


def seed_paths() -> list[str]:
    folder = resources.files("wirewatch") / "data" / "seeds"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Demo database (recreated).")] = Path(
        "wirewatch-demo.db"
    ),
) -> None:
    """Ingest the two seed reports into a fresh database and print what was found."""
    from wirewatch.engines.local import ingest as run_ingest
    from wirewatch.outputs.summary import print_summary
    from wirewatch.store.db import connect

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    summary = run_ingest(seed_paths(), db, on_error=_report_error)
    # Piped output has no terminal width to fit; keep table rows whole rather than folded.
    console = Console() if sys.stdout.isatty() else Console(width=220)
    console.print(f"[bold]wirewatch demo[/]: {summary} -> {db}")
    conn = connect(db, readonly=True)
    print_summary(conn, console)
    conn.close()


if __name__ == "__main__":
    app()
