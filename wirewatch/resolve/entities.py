"""One entity per real-world entity across the whole database.

Within an article, the entity stage already turns surnames into the full name the article
gives, offices into their holders and aliases into curated ids; curated ids (data files) are
the same in every article. What is left for the database as a whole:

- a person found by surname only ("Nazer said") in an article that never gives the full name
  is the one person of that surname named in full elsewhere in the database, if exactly one;
- two discovered place entities whose mentions resolved to the same GeoNames entry
  (Rechitsa / Rechytsa, Kiev / Kyiv spelt in ways the data files lack) are one place.

Merges go to ``entity_merges`` (entity -> canonical); mentions keep the id they were stored
with, so provenance is untouched, and readers follow the merge. The canonical one of a group
is a curated entity if there is one, else the most mentioned, ties to the smaller id: a rerun
gives the same merges.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from wirewatch.knowledge import knowledge


@dataclass(frozen=True)
class Merge:
    entity_id: str
    canonical_id: str
    reason: str


def _mention_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT entity_id, COUNT(*) FROM mentions GROUP BY entity_id"))


def _rank(entity_id: str, counts: dict[str, int]) -> tuple[int, int, str]:
    curated = entity_id in knowledge().entities
    return (0 if curated else 1, -counts.get(entity_id, 0), entity_id)


def surname_merges(conn: sqlite3.Connection, counts: dict[str, int]) -> list[Merge]:
    people = conn.execute("SELECT id, name FROM entities WHERE type = 'PERSON'").fetchall()
    by_surname: dict[str, set[str]] = defaultdict(set)
    for entity_id, name in people:
        words = name.split()
        if len(words) > 1:
            by_surname[words[-1].lower()].add(entity_id)
    merges = []
    for entity_id, name in people:
        if len(name.split()) != 1 or entity_id in knowledge().entities:
            continue
        full = by_surname.get(name.lower(), set())
        if len(full) == 1:
            merges.append(Merge(entity_id, next(iter(full)), "surname"))
    return merges


def place_merges(conn: sqlite3.Connection, counts: dict[str, int]) -> list[Merge]:
    rows = conn.execute(
        "SELECT DISTINCT geonameid, entity_id FROM places"
        " WHERE geonameid IS NOT NULL AND entity_id IS NOT NULL"
    )
    by_place: dict[int, set[str]] = defaultdict(set)
    for geonameid, entity_id in rows:
        by_place[geonameid].add(entity_id)
    merges = []
    for group in by_place.values():
        if len(group) < 2:
            continue
        canonical = min(group, key=lambda e: _rank(e, counts))
        merges += [Merge(e, canonical, "same place") for e in sorted(group - {canonical})]
    return merges


def merge_entities(conn: sqlite3.Connection) -> list[Merge]:
    """Recompute every merge from the database as it is now, and store them."""
    counts = _mention_counts(conn)
    merges = {m.entity_id: m for m in place_merges(conn, counts)}
    for merge in surname_merges(conn, counts):
        merges.setdefault(merge.entity_id, merge)
    # A canonical entity that is itself merged elsewhere passes its group on (no chains).
    resolved = [
        Merge(m.entity_id, _follow(m.canonical_id, merges), m.reason) for m in merges.values()
    ]
    with conn:
        conn.execute("DELETE FROM entity_merges")
        conn.executemany(
            "INSERT INTO entity_merges (entity_id, canonical_id, reason) VALUES (?, ?, ?)",
            [
                (m.entity_id, m.canonical_id, m.reason)
                for m in resolved
                if m.entity_id != m.canonical_id
            ],
        )
    return resolved


def _follow(entity_id: str, merges: dict[str, Merge]) -> str:
    seen = {entity_id}
    while entity_id in merges and merges[entity_id].canonical_id not in seen:
        entity_id = merges[entity_id].canonical_id
        seen.add(entity_id)
    return entity_id


def canonical_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Entity id -> canonical id, for the merged ones."""
    return dict(conn.execute("SELECT entity_id, canonical_id FROM entity_merges"))
