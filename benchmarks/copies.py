"""Copy detection on a perturbed Reuters corpus: precision, recall, and the cost.

    .venv/bin/python benchmarks/copies.py [--originals 2000] [--share 0.3] [--seed 7]

Builds the corpus with ``copies_corpus.make_corpus`` (real articles plus copies with a new
headline, a trimmed last paragraph, a changed sentence and typos), stores the articles
without NLP (copy detection reads only the text), runs ``find_copies`` and scores it: a copy
is found when it and the article it was made from are linked by ``duplicate_of`` (either
way round: the corpus is shuffled); any other link is a false positive.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from copies_corpus import make_corpus  # noqa: E402

from wirewatch.records import Article, ArticleResult, article_id_for  # noqa: E402
from wirewatch.resolve.copies import find_copies  # noqa: E402
from wirewatch.store.db import connect, save_result  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/reuters21578.jsonl.gz"


def score(conn, articles: list[dict], copied_from: dict[str, str]) -> dict[str, float]:
    db_id = {a["id"]: article_id_for(a["text"]) for a in articles}
    marked = dict(conn.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of NOT NULL"))
    # The corpus is shuffled, so a copy may be stored before its original: either way round,
    # the pair is what counts.
    truth = {frozenset((db_id[c], db_id[o])) for c, o in copied_from.items()}
    found = {frozenset(pair) for pair in marked.items()}
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    return {"copies": len(truth), "marked": len(marked), "precision": precision, "recall": recall}


def store(conn, articles: list[dict]) -> None:
    for a in articles:
        article = Article(id=article_id_for(a["text"]), text=a["text"], title=a["title"])
        save_result(conn, ArticleResult(article))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=2000)
    parser.add_argument("--share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    articles, copied_from = make_corpus(args.corpus, args.originals, args.share, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "copies.db")
        store(conn, articles)
        began = time.perf_counter()
        report = find_copies(conn)
        seconds = time.perf_counter() - began
        figures = score(conn, articles, copied_from)
    print(f"articles {len(articles)}, copies {figures['copies']}, marked {figures['marked']}")
    print(f"precision {figures['precision']:.4f}, recall {figures['recall']:.4f}")
    print(f"find_copies: {report.checked} articles in {seconds:.2f} s")


if __name__ == "__main__":
    main()
