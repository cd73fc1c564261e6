"""One article as the force stage sees it: mentions, times and places by token, its
sentences, and which sentences are about forces (for context carried from sentences
before).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from wirewatch.extract.sentences import sentence_bounds
from wirewatch.knowledge import KnowledgeBase
from wirewatch.records import Article, Mention, Place, Statement, Timex

if TYPE_CHECKING:
    from wirewatch.extract.forces.finder import Found
    from wirewatch.extract.forces.lexicon import Lexicon


class ArticleContext:
    """One article's parse and records, indexed by token for the force finders."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        mentions: Sequence[Mention],
        timexes: Sequence[Timex],
        places: Sequence[Place],
        statements: Sequence[Statement],
        lex: Lexicon,
        kb: KnowledgeBase,
    ):
        self.doc, self.article, self.lex, self.kb = doc, article, lex, kb
        self.statements = statements
        self.mentions_at: dict[int, list[Mention]] = {}
        self.roles: set[int] = set()  # tokens inside office phrases ("NATO chief")
        for m in mentions:
            for i in self._tokens(m.start, m.end):
                self.mentions_at.setdefault(i, []).append(m)
                if m.recogniser == "role":
                    self.roles.add(i)
        self.timex_tokens = {i for t in timexes for i in self._tokens(t.start, t.end)}
        self.timexes = [t for t in timexes if t.first and t.last]
        self.places = [p for p in places if p.geonameid is not None]
        self.starts, self.sentences = sentence_bounds(doc)

    def _tokens(self, start: int, end: int) -> range:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    def weapon_at(self, i: int) -> str | None:
        return next((m.entity_id for m in self.mentions_at.get(i, ()) if m.label == "WEAPON"), None)

    def in_mention(self, i: int) -> bool:
        return i in self.mentions_at

    def sentence_index(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)


def about_forces(tokens: Sequence[Token], ctx: ArticleContext) -> bool:
    """Whether a sentence is about forces: it names a force kind, a weapon or imagery."""
    words = ctx.lex.topic_words
    return any(t.lemma_.lower() in words or ctx.weapon_at(t.i) for t in tokens)


def sentences_before(found: Found, ctx: ArticleContext) -> list[list[Token]]:
    """The sentences before the phrase's own that it may take a place, date or source from,
    nearest first: up to ``[source] context_sentences`` back, those about forces."""
    here = ctx.sentence_index(found.head.idx)
    before = []
    for k in range(here - 1, max(here - 1 - ctx.lex.context_sentences, -1), -1):
        span = ctx.doc.char_span(*ctx.sentences[k], alignment_mode="expand")
        if span is not None and about_forces(span, ctx):
            before.append(list(span))
    return before
