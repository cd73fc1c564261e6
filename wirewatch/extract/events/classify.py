"""The sense of a trigger beyond its own word: the class of a verb's subject or object
("send troops" is a deployment, "send aid" aid, "released a statement" no event); noun senses
blocked or required by the words around them ("a one-time charge"); and finer subtypes from
the weapon or context words of the sentence ("attack" with "drone" is an air strike).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.events.grammar import (
    SUBJECT_DEPS,
    lemmas,
    matches,
    object_of,
    passive_subject,
    prep_objects,
    subject_of,
    unwrapped,
)

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext
    from wirewatch.extract.events.lexicon import Lexicon
    from wirewatch.extract.events.triggers import Trigger


def ruled_sense(lex: Lexicon, verb: Token, ctx: ArticleContext) -> str | None:
    """A subtype from the verb's subject or object class; None when no rule fits."""
    subject = subject_of(verb)
    names = lemmas(verb)
    if subject is not None and subject.dep_ in SUBJECT_DEPS:
        for verbs, name, subtype in lex.verb_subjects:
            if (not verbs or any(n in verbs for n in names)) and lex.in_class(subject, name):
                return subtype
    passive = passive_subject(verb)
    target = object_of(verb) or (unwrapped(passive) if passive is not None else None)
    if target is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        target = verb.head  # "the document, released by the Kremlin"
    direct = target is not None
    if target is None:
        objects = prep_objects(verb, lex.roles["object_preps"])  # "agreed on the text"
        target = objects[0] if objects else None
    if target is None:
        return None
    for lemma in names:
        for name, subtype in lex.verb_objects.get(lemma, ()):
            if name == "*" and not direct:
                continue  # "returned to Moscow" is no return of anything
            if lex.in_class(target, name) or special_class(name, target, ctx):
                return subtype
    return None


def special_class(name: str, token: Token, ctx: ArticleContext) -> bool:
    """Classes known from the entity stage: a place is territory, a person a person."""
    mention = ctx.mention_at.get(token.i)
    if name == "territory":
        return ctx.is_place(token)
    if name == "person":
        return mention is not None and mention.label in ("PERSON", "ROLE")
    return False


def _near_words(token: Token) -> Iterable[Token]:
    """The noun's modifiers and its prepositional complements' heads, and the words of the
    clause it is the object of (for "filed charges", "face charges")."""
    for child in token.children:
        yield child
        if child.dep_ == "prep":
            yield from (g for g in child.children if g.dep_ == "pobj")
        if child.dep_ in ("acl", "relcl", "ccomp"):
            yield from child.children
    if token.dep_ in ("dobj", "nsubjpass"):
        yield token.head


def _listed(lex: Lexicon, token: Token, entries: tuple[str, ...]) -> bool:
    for entry in entries:
        if entry.startswith("class:"):
            if lex.in_class(token, entry[6:]):
                return True
        elif matches(token, entry):
            return True
    return False


def blocked(lex: Lexicon, noun: Token) -> bool:
    """Whether the noun means something else here ("a one-time charge", "stocks rally")."""
    for key in {noun.lower_, noun.lemma_.lower()}:
        blockers = lex.noun_blockers.get(key)
        if blockers and any(_listed(lex, t, blockers) for t in _near_words(noun)):
            return True
        required = lex.noun_requires.get(key)
        if required and not any(_listed(lex, t, required) for t in _near_words(noun)):
            return True
    return False


def instrument(ctx: ArticleContext, token: Token) -> str | None:
    """The first kind of weapon ([instruments]) the token's sentence speaks of."""
    text = ctx.lower_sentence(token)
    for subtype, words in ctx.lex.instruments:
        if any(f" {w} " in text for w in words):
            return subtype
    return None


def has_instruments(ctx: ArticleContext, token: Token) -> bool:
    """Whether the sentence speaks of weapons or fighting (a "strike" is then military)."""
    if instrument(ctx, token) is not None:
        return True
    return any(t.lower_ in ctx.lex.military_words for t in ctx.sentence(token))


def refined_subtype(trigger: Trigger, ctx: ArticleContext) -> str:
    if trigger.sense.refine:
        kind = instrument(ctx, trigger.token)
        if kind is not None:
            return kind
    for subtypes, words, finer in ctx.lex.contexts:
        if trigger.sense.subtype in subtypes:
            text = ctx.lower_sentence(trigger.token)
            if any(f" {w} " in text for w in words):
                return finer
    return trigger.sense.subtype
