"""One article as the event stage sees it: its tokens, sentences, mentions, places and
statements, indexed by token or character offset so that the other components ask in
constant or logarithmic time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from wirewatch.extract.events.lexicon import lexicon
from wirewatch.knowledge import KnowledgeBase
from wirewatch.records import Article, Mention, Place, Statement

if TYPE_CHECKING:
    from wirewatch.extract.events.triggers import Trigger


class ArticleContext:
    """What the event stage knows about one article: its mentions, places and statements
    indexed by token, and the triggers found (set by ``extract_events`` after the walk);
    noun phrases resolve to entities in :mod:`.referents`."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        mentions: Sequence[Mention],
        places: Sequence[Place],
        statements: Sequence[Statement],
        kb: KnowledgeBase,
    ):
        self.doc, self.article, self.kb, self.lex = doc, article, kb, lexicon()
        self.statements = sorted(statements, key=lambda s: s.end - s.start)
        self.token_starts = [t.idx for t in doc]
        self.mention_at = self._index_mentions(mentions)
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.place_at = {self.token_at(p.start).i: p for p in places if p.geonameid}
        self.sentence_text: dict[int, str] = {}
        self.sentence_starts = [sent.start for sent in doc.sents] or [0]
        self.trigger_at: dict[int, Trigger] = {}  # trigger token -> trigger
        self.trigger_heads: set[int] = set()  # tokens of triggers and their light verbs

    def token_at(self, offset: int) -> Token:
        return self.doc[max(bisect_right(self.token_starts, offset) - 1, 0)]

    def _index_mentions(self, mentions: Sequence[Mention]) -> dict[int, Mention]:
        """The longest mention covering each token."""
        best: dict[int, Mention] = {}
        for mention in mentions:
            first = self.token_at(mention.start).i
            last = self.token_at(max(mention.end - 1, mention.start)).i
            for i in range(first, last + 1):
                held = best.get(i)
                if held is None or mention.end - mention.start > held.end - held.start:
                    best[i] = mention
        return best

    def is_place(self, token: Token) -> bool:
        mention = self.mention_at.get(token.i)
        return token.i in self.place_at or (
            mention is not None and mention.label in ("PLACE", "COUNTRY")
        )

    def sentence_index(self, token: Token) -> int:
        """The number of the token's sentence (``Token.sent`` walks the document each time)."""
        return max(bisect_right(self.sentence_starts, token.i) - 1, 0)

    def sentence(self, token: Token, back: int = 0) -> Span:
        """The token's sentence, or the one ``back`` sentences before it."""
        index = max(self.sentence_index(token) - back, 0)
        start = self.sentence_starts[index]
        ends = self.sentence_starts[index + 1 :]
        return self.doc[start : ends[0] if ends else len(self.doc)]

    def lower_sentence(self, token: Token) -> str:
        sent = self.sentence(token)
        text = self.sentence_text.get(sent.start)
        if text is None:
            text = " " + " ".join(t.lower_ for t in sent) + " "
            self.sentence_text[sent.start] = text
        return text

    def statement_at(self, offset: int) -> Statement | None:
        """The innermost statement whose content holds the offset."""
        for statement in self.statements:
            spans = statement.quote_spans or [(statement.start, statement.end)]
            if any(s <= offset < e for s, e in spans):
                return statement
        return None
