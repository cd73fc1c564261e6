"""Near-duplicate articles (wire stories re-run with small edits) by MinHash LSH.

Each article gets a MinHash signature of its word 3-shingles once, stored in
``article_signatures`` with the number of shingles. LSH finds earlier articles with some
overlap (estimated Jaccard from ``CANDIDATE_JACCARD``); one is the original when the estimated
*containment* of the smaller article in the larger reaches ``THRESHOLD`` — containment, not
Jaccard, because a copy with its last paragraph trimmed is wholly inside its original. Then
the new article is a copy: ``articles.duplicate_of`` points at the earliest such
article's original (copies of copies point at the original). "Earlier" is storage order, so
re-running over the same database changes nothing. Exact duplicates never get this far: the
text hash catches them at ingest.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 256
SHINGLE_WORDS = 3  # short shingles: a typo spoils three, not five
# On the perturbed-copy corpus (benchmarks/copies.py, 2,000 Reuters originals): copies with a
# new headline, a trimmed last paragraph, a changed sentence and typos keep 0.57-1.0 of their
# shingles (1% under 0.65); Jaccard can fall to 0.21.
CANDIDATE_JACCARD = 0.2
THRESHOLD = 0.6
SEED = 1
SCHEME = "affine32"  # datasketch 2's default, named: stored signatures must match it
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> tuple[MinHash, int]:
    """The article's MinHash and its number of distinct shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    own = shingles(text)
    minhash.update_batch(list(own))
    return minhash, len(own)


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller set inside the larger, from their Jaccard index and sizes."""
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    return min(1.0, shared / max(1, min(size_a, size_b)))


def _to_blob(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint64).tobytes()


def _from_blob(blob: bytes) -> MinHash:
    values = np.frombuffer(blob, dtype=np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=values)


@dataclass
class CopyReport:
    checked: int = 0  # articles signed in this run
    copies: int = 0  # of which copies of an earlier article


def find_copies(conn: sqlite3.Connection) -> CopyReport:
    """Sign every unsigned article, in storage order, and mark the copies among them."""
    index = _SignatureIndex()
    signed = conn.execute(
        "SELECT a.rowid, a.id, a.duplicate_of, s.minhash, s.shingles FROM article_signatures s"
        " JOIN articles a ON a.id = s.article_id ORDER BY a.rowid"
    )
    for rowid, article_id, duplicate_of, blob, size in signed:
        index.add(article_id, rowid, (_from_blob(blob), size), duplicate_of or article_id)
    unsigned = conn.execute(
        "SELECT a.rowid, a.id, a.text FROM articles a LEFT JOIN article_signatures s"
        " ON s.article_id = a.id WHERE s.article_id IS NULL ORDER BY a.rowid"
    ).fetchall()
    report = CopyReport()
    with conn:  # one transaction: a crash leaves every article unsigned, to be redone
        for rowid, article_id, text in unsigned:
            signed_text = signature(text)
            original, similarity = index.earliest_match(signed_text)
            root = index.root[original] if original else article_id
            if original:
                conn.execute(
                    "UPDATE articles SET duplicate_of = ? WHERE id = ?", (root, article_id)
                )
                report.copies += 1
            conn.execute(
                "INSERT INTO article_signatures (article_id, minhash, shingles, similarity)"
                " VALUES (?, ?, ?, ?)",
                (article_id, _to_blob(signed_text[0]), signed_text[1], similarity),
            )
            index.add(article_id, rowid, signed_text, root)
            report.checked += 1
    return report


class _SignatureIndex:
    """Signed articles: an LSH index, their storage order, signatures and originals."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
        self.order: dict[str, int] = {}
        self.signatures: dict[str, tuple[MinHash, int]] = {}
        self.root: dict[str, str] = {}

    def add(self, article_id: str, rowid: int, signed: tuple[MinHash, int], root: str) -> None:
        self.lsh.insert(article_id, signed[0])
        self.order[article_id], self.signatures[article_id] = rowid, signed
        self.root[article_id] = root

    def earliest_match(self, signed: tuple[MinHash, int]) -> tuple[str | None, float | None]:
        """The earliest signed article similar enough to be this one's original."""
        minhash, size = signed
        best: tuple[int, str, float] | None = None
        for candidate in self.lsh.query(minhash):
            other, other_size = self.signatures[candidate]
            similarity = containment(minhash.jaccard(other), size, other_size)
            if similarity >= THRESHOLD and (best is None or self.order[candidate] < best[0]):
                best = (self.order[candidate], candidate, similarity)
        return (best[1], round(best[2], 4)) if best else (None, None)
