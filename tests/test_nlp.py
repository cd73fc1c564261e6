"""The process-wide pipeline (wirewatch/nlp.py) tokenises exactly as the stock model does."""

from __future__ import annotations

from pathlib import Path

import spacy

from wirewatch.nlp import MODEL, pipeline

SEEDS = sorted((Path(__file__).resolve().parents[1] / "wirewatch/data/seeds").glob("*.txt"))


def test_same_tokens_as_the_stock_model():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS] + [
        "U.S. officials can't say; NATO's chief—Jens Stoltenberg—said “no” at 1100 GMT.",
        "ISLAMIC REPUBLIC OF AFGHANISTAN: S-400s and Su-25s near Minsk, e.g. at Luninets.",
    ]
    stock = spacy.load(MODEL)
    for text in texts:
        want = [(t.text, t.whitespace_) for t in stock.make_doc(text)]
        assert [(t.text, t.whitespace_) for t in pipeline().make_doc(text)] == want
