"""The FastAPI application behind ``wirewatch serve``: dashboard pages, JSON API, static files.

The server only reads. Each request opens its own read-only connection (WAL mode lets it
read while ``wirewatch ingest`` writes) and retries a few times if SQLite reports the
database busy; a request that still cannot read gets a 503, never a 500.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from wirewatch.store.db import connect, migrations, schema_version
from wirewatch.web.cache import cached
from wirewatch.web.queries import QueryError

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_RETRIES = (0.05, 0.2, 0.5)
# No inline script may run: page data travels in <script type="application/json"> blocks,
# which are not executed. Leaflet positions things with element styles, hence the styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class DatabaseBusy(Exception):
    pass


def package_dir(name: str) -> Path:
    return Path(str(resources.files("wirewatch.web") / name))


def prepare_database(db: Path) -> None:
    """Refuse a missing file; bring an older database's schema up to date once, before
    serving (the server's own connections are read-only)."""
    if not db.is_file():
        raise FileNotFoundError(f"{db}: no such database (run `wirewatch ingest` first)")
    reader = connect(db, readonly=True)
    try:
        current = schema_version(reader)
    finally:
        reader.close()
    if current < migrations()[-1].version:
        connect(db).close()  # migrates


def read(request: Request, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``work(conn, ...)`` on a fresh read-only connection, retrying while SQLite is busy."""
    db = request.app.state.db
    for delay in (*BUSY_RETRIES, None):
        conn = None
        try:
            conn = connect(db, readonly=True)
            return work(conn, *args, **kwargs)
        except sqlite3.OperationalError as error:
            message = str(error).lower()
            if "locked" not in message and "busy" not in message:
                raise
            if delay is None:
                raise DatabaseBusy(str(error)) from error
            time.sleep(delay)
        finally:
            if conn is not None:
                conn.close()
    raise AssertionError("unreachable")


def read_cached(request: Request, key: Any, work: Callable[..., T], *args: Any) -> T:
    """``read``, keeping the result until the database changes (for aggregates over the
    whole store: map, timeline, facets, counts). ``key`` and ``args`` must be hashable."""
    return read(request, lambda conn: cached(conn, (key, args), lambda: work(conn, *args)))


def create_app(db: str | Path) -> FastAPI:
    """The dashboard and API over the database at ``db`` (which must exist)."""
    from wirewatch.web import api, pages

    db = Path(db)
    prepare_database(db)
    app = FastAPI(
        title="wirewatch",
        description="Read-only JSON API over a wirewatch database: every record with its "
        "provenance (article, character offsets, sentence). Lists take `limit` and `offset`; "
        "`next_offset` is null on the last page. Unknown query parameters are refused (400).",
        version="1",
        docs_url=None,  # served by pages.py from the vendored Swagger UI: no CDN
        redoc_url=None,
    )
    app.state.db = db
    app.mount("/static", StaticFiles(directory=package_dir("static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    _add_security_headers(app)
    _add_error_handlers(app)
    return app


def _add_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def bad_query(request: Request, error: QueryError):
        return JSONResponse({"detail": str(error)}, status_code=400)

    @app.exception_handler(DatabaseBusy)
    async def busy(request: Request, error: DatabaseBusy):
        return JSONResponse(
            {"detail": f"the database is busy, try again ({error})"},
            status_code=503,
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        # FastAPI's default (422, with each problem) but with one readable line on top.
        problems = [
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
            for e in error.errors()
        ]
        return JSONResponse(
            {"detail": "; ".join(problems), "errors": _plain(error.errors())},
            status_code=422,
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        if not request.url.path.startswith(("/api/", "/static/", "/openapi")):
            from wirewatch.web.pages import render

            title = "Not found" if error.status_code == 404 else "Error"
            return render("error.html", error.status_code, title=title, message=error.detail)
        return JSONResponse(
            {"detail": error.detail}, status_code=error.status_code, headers=error.headers
        )


def _plain(errors: Any) -> Any:
    """Validation errors as JSON: their ``ctx`` may hold exception objects."""
    if isinstance(errors, dict):
        return {k: _plain(v) for k, v in errors.items()}
    if isinstance(errors, list | tuple):
        return [_plain(v) for v in errors]
    if isinstance(errors, str | int | float | bool) or errors is None:
        return errors
    return str(errors)
