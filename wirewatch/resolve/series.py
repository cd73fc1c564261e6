"""Force postures reported several times become one series: (owner, kind, system, country).

Each series lists its forces in date order (a force's date is its own, else its article's),
so "some 30,000" on 3 February and "more than 100,000" a week later read as one line. Two
independent sources (distinct articles, a copy counting as its original) corroborate a
series; two figures from different sources for overlapping dates that cannot both be true
(bounds that do not meet, allowing 20% either way for approximate figures) contest it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from wirewatch.resolve.clusters import participant_key

APPROX_TOLERANCE = 0.2

FORCE_QUERY = """
SELECT f.id, f.owner, f.kind, f.system, f.count_low, f.count_high, f.approx, f.claimed_by,
       COALESCE(f.first, a.published, a.window_last) AS day,
       COALESCE(f.last, f.first, a.published, a.window_last) AS until,
       COALESCE(a.duplicate_of, a.id) AS source,
       (SELECT country FROM places p WHERE p.geonameid = f.place LIMIT 1) AS country
FROM forces f JOIN articles a ON a.id = f.article_id
ORDER BY a.rowid, f.start, f.id
"""


@dataclass
class ForceRow:
    id: str
    source: str
    day: str | None
    until: str | None
    low: float | None
    high: float | None


def _bounds(low: int | None, high: int | None, approx: bool) -> tuple[float | None, float | None]:
    slack = APPROX_TOLERANCE if approx else 0.0
    return (
        low * (1 - slack) if low is not None else None,
        high * (1 + slack) if high is not None else None,
    )


def _conflict(a: ForceRow, b: ForceRow) -> bool:
    if a.source == b.source or not (a.day and b.day):
        return False
    if a.day > (b.until or b.day) or b.day > (a.until or a.day):
        return False  # different dates: the posture may have changed
    if a.high is not None and b.low is not None and a.high < b.low:
        return True
    return b.high is not None and a.low is not None and b.high < a.low


def series_status(forces: list[ForceRow]) -> str:
    if any(_conflict(a, b) for i, a in enumerate(forces) for b in forces[i + 1 :]):
        return "contested"
    return "corroborated" if len({f.source for f in forces}) >= 2 else "single_source"


def write_series(conn: sqlite3.Connection, canonical: dict[str, str]) -> int:
    """Recompute every force series and store them; returns how many there are."""
    groups: dict[tuple, list[ForceRow]] = defaultdict(list)
    for r in conn.execute(FORCE_QUERY):
        owner = participant_key(r["owner"], canonical) if r["owner"] else None
        system = canonical.get(r["system"], r["system"]) if r["system"] else None
        key = (owner, r["kind"], system, r["country"])
        groups[key].append(
            ForceRow(r["id"], r["source"], r["day"], r["until"],
                     *_bounds(r["count_low"], r["count_high"], bool(r["approx"])))
        )  # fmt: skip
    rows = []
    for (owner, kind, system, country), forces in groups.items():
        forces.sort(key=lambda f: (f.day or "", f.id))
        key = json.dumps([owner, kind, system, country])
        rows.append(
            (
                f"fs-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}",
                owner,
                kind,
                system,
                country,
                json.dumps([f.id for f in forces]),
                series_status(forces),
            )
        )
    with conn:
        conn.execute("DELETE FROM force_series")
        conn.executemany(
            "INSERT INTO force_series (id, owner, kind, system, country, forces, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)
