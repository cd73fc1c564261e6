"""Small questions put to the parse of a force phrase: its lemma words, the first
conjunct of a list, the noun a weapon name modifies, the governing verb and its subject.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from wirewatch.extract.forces.lexicon import WORD_SPLIT

NOUNS = {"NOUN", "PROPN"}
VERBS = {"VERB", "AUX"}
NP_MODIFIERS = {"compound", "nmod", "amod", "nummod", "quantmod", "advmod", "npadvmod", "conj"}
CLAUSE_LINKS = {"ccomp", "xcomp", "conj", "parataxis"}
SUBJECTS = {"nsubj", "nsubjpass"}


def lemma_words(tokens: Iterable[Token]) -> list[str]:
    """Lemmas of tokens, lower-case, hyphenated ones split, hyphen tokens dropped."""
    words: list[str] = []
    for t in tokens:
        words.extend(w for w in WORD_SPLIT.split(t.lemma_.lower()) if w)
    return words


def first_conjunct(token: Token) -> Token:
    """The first conjunct of a coordinated noun phrase: where the whole list attaches."""
    while token.dep_ == "conj" and token.head.pos_ in NOUNS | {"NUM"} and token.head.i < token.i:
        token = token.head
    return token


def phrase_head(token: Token) -> Token:
    """The noun a weapon name modifies ("Su-25" in "15 Su-25 ground attack aircraft")."""
    while (
        token.dep_ in ("compound", "nmod", "amod")
        and token.head.pos_ in NOUNS
        and token.head.i > token.i
    ):
        token = token.head
    return token


def governor(token: Token) -> Token | None:
    """The verb a noun phrase depends on, through prepositions and conjunctions."""
    node = token
    while node.head.i != node.i:  # the root is its own head
        node = node.head
        if node.pos_ in VERBS:
            return node
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb its participle or infinitive hangs on
    ("claiming ..." after "Stoltenberg expressed"; "plans to deploy")."""
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("advcl", "xcomp", "conj", "acl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None
