"""Results of expensive read-only queries, kept until the database changes.

A database's state is fingerprinted by the size and modification time of its file and its
write-ahead log: any commit changes one of them. Aggregates over the whole store (map
markers, the timeline, facets, counts) are then computed once per change, not per request.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

MAX_ENTRIES = 512
_lock = threading.Lock()
_entries: OrderedDict[Hashable, Any] = OrderedDict()


def fingerprint(db: str | Path) -> tuple:
    parts = []
    for path in (Path(db), Path(f"{db}-wal")):
        try:
            stat = path.stat()
            parts += [stat.st_size, stat.st_mtime_ns]
        except FileNotFoundError:
            parts += [None, None]
    return tuple(parts)


def database_path(conn: sqlite3.Connection) -> str:
    """The file behind a connection's main database ('' for an in-memory one)."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return row[2] or ""
    return ""


def cached(conn: sqlite3.Connection, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``'s result for ``key`` on this connection's database in its current state.

    The result is shared between requests: callers must not change it.
    """
    db = database_path(conn)
    if not db:
        return compute()
    full_key = (db, fingerprint(db), key)
    with _lock:
        if full_key in _entries:
            _entries.move_to_end(full_key)
            return _entries[full_key]
    value = compute()
    with _lock:
        _entries[full_key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
