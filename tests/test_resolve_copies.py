"""Copy detection at scale: the batch banding finds what datasketch's MinHashLSH finds."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest
from conftest import REUTERS
from datasketch import MinHash, MinHashLSH

from wirewatch.records import Article, ArticleResult, article_id_for
from wirewatch.resolve.copies import (
    CANDIDATE_JACCARD,
    NUM_PERM,
    SCHEME,
    SEED,
    THRESHOLD,
    containment,
    find_copies,
    signature,
)
from wirewatch.store.db import connect, save_result

pytestmark = pytest.mark.skipif(not REUTERS.exists(), reason="needs ../shared/corpus")


def reuters(n: int) -> list[Article]:
    """The first n distinct Reuters stories: wire copies among them (re-runs, corrections)."""
    with gzip.open(REUTERS, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in itertools.islice(lines, n)]
    unique = {article_id_for(r["text"]): r for r in rows}
    return [Article(id=i, text=r["text"], title=r.get("title")) for i, r in unique.items()]


def store(conn, articles: list[Article]) -> None:
    for a in articles:
        save_result(conn, ArticleResult(a))


def copies(conn) -> dict[str, tuple[str | None, float | None]]:
    rows = conn.execute(
        "SELECT a.id, a.duplicate_of, s.similarity FROM articles a"
        " JOIN article_signatures s ON s.article_id = a.id"
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def minhashlsh_copies(articles: list[Article]) -> dict[str, tuple[str | None, float | None]]:
    """The rule done the plain way: one MinHash object per article, queried in a MinHashLSH."""
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    seen: dict[str, tuple[int, MinHash, int, str]] = {}
    found = {}
    for order, a in enumerate(articles):
        values, size = signature(a.text)
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=values)
        best = None
        for other in lsh.query(minhash):
            other_order, other_hash, other_size, _ = seen[other]
            share = containment(minhash.jaccard(other_hash), size, other_size)
            if share >= THRESHOLD and (best is None or other_order < best[0]):
                best = (other_order, other, share)
        root = seen[best[1]][3] if best else a.id
        found[a.id] = (root if best else None, round(best[2], 4) if best else None)
        lsh.insert(a.id, minhash)
        seen[a.id] = (order, minhash, size, root)
    return found


def test_the_copies_are_those_minhashlsh_finds(tmp_path):
    articles = reuters(1500)
    conn = connect(tmp_path / "w.db")
    store(conn, articles)
    report = find_copies(conn)
    expected = minhashlsh_copies(articles)
    assert report.checked == len(articles)
    assert report.copies == sum(1 for root, _ in expected.values() if root) >= 30
    assert copies(conn) == expected


def test_signing_in_two_runs_finds_what_one_run_finds(tmp_path):
    articles = reuters(1500)
    whole = connect(tmp_path / "whole.db")
    store(whole, articles)
    find_copies(whole)
    halves = connect(tmp_path / "halves.db")
    store(halves, articles[:700])
    first = find_copies(halves)
    store(halves, articles[700:])
    second = find_copies(halves)  # the first 700 come back from their stored signatures
    assert (first.checked, second.checked) == (700, len(articles) - 700)
    assert copies(halves) == copies(whole)
    assert find_copies(halves).checked == 0  # each article is signed once
