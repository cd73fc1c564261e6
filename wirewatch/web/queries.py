"""Read-only queries behind the dashboard, the JSON API and the briefing.

Every value that comes from a request reaches SQLite as a bound parameter. The only SQL text
chosen by a request is an ORDER BY, picked from a per-kind whitelist (``SORTS``).

Records have the fields of ``CONTRACT.md`` (the shapes of ``wirewatch export``), plus a few
for display (``sentence_start``/``sentence_end``, ``published``, an event's ``status``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from wirewatch.outputs import export
from wirewatch.web.cache import cached

Record = dict[str, Any]

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MODES = ("asserted", "claimed", "denied", "expected", "hypothetical")
STATUSES = ("corroborated", "single_source", "contested")


class QueryError(ValueError):
    """A request the store cannot answer as asked (unknown sort, since after until): a 400."""


# --- building blocks -------------------------------------------------------------------------


class Where:
    """AND-ed SQL conditions with their bound parameters."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def any_of(self, column: str, values: Sequence[Any]) -> Where:
        if values:
            self.add(f"{column} IN ({', '.join('?' * len(values))})", *values)
        return self

    def sql(self) -> str:
        return f" WHERE {' AND '.join(self.clauses)}" if self.clauses else ""


@dataclass
class Page:
    """One page of records; ``next_offset`` is None on the last page."""

    items: list[Record]
    limit: int
    offset: int
    next_offset: int | None
    entities: dict[str, Record] = field(default_factory=dict)


def order_by(sort: str | None, allowed: dict[str, str], default: str, tiebreak: str) -> str:
    """`` ORDER BY`` for ``sort`` (a whitelisted name, ``-`` in front for descending)."""
    key = sort or default
    name = key.removeprefix("-")
    if name not in allowed:
        choices = ", ".join(sorted(allowed))
        raise QueryError(f"unknown sort {name!r}: sort by one of {choices} (prefix - to reverse)")
    direction = "DESC" if key.startswith("-") else "ASC"
    # The tie-break (a rowid) runs the same way, so an index on the sort column serves both.
    return f" ORDER BY {allowed[name]} {direction}, {tiebreak} {direction}"


def fetch_page(
    conn: sqlite3.Connection,
    sql: str,
    params: Sequence[Any],
    limit: int,
    offset: int,
    convert: Callable[[sqlite3.Row], Record],
) -> Page:
    # One row more than asked tells whether there is a next page without counting them all.
    rows = conn.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit + 1, offset]).fetchall()
    items = [convert(r) for r in rows[:limit]]
    return Page(items, limit, offset, offset + limit if len(rows) > limit else None)


def fetch_keyed_page(
    conn: sqlite3.Connection,
    select: str,
    source: str,
    where: Where,
    order: str,
    limit: int,
    offset: int,
    convert: Callable[[sqlite3.Row], Record],
) -> Page:
    """A page in two steps: sort and cut the rowids alone, then read those rows whole.

    Sorting whole rows would carry every row's sentence (cut from its article's text)
    through the sort; ``select`` must name ``t.rowid AS rowid_``.
    """
    keys = [
        r[0]
        for r in conn.execute(
            f"SELECT t.rowid{source}{where.sql()}{order} LIMIT ? OFFSET ?",
            [*where.params, limit + 1, offset],
        )
    ]
    more = len(keys) > limit
    keys = keys[:limit]
    rows = conn.execute(
        f"{select}{source} WHERE t.rowid IN (SELECT value FROM json_each(?))", [json.dumps(keys)]
    )
    by_key = {r["rowid_"]: r for r in rows}
    items = [convert(by_key[k]) for k in keys if k in by_key]
    return Page(items, limit, offset, offset + limit if more else None)


def check_range(since: str | None, until: str | None) -> None:
    if since and until and since > until:
        raise QueryError(f"since ({since}) is after until ({until})")


def parse_day(value: str | None, name: str) -> str | None:
    """An ISO date from a request, checked (2022-02-30 is refused), or None."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _json_list(value: str | None) -> list:
    return json.loads(value) if value else []


def tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {r[0] for r in rows}


SENTENCE = "substr(a.text, t.sentence_start + 1, t.sentence_end - t.sentence_start) AS sentence"
# An undated article is placed at the start of its inferred publication window.
ARTICLE_DAY = "COALESCE(a.published, a.window_first)"
# Copies of one wire story count once: a copy stands for its original.
SOURCE = "COALESCE(a.duplicate_of, a.id)"


# --- articles --------------------------------------------------------------------------------


ARTICLE_SORTS = {
    "published": ARTICLE_DAY,
    "title": "a.title",
    "source": "a.source",
    "stored": "a.rowid",
}


def list_articles(
    conn: sqlite3.Connection,
    *,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    place: int | None = None,
    duplicates: bool = True,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    with_text: bool = True,
) -> Page:
    check_range(since, until)
    where = Where()
    if source:
        where.add("a.source = ?", source)
    _article_dates(where, since, until)
    if entity:
        where.add("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)", entity)
    if place is not None:
        where.add("a.id IN (SELECT article_id FROM places WHERE geonameid = ?)", place)
    if not duplicates:
        where.add("a.duplicate_of IS NULL")
    sql = "SELECT a.* FROM articles a" + where.sql()
    sql += order_by(sort, ARTICLE_SORTS, "stored", "a.rowid")
    return fetch_page(
        conn, sql, where.params, limit, offset, lambda r: export.article_record(r, with_text)
    )


def get_article(conn: sqlite3.Connection, article_id: str) -> Record | None:
    row = conn.execute("SELECT * FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
    return export.article_record(row) if row else None


# --- entities --------------------------------------------------------------------------------


def entity_record(r: sqlite3.Row) -> Record:
    return {
        "id": r["id"],
        "name": r["name"],
        "type": r["type"],
        "aliases": sorted(_json_list(r["aliases"])),
        "country": r["country"],
        "wikidata": r["wikidata"],
        "description": r["description"],
        "mentions": r["n_mentions"],
        "articles": r["n_articles"],
    }


ENTITY_SORTS = {
    "mentions": "n_mentions",
    "articles": "n_articles",
    "name": "e.name",
    "id": "e.id",
}
_ENTITY_SELECT = """
SELECT e.*, COUNT(m.entity_id) AS n_mentions, COUNT(DISTINCT m.article_id) AS n_articles,
       json_group_array(DISTINCT m.text) FILTER (WHERE m.text IS NOT NULL) AS aliases
FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id
"""


def list_entities(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,
    country: str | None = None,
    name: str | None = None,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    where = Where()
    if type:
        where.add("e.type = ?", type)
    if country:
        where.add("e.country = ?", country)
    if name:
        where.add("e.name LIKE ? ESCAPE '\\'", f"%{_like_escape(name)}%")
    sql = _ENTITY_SELECT + where.sql() + " GROUP BY e.id"
    sql += order_by(sort, ENTITY_SORTS, "-mentions", "e.id")
    return fetch_page(conn, sql, where.params, limit, offset, entity_record)


def get_entity(conn: sqlite3.Connection, entity_id: str) -> Record | None:
    row = conn.execute(_ENTITY_SELECT + " WHERE e.id = ? GROUP BY e.id", (entity_id,)).fetchone()
    return entity_record(row) if row else None


def _like_escape(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


def entity_names(conn: sqlite3.Connection, ids: Iterable[str | None]) -> dict[str, Record]:
    """``{id: {"name", "type"}}`` for the entity ids records refer to."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, Record] = {}
    for chunk in range(0, len(wanted), 500):
        part = wanted[chunk : chunk + 500]
        rows = conn.execute(
            f"SELECT id, name, type FROM entities WHERE id IN ({', '.join('?' * len(part))})",
            part,
        )
        found.update({r["id"]: {"name": r["name"], "type": r["type"]} for r in rows})
    return found


# --- per-article records: mentions, timexes, places ----------------------------------------


PER_ARTICLE = f"SELECT t.rowid AS rowid_, t.*, {SENTENCE}, {ARTICLE_DAY} AS published"


def _from(table: str) -> str:
    return f" FROM {table} t JOIN articles a ON a.id = t.article_id"


def _sentence_bounds(r: sqlite3.Row) -> Record:
    """Where a record's sentence lies in its article (the page highlights it)."""
    return {"sentence_start": r["sentence_start"], "sentence_end": r["sentence_end"]}


_UNLOCATED_EVENT_FIELDS = tuple(f for f in export.EVENT_FIELDS if f not in ("lat", "lon"))
_UNLOCATED_FORCE_FIELDS = tuple(f for f in export.FORCE_FIELDS if f not in ("lat", "lon"))


# "position": storage order, which is article order, then each article's records in order.
SPAN_SORTS = {"position": "t.rowid", "start": "t.start", "published": ARTICLE_DAY}
TIMEX_SORTS = {**SPAN_SORTS, "first": "t.first"}


def mention_record(r: sqlite3.Row) -> Record:
    return {**export.record(r, export.MENTION_FIELDS), **_sentence_bounds(r)}


def list_mentions(
    conn: sqlite3.Connection,
    *,
    article_id: str | None = None,
    entity_id: str | None = None,
    label: str | None = None,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    where = Where()
    if article_id:
        where.add("t.article_id = ?", article_id)
    if entity_id:
        where.add("t.entity_id = ?", entity_id)
    if label:
        where.add("t.label = ?", label)
    order = order_by(sort, SPAN_SORTS, "position", "t.rowid")
    page = fetch_keyed_page(
        conn, PER_ARTICLE, _from("mentions"), where, order, limit, offset, mention_record
    )
    page.entities = entity_names(conn, (m["entity_id"] for m in page.items))
    return page


def timex_record(r: sqlite3.Row) -> Record:
    return {**export.record(r, export.TIMEX_FIELDS), **_sentence_bounds(r)}


def list_timexes(
    conn: sqlite3.Connection,
    *,
    article_id: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    check_range(since, until)
    where = Where()
    if article_id:
        where.add("t.article_id = ?", article_id)
    if kind:
        where.add("t.kind = ?", kind)
    if since:
        where.add("COALESCE(t.last, t.first) >= ?", since)
    if until:
        where.add("COALESCE(t.first, t.last) <= ?", until)
    order = order_by(sort, TIMEX_SORTS, "position", "t.rowid")
    return fetch_keyed_page(
        conn, PER_ARTICLE, _from("timexes"), where, order, limit, offset, timex_record
    )


def place_record(r: sqlite3.Row) -> Record:
    return {
        **export.record(r, export.PLACE_FIELDS),
        **_sentence_bounds(r),
        "published": r["published"],
    }


def list_places(
    conn: sqlite3.Connection,
    *,
    article_id: str | None = None,
    geonameid: int | None = None,
    country: str | None = None,
    feature: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    check_range(since, until)
    where = Where()
    if article_id:
        where.add("t.article_id = ?", article_id)
    if geonameid is not None:
        where.add("t.geonameid = ?", geonameid)
    if country:
        where.add("t.country = ?", country)
    if feature:
        where.add("t.feature = ?", feature)
    _article_dates(where, since, until)
    order = order_by(sort, SPAN_SORTS, "position", "t.rowid")
    return fetch_keyed_page(
        conn, PER_ARTICLE, _from("places"), where, order, limit, offset, place_record
    )


def _article_dates(where: Where, since: str | None, until: str | None) -> None:
    if since:
        where.add("COALESCE(a.published, a.window_last) >= ?", since)
    if until:
        where.add(f"{ARTICLE_DAY} <= ?", until)


# --- statements ------------------------------------------------------------------------------


def statement_record(r: sqlite3.Row) -> Record:
    return {
        **export.record(r, export.STATEMENT_FIELDS),
        **_sentence_bounds(r),
        "published": r["published"],
    }


def list_statements(
    conn: sqlite3.Connection,
    *,
    article_id: str | None = None,
    speaker: str | None = None,
    kind: str | None = None,
    stance: str | None = None,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    check_range(since, until)
    where = Where()
    if article_id:
        where.add("t.article_id = ?", article_id)
    if speaker:
        where.add("t.speaker = ?", speaker)
    if kind:
        where.add("t.kind = ?", kind)
    if stance:
        where.add("t.stance = ?", stance)
    if about:
        where.add("EXISTS (SELECT 1 FROM json_each(t.about) WHERE value = ?)", about)
    _article_dates(where, since, until)
    order = order_by(sort, SPAN_SORTS, "position", "t.rowid")
    page = fetch_keyed_page(
        conn, PER_ARTICLE, _from("statements"), where, order, limit, offset, statement_record
    )
    ids = [i for s in page.items for i in (s["speaker"], s["target"], *s["about"])]
    page.entities = entity_names(conn, ids)
    return page


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    """The dashboard's filters; each empty one lets everything through."""

    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    actor: str | None = None  # an entity id among the actors
    recipient: str | None = None
    entity: str | None = None  # among the actors or the recipients
    place: int | None = None  # geonameid
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    cluster: str | None = None

    def __post_init__(self) -> None:
        check_range(self.since, self.until)

    @property
    def events_only(self) -> bool:
        """Whether a filter applies to events alone (type, mode, status, recipient)."""
        return bool(self.types or self.modes or self.statuses or self.recipient or self.cluster)

    def undated(self) -> EventFilter:
        return replace(self, since=None, until=None)


EVENT_FIRST = "COALESCE(t.first, t.last, a.published, a.window_first)"
EVENT_LAST = "COALESCE(t.last, t.first, a.published, a.window_last)"
# An event outside any cluster is contested when it is denied, answers or is answered by
# another event; otherwise it rests on its one source. (For filtering; records get their
# status from ``_status``, which knows the answered events without a scan per query.)
EVENT_STATUS = """COALESCE(c.status, CASE
    WHEN t.mode = 'denied' OR t.responds_to IS NOT NULL
      OR t.id IN (SELECT value FROM json_each(?))
    THEN 'contested' ELSE 'single_source' END)"""
EVENT_FROM = (
    " FROM events t JOIN articles a ON a.id = t.article_id LEFT JOIN clusters c ON c.id = t.cluster"
)
# "first" is the stated date (an index serves it; undated events sort as the lowest);
# "date" is the date the dashboard shows, the article's for an undated event (no index).
EVENT_SORTS = {
    "first": "t.first",
    "date": EVENT_FIRST,
    "type": "t.type",
    "mode": "t.mode",
    "position": "t.rowid",
    "start": "t.start",  # within an article (with article_id): its index serves it
}


def contains(where: Where, column: str, entity_id: str) -> Where:
    """``entity_id`` is among the JSON array in ``column``. The text test skips most rows
    without parsing their JSON; the JSON test makes it exact."""
    return where.add(
        f"(instr({column}, ?) > 0 AND EXISTS (SELECT 1 FROM json_each({column}) WHERE value = ?))",
        json.dumps(entity_id),
        entity_id,
    )


def involves(where: Where, actors: str, recipients: str, entity_id: str) -> Where:
    either = Where()
    contains(either, actors, entity_id)
    contains(either, recipients, entity_id)
    return where.add(" OR ".join(either.clauses).join("()"), *either.params)


def event_where(conn: sqlite3.Connection, f: EventFilter) -> Where:
    where = Where()
    where.any_of("t.type", f.types).any_of("t.mode", f.modes)
    if f.statuses:
        answered = json.dumps(sorted(answers(conn)))
        marks = ", ".join("?" * len(f.statuses))
        where.add(f"{EVENT_STATUS} IN ({marks})", answered, *f.statuses)
    if f.actor:
        contains(where, "t.actors", f.actor)
    if f.recipient:
        contains(where, "t.recipients", f.recipient)
    if f.entity:
        involves(where, "t.actors", "t.recipients", f.entity)
    if f.place is not None:
        where.add("t.place = ?", f.place)
    if f.since:
        where.add(f"{EVENT_LAST} >= ?", f.since)
    if f.until:
        where.add(f"{EVENT_FIRST} <= ?", f.until)
    if f.article_id:
        where.add("t.article_id = ?", f.article_id)
    if f.cluster:
        where.add("t.cluster = ?", f.cluster)
    return where


def event_record(r: sqlite3.Row) -> Record:
    # lat/lon come from add_places, for the whole page at once
    return {
        **export.record(r, _UNLOCATED_EVENT_FIELDS),
        **_sentence_bounds(r),
        "status": r["cluster_status"],
        "sources": r["sources"],
        "published": r["published"],
    }


def _event_select() -> str:
    return (
        f"SELECT t.rowid AS rowid_, t.*, {SENTENCE}, {ARTICLE_DAY} AS published,"
        " c.status AS cluster_status, COALESCE(c.sources, 1) AS sources"
    )


def answers(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Each event that another answers (``responds_to``), with the ids of its answers.

    One scan of the events per change of the database (events have no index on
    ``responds_to``).
    """

    def scan() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        rows = conn.execute(
            "SELECT id, responds_to FROM events WHERE responds_to IS NOT NULL ORDER BY rowid"
        )
        for event_id, claim in rows:
            found.setdefault(claim, []).append(event_id)
        return found

    return cached(conn, "answers", scan)


def _with_status(conn: sqlite3.Connection, events: list[Record]) -> list[Record]:
    answered = answers(conn)
    for e in events:
        if e["status"] is None:
            disputed = e["mode"] == "denied" or e["responds_to"] or e["id"] in answered
            e["status"] = "contested" if disputed else "single_source"
    return events


def event_entities(conn: sqlite3.Connection, events: list[Record]) -> dict[str, Record]:
    ids = [i for e in events for i in (*e["actors"], *e["recipients"], e["claimed_by"])]
    return entity_names(conn, ids)


def list_events(
    conn: sqlite3.Connection,
    f: EventFilter = EventFilter(),
    *,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    where = event_where(conn, f)
    order = order_by(sort, EVENT_SORTS, "-first", "t.rowid")
    page = fetch_keyed_page(
        conn, _event_select(), EVENT_FROM, where, order, limit, offset, event_record
    )
    _with_status(conn, page.items)
    page.entities = event_entities(conn, page.items)
    add_places(conn, page.items)
    return page


def get_event(conn: sqlite3.Connection, event_id: str) -> Record | None:
    found = events_by_id(conn, [event_id])
    return found.get(event_id)


def events_by_id(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Record]:
    """The events with these ids (the list travels as one JSON parameter)."""
    rows = conn.execute(
        _event_select() + EVENT_FROM + " WHERE t.id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(ids))),),
    )
    events = _with_status(conn, [event_record(r) for r in rows])
    add_places(conn, events)
    return {e["id"]: e for e in events}


# --- forces ----------------------------------------------------------------------------------

FORCE_FIRST = EVENT_FIRST
FORCE_LAST = EVENT_LAST
FORCE_SORTS = {
    "first": "t.first",
    "date": FORCE_FIRST,
    "count": "COALESCE(t.count, t.count_low, t.count_high)",
    "kind": "t.kind",
    "owner": "t.owner",
    "position": "t.rowid",
    "start": "t.start",
}


def force_where(
    *,
    article_id: str | None = None,
    owner: str | None = None,
    kind: str | None = None,
    system: str | None = None,
    place: int | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Where:
    check_range(since, until)
    where = Where()
    for column, value in (
        ("t.article_id", article_id),
        ("t.owner", owner),
        ("t.kind", kind),
        ("t.system", system),
        ("t.place", place),
    ):
        if value is not None and value != "":
            where.add(f"{column} = ?", value)
    if since:
        where.add(f"{FORCE_LAST} >= ?", since)
    if until:
        where.add(f"{FORCE_FIRST} <= ?", until)
    return where


def force_record(r: sqlite3.Row) -> Record:
    return {
        **export.record(r, _UNLOCATED_FORCE_FIELDS),
        **_sentence_bounds(r),
        "published": r["published"],
    }


def list_forces(
    conn: sqlite3.Connection,
    where: Where,
    *,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    order = order_by(sort, FORCE_SORTS, "-position", "t.rowid")
    page = fetch_keyed_page(
        conn, PER_ARTICLE, _from("forces"), where, order, limit, offset, force_record
    )
    ids = [i for x in page.items for i in (x["owner"], x["system"], x["claimed_by"])]
    page.entities = entity_names(conn, ids)
    add_places(conn, page.items)
    return page


# --- clusters --------------------------------------------------------------------------------


def cluster_record(r: sqlite3.Row) -> Record:
    return export.record(r, export.CLUSTER_FIELDS)


CLUSTER_SORTS = {"first": "c.first", "sources": "c.sources", "type": "c.type"}


def list_clusters(
    conn: sqlite3.Connection,
    f: EventFilter = EventFilter(),
    *,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    where = Where()
    where.any_of("c.type", f.types).any_of("c.mode", f.modes).any_of("c.status", f.statuses)
    if f.actor:
        contains(where, "c.actors", f.actor)
    if f.recipient:
        contains(where, "c.recipients", f.recipient)
    if f.entity:
        involves(where, "c.actors", "c.recipients", f.entity)
    if f.place is not None:
        where.add("c.place = ?", f.place)
    if f.since:
        where.add("COALESCE(c.last, c.first) >= ?", f.since)
    if f.until:
        where.add("COALESCE(c.first, c.last) <= ?", f.until)
    if f.article_id:
        contains(where, "c.articles", f.article_id)
    sql = "SELECT c.* FROM clusters c" + where.sql()
    sql += order_by(sort, CLUSTER_SORTS, "first", "c.id")
    page = fetch_page(conn, sql, where.params, limit, offset, cluster_record)
    ids = (i for c in page.items for i in c["actors"] + c["recipients"])
    page.entities = entity_names(conn, ids)
    return page


def get_cluster(conn: sqlite3.Connection, cluster_id: str) -> Record | None:
    row = conn.execute("SELECT * FROM clusters WHERE id = ?", (cluster_id,)).fetchone()
    return cluster_record(row) if row else None


# --- places on the map -----------------------------------------------------------------------


def place_info(conn: sqlite3.Connection, gids: Iterable[int]) -> dict[int, Record]:
    """Name, coordinates, country and feature of each geonameid, from the stored place
    mentions, else the gazetteer (an event may name a place no mention resolved to)."""
    wanted = sorted({g for g in gids if g is not None})
    info: dict[int, Record] = {}
    for gid in wanted:
        # One stored mention of the place is enough (they all carry the same entry); an
        # index seek, where an aggregate would read every mention of a country.
        row = conn.execute(
            "SELECT name, lat, lon, country, feature FROM places WHERE geonameid = ? LIMIT 1",
            (gid,),
        ).fetchone()
        if row is not None:
            info[gid] = dict(row)
    missing = [g for g in wanted if g not in info]
    if missing:
        info.update(_gazetteer_places(missing))
    return info


def _gazetteer_places(gids: list[int]) -> dict[int, Record]:
    from wirewatch.geo.gazetteer import gazetteer

    found = {}
    for gid in gids:
        entry = gazetteer().by_geonameid(gid)
        if entry is not None:
            found[gid] = {
                "name": entry.name,
                "lat": entry.lat,
                "lon": entry.lon,
                "country": entry.country,
                "feature": entry.feature,
            }
    return found


def add_places(conn: sqlite3.Connection, records: list[Record]) -> None:
    """Give each record with a ``place`` geonameid its ``place_name``, ``lat`` and ``lon``."""
    info = place_info(conn, (r["place"] for r in records))
    for record in records:
        where = info.get(record["place"]) or {}
        record["place_name"] = where.get("name")
        record["lat"], record["lon"] = where.get("lat"), where.get("lon")


def _source_parts(conn: sqlite3.Connection, f: EventFilter) -> list[tuple[str, list[Any]]]:
    """(SELECT gid, src ..., params) for each kind of record the map shows under ``f``."""
    events = event_where(conn, f).add("t.place IS NOT NULL")
    parts = [(f"SELECT t.place AS gid, {SOURCE} AS src" + EVENT_FROM + events.sql(), events.params)]
    if not f.events_only:
        forces = _map_force_where(f)
        parts.append(
            (
                f"SELECT t.place AS gid, {SOURCE} AS src FROM forces t"
                " JOIN articles a ON a.id = t.article_id" + forces.sql(),
                forces.params,
            )
        )
    if not (f.events_only or f.actor or f.entity or f.article_id):
        mentions = _map_mention_where(f)
        parts.append(
            (
                f"SELECT t.geonameid AS gid, {SOURCE} AS src FROM places t"
                " JOIN articles a ON a.id = t.article_id" + mentions.sql(),
                mentions.params,
            )
        )
    return parts


def _map_force_where(f: EventFilter) -> Where:
    where = force_where(owner=f.actor or f.entity, place=f.place, since=f.since, until=f.until).add(
        "t.place IS NOT NULL"
    )
    if f.article_id:
        where.add("t.article_id = ?", f.article_id)
    return where


def _map_mention_where(f: EventFilter) -> Where:
    where = Where().add("t.geonameid IS NOT NULL").add("t.lat IS NOT NULL")
    if f.place is not None:
        where.add("t.geonameid = ?", f.place)
    _article_dates(where, f.since, f.until)
    return where


def map_places(conn: sqlite3.Connection, f: EventFilter = EventFilter()) -> list[Record]:
    """One marker per place: what happened there under the filter, and from how many
    independent sources (copies of a story count once).

    With no event-only filter (type, mode, status, recipient) a place merely mentioned in
    the articles gets a marker too, with its mentions counted; forces show unless a type,
    mode or status filter asks for events alone.
    """
    parts = _source_parts(conn, f)
    union = " UNION ALL ".join(sql for sql, _ in parts)
    params = [p for _, ps in parts for p in ps]
    sources = dict(
        conn.execute(f"SELECT gid, COUNT(DISTINCT src) FROM ({union}) GROUP BY gid", params)
    )
    events = _map_event_types(conn, f)
    forces = _map_counts(conn, "forces", "place", _map_force_where(f)) if len(parts) > 1 else {}
    mentions = (
        _map_counts(conn, "places", "geonameid", _map_mention_where(f)) if len(parts) > 2 else {}
    )
    info = place_info(conn, sources)
    markers = []
    for gid, n_sources in sources.items():
        where = info.get(gid)
        if not where or where["lat"] is None:
            continue
        types = events.get(gid, Counter())
        markers.append(
            {
                "geonameid": gid,
                **where,
                "sources": n_sources,
                "events": sum(types.values()),
                "event_types": dict(types.most_common()),
                "top_type": types.most_common(1)[0][0] if types else None,
                "forces": forces.get(gid, 0),
                "mentions": mentions.get(gid, 0),
            }
        )
    markers.sort(key=lambda m: (-m["sources"], m["geonameid"]))
    return markers


def _map_event_types(conn: sqlite3.Connection, f: EventFilter) -> dict[int, Counter]:
    where = event_where(conn, f).add("t.place IS NOT NULL")
    rows = conn.execute(
        "SELECT t.place, t.type, COUNT(*)" + EVENT_FROM + where.sql() + " GROUP BY t.place, t.type",
        where.params,
    )
    counts: dict[int, Counter] = {}
    for gid, kind, n in rows:
        counts.setdefault(gid, Counter())[kind] = n
    return counts


def _map_counts(conn: sqlite3.Connection, table: str, column: str, where: Where) -> dict[int, int]:
    sql = (
        f"SELECT t.{column}, COUNT(*) FROM {table} t JOIN articles a ON a.id = t.article_id"
        f"{where.sql()} GROUP BY t.{column}"
    )
    return dict(conn.execute(sql, where.params))


def geojson(markers: list[Record]) -> Record:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [m["lon"], m["lat"]]},
                "properties": {k: v for k, v in m.items() if k not in ("lat", "lon")},
            }
            for m in markers
        ],
    }


# --- timeline --------------------------------------------------------------------------------


def timeline(conn: sqlite3.Connection, f: EventFilter = EventFilter()) -> list[Record]:
    """Per day: event clusters (an unclustered event is its own), force reports and articles.

    The date range is left out of ``f``: the timeline shows the whole span, and the range is
    what a reader selects on it.
    """
    f = f.undated()
    days: dict[str, Record] = {}

    def add(name: str, rows: Iterable[tuple[str, int]]) -> None:
        for day, n in rows:
            if day:
                days.setdefault(day, {"day": day, "events": 0, "forces": 0, "articles": 0})
                days[day][name] = n

    where = event_where(conn, f)
    add(
        "events",
        conn.execute(
            f"SELECT substr({EVENT_FIRST}, 1, 10) AS day, COUNT(DISTINCT COALESCE(t.cluster, t.id))"
            + EVENT_FROM
            + where.sql()
            + " GROUP BY day",
            where.params,
        ),
    )
    if not f.events_only:
        forces = force_where(owner=f.actor or f.entity, place=f.place)
        add(
            "forces",
            conn.execute(
                f"SELECT substr({FORCE_FIRST}, 1, 10) AS day, COUNT(*) FROM forces t"
                " JOIN articles a ON a.id = t.article_id" + forces.sql() + " GROUP BY day",
                forces.params,
            ),
        )
        add(
            "articles",
            conn.execute(
                f"SELECT {ARTICLE_DAY} AS day, COUNT(*) FROM articles a"
                " WHERE a.duplicate_of IS NULL GROUP BY day"
            ),
        )
    return sorted(days.values(), key=lambda d: d["day"])


# --- search ----------------------------------------------------------------------------------

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
_WORDS = re.compile(r"\w+")


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query of quoted terms (all must match; the last may be a
    prefix). FTS5 syntax in the input (NEAR, *, column filters) is taken as plain words."""
    words = _WORDS.findall(text)[:20]
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words) + "*"


def search(
    conn: sqlite3.Connection, text: str, limit: int = 20, offset: int = 0
) -> dict[str, Page]:
    """Articles (title and text) and statements (quote and speaker) matching ``text``."""
    query = fts_query(text)
    if query is None:
        empty = Page([], limit, offset, None)
        return {"articles": empty, "statements": replace(empty)}
    articles = fetch_page(
        conn,
        "SELECT a.id, a.title, a.source, a.url, a.published, a.window_first,"
        f" snippet(articles_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 24) AS snippet"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY rank",
        [query],
        limit,
        offset,
        lambda r: {
            "id": r["id"],
            "title": r["title"],
            "source": r["source"],
            "published": r["published"] or r["window_first"],
            "snippet": r["snippet"],
        },
    )
    statements = fetch_page(
        conn,
        "SELECT s.id, s.article_id, s.speaker, s.speaker_text, s.kind, s.quote, s.start, s.end,"
        f" snippet(statements_fts, 0, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 32) AS snippet"
        " FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid"
        " WHERE statements_fts MATCH ? ORDER BY rank",
        [query],
        limit,
        offset,
        lambda r: {k: r[k] for k in r.keys()},
    )
    statements.entities = entity_names(conn, (s["speaker"] for s in statements.items))
    return {"articles": articles, "statements": statements}


def marked(snippet: str | None) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) pieces, for a template to escape and mark."""
    pieces = []
    for i, part in enumerate(re.split(f"[{MARK_OPEN}{MARK_CLOSE}]", snippet or "")):
        if part:
            pieces.append((part, i % 2 == 1))
    return pieces


# --- contested claims ------------------------------------------------------------------------


def contested(conn: sqlite3.Connection, f: EventFilter = EventFilter(), limit: int = 50) -> list:
    """Claims and the denials that answer them: (claim, [denials]), claims in date order.

    A denial names what it answers in ``responds_to``; a claim and its denials pass the
    filter when any of them does.
    """
    answered = answers(conn)
    if not answered:
        return []
    candidates = set(answered) | {a for ids in answered.values() for a in ids}
    where = event_where(conn, f)
    if not f.article_id:
        # Else the article's index finds its few events faster than this list would.
        where.add("t.id IN (SELECT value FROM json_each(?))", json.dumps(sorted(candidates)))
    rows = conn.execute("SELECT t.id" + EVENT_FROM + where.sql(), where.params)
    passing = {r[0] for r in rows} & candidates
    chosen = [c for c, ids in answered.items() if c in passing or passing.intersection(ids)]
    # Date the claims cheaply, keep the first ``limit``, and only then read them whole.
    dated = conn.execute(
        f"SELECT t.id, {EVENT_FIRST}"
        + EVENT_FROM
        + " WHERE t.id IN (SELECT value FROM json_each(?))",
        (json.dumps(chosen),),
    ).fetchall()
    first = sorted(dated, key=lambda r: (r[1] or "", r[0]))[:limit]
    events = events_by_id(conn, [i for c, _ in first for i in (c, *answered[c])])
    return [
        (events[c], [events[a] for a in answered[c] if a in events])
        for c, _ in first
        if c in events
    ]


# --- facets for the filter controls ----------------------------------------------------------


def facets(conn: sqlite3.Connection) -> Record:
    """The values the dashboard's filter controls offer: what the store actually holds."""
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    actor_rows = conn.execute(
        "SELECT j.value AS id, COUNT(*) AS n FROM events t, json_each(t.actors) j"
        " GROUP BY j.value ORDER BY n DESC, id LIMIT 200"
    ).fetchall()
    owners = conn.execute(
        "SELECT owner AS id, COUNT(*) AS n FROM forces WHERE owner IS NOT NULL"
        " GROUP BY owner ORDER BY n DESC LIMIT 100"
    ).fetchall()
    actor_ids = list(dict.fromkeys([r["id"] for r in actor_rows] + [r["id"] for r in owners]))
    names = entity_names(conn, actor_ids)
    actors = [{"id": i, "name": names.get(i, {}).get("name", i)} for i in actor_ids]
    actors.sort(key=lambda a: a["name"].casefold())
    span = conn.execute(
        f"SELECT MIN({ARTICLE_DAY}), MAX(COALESCE(a.published, a.window_last)) FROM articles a"
    ).fetchone()
    return {
        "types": types,
        "modes": list(MODES),
        "statuses": list(STATUSES),
        "actors": actors,
        "first": span[0],
        "last": span[1],
    }


def top_places(conn: sqlite3.Connection, limit: int = 300) -> list[Record]:
    """The places named most often, for the place filter (kept until the store changes)."""

    def compute() -> list[Record]:
        rows = conn.execute(
            "SELECT geonameid, COUNT(*) AS n FROM places WHERE geonameid IS NOT NULL"
            " GROUP BY geonameid ORDER BY n DESC LIMIT ?",
            (limit,),
        ).fetchall()
        info = place_info(conn, [r[0] for r in rows])
        return [{"geonameid": r[0], **info[r[0]]} for r in rows if r[0] in info]

    return cached(conn, ("top_places", limit), compute)


def counts(conn: sqlite3.Connection) -> Record:
    """How many records of each kind the store holds."""
    return {k: conn.execute(f"SELECT COUNT(*) FROM {k}").fetchone()[0] for k in KINDS}


KINDS = tuple(export.TABLES)  # every record kind of CONTRACT.md


def all_pages(fetch: Callable[..., Page], **filters: Any) -> list[Record]:
    """Every record a paged query returns, page after page (for bounded sets: one article's
    records, a briefing's)."""
    items, offset = [], 0
    while True:
        page = fetch(limit=MAX_LIMIT, offset=offset, **filters)
        items.extend(page.items)
        if page.next_offset is None:
            return items
        offset = page.next_offset
