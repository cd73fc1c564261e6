"""The in-process engine: read inputs, skip what is stored, analyse in batches, write."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from wirewatch.extract.time import check_published
from wirewatch.ingest import DEFAULT_MAX_BYTES, read_inputs
from wirewatch.pipeline import analyse_many
from wirewatch.records import Article, IngestError, RawArticle
from wirewatch.store.db import connect, has_article, save_result

CHUNK = 64  # articles analysed per batch: big enough for nlp.pipe, small enough to stream


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.new} new, {self.duplicate} duplicate, {self.failed} failed"


def _chunks(
    items: Iterable[RawArticle | IngestError], size: int
) -> Iterator[list[RawArticle | IngestError]]:
    chunk: list[RawArticle | IngestError] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        disable=not enabled,
        transient=True,
    )


def _checked_article(
    raw: RawArticle, summary: IngestSummary, on_warning: Callable[[str], None] | None
) -> Article:
    """The article to analyse; a stated date that cannot be right is dropped, with a warning."""
    article = Article.from_raw(raw)
    published, warning = check_published(article)
    if warning:
        article.published = published
        message = f"{raw.origin}: {warning}; treated as undated"
        summary.warnings.append(message)
        if on_warning:
            on_warning(message)
    return article


def ingest(
    paths: Iterable[str],
    db_path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    progress: bool = False,
) -> IngestSummary:
    """Ingest every article found under ``paths`` into the database at ``db_path``.

    Articles already stored are counted as duplicates before any NLP; bad inputs are reported
    through ``on_error`` and counted, and never stop the others going in.
    """
    summary = IngestSummary()
    conn = connect(db_path)
    seen: set[str] = set()
    with _progress(progress) as bar:
        task = bar.add_task("ingest", total=None)
        for chunk in _chunks(read_inputs(paths, max_bytes=max_bytes, stdin=stdin), CHUNK):
            fresh = []
            for item in chunk:
                if isinstance(item, IngestError):
                    summary.failed += 1
                    summary.errors.append(item)
                    if on_error:
                        on_error(item)
                elif item.id in seen or has_article(conn, item.id):
                    summary.duplicate += 1
                else:
                    seen.add(item.id)
                    fresh.append(_checked_article(item, summary, on_warning))
            for result in analyse_many(fresh):
                if save_result(conn, result):
                    summary.new += 1
                else:
                    summary.duplicate += 1
            bar.update(task, advance=len(chunk))
    conn.close()
    return summary
