"""A test corpus of wire-story copies, built from real Reuters articles by perturbation.

    from copies_corpus import make_corpus
    articles, originals = make_corpus(corpus_path, n_originals=1000, copy_share=0.3, seed=7)

Takes the first ``n_originals`` Reuters articles of 60 words or more that are not themselves
near-duplicates of one another (Reuters-21578 re-runs some stories with small edits, and those
would be copies the gold does not list): a chosen article shares under half of its word
3-shingles with every other chosen one (exact counts, not MinHash). Then, for a share of them,
it writes a copy as a re-running outlet would: a new headline, the last paragraph trimmed, one
sentence changed, and a few typos (each copy gets at least two of the four edits, drawn at random).

Returns the articles in a shuffled order, each ``{"id", "title", "date", "source", "text"}``,
and ``originals``: copy id -> the id of the article it was made from.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
MIN_WORDS = 60
OVERLAP_LIMIT = 0.5  # share of the smaller article's shingles
FILLER = [
    "officials said on condition of anonymity",
    "a spokesman confirmed",
    "according to people familiar with the matter",
    "analysts said",
]


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def _distinct_originals(corpus: Path, n: int) -> list[dict]:
    """The first n long enough articles that overlap no other chosen one."""
    chosen: list[dict] = []
    index: dict[str, list[int]] = {}  # shingle -> chosen articles containing it
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if len(article["text"].split()) < MIN_WORDS:
                continue
            own = _shingles(article["text"])
            shared: dict[int, int] = {}
            for shingle in own:
                for other in index.get(shingle, ()):
                    shared[other] = shared.get(other, 0) + 1
            if any(
                count / min(len(own), len(chosen[other]["_shingles"])) >= OVERLAP_LIMIT
                for other, count in shared.items()
            ):
                continue
            article["_shingles"] = own
            for shingle in own:
                index.setdefault(shingle, []).append(len(chosen))
            chosen.append(article)
            if len(chosen) == n:
                break
    return chosen


def _typos(text: str, rng: random.Random, count: int) -> str:
    chars = list(text)
    letters = [i for i, c in enumerate(chars[:-1]) if c.isalpha() and chars[i + 1].isalpha()]
    for i in rng.sample(letters, min(count, len(letters))):
        chars[i], chars[i + 1] = chars[i + 1], chars[i]  # swap two adjacent letters
    return "".join(chars)


def _change_sentence(text: str, rng: random.Random) -> str:
    sentences = SENTENCE.split(text)
    if len(sentences) < 2:
        return text
    i = rng.randrange(len(sentences))
    words = sentences[i].rstrip(".").split()
    if len(words) > 6:  # drop a few words and add an attribution, as a re-write would
        cut = rng.randrange(2, len(words) - 2)
        words = words[:cut] + words[cut + 2 :]
    sentences[i] = " ".join(words) + ", " + rng.choice(FILLER) + "."
    return " ".join(sentences)


def _trim_last_paragraph(text: str) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else text


def perturb(article: dict, rng: random.Random) -> dict:
    edits = rng.sample(["headline", "trim", "sentence", "typos"], rng.randint(2, 4))
    text = article["text"]
    if "trim" in edits:
        text = _trim_last_paragraph(text)
    if "sentence" in edits:
        text = _change_sentence(text, rng)
    if "typos" in edits or text == article["text"]:  # a copy that is not a near one: ingest
        text = _typos(text, rng, rng.randint(2, 5))  # would have caught it by its hash
    title = article.get("title") or ""
    if "headline" in edits:
        title = f"UPDATE 1-{title.title()}" if title else "UPDATE 1"
    return {
        "id": f"{article['id']}-copy",
        "title": title,
        "date": article.get("date"),
        "source": "Other Wire",
        "text": text,
    }


def make_corpus(
    corpus: Path, n_originals: int = 1000, copy_share: float = 0.3, seed: int = 7
) -> tuple[list[dict], dict[str, str]]:
    rng = random.Random(seed)
    originals = _distinct_originals(corpus, n_originals)
    articles = [{k: a.get(k) for k in ("id", "title", "date", "source", "text")} for a in originals]
    copied_from = {}
    for article in rng.sample(originals, int(len(originals) * copy_share)):
        copy = perturb(article, rng)
        articles.append(copy)
        copied_from[copy["id"]] = article["id"]
    rng.shuffle(articles)
    return articles, copied_from
