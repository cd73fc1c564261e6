"""Ingest throughput on real news, against the bare spaCy parse measured in the same run.

    .venv/bin/python benchmarks/ingest_throughput.py [--n 500] [--corpus PATH]

Prints articles/s for (1) the stock spaCy pipeline alone (`nlp.pipe`, same batch size) and
(2) `wirewatch ingest` of the same articles into a fresh database (reading, the full NLP
pipeline, entity extraction and resolution, and the SQLite writes), then (3) re-ingest of the
same input (hash check only), and the ratio full / bare.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import tempfile
import time
from pathlib import Path

import spacy

from wirewatch.engines.local import ingest
from wirewatch.nlp import BATCH_SIZE, MODEL, pipeline

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/reuters21578.jsonl.gz"


def first_articles(corpus: Path, n: int) -> list[str]:
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        return list(itertools.islice(handle, n))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="articles to use")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()

    lines = first_articles(args.corpus, args.n)
    texts = [json.loads(line)["text"] for line in lines]
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        sample.write_text("".join(lines), encoding="utf-8")

        bare_nlp = spacy.load(MODEL)
        pipeline()  # load outside the timings: both sides are timed warm
        bare = timed(lambda: list(bare_nlp.pipe(texts, batch_size=BATCH_SIZE)))
        db = Path(tmp) / "bench.db"
        full = timed(lambda: ingest([str(sample)], db))
        again = timed(lambda: ingest([str(sample)], db))

    n = len(texts)
    print(f"articles: {n} ({words:,} words) from {args.corpus.name}")
    print(f"bare spaCy parse ({MODEL}): {n / bare:8.1f} articles/s  ({words / bare:,.0f} words/s)")
    print(
        f"wirewatch ingest (full):      {n / full:8.1f} articles/s  ({words / full:,.0f} words/s)"
    )
    print(f"wirewatch re-ingest (dups):   {n / again:8.1f} articles/s")
    print(f"ratio full / bare: {bare / full:.2f}")


if __name__ == "__main__":
    main()
