"""Helpers for the per-component force tests (this module holds no tests): a sentence parsed
by the real pipeline, the records of the stages before forces, and the force stage's article
context, so that each component can be called on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from spacy.tokens import Doc, Token

from wirewatch.extract.forces.context import ArticleContext
from wirewatch.extract.forces.finder import Found, find_force
from wirewatch.extract.forces.lexicon import lexicon
from wirewatch.knowledge import knowledge
from wirewatch.records import Article, ArticleResult, Statement, record_id


@dataclass
class Analysed:
    """One parsed text with the records of the stages before forces."""

    doc: Doc
    article: Article
    result: ArticleResult
    ctx: ArticleContext

    def token(self, text: str, nth: int = 0) -> Token:
        """The ``nth`` token spelled ``text`` (case-sensitive)."""
        found = [t for t in self.doc if t.text == text]
        assert len(found) > nth, f"no {text!r} #{nth} in {self.doc.text!r}"
        return found[nth]

    def found(self, head: str, nth: int = 0) -> Found | None:
        """The force phrase headed by the ``nth`` token spelled ``head``."""
        return find_force(self.token(head, nth), self.ctx)


def analysed(
    text: str, published: str = "2022-02-03", statements: Sequence[Statement] | None = None
) -> Analysed:
    """Parse ``text`` with ``wirewatch.nlp.parse`` and run the stages before forces."""
    from wirewatch.nlp import parse
    from wirewatch.pipeline import analyse

    try:
        (doc,) = parse([text])
    except FileNotFoundError as error:  # a model of the pipeline not built in this checkout
        pytest.skip(f"the spaCy pipeline cannot be built here: {error}")
    article = Article(id=record_id("t", text)[2:], text=text, published=published)
    result = analyse(doc, article)
    chosen = result.statements if statements is None else list(statements)
    ctx = ArticleContext(
        doc, article, result.mentions, result.timexes, result.places, chosen, lexicon(), knowledge()
    )
    return Analysed(doc, article, result, ctx)
