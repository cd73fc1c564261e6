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

Memory stays small as the database grows: the signatures are one ``uint32`` matrix (1 KB an
article) and the LSH bands are found in batch (rows sorted by each band's values; articles in
one run of equal values are each other's candidates), not a dict of byte keys per band per
article. The banding is datasketch's for the same threshold and permutations, so the
candidates are exactly those ``MinHashLSH`` would return.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache

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


@cache
def _permutations() -> np.ndarray:
    """The one set of permutations every signature shares (drawn once, not per article)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


@cache
def bands() -> tuple[tuple[int, int], ...]:
    """The hash-value ranges LSH compares: datasketch's choice for the threshold (85 of 3)."""
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    return tuple(lsh.hashranges)


def signature(text: str) -> tuple[np.ndarray, int]:
    """The article's MinHash values (uint32) and its number of distinct shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    own = shingles(text)
    minhash.update_batch(list(own))
    return minhash.hashvalues, len(own)


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller set inside the larger, from their Jaccard index and sizes."""
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    return min(1.0, shared / max(1, min(size_a, size_b)))


@dataclass
class CopyReport:
    checked: int = 0  # articles signed in this run
    copies: int = 0  # of which copies of an earlier article


@dataclass
class _Signatures:
    """Every article in storage order: its id, signature, shingle count and original."""

    ids: list[str]
    values: np.ndarray  # (articles, NUM_PERM) uint32
    sizes: np.ndarray  # distinct shingles per article
    roots: list[str]  # the original each article copies (itself if none); new ones: itself
    signed: np.ndarray  # bool: signed by an earlier run


ARTICLES = """
SELECT a.id, a.duplicate_of, s.minhash, s.shingles,
       CASE WHEN s.article_id IS NULL THEN a.text END
FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id ORDER BY a.rowid
"""


def _read_signatures(conn: sqlite3.Connection) -> _Signatures:
    """Stored signatures as they are; unsigned articles signed from their text, streamed."""
    capacity = max(1, conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    values = np.empty((capacity, NUM_PERM), dtype=np.uint32)
    sizes = np.empty(capacity, dtype=np.int64)
    signed = np.empty(capacity, dtype=bool)
    ids: list[str] = []
    roots: list[str] = []
    for article_id, duplicate_of, blob, size, text in conn.execute(ARTICLES):
        row = len(ids)
        if row == capacity:  # articles came in since the count
            capacity *= 2
            values.resize((capacity, NUM_PERM), refcheck=False)
            sizes.resize(capacity, refcheck=False)
            signed.resize(capacity, refcheck=False)
        if blob is not None:
            values[row], sizes[row] = np.frombuffer(blob, dtype=np.uint64), size
        else:
            values[row], sizes[row] = signature(text or "")
        signed[row] = blob is not None
        ids.append(article_id)
        roots.append(duplicate_of or article_id)
    n = len(ids)
    return _Signatures(ids, values[:n], sizes[:n], roots, signed[:n])


class _BandIndex:
    """Which articles share a band with which: LSH over a fixed set of signatures.

    For each band the rows are sorted by the band's values; a run of equal values is a bucket
    (runs of one dropped: they meet nobody). Buckets are numbered across all bands;
    ``members[starts[b]:starts[b + 1]]`` are bucket b's rows, ``bucket_of`` a queried row's
    bucket in each band (-1: none).
    """

    def __init__(self, values: np.ndarray, queried: np.ndarray) -> None:
        self.slot = np.full(len(values), -1, dtype=np.int64)
        self.slot[queried] = np.arange(len(queried))
        self.bucket_of = np.full((len(queried), len(bands())), -1, dtype=np.int32)
        members, sizes = [], []
        buckets = 0
        for band, (start, end) in enumerate(bands()):
            order, run_of, run_sizes = _runs(values[:, start:end])
            shared = run_sizes > 1
            in_shared = shared[run_of]
            rows = order[in_shared]
            bucket = (np.cumsum(shared) - 1 + buckets)[run_of[in_shared]]
            slots = self.slot[rows]
            asked = slots >= 0
            self.bucket_of[slots[asked], band] = bucket[asked]
            members.append(rows.astype(np.int32))
            sizes.append(run_sizes[shared])
            buckets += int(shared.sum())
        self.members = np.concatenate(members)
        self.starts = np.concatenate([[0], np.cumsum(np.concatenate(sizes))])

    def candidates(self, row: int) -> np.ndarray:
        """Rows sharing a band with ``row`` (``row`` itself included, some more than once)."""
        buckets = self.bucket_of[self.slot[row]]
        spans = [self.members[self.starts[b] : self.starts[b + 1]] for b in buckets[buckets >= 0]]
        return np.concatenate(spans) if spans else np.empty(0, dtype=np.int32)


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sorted by their keys, each sorted position's run of equal keys, the runs' sizes."""
    order = np.lexsort(keys.T[::-1])
    ordered = keys[order]
    starts_run = np.ones(len(order), dtype=bool)
    starts_run[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    run_of = np.cumsum(starts_run) - 1
    run_sizes = np.diff(np.append(np.flatnonzero(starts_run), len(order)))
    return order, run_of, run_sizes


def _earliest_original(sigs: _Signatures, index: _BandIndex, row: int) -> tuple[int, float] | None:
    """The earliest article indexed before ``row`` similar enough to be its original.

    Indexed before it: every article signed by an earlier run, and the new ones stored
    before it (this run signs in storage order).
    """
    found = index.candidates(row)
    found = found[(found != row) & (sigs.signed[found] | (found < row))]
    if not len(found):
        return None
    same = np.count_nonzero(sigs.values[found] == sigs.values[row], axis=1)
    jaccard = same / float(NUM_PERM)
    size, other = sigs.sizes[row], sigs.sizes[found]
    shared = jaccard * (size + other) / (1 + jaccard)
    share = np.minimum(1.0, shared / np.maximum(1, np.minimum(size, other)))
    passing = found[share >= THRESHOLD]
    if not len(passing):
        return None
    best = int(passing.min())  # storage order is row order
    jaccard_best = float(np.count_nonzero(sigs.values[best] == sigs.values[row])) / NUM_PERM
    similarity = containment(jaccard_best, int(size), int(sigs.sizes[best]))
    return best, round(similarity, 4)


def find_copies(conn: sqlite3.Connection) -> CopyReport:
    """Sign every unsigned article, in storage order, and mark the copies among them."""
    sigs = _read_signatures(conn)
    new_rows = np.flatnonzero(~sigs.signed)
    report = CopyReport()
    if not len(new_rows):
        return report
    index = _BandIndex(sigs.values, new_rows)
    with conn:  # one transaction: a crash leaves every article unsigned, to be redone
        for row in new_rows.tolist():
            article_id = sigs.ids[row]
            match = _earliest_original(sigs, index, row)
            similarity = None
            if match:
                original, similarity = match
                sigs.roots[row] = sigs.roots[original]
                conn.execute(
                    "UPDATE articles SET duplicate_of = ? WHERE id = ?",
                    (sigs.roots[row], article_id),
                )
                report.copies += 1
            conn.execute(
                "INSERT INTO article_signatures (article_id, minhash, shingles, similarity)"
                " VALUES (?, ?, ?, ?)",
                (
                    article_id,
                    sigs.values[row].astype(np.uint64).tobytes(),
                    int(sigs.sizes[row]),
                    similarity,
                ),
            )
            report.checked += 1
    return report
