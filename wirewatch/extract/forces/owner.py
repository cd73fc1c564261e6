"""Whose force: an owner named in the phrase ("Russian troops", "its troops" -> the
clause's subject), the subject of a deploying verb ("Russia has deployed ..."), else the one
country the sentence names outside its places.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.forces.grammar import first_conjunct, governor, subject_of
from wirewatch.extract.forces.kinds import military_org
from wirewatch.records import Mention

if TYPE_CHECKING:
    from wirewatch.extract.forces.context import ArticleContext
    from wirewatch.extract.forces.finder import Found


def own_owner(found: Found, ctx: ArticleContext) -> str | None:
    """An owner named in the phrase ("Russian troops", "Russia's forces", "NATO troops"),
    in its first conjunct ("2,000 Russian troops and 50 tanks"), or by "its"/"their": the
    subject of the clause ("Iraq moved 2,000 of its troops")."""
    doc = ctx.doc
    for head in dict.fromkeys([found.head, first_conjunct(found.head), found.outer]):
        tokens = [t for t in doc[head.left_edge.i : head.i + 1] if not ctx.weapon_at(t.i)]
        tokens += [t for c in head.rights if c.lower_ == "of" for t in c.subtree]
        owner = mention_owner(tokens, ctx, loose=True)
        if owner:
            return owner
        if any(t.lower_ in ctx.lex.possessive_pronouns and t.dep_ == "poss" for t in tokens):
            verb = governor(head)
            subject = subject_of(verb) if verb is not None else None
            if subject is not None:
                return mention_owner(subject.subtree, ctx, loose=True)
    return None


def verb_owner(found: Found, ctx: ArticleContext) -> str | None:
    """The subject of a deploying verb: "Russia has deployed ...", "troops sent by the US"."""
    outer, verb = found.outer, found.outer.head
    if verb.lemma_.lower() not in ctx.lex.owner_verbs:
        return None
    if outer.dep_ == "dobj":
        subject = subject_of(verb)
        return mention_owner(subject.subtree, ctx, loose=True) if subject is not None else None
    if outer.dep_ == "nsubjpass":
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            return mention_owner(agent.subtree, ctx, loose=True)
    return None


def sentence_owner(
    sent_tokens: Sequence[Token], ctx: ArticleContext, placed: set[int]
) -> str | None:
    """The one country (or armed group) the sentence names outside its places and offices."""
    owners = set()
    for t in sent_tokens:
        if t.i in placed or t.i in ctx.roles:
            continue
        for m in ctx.mentions_at.get(t.i, ()):
            if m.label != "WEAPON" and (owner := owner_of(m, ctx, loose=False)):
                owners.add(owner)
    return owners.pop() if len(owners) == 1 else None


def owner_of(m: Mention, ctx: ArticleContext, *, loose: bool) -> str | None:
    """The entity that owns a force a mention names: a country for its demonym, government,
    acting capital, units and armed services; an armed group as itself. ``loose`` (the phrase
    itself, the subject of a deploying verb) also takes international bodies (NATO, the UN)
    and people (their country)."""
    entity_id = m.stands_for or m.entity_id
    if entity_id.startswith(("country/", "gov/")):
        return "country/" + entity_id.split("/", 1)[1]
    if entity_id in ctx.kb.seat_of and loose:  # "Moscow's troops"
        return "country/" + ctx.kb.seat_of[entity_id].split("/", 1)[1]
    entity = ctx.kb.entities.get(entity_id)
    if entity is not None and entity.type == "UNIT":
        return f"country/{entity.country.lower()}" if entity.country else entity.id
    if entity is not None and entity.type == "GROUP":
        return entity.id
    military = military_org(m, ctx)
    if military is not None or not loose or entity is None:
        return military
    if entity.type == "ORG" and entity.country is None:
        return entity.id
    if entity.type == "PERSON" and entity.country:
        return f"country/{entity.country.lower()}"
    return None


def mention_owner(tokens: Iterable[Token], ctx: ArticleContext, *, loose: bool) -> str | None:
    for t in tokens:
        for m in ctx.mentions_at.get(t.i, ()):
            if m.label != "WEAPON" and (owner := owner_of(m, ctx, loose=loose)):
                return owner
    return None
