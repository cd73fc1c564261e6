"""Posture or not: a counted phrase that is lost, captured, fired, bought or sold
("killed 30 soldiers", "fired three missiles", "a contract for 18 jets") or a target figure
("cut from seven to 10 warships") is no force posture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wirewatch.extract.forces.grammar import SUBJECTS, VERBS

if TYPE_CHECKING:
    from wirewatch.extract.forces.finder import Found
    from wirewatch.extract.forces.lexicon import Lexicon


def is_posture(found: Found, lex: Lexicon) -> bool:
    """Not a loss, an attack or a sale: "killed 30 soldiers", "fired three missiles", "30
    dead soldiers", "soldiers who died", "the capture of 12 marines"."""
    head, outer = found.head, found.outer
    near = [*head.lefts, *head.rights, *outer.lefts, *outer.rights]
    for t in near:
        if t.lemma_.lower() in lex.not_posture_modifiers or t.lower_ in lex.not_posture_modifiers:
            return False
        if t.dep_ in ("acl", "relcl") and t.lemma_.lower() in lex.not_posture_verbs:
            return False
    verb = outer.head
    if outer.dep_ == "pobj" and verb.dep_ == "agent":
        outer, verb = verb, verb.head
    if outer.dep_ == "pobj" and verb.lower_ in lex.change_preps:
        changed = verb.head
        while changed.pos_ == "ADV" and changed.head.i != changed.i:  # "slash them elsewhere to"
            changed = changed.head
        if changed.lemma_.lower() in lex.changes:  # "cut from seven to 10 warships"
            return False
    if outer.dep_ == "pobj" and verb.lower_ in lex.act_preps:
        return verb.head.lemma_.lower() not in lex.not_posture_nouns  # "contract for 18 jets"
    if outer.dep_ in (*SUBJECTS, "dobj", "attr", "oprd", "agent") and verb.pos_ in VERBS:
        return verb.lemma_.lower() not in lex.not_posture_verbs
    return True
