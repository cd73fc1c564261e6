"""What the dashboard's article and entity pages show, assembled from the store.

The article page lays every extracted record over the text at its offsets. Records overlap
freely (a place inside a quote inside an event's sentence), so the text is cut at every
record boundary into segments, each knowing which records cover it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from wirewatch.web import queries as q
from wirewatch.web.queries import EventFilter, Record

FOCUS = "focus"  # the sentence a reader came to see (an event's, a mention's)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # css class: mention, timex, place, statement, event, force, claim, focus
    record: int | None  # index into the page's records; None for the focus sentence


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    kinds: tuple[str, ...]
    records: tuple[int, ...]


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the spans that cover it."""
    n = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in valid), *(s.end for s in valid)})
    by_start = sorted(valid, key=lambda s: s.start)
    active: list[Span] = []
    out = []
    i = 0
    for left, right in zip(cuts, cuts[1:], strict=False):
        while i < len(by_start) and by_start[i].start <= left:
            active.append(by_start[i])
            i += 1
        active = [s for s in active if s.end > left]
        kinds = tuple(sorted({s.kind for s in active}))
        records = tuple(sorted({s.record for s in active if s.record is not None}))
        out.append(Segment(text[left:right], left, kinds, records))
    return out


def _name(names: dict[str, Record], entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    return names.get(entity_id, {}).get("name", entity_id)


def article_view(
    conn: sqlite3.Connection,
    article_id: str,
    *,
    event: str | None = None,
    focus: tuple[int, int] | None = None,
) -> Record | None:
    """The article, its records (for hover cards) and its text cut into highlight segments.

    ``event`` (an event id) or ``focus`` (start, end offsets) picks a sentence to mark.
    """
    article = q.get_article(conn, article_id)
    if article is None:
        return None
    # Sorted by start, the order of each table's (article_id, start) index.
    mentions = q.all_pages(q.list_mentions, conn=conn, article_id=article_id, sort="start")
    timexes = q.all_pages(q.list_timexes, conn=conn, article_id=article_id, sort="start")
    places = q.all_pages(q.list_places, conn=conn, article_id=article_id, sort="start")
    statements = q.all_pages(q.list_statements, conn=conn, article_id=article_id, sort="start")
    events = q.all_pages(
        lambda **kw: q.list_events(conn, EventFilter(article_id=article_id), **kw), sort="start"
    )
    forces = q.all_pages(
        lambda **kw: q.list_forces(conn, q.force_where(article_id=article_id), **kw),
        sort="start",
    )
    ids = [m["entity_id"] for m in mentions] + [m["stands_for"] for m in mentions]
    ids += [i for s in statements for i in (s["speaker"], s["target"], *s["about"])]
    ids += [i for e in events for i in (*e["actors"], *e["recipients"], e["claimed_by"])]
    ids += [i for f in forces for i in (f["owner"], f["system"], f["claimed_by"])]
    names = q.entity_names(conn, ids)
    records: list[Record] = []
    spans: list[Span] = []

    def add(kind: str, card: Record, pieces: list[tuple[int, int]], css: str | None = None):
        records.append({"kind": kind, **card})
        for start, end in pieces:
            spans.append(Span(start, end, css or kind, len(records) - 1))

    for m in mentions:
        add("mention", _mention_card(m, names), [(m["start"], m["end"])])
    for t in timexes:
        add("timex", _pick(t, "text", "value", "first", "last", "kind"), [(t["start"], t["end"])])
    for p in places:
        card = _pick(p, "text", "name", "geonameid", "country", "feature", "lat", "lon")
        add("place", card, [(p["start"], p["end"])])
    for s in statements:
        pieces = [tuple(x) for x in s["quote_spans"]] or [(s["start"], s["end"])]
        add("statement", _statement_card(s, names), pieces)
    for e in events:
        css = "claim" if e["mode"] == "claimed" else "event"
        add("event", _event_card(e, names), [(e["start"], e["end"])], css)
    for f in forces:
        add("force", _force_card(f, names), [(f["start"], f["end"])])

    focus_range = _focus(events, event, focus)
    if focus_range:
        spans.append(Span(*focus_range, FOCUS, None))
    return {
        "article": article,
        "records": records,
        "segments": segments(article["text"], spans),
        "events": events,
        "names": names,
        "contested": _article_contested(conn, article_id),
        "focus": focus_range,
        "counts": {
            "mentions": len(mentions),
            "timexes": len(timexes),
            "places": len(places),
            "statements": len(statements),
            "events": len(events),
            "forces": len(forces),
        },
    }


def _focus(
    events: list[Record], event: str | None, focus: tuple[int, int] | None
) -> tuple[int, int] | None:
    if event:
        for e in events:
            if e["id"] == event:
                return e["sentence_start"], e["sentence_end"]
    return focus


def _pick(record: Record, *keys: str) -> Record:
    return {k: record[k] for k in keys if record.get(k) is not None}


def _mention_card(m: Record, names: dict[str, Record]) -> Record:
    card = {
        "text": m["text"],
        "entity": _name(names, m["entity_id"]),
        "entity_id": m["entity_id"],
        "label": m["label"],
    }
    if m["stands_for"]:
        card["stands_for"] = _name(names, m["stands_for"])
    return card


def _statement_card(s: Record, names: dict[str, Record]) -> Record:
    card = _pick(s, "id", "kind", "cue", "stance", "via", "quote")
    card["speaker"] = _name(names, s["speaker"]) or s["speaker_text"]
    if s["about"]:
        card["about"] = ", ".join(_name(names, i) for i in s["about"])
    return card


def _event_card(e: Record, names: dict[str, Record]) -> Record:
    card = _pick(e, "id", "type", "subtype", "mode", "trigger", "first", "last", "status")
    card["actors"] = ", ".join(_name(names, i) for i in e["actors"]) or e["actor_text"]
    card["recipients"] = ", ".join(_name(names, i) for i in e["recipients"]) or e["recipient_text"]
    if e["place_name"] or e["place_text"]:
        card["place"] = e["place_name"] or e["place_text"]
    if e["claimed_by"]:
        card["claimed_by"] = _name(names, e["claimed_by"])
    return {k: v for k, v in card.items() if v}


def _force_card(f: Record, names: dict[str, Record]) -> Record:
    card = _pick(f, "id", "text", "kind", "first", "last")
    card["owner"] = _name(names, f["owner"])
    card["system"] = _name(names, f["system"])
    card["count"] = count_text(f)
    card["place"] = f["place_name"] or f["place_text"]
    card["according_to"] = _name(names, f["claimed_by"])
    return {k: v for k, v in card.items() if v}


def count_text(force: Record) -> str:
    """A force's figure as a reader would say it: "~30,000", "> 100,000", "10–20", "15",
    "present (no count)". A lower bound alone is "more than", an upper bound alone "fewer"."""
    count, low, high = force["count"], force["count_low"], force["count_high"]
    approx = "~" if force["approx"] else ""
    if low is not None and high is None:
        return f"> {low:,}"
    if high is not None and low is None:
        return f"< {high:,}"
    if low is not None and high is not None and low != high:
        return f"{approx}{low:,}–{high:,}"
    if count is not None:
        return f"{approx}{count:,}"
    if low is not None:
        return f"{approx}{low:,}"
    return "present (no count)"


def _article_contested(conn: sqlite3.Connection, article_id: str) -> list:
    return q.contested(conn, EventFilter(article_id=article_id))


# --- entity pages ----------------------------------------------------------------------------


def entity_view(conn: sqlite3.Connection, entity_id: str) -> Record | None:
    entity = q.get_entity(conn, entity_id)
    if entity is None:
        return None
    return {
        "entity": entity,
        "aliases": _aliases(conn, entity_id),
        "roles": roles_of(entity_id),
        "statements": q.list_statements(conn, speaker=entity_id, limit=50),
        "as_actor": q.list_events(conn, EventFilter(actor=entity_id), limit=50),
        "as_recipient": q.list_events(conn, EventFilter(recipient=entity_id), limit=50),
        "forces": q.list_forces(conn, q.force_where(owner=entity_id), limit=50),
        "cooccurring": cooccurring(conn, entity_id),
        "articles": _entity_articles(conn, entity_id),
        "merged": _merged(conn, entity_id),
    }


def _aliases(conn: sqlite3.Connection, entity_id: str) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT text, COUNT(*) AS n FROM mentions WHERE entity_id = ? GROUP BY text"
        " ORDER BY n DESC, text",
        (entity_id,),
    )
    return [(r["text"], r["n"]) for r in rows]


def roles_of(entity_id: str) -> list[Record]:
    """Offices the curated data says this person held, with their dates."""
    from wirewatch.knowledge import knowledge

    found = []
    for role in knowledge().roles.values():
        for term in role.terms:
            if term.person == entity_id:
                found.append({"office": role.office, "from": term.start, "to": term.end})
    return sorted(found, key=lambda r: r["from"])


RECENT_MENTIONS = 1000


def cooccurring(conn: sqlite3.Connection, entity_id: str, limit: int = 20) -> list[Record]:
    """Entities named in the same sentences, most shared sentences first.

    Counted over the entity's latest ``RECENT_MENTIONS`` mentions: a country named in half
    the corpus would otherwise cost a join over all of them.
    """
    rows = conn.execute(
        "WITH recent AS (SELECT article_id, sentence_start FROM mentions WHERE entity_id = ?"
        " ORDER BY rowid DESC LIMIT ?)"
        " SELECT o.entity_id AS id, e.name, e.type,"
        " COUNT(DISTINCT o.article_id || ':' || o.sentence_start) AS n"
        " FROM recent r JOIN mentions o ON o.article_id = r.article_id"
        " AND o.sentence_start = r.sentence_start AND o.entity_id != ?"
        " JOIN entities e ON e.id = o.entity_id"
        " GROUP BY o.entity_id ORDER BY n DESC, o.entity_id LIMIT ?",
        (entity_id, RECENT_MENTIONS, entity_id, limit),
    )
    return [dict(r) for r in rows]


def _entity_articles(conn: sqlite3.Connection, entity_id: str) -> list[Record]:
    page = q.list_articles(conn, entity=entity_id, sort="-published", limit=50, with_text=False)
    return page.items


def _merged(conn: sqlite3.Connection, entity_id: str) -> Record:
    """Ids merged into this entity, and the entity this one was merged into (resolution)."""
    if "entity_merges" not in q.tables(conn):
        return {"from": [], "into": None}
    merged_from = [
        r[0]
        for r in conn.execute(
            "SELECT entity_id FROM entity_merges WHERE canonical_id = ?", (entity_id,)
        )
    ]
    into = conn.execute(
        "SELECT canonical_id FROM entity_merges WHERE entity_id = ?", (entity_id,)
    ).fetchone()
    return {"from": merged_from, "into": into[0] if into else None}
