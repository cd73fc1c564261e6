"""Sentence offsets of a parsed article, computed once and shared by every extractor.

``Token.sent`` and ``Span.sent`` walk the document's sentences on every call; asking them per
mention made extraction quadratic in article length.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

_KEY = "wirewatch.sentence_bounds"


def sentence_bounds(doc: Doc) -> tuple[list[int], list[tuple[int, int]]]:
    """Sentence start offsets (for bisecting) and (start_char, end_char) of each sentence, in
    order; computed once per doc."""
    cached = doc.user_data.get(_KEY)
    if cached is None:
        bounds = [(s.start_char, s.end_char) for s in doc.sents] or [(0, len(doc.text))]
        cached = ([b[0] for b in bounds], bounds)
        doc.user_data[_KEY] = cached
    return cached


def sentence_of(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding ``start:end``; of the sentences, should the parser have
    split inside it (as after "6 a.m.")."""
    starts, bounds = sentence_bounds(doc)
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_right(starts, max(end - 1, start)) - 1, first)
    return bounds[first][0], bounds[last][1]
