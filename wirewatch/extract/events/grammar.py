"""Small questions put to the dependency parse: a verb's subject, object, agent and
prepositional objects, passives, negation, auxiliaries, the path up to the root, and the
subject a verb inherits through conjunction, control and participles. No event knowledge
here beyond the word lists of the lexicon they are given.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.events.lexicon import lexicon

if TYPE_CHECKING:
    from wirewatch.extract.events.lexicon import Lexicon


SUBJECT_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")


def lemmas(token: Token) -> tuple[str, ...]:
    """The token's lemma, and guesses from its form where the lemmatiser slips ("staged" ->
    "stag"): inflectional endings stripped, a final "e" restored, a doubled consonant undone."""
    return _lemma_forms(token.lower_, token.lemma_.lower())


@cache
def _lemma_forms(word: str, lemma: str) -> tuple[str, ...]:
    found = [lemma, word]
    for ending in lexicon().lemma_endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            found += [stem, stem + "e"]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                found.append(stem[:-1])
    return tuple(dict.fromkeys(found))


def matches(token: Token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def descendants(token: Token, depth: int) -> Iterable[Token]:
    frontier = [token]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children]
        yield from frontier


def object_of(verb: Token) -> Token | None:
    """The verb's direct object; through "control of", "parts of" to the real one."""
    target = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    return unwrapped(target) if target is not None else None


def unwrapped(token: Token) -> Token:
    """ "control of parts of the town" -> "town"; "a lot of weapons" -> "weapons"."""
    for _ in range(3):
        if token.lemma_.lower() not in lexicon().actors["wrappers"]:
            break
        inner = next((g for g in token.children if g.dep_ == "prep" and g.lower_ == "of"), None)
        pobj = next((g for g in inner.children if g.dep_ == "pobj"), None) if inner else None
        if pobj is None:
            break
        token = pobj
    return token


def subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS), None)


def passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ == "acl"
    )


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the token's prepositions, in the order the prepositions are listed."""
    found = []
    for word in preps:
        for child in token.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ == word:
                found += [g for g in child.children if g.dep_ == "pobj"]
    return found


def is_date(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME")


def climb(token: Token, limit: int) -> Iterable[tuple[Token, str]]:
    """(ancestor, the arc we came up by), from the token towards the sentence root."""
    for _ in range(limit):
        if token.head.i == token.i:
            return
        yield token.head, token.dep_
        token = token.head


def negated(token: Token, lex: Lexicon) -> bool:
    negations = lex.modes["negations"]
    return any(
        c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in negations)
        for c in token.children
    )


def aux_words(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}


def chain_subject(verb: Token, lex: Lexicon, depth: int = 0) -> tuple[Token | None, bool]:
    """The verb's subject (and whether it is a passive one), inherited through conjunction,
    control ("urged Russia to de-escalate": Russia), participles ("accusing Belarus": the main
    clause's subject) and clauses attached to nouns ("Biden's decision to send": Biden)."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return (child if child.dep_ != "expl" else None), False
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            return child, True
    if depth > 4 or verb.head.i == verb.i:
        return None, False
    head = verb.head
    if verb.dep_ in ("conj", "acomp"):
        return chain_subject(head, lex, depth + 1)
    if verb.dep_ in ("xcomp", "pcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        controller = None
        if verb.dep_ == "pcomp":
            # "accused Ukraine of using": the object acts; "dealt a blow by recapturing": not
            prep, head = head, head.head
            if prep.lower_ == "of" and head.pos_ == "VERB":
                controller = object_of(head)
        elif head.pos_ == "VERB":
            controller = object_of(head)
        if controller is not None and verb.dep_ != "advcl":
            return controller, False
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return chain_subject(head, lex, depth + 1)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        if verb.dep_ == "relcl":
            return head, False
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None and verb.tag_ != "VBN":
            return owner, False
    return None, False
