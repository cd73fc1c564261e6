"""``wirewatch timeline``: event clusters in date order, in the terminal."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from rich.table import Table


@dataclass
class TimelineRow:
    cluster: str
    first: str | None
    last: str | None
    type: str
    subtype: str | None
    actors: list[str]  # entity names
    recipients: list[str]
    place: str | None
    mode: str | None
    sources: int
    status: str
    label: str | None


def _names(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, name FROM entities"))


def matching_entities(conn: sqlite3.Connection, query: str) -> set[str]:
    """Entity ids whose id, canonical name or any mention's text matches (case-insensitive)."""
    like = f"%{query.lower()}%"
    ids = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM entities WHERE lower(name) LIKE ? OR lower(id) LIKE ?"
            " UNION SELECT entity_id FROM mentions WHERE lower(text) LIKE ?",
            (like, like, like),
        )
    }
    merged = conn.execute("SELECT entity_id, canonical_id FROM entity_merges").fetchall()
    ids |= {e for e, c in merged if c in ids} | {c for e, c in merged if e in ids}
    # A government acts for its country and the other way round (the Kremlin, Russia).
    ids |= {f"gov/{i.split('/', 1)[1]}" for i in ids if i.startswith("country/")}
    ids |= {f"country/{i.split('/', 1)[1]}" for i in ids if i.startswith("gov/")}
    return ids


def timeline_rows(
    conn: sqlite3.Connection,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[TimelineRow]:
    """Clusters in date order (undated last), filtered by participant and date range."""
    wanted = matching_entities(conn, entity) if entity else None
    names = _names(conn)
    places = dict(conn.execute("SELECT geonameid, name FROM places WHERE geonameid NOT NULL"))
    rows = []
    for r in conn.execute("SELECT * FROM clusters ORDER BY first IS NULL, first, last, id"):
        actors, recipients = json.loads(r["actors"]), json.loads(r["recipients"])
        if wanted is not None and not wanted & set(actors + recipients):
            continue
        if since and (r["last"] or r["first"] or "") < since:
            continue
        if until and (not r["first"] or r["first"] > until):
            continue
        rows.append(
            TimelineRow(
                cluster=r["id"],
                first=r["first"],
                last=r["last"],
                type=r["type"],
                subtype=r["subtype"],
                actors=[names.get(a, a) for a in actors],
                recipients=[names.get(a, a) for a in recipients],
                place=places.get(r["place"]),
                mode=r["mode"],
                sources=r["sources"],
                status=r["status"],
                label=r["label"],
            )
        )
    return rows


def _when(row: TimelineRow) -> str:
    if not row.first:
        return "undated"
    return row.first if row.last in (None, row.first) else f"{row.first}..{row.last}"


def timeline_table(rows: list[TimelineRow]) -> Table:
    table = Table(title="Timeline (event clusters)", title_justify="left")
    for column in ("date", "type", "actors -> recipients", "place", "mode", "sources", "status"):
        table.add_column(column)
    for row in rows:
        kind = f"{row.type} ({row.subtype})" if row.subtype else row.type
        who = ", ".join(row.actors) or "?"
        if row.recipients:
            who += " -> " + ", ".join(row.recipients)
        table.add_row(
            _when(row), kind, who, row.place or "", row.mode or "", str(row.sources), row.status
        )
    return table
