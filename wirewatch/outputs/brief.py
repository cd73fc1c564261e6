"""``wirewatch brief``: a self-contained briefing of the whole database, HTML or Markdown.

For a reader with five minutes: key developments by date, force postures with their
sources, contested claims, who said what, a map and a timeline (drawn offline with
matplotlib), and the numbered list of sources every line cites. The HTML file embeds its
images as base64 and loads nothing; the Markdown file has its two images beside it.

Article text is hostile input: HTML is autoescaped, Markdown escaped (``web.safe``), and
only http(s) URLs become links.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import math
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from wirewatch.store.db import connect
from wirewatch.web import queries as q
from wirewatch.web.queries import EventFilter, Record
from wirewatch.web.safe import markdown_text, safe_url
from wirewatch.web.views import count_text

MAX_DEVELOPMENTS = 40
MAX_STATEMENTS = 15
MAX_ENTITIES = 15
WIDE_FEATURES = {"country", "continent", "region", "sea", "ocean"}
TYPE_COLOURS = {
    "CONSULT": "#33a02c",
    "AGREE": "#1f78b4",
    "COOPERATE": "#4daf4a",
    "REQUEST": "#8c6bb1",
    "DEMAND": "#984ea3",
    "ACCUSE": "#ff7f00",
    "REJECT": "#e6550d",
    "THREATEN": "#d95f02",
    "PROTEST": "#fdae61",
    "DISAPPROVE": "#f4a582",
    "MOBILIZE": "#e31a1c",
    "ASSAULT": "#99000d",
    "FIGHT": "#67000d",
}


@dataclass
class Briefing:
    """Everything a briefing shows, gathered from the store."""

    counts: Record
    first: str | None
    last: str | None
    sources: list[Record]  # articles, numbered in date order
    developments: list[tuple[str, list[Record]]]  # (date label, items)
    forces: list[Record]
    contested: list[Record]
    statements: list[Record]
    entities: list[Record]
    places: list[Record]
    map_png: bytes = b""
    timeline_png: bytes = b""
    notes: list[str] = field(default_factory=list)


# --- gathering -------------------------------------------------------------------------------


def gather(conn: sqlite3.Connection) -> Briefing:
    sources = _sources(conn)
    ref = {a["id"]: a["n"] for a in sources}
    for a in sources:  # a copy cites its original's number
        if a["duplicate_of"] in ref:
            ref[a["id"]] = ref[a["duplicate_of"]]
    span = conn.execute(
        "SELECT MIN(COALESCE(published, window_first)), MAX(COALESCE(published, window_last))"
        " FROM articles"
    ).fetchone()
    markers = q.map_places(conn)
    briefing = Briefing(
        counts=q.counts(conn),
        first=span[0],
        last=span[1],
        sources=sources,
        developments=_developments(conn, ref),
        forces=_forces(conn, ref),
        contested=_contested(conn, ref),
        statements=_statements(conn, ref),
        entities=q.list_entities(conn, limit=MAX_ENTITIES).items,
        places=[m for m in markers if m["feature"] not in WIDE_FEATURES][:20],
    )
    briefing.map_png = map_png(markers)
    briefing.timeline_png = timeline_png(q.timeline(conn), briefing.first, briefing.last)
    return briefing


def _sources(conn: sqlite3.Connection) -> list[Record]:
    articles = q.all_pages(
        lambda **kw: q.list_articles(conn, sort="published", with_text=False, **kw)
    )
    texts = dict(conn.execute("SELECT id, substr(text, 1, 160) FROM articles"))
    for n, a in enumerate(articles, 1):
        a["n"] = n
        a["first_words"] = " ".join(texts.get(a["id"], "").split())[:120]
        a["link"] = safe_url(a["url"])
        a["date"] = _article_date(a)
    return articles


def _article_date(a: Record) -> str:
    if a["published"]:
        return a["published"]
    if a["published_window"]:
        first, last = a["published_window"]
        return f"{first} – {last} (inferred)"
    return "undated"


def _names(conn: sqlite3.Connection, ids) -> dict[str, str]:
    return {k: v["name"] for k, v in q.entity_names(conn, ids).items()}


def _join(names: dict[str, str], ids: list[str], fallback: str | None) -> str:
    return ", ".join(names.get(i, i) for i in ids) or (fallback or "")


def date_label(first: str | None, last: str | None) -> str:
    """ "2022-02-03", "2022-01" (a whole month), "2022" or "2022-02-10 – 2022-02-20"."""
    if not first:
        return "undated"
    last = last or first
    if first == last:
        return first
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if a.day == 1 and (b + dt.timedelta(days=1)).day == 1 and a.month == b.month:
        if a.year == b.year:
            return first[:7]
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return first[:4]
    return f"{first} – {last}"


def _developments(conn: sqlite3.Connection, ref: dict[str, int]) -> list[tuple[str, list]]:
    """Event clusters (or, before resolution has run, events), the best-sourced first,
    then laid out by date."""
    clusters = q.all_pages(lambda **kw: q.list_clusters(conn, **kw))
    events = q.all_pages(lambda **kw: q.list_events(conn, EventFilter(), **kw))
    by_id = {e["id"]: e for e in events}
    items = []
    if clusters:
        for c in clusters:
            members = [by_id[i] for i in c["events"] if i in by_id]
            if members:
                items.append(_development(members, c["sources"], c["status"], c["mode"]))
        clustered = {i for c in clusters for i in c["events"]}
        events = [e for e in events if e["id"] not in clustered]
    items += [_development([e], e["sources"], e["status"], e["mode"]) for e in events]
    names = _names(conn, [i for d in items for i in d["ids"]])
    for d in items:
        d["who"] = _join(names, d["actors"], d["actor_text"])
        d["whom"] = _join(names, d["recipients"], d["recipient_text"])
        d["claimed_by"] = names.get(d["claimed_by"], d["claimed_by"])
        d["refs"] = sorted({ref[a] for a in d["articles"] if a in ref})
    items.sort(key=_weight)
    chosen = sorted(items[:MAX_DEVELOPMENTS], key=lambda d: (d["first"] or "9999", d["type"]))
    grouped: dict[str, list[Record]] = {}
    for d in chosen:
        grouped.setdefault(d["when"], []).append(d)
    return list(grouped.items())


def _development(events: list[Record], sources: int, status: str, mode: str | None) -> Record:
    lead = min(events, key=lambda e: (e["mode"] != "asserted", e["published"] or "", e["id"]))
    first = lead["first"] or lead["published"]
    return {
        "type": lead["type"],
        "mode": mode or lead["mode"],
        "actors": lead["actors"],
        "recipients": lead["recipients"],
        "actor_text": lead["actor_text"],
        "recipient_text": lead["recipient_text"],
        "claimed_by": lead["claimed_by"],
        "place": lead["place_name"] or lead["place_text"],
        "first": first,
        "when": date_label(first, lead["last"] if lead["first"] else None)
        + ("" if lead["first"] else " (reported)"),
        "sentence": lead["sentence"],
        "sources": sources,
        "status": status,
        "articles": sorted({e["article_id"] for e in events}),
        "ids": [*lead["actors"], *lead["recipients"], lead["claimed_by"]],
    }


def _weight(d: Record) -> tuple:
    # Corroborated and contested matter more than single-source; what happened or is planned
    # more than what might; a development with named actors and a stated date more than one
    # without (the article's date stands in for a missing one).
    status = {"corroborated": 0, "contested": 1}.get(d["status"], 2)
    speculative = d["mode"] == "hypothetical"
    vague = (not d["actors"]) + d["when"].endswith("(reported)")
    return (-d["sources"], status, speculative, vague, d["first"] or "9999")


def _forces(conn: sqlite3.Connection, ref: dict[str, int]) -> list[Record]:
    forces = q.all_pages(lambda **kw: q.list_forces(conn, q.Where(), sort="owner", **kw))
    ids = [i for f in forces for i in (f["owner"], f["system"], f["claimed_by"])]
    names = _names(conn, ids)
    origins = q.place_info(conn, (f["origin_place"] for f in forces))
    rows = []
    for f in forces:
        where = f["place_name"] or f["place_text"] or ""
        origin = origins.get(f["origin_place"], {}).get("name")
        rows.append(
            {
                "owner": names.get(f["owner"], f["owner"] or "?"),
                "what": f["kind"].replace("_", " ")
                + (f" ({names[f['system']]})" if f["system"] in names else ""),
                "count": count_text(f),
                "where": (f"from {origin} to {where}" if origin else where),
                "when": date_label(f["first"], f["last"]) if f["first"] else f["published"] or "",
                "according_to": names.get(f["claimed_by"], f["claimed_by"]) or "the article",
                "text": f["text"],
                "ref": ref.get(f["article_id"]),
            }
        )
    rows.sort(key=lambda r: (r["owner"], r["what"], r["when"]))
    return rows


def _contested(conn: sqlite3.Connection, ref: dict[str, int]) -> list[Record]:
    pairs = q.contested(conn, limit=100)
    events = [e for claim, denials in pairs for e in (claim, *denials)]
    names = _names(conn, [i for e in events for i in (*e["actors"], *e["recipients"])])
    return [
        {"claim": _side(claim, names, ref), "denials": [_side(d, names, ref) for d in denials]}
        for claim, denials in pairs
    ]


def _side(e: Record, names: dict[str, str], ref: dict[str, int]) -> Record:
    return {
        "type": e["type"],
        "mode": e["mode"],
        "who": _join(names, e["actors"], e["actor_text"]),
        "whom": _join(names, e["recipients"], e["recipient_text"]),
        "sentence": e["sentence"],
        "when": date_label(e["first"], e["last"]) if e["first"] else e["published"] or "",
        "ref": ref.get(e["article_id"]),
    }


def _statements(conn: sqlite3.Connection, ref: dict[str, int]) -> list[Record]:
    statements = [
        s for s in q.all_pages(lambda **kw: q.list_statements(conn, **kw)) if s["speaker"]
    ]
    names = _names(conn, (s["speaker"] for s in statements))
    statements.sort(key=lambda s: (s["kind"] != "direct", s["published"] or "", s["start"]))
    return [
        {
            "speaker": names.get(s["speaker"], s["speaker_text"]),
            "kind": s["kind"],
            "quote": s["quote"],
            "via": s["via"],
            "ref": ref.get(s["article_id"]),
        }
        for s in statements[:MAX_STATEMENTS]
    ]


# --- images --------------------------------------------------------------------------------


@cache
def _countries() -> list[list[tuple[float, float]]]:
    """Outer rings of every country of the packaged Natural Earth basemap."""
    path = resources.files("wirewatch.web") / "static" / "basemap" / "countries-50m.geojson"
    rings = []
    for feature in json.loads(path.read_text("utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings += [[tuple(p) for p in polygon[0]] for polygon in polygons]
    return rings


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def map_png(markers: list[Record]) -> bytes:
    """Country borders and one dot per place (colour: main event type; size: sources)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    local = [m for m in markers if m["feature"] not in WIDE_FEATURES] or markers
    lons = [m["lon"] for m in local] or [0.0]
    lats = [m["lat"] for m in local] or [0.0]
    pad_x = max(2.0, (max(lons) - min(lons)) * 0.25)
    pad_y = max(1.5, (max(lats) - min(lats)) * 0.25)
    x0, x1 = min(lons) - pad_x, max(lons) + pad_x
    y0, y1 = max(min(lats) - pad_y, -85), min(max(lats) + pad_y, 85)
    figure = Figure(figsize=(8, 5.2), dpi=110)
    ax = figure.add_subplot()
    ax.set_facecolor("#c9dbe8")
    ax.add_collection(
        PolyCollection(_countries(), facecolor="#f3f0e8", edgecolor="#8795a1", linewidth=0.6)
    )
    shown = [m for m in markers if x0 <= m["lon"] <= x1 and y0 <= m["lat"] <= y1]
    ax.scatter(
        [m["lon"] for m in shown],
        [m["lat"] for m in shown],
        s=[30 + 40 * m["sources"] for m in shown],
        c=[TYPE_COLOURS.get(m["top_type"], "#636363") for m in shown],
        edgecolors="#222",
        linewidths=0.6,
        alpha=0.85,
        zorder=3,
    )
    for m in sorted(shown, key=lambda m: -m["sources"])[:20]:
        ax.annotate(
            m["name"] or "",
            (m["lon"], m["lat"]),
            xytext=(5, 4),
            textcoords="offset points",
            fontsize=8,
            zorder=4,
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.tick_params(labelsize=7)
    ax.set_title("Places reported (dot size: independent sources)", fontsize=10)
    return _png(figure)


def timeline_png(days: list[Record], first: str | None, last: str | None) -> bytes:
    """Event clusters and force reports per day over the articles' span (a margin of 90 days
    either side; earlier or later days are drawn at the edges)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 2.6), dpi=110)
    ax = figure.add_subplot()
    if days:
        lo = dt.date.fromisoformat(days[0]["day"][:10])
        hi = dt.date.fromisoformat(days[-1]["day"][:10])
        if first:
            lo = max(lo, dt.date.fromisoformat(first) - dt.timedelta(days=90))
        if last:
            hi = min(hi, dt.date.fromisoformat(last) + dt.timedelta(days=90))
        hi = max(hi, lo)
        series: dict[str, dict[dt.date, int]] = {"events": {}, "forces": {}, "articles": {}}
        for d in days:
            day = min(max(dt.date.fromisoformat(d["day"][:10]), lo), hi)
            for key in series:
                series[key][day] = series[key].get(day, 0) + d[key]
        width = 0.4
        bars = (("events", "#2b5d8a", -width / 2), ("forces", "#e08214", width / 2))
        for key, colour, shift in bars:
            xs = sorted(series[key])
            ax.bar(
                [dt.datetime.combine(x, dt.time()) + dt.timedelta(days=shift) for x in xs],
                [series[key][x] for x in xs],
                width=width,
                color=colour,
                label="event clusters" if key == "events" else "force reports",
            )
        xs = sorted(series["articles"])
        ax.plot(
            [dt.datetime.combine(x, dt.time()) for x in xs],
            [series["articles"][x] for x in xs],
            "o--",
            color="#888",
            markersize=3,
            linewidth=0.8,
            label="articles",
        )
        ax.legend(fontsize=7, loc="upper left")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=7)
    ax.set_title("Per day", fontsize=10)
    figure.autofmt_xdate()
    return _png(figure)


# --- rendering -----------------------------------------------------------------------------


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wirewatch.outputs", "templates"),
        # HTML is escaped by Jinja; in Markdown every article-derived value goes through md.
        autoescape=jinja2.select_autoescape(["html"], default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env


def render_html(b: Briefing) -> str:
    return _environment().get_template("brief.html").render(b=b, generated=_now())


def render_markdown(b: Briefing, map_file: str, timeline_file: str) -> str:
    return (
        _environment()
        .get_template("brief.md")
        .render(b=b, generated=_now(), map_file=map_file, timeline_file=timeline_file)
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_brief(db: str | Path, out: str | Path) -> list[Path]:
    """Write the briefing of ``db`` to ``out`` (.html or .md); returns the files written
    (a Markdown briefing has its map and timeline images beside it)."""
    out = Path(out)
    conn = connect(db, readonly=True)
    try:
        briefing = gather(conn)
    finally:
        conn.close()
    if out.suffix.lower() in (".html", ".htm"):
        out.write_text(render_html(briefing), "utf-8")
        return [out]
    map_file = out.with_name(f"{out.stem}-map.png")
    timeline_file = out.with_name(f"{out.stem}-timeline.png")
    map_file.write_bytes(briefing.map_png)
    timeline_file.write_bytes(briefing.timeline_png)
    out.write_text(render_markdown(briefing, map_file.name, timeline_file.name), "utf-8")
    return [out, map_file, timeline_file]
