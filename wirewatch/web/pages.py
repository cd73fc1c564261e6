"""The dashboard's HTML pages: the map and timeline, articles, entities, search, API docs.

Templates autoescape everything; article-derived text never reaches a page any other way.
Links taken from articles are shown as links only when they are http(s).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from wirewatch.web import queries as q
from wirewatch.web import views
from wirewatch.web.app import package_dir, read, read_cached
from wirewatch.web.cache import cached
from wirewatch.web.safe import safe_url

router = APIRouter(include_in_schema=False)

FILTERS = ("type", "mode", "actor", "place", "since", "until", "status")
PLOVER_COLOURS = {
    # One hue per family: cooperation blues/greens, verbal conflict oranges, force reds.
    "AGREE": "#1f78b4",
    "CONSULT": "#33a02c",
    "SUPPORT": "#6a9f3a",
    "COOPERATE": "#4daf4a",
    "AID": "#17becf",
    "RETREAT": "#a6cee3",
    "REQUEST": "#8c6bb1",
    "DEMAND": "#984ea3",
    "ACCUSE": "#ff7f00",
    "REJECT": "#e6550d",
    "THREATEN": "#d95f02",
    "PROTEST": "#fdae61",
    "DISAPPROVE": "#f4a582",
    "SANCTION": "#b15928",
    "MOBILIZE": "#e31a1c",
    "COERCE": "#c51b7d",
    "ASSAULT": "#99000d",
    "FIGHT": "#67000d",
}
OTHER_COLOUR = "#636363"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_dir("templates"))),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["count_text"] = views.count_text
    env.filters["marked"] = q.marked
    env.globals["colour"] = lambda t: PLOVER_COLOURS.get(t, OTHER_COLOUR)
    env.globals["urlencode"] = urlencode
    return env


TEMPLATES = _environment()


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


def not_found(message: str) -> HTMLResponse:
    return render("error.html", status=404, title="Not found", message=message)


def _filters_from(request: Request) -> dict[str, list[str]]:
    """The dashboard's filters as the URL gives them (leniently: the page just shows them)."""
    return {k: [v for v in request.query_params.getlist(k) if v] for k in FILTERS}


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request):
    def work(conn):
        return {
            "facets": cached(conn, ("facets", ()), lambda: q.facets(conn)),
            "places": q.top_places(conn),
            "counts": cached(conn, ("counts", ()), lambda: q.counts(conn)),
        }

    data = read(request, work)
    places = sorted(data["places"], key=lambda p: (p["name"] or "").casefold())
    return render(
        "dashboard.html",
        title="Dashboard",
        filters=_filters_from(request),
        facets=data["facets"],
        places=places,
        counts=data["counts"],
        colours=PLOVER_COLOURS,
        other_colour=OTHER_COLOUR,
    )


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: str,
    event: Annotated[str | None, Query(max_length=64)] = None,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
):
    focus = (start, end) if start is not None and end is not None and start < end else None
    view = read(request, views.article_view, article_id, event=event, focus=focus)
    if view is None:
        return not_found(f"No article with id {article_id!r}.")
    title = view["article"]["title"] or view["article"]["text"][:80]
    return render("article.html", title=title, **view)


@router.get("/entity/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str):
    view = read_cached(request, "entity_view", views.entity_view, entity_id)
    if view is None:
        return not_found(f"No entity with id {entity_id!r}.")
    return render("entity.html", title=view["entity"]["name"], **view)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q_: Annotated[str, Query(alias="q", max_length=500)] = "",
    offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
):
    results = None
    if q_.strip():
        results = read_cached(request, "search", q.search, q_, 20, offset)
    return render("search.html", title="Search", query=q_, results=results, offset=offset)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    return render("docs.html", title="API")
