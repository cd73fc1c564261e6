"""Per whom: the speaker of the statement that holds the force, "according to X",
the subject of a reporting verb ("X claimed ..."), or a source named by its product
("Maxar's imagery").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.forces.grammar import CLAUSE_LINKS, NOUNS, governor, subject_of
from wirewatch.records import Statement

if TYPE_CHECKING:
    from wirewatch.extract.forces.context import ArticleContext
    from wirewatch.extract.forces.finder import Found


SOURCE_LABELS = {"PERSON", "ROLE", "ORG", "COUNTRY", "GROUP", "UNIT", "GOV"}


def statement_holding(start: int, end: int, ctx: ArticleContext) -> Statement | None:
    """The innermost statement whose content holds the phrase."""
    holding = [
        s
        for s in ctx.statements
        if any(a <= start and end <= b for a, b in (s.quote_spans or [(s.start, s.end)]))
    ]
    return min(holding, key=lambda s: s.end - s.start) if holding else None


def according_to(tokens: Sequence[Token], ctx: ArticleContext) -> str | None:
    """The entity after "according to" / "as per" in a sentence."""
    for t in tokens:
        if t.i > 0 and (t.nbor(-1).lower_, t.lower_) in ctx.lex.according:
            for obj in (c for c in t.children if c.dep_ == "pobj"):
                if (entity := _source_entity(obj.subtree, ctx)) is not None:
                    return entity
    return None


def reporter(found: Found, ctx: ArticleContext) -> str | None:
    """The subject of the reporting verb the phrase's clause is the content of: "claiming
    some 30,000 troops ... deployed", "..., the NATO chief claimed", "images of Maxar show"."""
    verb = governor(found.outer)
    for _ in range(6):
        if verb is None:
            return None
        if verb.lemma_.lower() in ctx.lex.source_verbs:
            subject = subject_of(verb)
            if subject is not None and subject.i != found.outer.i:
                named = [subject, *(t for t in subject.subtree if t.i != subject.i)]
                return _source_entity(named, ctx)
        if verb.dep_ not in CLAUSE_LINKS or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def source_of_nouns(tokens: Sequence[Token], ctx: ArticleContext) -> str | None:
    """A source named by its product: "Maxar's imagery", "satellite images of Maxar"."""
    for t in tokens:
        if t.pos_ in NOUNS and t.lemma_.lower() in ctx.lex.source_nouns:
            named = [
                x for c in t.children if c.dep_ in ("poss", "compound", "prep") for x in c.subtree
            ]
            if (entity := _source_entity(named, ctx)) is not None:
                return entity
    return None


def _source_entity(tokens: Iterable[Token], ctx: ArticleContext) -> str | None:
    """The entity a source phrase names: a person (an office resolves to its holder), an
    organisation, a government, a country; the longest mention at the earliest token."""
    for t in tokens:
        for m in sorted(ctx.mentions_at.get(t.i, ()), key=lambda m: m.start - m.end):
            if m.stands_for:
                return m.stands_for
            if m.label in SOURCE_LABELS or (
                m.label == "NORP" and m.entity_id.startswith("country/")
            ):
                return m.entity_id
    return None
