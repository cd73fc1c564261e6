"""The in-process engine: read inputs, skip what is stored, analyse in batches, write.

:func:`ingest` is also the driver every engine shares: reading, the hash check before any
NLP, date checks, warnings and the single SQLite writer stay here, in the calling process;
only the analysis of each chunk of fresh articles is handed to an :data:`Analyser`. This
module's analyser runs :func:`analyse_chunk` in process; ``engines/dask.py`` runs the same
function on a Dask cluster. Results come back chunk for chunk in input order, so every engine
writes the same rows in the same order and builds the same database.
"""

from __future__ import annotations

import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from wirewatch.extract.time import check_published
from wirewatch.ingest import DEFAULT_MAX_BYTES, read_inputs
from wirewatch.pipeline import analyse_many
from wirewatch.records import Article, ArticleResult, IngestError, RawArticle
from wirewatch.resolve.run import ResolveReport, is_stale, resolve
from wirewatch.store.db import connect, has_article, save_result

CHUNK = 64  # articles analysed per batch: big enough for nlp.pipe, small enough to stream
# ... and at most this many characters of text: a chunk's parse holds every token of it, so
# a run of long stories must not make one chunk (and the peak memory) several times the rest
CHUNK_CHARS = 64_000

Analyser = Callable[[Iterable[list[Article]]], Iterator[list[ArticleResult]]]
"""Turns chunks of articles into their results: one list per chunk, in the chunks' order."""


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    resolved: ResolveReport | None = None  # the cross-document step, when it ran

    def __str__(self) -> str:
        return f"{self.new} new, {self.duplicate} duplicate, {self.failed} failed"


def analyse_chunk(articles: list[Article]) -> list[ArticleResult]:
    """The results of one chunk of articles: the unit of work every engine hands out.

    An empty chunk (all duplicates) returns at once, without loading the NLP pipeline.
    """
    return list(analyse_many(articles)) if articles else []


def analyse_in_process(chunks: Iterable[list[Article]]) -> Iterator[list[ArticleResult]]:
    """The local engine's analyser: each chunk in turn, in this process."""
    for chunk in chunks:
        yield analyse_chunk(chunk)


def _chunks(
    items: Iterable[RawArticle | IngestError], size: int, max_chars: int = CHUNK_CHARS
) -> Iterator[list[RawArticle | IngestError]]:
    """Items in input order, ``size`` at most per chunk, and text of about ``max_chars``."""
    chunk: list[RawArticle | IngestError] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(item.text) if isinstance(item, RawArticle) else 0
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
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


@dataclass
class _Triage:
    """Sorts read items into errors, duplicates and fresh articles, before any NLP."""

    conn: sqlite3.Connection
    summary: IngestSummary
    on_error: Callable[[IngestError], None] | None
    on_warning: Callable[[str], None] | None
    seen: set[str] = field(default_factory=set)

    def fresh(self, chunk: list[RawArticle | IngestError]) -> list[Article]:
        """The articles of ``chunk`` that are neither failures nor already stored (or seen)."""
        fresh = []
        for item in chunk:
            if isinstance(item, IngestError):
                self.summary.failed += 1
                self.summary.errors.append(item)
                if self.on_error:
                    self.on_error(item)
            elif item.id in self.seen or has_article(self.conn, item.id):
                self.summary.duplicate += 1
            else:
                self.seen.add(item.id)
                fresh.append(_checked_article(item, self.summary, self.on_warning))
        return fresh


def ingest(
    paths: Iterable[str],
    db_path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    progress: bool = False,
    analyser: Analyser = analyse_in_process,
    chunk_size: int = CHUNK,
) -> IngestSummary:
    """Ingest every article found under ``paths`` into the database at ``db_path``.

    Articles already stored are counted as duplicates before any NLP; bad inputs are reported
    through ``on_error`` and counted, and never stop the others going in. ``analyser`` says
    where the chunks of ``chunk_size`` input items are analysed (default: in this process);
    each article's results are written in one transaction, in input order, by this process.
    """
    summary = IngestSummary()
    conn = connect(db_path)
    triage = _Triage(conn, summary, on_error, on_warning)
    sizes: deque[int] = deque()  # input items per chunk handed out, for the progress bar

    def fresh_chunks() -> Iterator[list[Article]]:
        for chunk in _chunks(read_inputs(paths, max_bytes=max_bytes, stdin=stdin), chunk_size):
            sizes.append(len(chunk))
            yield triage.fresh(chunk)

    try:
        with _progress(progress) as bar:
            task = bar.add_task("ingest", total=None)
            for results in analyser(fresh_chunks()):
                for result in results:
                    if save_result(conn, result):
                        summary.new += 1
                    else:
                        summary.duplicate += 1
                bar.update(task, advance=sizes.popleft())
        if is_stale(conn):  # new articles, or a resolution a crash cut short
            summary.resolved = resolve(conn)
    finally:
        conn.close()
    return summary
