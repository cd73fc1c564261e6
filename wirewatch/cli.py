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


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[int, typer.Option(help="Refuse input files larger than this.")] = (
        DEFAULT_MAX_BYTES
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    engine: Annotated[
        Engine, typer.Option(help="Analyse in this process, or on a Dask cluster.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address, tcp://HOST:8786 (default: a local cluster)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes of the local Dask cluster (default: cores)."),
    ] = None,
) -> None:
    """Read articles into the database. Exit 1 if any input failed (the rest still go in)."""
    if engine is Engine.local and (scheduler or workers):
        err.print("error: --scheduler and --workers need --engine dask", markup=False)
        raise typer.Exit(2)
    options = {
        "max_bytes": max_bytes,
        "stdin": sys.stdin.buffer,
        "on_error": _report_error,
        "on_warning": _report_warning,
        "progress": not quiet and sys.stderr.isatty(),
    }
    if engine is Engine.dask:
        from wirewatch.engines.dask import ClusterUnavailable
        from wirewatch.engines.dask import ingest as run_on_dask

        try:
            summary = run_on_dask(paths, db, scheduler=scheduler, workers=workers, **options)
        except ClusterUnavailable as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(1) from None
    else:
        from wirewatch.engines.local import ingest as run_ingest

        summary = run_ingest(paths, db, **options)
    typer.echo(str(summary))
    if summary.resolved is not None:  # stdout keeps the one summary line scripts read
        err.print(f"resolved: {summary.resolved}", markup=False)
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


@app.command()
def resolve(db: DbOption = DEFAULT_DB) -> None:
    """Bring the cross-document picture up to date: copies, entity merges, clusters, series."""
    from wirewatch.resolve.run import resolve as run_resolve
    from wirewatch.store.db import connect

    _require_db(db)
    typer.echo(str(run_resolve(connect(db))))


@app.command()
def timeline(
    entity: Annotated[
        str | None, typer.Option(help="Only events this entity takes part in (name or id).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this ISO date on.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this ISO date.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Event clusters in date order: date, type, actors -> recipients, place, mode, sources."""
    from rich.console import Console

    from wirewatch.outputs.timeline import timeline_rows, timeline_table
    from wirewatch.store.db import connect

    _require_db(db)
    for value, name in ((since, "--since"), (until, "--until")):
        if value is not None and not _is_iso_date(value):
            err.print(f"error: {name} {value!r} is not an ISO date (YYYY-MM-DD)", markup=False)
            raise typer.Exit(2)
    rows = timeline_rows(connect(db, readonly=True), entity, since, until)
    Console().print(timeline_table(rows))


def _is_iso_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Web dashboard and read-only JSON API (API docs at /docs); Ctrl-C stops it."""
    import uvicorn

    from wirewatch.web import create_app

    _require_db(db)
    err.print(f"wirewatch serve: {db} on http://{host}:{port}/ (API docs: /docs)", markup=False)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


@app.command()
def brief(
    out: Annotated[Path, typer.Option(help="FILE.html or FILE.md.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """A self-contained briefing of the whole database, as HTML or Markdown."""
    from wirewatch.outputs.brief import write_brief

    if out.suffix.lower() not in (".html", ".htm", ".md"):
        err.print(f"error: {out}: the briefing is written as .html or .md", markup=False)
        raise typer.Exit(2)
    _require_db(db)
    written = write_brief(db, out)
    err.print(f"briefing written to {', '.join(str(p) for p in written)}", markup=False)


def seed_paths() -> list[str]:
    folder = resources.files("wirewatch") / "data" / "seeds"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Demo database (recreated).")] = Path(
        "wirewatch-demo.db"
    ),
) -> None:
    """Ingest the two seed reports into a fresh database and print the briefing.

    The briefing is also written beside the database, as HTML (self-contained) and Markdown.
    """
    from rich.markdown import Markdown

    from wirewatch.engines.local import ingest as run_ingest
    from wirewatch.outputs.brief import write_brief
    from wirewatch.outputs.summary import print_summary
    from wirewatch.store.db import connect

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    summary = run_ingest(seed_paths(), db, on_error=_report_error)
    # Piped output has no terminal width to fit; keep table rows whole rather than folded.
    console = Console() if sys.stdout.isatty() else Console(width=220)
    console.print(f"[bold]wirewatch demo[/]: {summary} -> {db}")
    if summary.resolved is not None:
        console.print(f"resolved: {summary.resolved}", markup=False)
    conn = connect(db, readonly=True)
    print_summary(conn, console)
    conn.close()
    html = db.with_name(f"{db.stem}-brief.html")
    markdown = db.with_name(f"{db.stem}-brief.md")
    written = write_brief(db, html) + write_brief(db, markdown)
    console.print(Markdown(markdown.read_text("utf-8")))
    console.print(f"briefing written to: {', '.join(str(p) for p in written)}", markup=False)


if __name__ == "__main__":
    app()
