"""Where the time goes: each pipeline component and extraction stage, against the bare parse.

    .venv/bin/python benchmarks/stage_costs.py [--n 300] [--corpus PATH]

Times, on the same Reuters articles (after one warm-up pass over them, so that per-process
caches are as in a long ingest): the bare stock pipeline (`nlp.pipe`), each component of the
stock pipeline and of wirewatch's pipeline run in turn over the whole batch, and each
extraction stage of `wirewatch.pipeline.analyse`. Every figure is also given as a share of
the bare parse. The SQLite writes and the cross-document step are not in it:
`ingest_throughput.py` has the whole.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from collections import defaultdict
from pathlib import Path

import spacy

import wirewatch.pipeline as per_article
from wirewatch.nlp import BATCH_SIZE, MODEL, pipeline
from wirewatch.records import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/reuters21578.jsonl.gz"
STAGES = (
    "date_undated",
    "extract_entities",
    "extract_timexes",
    "extract_places",
    "extract_statements",
    "extract_events",
    "extract_forces",
)


def component_times(nlp: spacy.Language, texts: list[str]) -> tuple[dict[str, float], list]:
    times = {}
    start = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    times["tokenizer"] = time.perf_counter() - start
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=BATCH_SIZE))
        times[name] = time.perf_counter() - start
    return times, docs


def stage_times(docs: list, articles: list[Article]) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    originals = {name: getattr(per_article, name) for name in STAGES}

    def timed(name):
        def run(*args, **kwargs):
            start = time.perf_counter()
            result = originals[name](*args, **kwargs)
            spent[name] += time.perf_counter() - start
            return result

        return run

    try:
        for name in STAGES:
            setattr(per_article, name, timed(name))
        for doc, article in zip(docs, articles, strict=True):
            per_article.analyse(doc, article)
    finally:
        for name, original in originals.items():
            setattr(per_article, name, original)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in itertools.islice(handle, args.n)]
    texts = [row["text"] for row in rows]

    def articles() -> list[Article]:
        return [
            Article(id=f"a{i}", text=row["text"], title=row.get("title"), published=row["date"])
            for i, row in enumerate(rows)
        ]

    bare_nlp, nlp = spacy.load(MODEL), pipeline()
    component_times(bare_nlp, texts)  # warm-up: caches as in a long run
    _, docs = component_times(nlp, texts)
    stage_times(docs, articles())

    start = time.perf_counter()
    list(bare_nlp.pipe(texts, batch_size=BATCH_SIZE))
    bare = time.perf_counter() - start
    stock, _ = component_times(bare_nlp, texts)
    components, docs = component_times(nlp, texts)
    stages = stage_times(docs, articles())
    print(f"{len(texts)} articles; bare parse ({MODEL}): {bare:.2f} s = 100%")
    for title, times in (("stock", stock), ("wirewatch", components)):
        print(f"{title} pipeline components:")
        for name, seconds in times.items():
            print(f"  {name:24s} {seconds:6.2f} s {100 * seconds / bare:6.1f}%")
        total = sum(times.values())
        print(f"  {'(all components)':24s} {total:6.2f} s {100 * total / bare:6.1f}%")
    print("extraction stages (wirewatch.pipeline.analyse):")
    for name in STAGES:
        print(f"  {name:24s} {stages[name]:6.2f} s {100 * stages[name] / bare:6.1f}%")
    spent = sum(stages.values())
    print(f"  {'(all stages)':24s} {spent:6.2f} s {100 * spent / bare:6.1f}%")


if __name__ == "__main__":
    main()
