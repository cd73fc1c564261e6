"""What kind of force a phrase names and which weapon system: the longest kind phrase
ending at the head ("battalion tactical group"), generic nouns that need a military
qualifier ("military aircraft"), weapon systems from the entity stage ("S-400" is air
defence), civilian compounds ("oil tanks") ruled out; and which organisations are armed
services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.forces.grammar import lemma_words
from wirewatch.records import Mention

if TYPE_CHECKING:
    from wirewatch.extract.forces.context import ArticleContext
    from wirewatch.extract.forces.lexicon import Lexicon


def kind_and_system(
    modifiers: list[Token], head: Token, ctx: ArticleContext
) -> tuple[str | None, str | None]:
    lex = ctx.lex
    systems = [w for t in [*modifiers, head] if (w := ctx.weapon_at(t.i))]
    system = systems[0] if systems else None
    kind, needs_qualifier = _kind(modifiers, head, lex)
    if kind is None and head.lemma_.lower() in lex.strength:
        if any(t.lower_ == lex.strength_marker for t in modifiers):  # "a 1,000-strong contingent"
            kind, needs_qualifier = lex.strength_kind, False
    weapon_kind = lex.weapon_kinds.get(system) if system else None
    if weapon_kind is not None and not (weapon_kind == "small_arms" and kind):
        kind, needs_qualifier = weapon_kind, False  # "Patriot missiles" are air defence
    if kind is None or _civilian(modifiers, head, lex):
        return None, None
    if needs_qualifier and not (system or _qualified(modifiers, ctx)):
        return None, None
    return kind, system


def _kind(modifiers: list[Token], head: Token, lex: Lexicon) -> tuple[str | None, bool]:
    """The kind the phrase's own words name, and whether it still needs a military qualifier
    or a weapon system: "aircraft" (generic) or "system" (a carrier, no kind of its own)."""
    words = lemma_words([*modifiers, head])
    for tail in (words, [*words[:-1], head.lower_]):
        for n in range(min(len(tail), 6), 0, -1):
            kind = lex.kinds.get(tuple(tail[-n:]))
            if kind is not None:
                return kind, False
    for word in (words[-1] if words else "", head.lower_):
        if word in lex.generic:
            return lex.generic[word], True
    return None, True


def _qualified(modifiers: list[Token], ctx: ArticleContext) -> bool:
    """A military word, armed service or weapon system among the phrase's modifiers."""
    words = lemma_words(modifiers)
    for q in ctx.lex.qualifiers:
        n = len(q)
        if any(tuple(words[i : i + n]) == q for i in range(len(words) - n + 1)):
            return True
    for t in modifiers:
        for m in ctx.mentions_at.get(t.i, ()):
            if m.label in ("WEAPON", "UNIT") or military_org(m, ctx) is not None:
                return True
    return False


def _civilian(modifiers: list[Token], head: Token, lex: Lexicon) -> bool:
    """A civilian compound ("oil tanks", "cargo ships") or a following "of" ("tanks of oil")."""
    if any(
        t.dep_ in ("compound", "nmod", "amod") and t.lemma_.lower() in lex.civilian
        for t in modifiers
    ):
        return True
    return head.lemma_.lower() in lex.of_containers and any(c.lower_ == "of" for c in head.rights)


def military_org(m: Mention, ctx: ArticleContext) -> str | None:
    """The owner an armed service stands for: its country, or itself where it has none."""
    entity = ctx.kb.entities.get(m.entity_id)
    name = (entity.name if entity else m.text).lower()
    military = ctx.lex.military_org.search(name) is not None
    if not military:
        return None
    if entity is None:
        return m.entity_id if m.label in ("ORG", "GROUP") else None
    if entity.type == "ORG":
        return f"country/{entity.country.lower()}" if entity.country else entity.id
    return None
