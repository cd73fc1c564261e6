"""Helpers for the per-component force tests (this module holds no tests): a sentence parsed
by the real pipeline, the records of the stages before forces, and the force stage's article
context, so that each component can be called on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.kit import Parsed, parsed
from wirewatch.extract.forces.context import ArticleContext
from wirewatch.extract.forces.finder import Found, find_force
from wirewatch.extract.forces.lexicon import lexicon
from wirewatch.knowledge import knowledge
from wirewatch.records import Statement


@dataclass
class Analysed(Parsed):
    """One parsed text with the records of the stages before forces."""

    ctx: ArticleContext

    def found(self, head: str, nth: int = 0) -> Found | None:
        """The force phrase headed by the ``nth`` token spelled ``head``."""
        return find_force(self.token(head, nth), self.ctx)


def analysed(
    text: str, published: str = "2022-02-03", statements: Sequence[Statement] | None = None
) -> Analysed:
    """Parse ``text`` and run the stages before forces (``statements`` stand in for the
    statement stage's when given)."""
    p = parsed(text, published)
    r = p.result
    chosen = r.statements if statements is None else list(statements)
    ctx = ArticleContext(
        p.doc, p.article, r.mentions, r.timexes, r.places, chosen, lexicon(), knowledge()
    )
    return Analysed(p.doc, p.article, r, ctx)
