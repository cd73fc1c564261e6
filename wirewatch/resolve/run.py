"""The cross-document step, in order: copies, entity merges, event clusters, force series."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from wirewatch.resolve.clusters import write_clusters
from wirewatch.resolve.copies import find_copies
from wirewatch.resolve.entities import canonical_ids, merge_entities
from wirewatch.resolve.series import write_series


@dataclass
class ResolveReport:
    signed: int  # articles checked for copies in this run (each is checked once)
    copies: int  # of which copies of an earlier article
    merges: int  # entities that name the same thing as another
    clusters: int
    series: int

    def __str__(self) -> str:
        return (
            f"{self.copies} copies among {self.signed} new articles, {self.merges} entity"
            f" merges, {self.clusters} event clusters, {self.series} force series"
        )


def _articles_seen(conn: sqlite3.Connection) -> str:
    count, last = conn.execute("SELECT COUNT(*), MAX(rowid) FROM articles").fetchone()
    return f"{count}:{last}"


def is_stale(conn: sqlite3.Connection) -> bool:
    """Whether articles came or went since the last complete resolution."""
    row = conn.execute("SELECT value FROM resolution_state WHERE key = 'articles'").fetchone()
    if row is None:  # never resolved: stale once there is anything to resolve
        return conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None
    return row[0] != _articles_seen(conn)


def resolve(conn: sqlite3.Connection) -> ResolveReport:
    """Bring the database's cross-document picture up to date with its articles."""
    copies = find_copies(conn)
    merges = merge_entities(conn)
    canonical = canonical_ids(conn)
    report = ResolveReport(
        signed=copies.checked,
        copies=copies.copies,
        merges=len(merges),
        clusters=write_clusters(conn, canonical),
        series=write_series(conn, canonical),
    )
    with conn:  # last: a run killed before this line is redone by the next ingest
        conn.execute(
            "INSERT OR REPLACE INTO resolution_state (key, value) VALUES ('articles', ?)",
            (_articles_seen(conn),),
        )
    return report
