"""Who acts on whom: the actor, recipient and patient (forces moved) of a trigger, from
its subject, object, "by" agent and prepositional complements, or for a noun from its
possessive, "by" phrase, national modifier and the light verb it depends on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.events.grammar import (
    SUBJECT_DEPS,
    agent_of,
    chain_subject,
    is_date,
    is_passive,
    object_of,
    prep_objects,
)
from wirewatch.extract.events.referents import owners_in
from wirewatch.extract.events.triggers import Trigger

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext


@dataclass
class Roles:
    actor: Token | None = None
    recipient: Token | None = None
    patient: Token | None = None  # what a deployment moves: owned by the actor


def verb_roles(trigger: Trigger, ctx: ArticleContext) -> Roles:
    lex, verb = ctx.lex, trigger.head
    preps = lex.recipient_preps.get(trigger.sense.type, lex.recipient_preps["default"])
    roles = Roles()
    subject, passive = chain_subject(verb, lex)
    if passive or is_passive(verb):
        roles.actor = agent_of(verb)
        roles.recipient = subject if passive else None
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            roles.recipient = verb.head
    else:
        roles.actor = subject
        if not trigger.nominal:
            roles.recipient = _verb_recipient(trigger, verb, preps, ctx)
    if roles.recipient is None and not trigger.nominal:
        objects = [o for o in prep_objects(verb, preps) if not is_date(o)]
        roles.recipient = objects[0] if objects else None
    if roles.recipient is not None and lex.in_class(roles.recipient, "forces"):
        roles.patient, roles.recipient = roles.recipient, None
    if trigger.sense.type == "MOBILIZE" and roles.recipient is not None:
        roles.patient, roles.recipient = roles.recipient, None
    return roles


def noun_roles(trigger: Trigger, ctx: ArticleContext) -> Roles:
    """A nominal trigger's own actor (possessive, "by", national modifier) and recipient
    ("of", "with", "on", "against", "to"); else those of the light verb it depends on."""
    lex, noun = ctx.lex, trigger.token
    roles = Roles(actor=_nominal_actor(noun, ctx))
    objects = [
        o
        for o in prep_objects(noun, lex.noun_recipient_preps)
        if roles.actor is None or o.i != roles.actor.i
    ]
    roles.recipient = objects[0] if objects else None
    if roles.recipient is None and noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":
        roles.recipient = object_of(noun.head)  # "a car bombing killed 75 people"
    if roles.recipient is not None and lex.in_class(roles.recipient, "forces"):
        roles.patient, roles.recipient = roles.recipient, None
    anchor = trigger.anchor
    if anchor is not None:
        lent = verb_roles(Trigger(anchor, trigger.sense), ctx)
        if roles.actor is None:
            roles.actor = lent.actor if not is_passive(anchor) else agent_of(anchor)
        if roles.recipient is None and trigger.sense.type != "MOBILIZE":
            preps = lex.recipient_preps.get(trigger.sense.type, lex.recipient_preps["default"])
            objects = [o for o in prep_objects(anchor, preps) if o.i != noun.i]
            roles.recipient = objects[0] if objects else None
    return roles


def _verb_recipient(
    trigger: Trigger, verb: Token, preps: tuple[str, ...], ctx: ArticleContext
) -> Token | None:
    """Whom the verb acts on: its object, unless the object is a thing and someone is named
    beside it ("demanded the withdrawal of US staff", "reduced military aid to Argentina");
    else a prepositional object; else the object of its complement ("agreed to withdraw
    from X", "refused to meet with Pence", "demanded that the prime minister apologise")."""
    target = object_of(verb)
    if target is not None and target in trigger.covered:
        # "expressed concerns over Russia's expansion": the phrase's noun is no recipient
        inner = prep_objects(target, ctx.lex.topic_preps)
        target = inner[0] if inner else None
    if target is None:
        dative = next((c for c in verb.children if c.dep_ == "dative"), None)
        if dative is not None and dative.pos_ == "ADP":
            dative = next((g for g in dative.children if g.dep_ == "pobj"), None)
        target = dative
    if target is not None:
        return _party_in_or_beside(target, prep_objects(verb, preps), ctx)
    objects = [o for o in prep_objects(verb, preps) if not is_date(o)]
    if objects:
        return objects[0]
    return _complement_recipient(verb, ctx)


def _party_in_or_beside(target: Token, beside: list[Token], ctx: ArticleContext) -> Token:
    """A thing acted on gives way to the party it is about: its possessor ("rejected Trump's
    proposal"), else a party named in its complements ("a request from Russia", "the
    withdrawal of US staff") or beside it (``beside``: "reduced military aid to Argentina")."""
    if not _is_party(target, ctx):
        owner = next((c for c in target.children if c.dep_ == "poss"), None)
        if owner is not None and _names_someone(owner, ctx):
            return owner
    if _names_someone(target, ctx):
        return target
    near = prep_objects(target, ctx.lex.roles["beside_preps"]) + beside
    return next((b for b in near if _names_someone(b, ctx)), target)


def _complement_recipient(verb: Token, ctx: ArticleContext) -> Token | None:
    """The subject of a clause the verb governs ("demanded that the prime minister
    apologise"), or whom its infinitive acts on ("agreed to offer a package to the cultural
    sector": the sector, a party beside the thing offered)."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
            subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            inner = object_of(child)
            objects = prep_objects(child, ctx.lex.roles["complement_preps"])
            if inner is not None:
                return _party_in_or_beside(inner, objects, ctx)
            return _party_in_or_beside(objects[0], [], ctx) if objects else None
    return None


def _names_someone(token: Token, ctx: ArticleContext) -> bool:
    """Whether a phrase names a party (an entity, a body, people) rather than a thing, or
    a thing owned by one ("Russia's troops")."""
    return _is_party(token, ctx) or bool(owners_in(ctx, token, 1))


def _is_party(token: Token, ctx: ArticleContext) -> bool:
    """Whether the phrase's head itself names a party: a name, a body, people."""
    lemma = token.lemma_.lower()
    return (
        token.pos_ == "PROPN"
        or token.i in ctx.mention_at
        or lemma in ctx.lex.actors["agent_nouns"]
        or ctx.lex.in_class(token, "people")
    )


def _nominal_actor(noun: Token, ctx: ArticleContext) -> Token | None:
    """ "Russia's exercise", "Russia's annual nuclear forces exercise", "an announcement by
    Moscow", "the Russian deployment", "Russia-Belarus war games"; a conjoined noun shares
    its first conjunct's ("Moscow's seizure and annexation")."""
    for token in (noun, *(c for c in noun.children if c.dep_ in ("compound", "nmod"))):
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
    by = prep_objects(noun, ctx.lex.roles["agent_preps"])
    if by:
        return by[0]
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and ctx.mention_at.get(child.i):
            return child
    if noun.dep_ == "conj":
        return next((c for c in noun.head.children if c.dep_ == "poss"), None)
    return None
