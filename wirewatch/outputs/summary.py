"""A terminal picture of what a database holds: its articles and the entities found in them."""

from __future__ import annotations

import sqlite3

from rich.console import Console
from rich.table import Table

from wirewatch.outputs.export import articles, entities

TYPE_ORDER = (
    "PERSON",
    "ORG",
    "GROUP",
    "COUNTRY",
    "PLACE",
    "WEAPON",
    "UNIT",
    "EVENT",
    "NORP",
    "MISC",
    "ROLE",
)


def _articles_table(conn: sqlite3.Connection) -> Table:
    table = Table(title="Articles", title_justify="left")
    for column in ("id", "published", "title / first words", "chars", "entities", "origin"):
        table.add_column(column)
    counts = dict(
        conn.execute(
            "SELECT article_id, COUNT(DISTINCT entity_id) FROM mentions GROUP BY article_id"
        )
    )
    for a in articles(conn):
        published = _published(a)
        title = a["title"] or a["text"][:60].replace("\n", " ") + "…"
        table.add_row(
            a["id"],
            published,
            title,
            f"{len(a['text']):,}",
            str(counts.get(a["id"], 0)),
            a["origin"] or "",
        )
    return table


def _published(article: dict) -> str:
    if article["published"]:
        return article["published"]
    if article["published_window"]:
        first, last = article["published_window"]
        return f"{first}..{last} (inferred)"
    return "undated"


def _entities_table(conn: sqlite3.Connection, limit: int) -> Table:
    table = Table(title="Entities (most mentioned first)", title_justify="left")
    for column in ("type", "name", "id", "mentions", "articles", "seen as"):
        table.add_column(column)
    rows = sorted(entities(conn), key=lambda e: (_type_rank(e["type"]), -e["mentions"]))
    for e in rows[:limit]:
        table.add_row(
            e["type"],
            e["name"],
            e["id"],
            str(e["mentions"]),
            str(e["articles"]),
            "; ".join(e["aliases"]),
        )
    return table


def _type_rank(entity_type: str) -> int:
    return TYPE_ORDER.index(entity_type) if entity_type in TYPE_ORDER else len(TYPE_ORDER)


def print_summary(conn: sqlite3.Connection, console: Console, limit: int = 200) -> None:
    """Print the articles and the entities of the database, grouped by type."""
    console.print(_articles_table(conn))
    console.print(_entities_table(conn, limit))
