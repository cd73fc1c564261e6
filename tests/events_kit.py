"""Helpers for the per-component event tests (this module holds no tests): a sentence parsed
by the real pipeline, the records of the stages before events, and the event stage's
article context, so that each component can be called on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.kit import Parsed, parsed
from wirewatch.extract.events.context import ArticleContext
from wirewatch.extract.events.draft import Draft, make_draft
from wirewatch.extract.events.triggers import Trigger, find_triggers
from wirewatch.knowledge import knowledge
from wirewatch.records import Statement


@dataclass
class Analysed(Parsed):
    """One parsed text with the records of the stages before events."""

    ctx: ArticleContext

    def triggers(self) -> list[Trigger]:
        """The triggers of the text, registered on the context as ``extract_events`` does."""
        triggers = find_triggers(self.doc, self.ctx)
        self.ctx.trigger_at = {t.token.i: t for t in triggers}
        self.ctx.trigger_heads = {t.head.i for t in triggers} | set(self.ctx.trigger_at)
        return triggers

    def trigger(self, text: str, nth: int = 0) -> Trigger:
        """The trigger headed by the ``nth`` token spelled ``text``."""
        token = self.token(text, nth)
        found = {t.token.i: t for t in self.triggers()}
        assert token.i in found, f"{text!r} is no trigger in {self.doc.text!r}"
        return found[token.i]

    def drafts(self) -> list[Draft]:
        return [make_draft(t, self.ctx) for t in self.triggers()]


def analysed(
    text: str, published: str = "2022-02-03", statements: Sequence[Statement] | None = None
) -> Analysed:
    """Parse ``text`` and run the stages before events (``statements`` stand in for the
    statement stage's when given)."""
    p = parsed(text, published)
    chosen = p.result.statements if statements is None else list(statements)
    ctx = ArticleContext(p.doc, p.article, p.result.mentions, p.result.places, chosen, knowledge())
    return Analysed(p.doc, p.article, p.result, ctx)
