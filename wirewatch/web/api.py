"""The JSON API under ``/api/``: every record kind of CONTRACT.md, filtered and paged.

Parameters are validated by their declared types (a bad one is a 422 naming it), a query
parameter the endpoint does not know is a 400 (a typo should not silently widen a filter),
an unknown id is a 404, and nothing a request sends becomes SQL text.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from wirewatch.web import models
from wirewatch.web import queries as q
from wirewatch.web.app import read, read_cached
from wirewatch.web.models import Mode, Status
from wirewatch.web.queries import EventFilter, Page

DAY = r"^\d{4}-\d{2}-\d{2}$"
TYPE = r"^[A-Za-z_]{1,40}$"
ENTITY_ID = r"^[^\x00-\x1f]{1,200}$"


def _query_names(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_parameters(request: Request) -> None:
    route = request.scope.get("route")
    if route is None:
        return
    known = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(
            400,
            f"unknown query parameter {', '.join(map(repr, unknown))}; "
            f"this endpoint takes: {', '.join(sorted(known)) or 'none'}",
        )


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(reject_unknown_parameters)])

Limit = Annotated[int, Query(ge=1, le=q.MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="items to skip")]
Day = Annotated[str | None, Query(pattern=DAY, description="ISO date YYYY-MM-DD")]
Id = Annotated[str | None, Query(pattern=ENTITY_ID, description="an entity id")]
ArticleId = Annotated[str | None, Query(max_length=64, description="an article id")]
Text = Annotated[str | None, Query(max_length=200)]
GeonameId = Annotated[int | None, Query(ge=0, le=10**10, description="a GeoNames id")]


def _sort(names: dict[str, str], default: str):
    choices = ", ".join(sorted(names))
    return Annotated[
        str | None,
        Query(
            max_length=40,
            description=f"one of {choices}; prefix - to reverse (default {default})",
        ),
    ]


def _days(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    return q.parse_day(since, "since"), q.parse_day(until, "until")


def event_filter(
    type: Annotated[
        list[str] | None, Query(description="PLOVER type(s), e.g. ACCUSE; repeat for several")
    ] = None,
    mode: Annotated[list[Mode] | None, Query(description="repeat for several")] = None,
    status: Annotated[list[Status] | None, Query(description="repeat for several")] = None,
    actor: Id = None,
    recipient: Id = None,
    entity: Annotated[
        str | None, Query(pattern=ENTITY_ID, description="among actors or recipients")
    ] = None,
    place: GeonameId = None,
    since: Day = None,
    until: Day = None,
    article_id: ArticleId = None,
    cluster: Annotated[str | None, Query(max_length=64)] = None,
) -> EventFilter:
    """The dashboard's filters (the same names as its URL)."""
    since, until = _days(since, until)
    bad = [t for t in type or () if not re.fullmatch(TYPE, t)]
    if bad:
        raise q.QueryError(f"type must be a PLOVER type such as ACCUSE, not {bad[0]!r}")
    return EventFilter(
        types=tuple(t.upper() for t in type or ()),
        modes=tuple(mode or ()),
        statuses=tuple(status or ()),
        actor=actor or None,
        recipient=recipient or None,
        entity=entity or None,
        place=place,
        since=since,
        until=until,
        article_id=article_id or None,
        cluster=cluster or None,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


def _page(page: Page) -> dict[str, Any]:
    return asdict(page)


def _found(record: dict | None, kind: str, key: str) -> dict:
    if record is None:
        raise HTTPException(404, f"no {kind} with id {key!r}")
    return record


@router.get("/", response_model=models.Index, summary="What the database holds")
def index(request: Request):
    counts = read_cached(request, "counts", q.counts)
    endpoints = {kind: f"/api/{kind}" for kind in q.KINDS}
    endpoints |= {
        "map": "/api/map",
        "timeline": "/api/timeline",
        "contested": "/api/contested",
        "search": "/api/search?q=",
        "facets": "/api/facets",
    }
    return {"counts": counts, "endpoints": endpoints}


@router.get("/articles", response_model=models.Articles)
def articles(
    request: Request,
    source: Text = None,
    since: Day = None,
    until: Day = None,
    entity: Id = None,
    place: GeonameId = None,
    duplicates: Annotated[bool, Query(description="include copies of other articles")] = True,
    text: Annotated[bool, Query(description="include each article's text")] = True,
    sort: _sort(q.ARTICLE_SORTS, "stored") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    since, until = _days(since, until)
    page = read(
        request,
        lambda c: q.list_articles(
            c,
            source=source,
            since=since,
            until=until,
            entity=entity,
            place=place,
            duplicates=duplicates,
            sort=sort,
            limit=limit,
            offset=offset,
            with_text=text,
        ),
    )
    return _page(page)


@router.get("/articles/{article_id}", response_model=models.Article)
def article(request: Request, article_id: str):
    return _found(read(request, q.get_article, article_id), "article", article_id)


@router.get("/entities", response_model=models.Entities)
def entities(
    request: Request,
    type: Annotated[str | None, Query(pattern=TYPE, description="PERSON, ORG, ...")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    name: Annotated[str | None, Query(max_length=200, description="part of the name")] = None,
    sort: _sort(q.ENTITY_SORTS, "-mentions") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    page = read_cached(
        request,
        "entities",
        lambda c, *args: q.list_entities(
            c, type=args[0], country=args[1], name=args[2], sort=args[3], limit=args[4],
            offset=args[5],
        ),
        type.upper() if type else None,
        country.upper() if country else None,
        name,
        sort,
        limit,
        offset,
    )  # fmt: skip
    return _page(page)


@router.get("/entities/{entity_id:path}", response_model=models.Entity)
def entity(request: Request, entity_id: str):
    return _found(read(request, q.get_entity, entity_id), "entity", entity_id)


@router.get("/mentions", response_model=models.Mentions)
def mentions(
    request: Request,
    article_id: ArticleId = None,
    entity_id: Id = None,
    label: Annotated[str | None, Query(pattern=TYPE)] = None,
    sort: _sort(q.SPAN_SORTS, "position") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    page = read(
        request,
        lambda c: q.list_mentions(
            c,
            article_id=article_id,
            entity_id=entity_id,
            label=label,
            sort=sort,
            limit=limit,
            offset=offset,
        ),
    )
    return _page(page)


@router.get("/timexes", response_model=models.Timexes)
def timexes(
    request: Request,
    article_id: ArticleId = None,
    kind: Annotated[str | None, Query(pattern=r"^(date|interval|duration|set)$")] = None,
    since: Day = None,
    until: Day = None,
    sort: _sort(q.TIMEX_SORTS, "position") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    since, until = _days(since, until)
    page = read(
        request,
        lambda c: q.list_timexes(
            c,
            article_id=article_id,
            kind=kind,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
        ),
    )
    return _page(page)


@router.get("/places", response_model=models.Places)
def places(
    request: Request,
    article_id: ArticleId = None,
    geonameid: GeonameId = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    feature: Annotated[str | None, Query(pattern=TYPE)] = None,
    since: Day = None,
    until: Day = None,
    sort: _sort(q.SPAN_SORTS, "position") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    since, until = _days(since, until)
    page = read(
        request,
        lambda c: q.list_places(
            c,
            article_id=article_id,
            geonameid=geonameid,
            country=country.upper() if country else None,
            feature=feature,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
        ),
    )
    return _page(page)


@router.get("/statements", response_model=models.Statements)
def statements(
    request: Request,
    article_id: ArticleId = None,
    speaker: Id = None,
    kind: Annotated[str | None, Query(pattern=r"^(direct|reported)$")] = None,
    stance: Annotated[str | None, Query(pattern=TYPE)] = None,
    about: Id = None,
    since: Day = None,
    until: Day = None,
    sort: _sort(q.SPAN_SORTS, "position") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    since, until = _days(since, until)
    page = read(
        request,
        lambda c: q.list_statements(
            c,
            article_id=article_id,
            speaker=speaker,
            kind=kind,
            stance=stance,
            about=about,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
        ),
    )
    return _page(page)


@router.get("/events", response_model=models.Events)
def events(
    request: Request,
    f: Filter,
    sort: _sort(q.EVENT_SORTS, "first") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    return _page(read(request, q.list_events, f, sort=sort, limit=limit, offset=offset))


@router.get("/events/{event_id}", response_model=models.Event)
def event(request: Request, event_id: str):
    return _found(read(request, q.get_event, event_id), "event", event_id)


@router.get("/forces", response_model=models.Forces)
def forces(
    request: Request,
    article_id: ArticleId = None,
    owner: Id = None,
    kind: Annotated[str | None, Query(pattern=TYPE, description="troops, aircraft, ...")] = None,
    system: Id = None,
    place: GeonameId = None,
    since: Day = None,
    until: Day = None,
    sort: _sort(q.FORCE_SORTS, "first") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    since, until = _days(since, until)
    where = q.force_where(
        article_id=article_id,
        owner=owner,
        kind=kind,
        system=system,
        place=place,
        since=since,
        until=until,
    )
    return _page(read(request, q.list_forces, where, sort=sort, limit=limit, offset=offset))


@router.get("/clusters", response_model=models.Clusters)
def clusters(
    request: Request,
    f: Filter,
    sort: _sort(q.CLUSTER_SORTS, "first") = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
):
    return _page(read(request, q.list_clusters, f, sort=sort, limit=limit, offset=offset))


@router.get("/clusters/{cluster_id}", response_model=models.Cluster)
def cluster(request: Request, cluster_id: str):
    return _found(read(request, q.get_cluster, cluster_id), "cluster", cluster_id)


@router.get("/map", summary="Map markers (GeoJSON FeatureCollection of places)")
def map_markers(request: Request, f: Filter) -> dict[str, Any]:
    return q.geojson(read_cached(request, "map", q.map_places, f))


@router.get("/timeline", response_model=list[models.TimelineDay])
def timeline(request: Request, f: Filter):
    return read_cached(request, "timeline", q.timeline, f)


@router.get("/contested", response_model=models.Contested, summary="Claims and their denials")
def contested(request: Request, f: Filter):
    def work(conn, f):
        pairs = q.contested(conn, f)
        events = [e for claim, denials in pairs for e in (claim, *denials)]
        return {
            "items": [{"claim": c, "denials": d} for c, d in pairs],
            "entities": q.event_entities(conn, events),
        }

    return read_cached(request, "contested", work, f)


@router.get("/search", response_model=models.SearchResult, summary="Full-text search")
def search(
    request: Request,
    q_: Annotated[str, Query(alias="q", min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
):
    result = read_cached(request, "search", q.search, q_, limit, offset)
    return {kind: asdict(page) for kind, page in result.items()}


@router.get("/facets", response_model=models.Facets, summary="Values the filters offer")
def facets(request: Request):
    return read_cached(request, "facets", q.facets)
