"""Ingest throughput on real news, against the bare spaCy parse measured in the same run.

    .venv/bin/python benchmarks/ingest_throughput.py [--n 500] [--processes 1 2] [--corpus PATH]

For each process count it prints articles/s for (1) the stock spaCy pipeline alone
(`nlp.pipe`, same batch size, `n_process` processes) and (2) `wirewatch ingest` of the same
articles into a fresh database (reading, the full NLP pipeline, every extraction stage,
cross-document resolution and the SQLite writes), and the ratio full / bare. With one process
the local engine runs; with more, the Dask engine on a local cluster of that many worker
processes, started and warmed (pipeline loaded) before the clock starts, as `nlp.pipe`'s
processes are. Last, re-ingest of the same input (hash check only).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

import spacy

from wirewatch.engines.local import ingest
from wirewatch.nlp import BATCH_SIZE, MODEL, pipeline

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/reuters21578.jsonl.gz"


def first_articles(corpus: Path, n: int) -> list[str]:
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        return list(itertools.islice(handle, n))


def timed(fn: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def parse_all(nlp: spacy.Language, texts: list[str], processes: int) -> None:
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=processes):
        pass


def local_ingest(sample: Path, db: Path) -> None:
    ingest([str(sample)], db)


class DaskIngest:
    """Dask-engine ingests on one local cluster, started and warmed (pipeline loaded) once."""

    def __init__(self, stack: ExitStack, processes: int, warmup: Path, tmp: Path):
        from dask.distributed import Client, LocalCluster

        from wirewatch.engines.dask import ingest as ingest_on_dask

        self.ingest = ingest_on_dask
        cluster = stack.enter_context(
            LocalCluster(n_workers=processes, threads_per_worker=1, dashboard_address=":0")
        )
        stack.enter_context(Client(cluster))
        self.address = cluster.scheduler_address
        self.ingest([str(warmup)], tmp / "warm.db", scheduler=self.address)

    def __call__(self, sample: Path, db: Path) -> None:
        self.ingest([str(sample)], db, scheduler=self.address)


def report(what: str, n: int, words: int, seconds: float) -> None:
    print(f"{what:30s} {n / seconds:8.1f} articles/s  ({words / seconds:,.0f} words/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="articles to use")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3, help="bare/full pairs per setting")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()

    lines = first_articles(args.corpus, args.n + 20)
    lines, warm_lines = lines[: args.n], lines[args.n :]
    texts = [json.loads(line)["text"] for line in lines]
    words = sum(len(t.split()) for t in texts)
    n = len(texts)
    print(f"articles: {n} ({words:,} words) from {args.corpus.name}")
    bare_nlp = spacy.load(MODEL)
    pipeline()  # load outside the timings: both sides are timed warm
    list(bare_nlp.pipe(texts[:50], batch_size=BATCH_SIZE))
    with tempfile.TemporaryDirectory() as tmp_name, ExitStack() as stack:
        tmp = Path(tmp_name)
        sample, warmup = tmp / "sample.jsonl", tmp / "warmup.jsonl"
        sample.write_text("".join(lines), encoding="utf-8")
        warmup.write_text("".join(warm_lines), encoding="utf-8")
        for processes in args.processes:
            if processes == 1:
                run_full = partial(local_ingest, sample)
            else:
                run_full = partial(DaskIngest(stack, processes, warmup, tmp), sample)
            print(f"-- {processes} process{'es' if processes > 1 else ''}")
            ratios = []
            for trial in range(args.repeat):  # interleaved: both sides see the same load
                bare = timed(parse_all, bare_nlp, texts, processes)
                full = timed(run_full, tmp / f"bench{processes}-{trial}.db")
                report(f"bare spaCy parse ({MODEL}):", n, words, bare)
                report("wirewatch ingest (full):", n, words, full)
                ratios.append(bare / full)
            print(
                f"ratio full / bare: {statistics.median(ratios):.2f} (median of "
                f"{', '.join(f'{r:.2f}' for r in ratios)})"
            )
        again = timed(ingest, [str(sample)], tmp / f"bench{args.processes[0]}-0.db")
    print(f"{'wirewatch re-ingest (dups):':30s} {n / again:8.1f} articles/s")


if __name__ == "__main__":
    main()
