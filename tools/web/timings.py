"""Time the dashboard's pages and API endpoints on a database, in-process (no network).

Usage: .venv/bin/python tools/web/timings.py DB [--runs 5]

Prints the median wall time of each request over --runs runs (after one warm-up), and the
response size. With --cold the result cache (wirewatch/web/cache.py) is emptied before each
request: the time of a first request after the database changed. docs/web.md quotes both.
"""

from __future__ import annotations

import argparse
import statistics
import time

from fastapi.testclient import TestClient

from wirewatch.store.db import connect
from wirewatch.web import cache, create_app


def urls(db: str) -> list[str]:
    conn = connect(db, readonly=True)
    article = conn.execute("SELECT id FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
    event = conn.execute("SELECT id FROM events ORDER BY rowid LIMIT 1").fetchone()
    place = conn.execute(
        "SELECT geonameid FROM places WHERE geonameid IS NOT NULL"
        " GROUP BY geonameid ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    entity = conn.execute(
        "SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    conn.close()
    gid = place[0] if place else 0
    found = [
        "/",
        f"/article/{article}",
        f"/article/{article}?event={event[0] if event else ''}",
        f"/entity/{entity}",
        "/search?q=troops",
        "/api/",
        "/api/articles?text=false",
        "/api/entities?limit=50",
        f"/api/mentions?entity_id={entity}",
        f"/api/places?geonameid={gid}",
        "/api/statements",
        "/api/events",
        "/api/events?type=ACCUSE&mode=claimed",
        "/api/events?status=contested",
        f"/api/events?place={gid}&limit=50",
        "/api/events?since=2022-03-01&until=2022-03-31",
        "/api/forces",
        "/api/clusters",
        "/api/map",
        "/api/map?type=MOBILIZE",
        "/api/timeline",
        "/api/contested",
        "/api/facets",
        "/api/search?q=Stoltenberg",
    ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--cold", action="store_true", help="empty the result cache before every request"
    )
    args = parser.parse_args()
    client = TestClient(create_app(args.db))
    print(f"{'request':60} {'median ms':>10} {'max ms':>8} {'bytes':>9}")
    for url in urls(args.db):
        response = client.get(url)  # warm-up
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
        times = []
        for _ in range(args.runs):
            if args.cold:
                cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        print(f"{url[:60]:60} {median:10.1f} {max(times):8.1f} {len(response.content):9,}")


if __name__ == "__main__":
    main()
