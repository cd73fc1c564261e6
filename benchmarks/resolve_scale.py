"""Cost of cross-document resolution as the corpus grows: time and peak memory per size.

    .venv/bin/python benchmarks/resolve_scale.py DB [--sizes 5000 10000 19043]

``DB`` is a database ingested from the Reuters corpus (``wirewatch ingest
../shared/corpus/reuters21578.jsonl.gz --db DB``). For each size N it copies the database,
keeps the first N articles (everything extracted from the others goes with them), forgets
every earlier resolution (signatures, merges, clusters, series) and runs ``resolve`` from
scratch in a fresh process, reporting its wall time, peak RSS and what it found. The ratio of
time per article between sizes shows how the cost grows (n log n or better: the per-article
time grows no faster than log n).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

RUN_ONE = """
import json, resource, sys, time
from wirewatch.store.db import connect
from wirewatch.resolve.run import resolve
conn = connect(sys.argv[1])
began = time.perf_counter()
report = resolve(conn)
seconds = time.perf_counter() - began
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "events": events,
                  "clusters": report.clusters, "copies": report.copies, "series": report.series}))
"""


def subset(source: Path, n: int, folder: Path) -> Path:
    target = folder / f"first-{n}.db"
    shutil.copy(source, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:
        cutoff = conn.execute("SELECT rowid FROM articles ORDER BY rowid LIMIT 1 OFFSET ?", (n,))
        row = cutoff.fetchone()
        if row:
            conn.execute("UPDATE articles SET duplicate_of = NULL WHERE rowid >= ?", (row[0],))
            conn.execute("DELETE FROM articles WHERE rowid >= ?", (row[0],))
        conn.execute("UPDATE articles SET duplicate_of = NULL")
        for table in ("article_signatures", "entity_merges", "clusters", "force_series",
                      "resolution_state"):  # fmt: skip
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE events SET cluster = NULL")
    conn.execute("VACUUM")
    conn.close()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000, 19043])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            db = subset(args.db, n, Path(tmp))
            out = subprocess.run(
                [sys.executable, "-c", RUN_ONE, str(db)], capture_output=True, text=True, check=True
            )
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            figures["articles"] = n
            rows.append(figures)
            db.unlink()
    print("articles  events  clusters  copies  series  seconds  ms/article  peak RSS MB")
    for r in rows:
        per_article = 1000 * r["seconds"] / r["articles"]
        print(
            f"{r['articles']:>8}  {r['events']:>6}  {r['clusters']:>8}  {r['copies']:>6}"
            f"  {r['series']:>6}  {r['seconds']:>7.1f}  {per_article:>10.2f}  {r['peak_mb']:>11.0f}"
        )
    first, last = rows[0], rows[-1]
    growth = (last["seconds"] / last["articles"]) / (first["seconds"] / first["articles"])
    bound = math.log(last["articles"]) / math.log(first["articles"])
    print(f"time per article grew x{growth:.2f} from {first['articles']} to {last['articles']}"
          f" articles; n log n allows x{bound:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
