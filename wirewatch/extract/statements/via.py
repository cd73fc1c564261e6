"""The channel or outlet a statement came through: "told Reuters", "in a statement"."""

from __future__ import annotations

from spacy.tokens import Token

from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.draft import Draft


def via_of(art: ParsedArticle, draft: Draft) -> str | None:
    """The outlet or channel named in the cue's clause, outside the content and the speaker."""
    if draft.via or draft.via_scope is None:
        return draft.via
    doc = art.doc
    first, last = draft.via_scope
    outside = [
        t
        for t in doc[first:last]
        if not any(s <= t.idx < e for s, e in draft.pieces)
        and not (draft.speaker and draft.speaker[0] <= t.i < draft.speaker[1])
    ]
    words = [t.lower_ for t in outside]
    best = None
    for i in range(len(words)):
        for length in (4, 3, 2, 1):
            key = tuple(words[i : i + length])
            if len(key) < length:
                continue
            if key in art.lex.outlets:
                return art.lex.outlets[key]
            if (
                best is None
                and key in art.lex.channels
                and _after_preposition(outside, i, art.lex.channel_prepositions)
            ):
                best = art.lex.channels[key]
    return best


def document_channel(art: ParsedArticle, draft: Draft) -> str | None:
    """A document that speaks is the channel: "The document, released by the Kremlin,
    read: …" came through a statement."""
    head = draft.speaker_head
    if head is None or head.lemma_.lower() not in art.lex.documents:
        return None
    return art.lex.channels.get((head.lower_,))


def _after_preposition(tokens: list[Token], at: int, prepositions: frozenset[str]) -> bool:
    """A channel word counts after "in", "on", "via" ... ("in a statement")."""
    for token in reversed(tokens[max(at - 4, 0) : at]):
        if token.pos_ == "ADP":
            return token.lower_ in prepositions
    return False
