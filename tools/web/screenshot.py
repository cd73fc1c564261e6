"""Screenshot the dashboard (docs/dashboard.png) on a database, in Debian's chromium.

Usage: .venv/bin/python tools/web/screenshot.py DB OUT.png [--place GEONAMEID]

Serves DB on a free local port, opens the dashboard, clicks the marker of --place (Minsk by
default) so the side panel lists what happened there, and saves a 1400x1000 screenshot.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time

import uvicorn
from playwright.sync_api import sync_playwright

from wirewatch.web import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("out")
    parser.add_argument("--place", type=int, default=625144)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="error")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=args.chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("body[data-ready]")
        marker = page.locator(f"path.ww-place-{args.place}")
        if marker.count():
            marker.click()
            page.locator("#place-body ul.mentions").wait_for()
        time.sleep(0.5)  # let the map finish its fade-in
        page.screenshot(path=args.out)
        browser.close()
    server.should_exit = True
    print(f"dashboard screenshot -> {args.out}")


if __name__ == "__main__":
    main()
