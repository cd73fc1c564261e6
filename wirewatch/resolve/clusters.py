"""Reports of one real event become one cluster; counts of one force posture one series.

Events: two events are reports of the same real event when they have the same PLOVER type,
compatible dates (their windows overlap; an undated event is placed in the few days before
its article's date), compatible places (the same country, or one unknown), share a
participant (actors and recipients, with a government and its country counted as one: the
Kremlin and Russia), and agree on something more specific: the same subtype, the same exact
dates, or similar sentences (word overlap). Linked events are grouped transitively
(union-find). Blocking: only events of one type that share a participant and whose
windows overlap are ever compared (a sweep over each block's windows sorted by start), so
the cost grows with the number of events times the number of such events on the same days,
not with the square of the corpus.

Each cluster counts its independent sources (distinct articles, a copy counting as its
original) and gets a status: ``contested`` (an event in it is denied, or a denial elsewhere
responds to one of its events), ``corroborated`` (two or more independent sources), else
``single_source``. Force postures: forces with the same owner, kind, weapon system and
country form a series; two independent sources corroborate it, and counts that cannot both
be true for the same dates (bounds that do not overlap, allowing 20% for approximate
figures) from different sources contest it.

Ids are hashes of the earliest member (clusters) or of the key (series): a rerun on the same
database gives the same ids.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

UNDATED_DAYS = 3  # an undated event: somewhere in the days before its article's date
COARSE_DAYS = 62  # wider windows ("in 2014", "this year") link only on identical dates
SLACK = timedelta(days=1)
MIN_WORD_OVERLAP = 0.2
LABEL_CHARS = 200  # a cluster's label: the start of its earliest report's sentence
APPROX_TOLERANCE = 0.2
MODE_STRENGTH = ("asserted", "expected", "claimed", "hypothetical", "denied")
STOPWORDS = frozenset(
    """a an the of to in on at for and or but with by from as is are was were be been has have
had will would said says that this it its their his her they he she we not also into over
after before about than which who whom while more most""".split()
)
_WORD = re.compile(r"[a-z]+")


@dataclass(slots=True)
class EventRow:
    id: str
    article: str  # the independent source: the article, or the original it copies
    order: tuple[int, int]  # storage order of the article, then offset: "earliest"
    type: str
    subtype: str | None
    mode: str
    participants: frozenset[str]
    actors: list[str]
    recipients: list[str]
    place: int | None
    country: str | None
    first: date
    last: date
    dated: bool  # dated by the text, not only by its article
    words: frozenset[str]
    sentence: str
    responds_to: str | None
    dates: tuple[str | None, str | None] = (None, None)


@dataclass
class Cluster:
    id: str
    events: list[EventRow] = field(default_factory=list)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def participant_key(entity_id: str, canonical: dict[str, str]) -> str:
    """A government and its country are one participant: gov/ru and country/ru -> ru."""
    entity_id = canonical.get(entity_id, entity_id)
    kind, _, rest = entity_id.partition("/")
    return rest if kind in ("gov", "country") else entity_id


def _words(sentence: str) -> frozenset[str]:
    # Interned: the same few thousand words recur across tens of thousands of events.
    return frozenset(sys.intern(w) for w in _WORD.findall(sentence.lower()) if w not in STOPWORDS)


EVENT_QUERY = """
SELECT e.*, a.rowid AS article_order, COALESCE(a.duplicate_of, a.id) AS source,
       COALESCE(a.published, a.window_last) AS reported,
       substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
       (SELECT country FROM places p WHERE p.geonameid = e.place LIMIT 1) AS country
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.type = ?
ORDER BY a.rowid, e.start, e.id
"""


def load_events(conn: sqlite3.Connection, canonical: dict[str, str], type_: str) -> list[EventRow]:
    """The events of one PLOVER type, in storage order, with what linking them needs."""
    rows = []
    for r in conn.execute(EVENT_QUERY, (type_,)):
        window = _window(r["first"], r["last"], r["reported"])
        if window is None:
            continue  # neither the text nor the article dates it: nothing to line it up by
        first, last, dated = window
        actors, recipients = json.loads(r["actors"]), json.loads(r["recipients"])
        rows.append(
            EventRow(
                id=r["id"],
                article=r["source"],
                order=(r["article_order"], r["start"]),
                type=r["type"],
                subtype=r["subtype"],
                mode=r["mode"],
                participants=frozenset(participant_key(e, canonical) for e in actors + recipients),
                actors=actors,
                recipients=recipients,
                place=r["place"],
                country=r["country"],
                first=first,
                last=last,
                dated=dated,
                words=_words(r["sentence"]),
                sentence=r["sentence"],
                responds_to=r["responds_to"],
                dates=(r["first"], r["last"]),
            )
        )
    return rows


def _window(first: str | None, last: str | None, reported: str | None):
    start, end = _day(first), _day(last) or _day(first)
    if start and end:
        return start, end, True
    day = _day(reported)
    if day is None:
        return None
    return day - timedelta(days=UNDATED_DAYS), day, False


def same_event(a: EventRow, b: EventRow) -> bool:
    """Whether two events of the same type, in overlapping windows, report one event."""
    if a.country and b.country and a.country != b.country:
        return False
    coarse = (a.last - a.first).days > COARSE_DAYS or (b.last - b.first).days > COARSE_DAYS
    if coarse and (a.first, a.last) != (b.first, b.last):
        return False
    if not a.participants & b.participants:
        return False
    same_dates = a.dated and b.dated and (a.first, a.last) == (b.first, b.last)
    same_subtype = a.subtype is not None and a.subtype == b.subtype
    similar = len(a.words & b.words) / max(1, len(a.words | b.words)) >= MIN_WORD_OVERLAP
    if a.article == b.article:
        # One report names one event several times with the same participants; looser
        # links would chain an article's meetings and statements into one blob.
        return a.participants == b.participants and same_subtype and (same_dates or similar)
    if a.dated and b.dated and not same_dates:
        return similar  # "this month" and "February 10 to 20": different events unless
        # the words say otherwise
    return same_dates or same_subtype or similar


def candidate_pairs(events: list[EventRow]):
    """Pairs of events of one type, sharing a participant, whose windows overlap.

    Blocking on (type, participant) and sweeping each block's windows in date order: events
    never compared are exactly those that cannot be linked (``same_event`` needs all three).
    A pair sharing several participants comes once per shared participant.
    """
    blocks: dict[tuple[str, str], list[EventRow]] = defaultdict(list)
    for event in events:
        for participant in event.participants:
            blocks[(event.type, participant)].append(event)
    for block in blocks.values():
        block.sort(key=lambda e: (e.first, e.order))
        active: list[EventRow] = []
        for event in block:
            active = [e for e in active if e.last + SLACK >= event.first]
            for other in active:
                yield other, event
            active.append(event)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def cluster_events(events: list[EventRow]) -> list[Cluster]:
    groups = _UnionFind()
    for event in events:
        groups.find(event.id)
    for a, b in candidate_pairs(events):
        if same_event(a, b):
            groups.union(a.id, b.id)
    members: dict[str, list[EventRow]] = defaultdict(list)
    for event in events:
        members[groups.find(event.id)].append(event)
    clusters = []
    for group in members.values():
        group.sort(key=lambda e: e.order)
        clusters.append(Cluster(id=_hash_id("cl", group[0].id), events=group))
    return sorted(clusters, key=lambda c: c.events[0].order)


def _hash_id(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def cluster_status(events: list[EventRow], denied_ids: set[str]) -> str:
    if any(e.mode == "denied" or e.id in denied_ids for e in events):
        return "contested"
    return "corroborated" if len({e.article for e in events}) >= 2 else "single_source"


def _cluster_row(cluster: Cluster, denied_ids: set[str], points: dict[int, tuple]) -> tuple:
    events = cluster.events
    subtype = Counter(e.subtype for e in events if e.subtype).most_common(1)
    place = Counter(e.place for e in events if e.place).most_common(1)
    geonameid = place[0][0] if place else None
    lat, lon = points.get(geonameid, (None, None)) if geonameid else (None, None)
    firsts = [e.dates[0] for e in events if e.dates[0]]
    lasts = [e.dates[1] or e.dates[0] for e in events if e.dates[0]]
    mode = min((e.mode for e in events), key=_mode_rank)
    return (
        cluster.id,
        events[0].type,
        subtype[0][0] if subtype else None,
        " ".join(events[0].sentence.split())[:LABEL_CHARS],
        _union(e.actors for e in events),
        _union(e.recipients for e in events),
        geonameid,
        lat,
        lon,
        min(firsts) if firsts else None,
        max(lasts) if lasts else None,
        mode,
        json.dumps([e.id for e in events]),
        json.dumps(sorted({e.article for e in events})),
        len({e.article for e in events}),
        cluster_status(events, denied_ids),
    )


def _mode_rank(mode: str) -> int:
    return MODE_STRENGTH.index(mode) if mode in MODE_STRENGTH else len(MODE_STRENGTH)


def _union(lists) -> str:
    seen: list[str] = []
    for items in lists:
        seen += [i for i in items if i not in seen]
    return json.dumps(seen)


def write_clusters(conn: sqlite3.Connection, canonical: dict[str, str]) -> int:
    """Recompute every event cluster and store them; returns how many there are.

    One PLOVER type at a time (events of different types never link), so memory holds the
    events of the largest type, not of the whole database.
    """
    denied = {
        r[0] for r in conn.execute("SELECT responds_to FROM events WHERE responds_to NOT NULL")
    }
    points = {
        g: (lat, lon)
        for g, lat, lon in conn.execute(
            "SELECT geonameid, lat, lon FROM places WHERE geonameid NOT NULL GROUP BY geonameid"
        )
    }
    types = [t for (t,) in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    count = 0
    with conn:  # one transaction: readers see the old clusters or the new, never a mix
        conn.execute("UPDATE events SET cluster = NULL WHERE cluster NOT NULL")
        conn.execute("DELETE FROM clusters")
        for type_ in types:
            clusters = cluster_events(load_events(conn, canonical, type_))
            conn.executemany(
                "INSERT INTO clusters (id, type, subtype, label, actors, recipients, place, lat,"
                " lon, first, last, mode, events, articles, sources, status)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_cluster_row(c, denied, points) for c in clusters),
            )
            conn.executemany(
                "UPDATE events SET cluster = ? WHERE id = ?",
                ((c.id, e.id) for c in clusters for e in c.events),
            )
            count += len(clusters)
    return count
