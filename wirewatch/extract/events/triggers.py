"""The walk that finds triggers: verbs (by phrase, by subject/object rule, by lemma),
nouns, adjectives with an infinitive ("ready to talk") and hyphenated words the tokenizer
split ("cease-fire"); then nominal triggers are hung on the light verb they are the object of
("held talks"), or dropped when only the argument of another trigger ("denied the charge").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from wirewatch.extract.events.classify import blocked, has_instruments, ruled_sense
from wirewatch.extract.events.grammar import is_passive, lemmas, object_of
from wirewatch.extract.events.lexicon import lexicon
from wirewatch.extract.events.mode import plans
from wirewatch.extract.events.phrases import noun_phrase, verb_phrase

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext
    from wirewatch.extract.events.lexicon import Lexicon, Sense


# arcs an argument or a nominal trigger may climb to reach the verb it depends on
NOUN_CLIMB_DEPS = frozenset({"dobj", "pobj", "prep", "attr", "appos", "conj", "nsubjpass"})


@dataclass
class Trigger:
    """A trigger found in the walk: the head token, the tokens of its phrase, its sense, and
    for nominal triggers the verb that lends them subject, tense and negation."""

    token: Token
    sense: Sense
    covered: list[Token] = field(default_factory=list)
    anchor: Token | None = None  # the governing verb of a nominal trigger, where there is one
    nominal: bool = False
    plan: Token | None = None  # "..., expected to take place this month" after a nominal

    @property
    def head(self) -> Token:
        """The token whose clause the event is in (the light verb of "held talks")."""
        return self.anchor if self.anchor is not None else self.token


def find_triggers(doc: Doc, ctx: ArticleContext) -> list[Trigger]:
    """Every trigger of the document, in text order; phrases consume the words they cover."""
    lex = lexicon()
    found: list[Trigger] = []
    covered: set[int] = set()  # words of phrases: no trigger of their own
    for token in doc:
        if token.i in covered:
            continue
        trigger = _hyphenated(lex, doc, token.i)
        if trigger is not None:
            pass
        elif token.pos_ == "VERB":
            trigger = _verb_trigger(lex, token, ctx)
        elif token.pos_ in ("NOUN", "PROPN"):
            trigger = _noun_trigger(lex, token, ctx)
        elif token.pos_ == "ADJ":
            trigger = _adjective_trigger(lex, token)
        if trigger is not None:
            found.append(trigger)
            covered.update(t.i for t in trigger.covered)
    found = [t for t in found if t.token.i not in covered]
    triggers_at = {t.token.i: t for t in found}
    kept = []
    for trigger in found:
        if trigger.nominal:
            verb, prep = _governing_verb(lex, trigger.token)
            if verb is not None and verb.i in triggers_at:
                if _absorbed(lex, trigger, triggers_at[verb.i]):
                    continue  # "refuted the charge": the charge is the accusation answered
            elif verb is not None and (is_light(lex, verb) or prep in lex.actors["scene_preps"]):
                trigger.anchor = verb
            trigger.plan = _plan_after(lex, trigger.token)
        kept.append(trigger)
    return kept


def _verb_trigger(lex: Lexicon, token: Token, ctx: ArticleContext) -> Trigger | None:
    if _adjectival(lex, token):
        return None
    phrase = verb_phrase(lex, token)
    if phrase is not None:
        sense = lex.sense(phrase[0])
        return Trigger(token, sense, phrase[1]) if sense else None
    ruled = ruled_sense(lex, token, ctx)
    if ruled is not None:
        sense = lex.sense(ruled)
        return Trigger(token, sense) if sense else None
    for lemma in lemmas(token):
        if lemma in lex.light_verbs:
            return None
        if lemma in lex.weak_verbs and _event_noun(lex, object_of(token)):
            return None
        if lemma in lex.verbs:
            return Trigger(token, lex.senses[lex.verbs[lemma]])
    return None


def _event_noun(lex: Lexicon, token: Token | None) -> bool:
    return token is not None and (token.lower_ in lex.nouns or token.lemma_.lower() in lex.nouns)


def _adjectival(lex: Lexicon, token: Token) -> bool:
    """Participles used as adjectives ("the occupied territory", "feels threatened") and
    passives that mean no event ("would be met with a heavy price")."""
    if token.dep_ in ("amod", "acomp") or token.lemma_ in ("be", "have"):
        return True
    if token.tag_ == "VBN":
        aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if aux & lex.stative_heads or token.head.lemma_.lower() in lex.stative_heads:
            return True
        if is_passive(token) and token.lemma_.lower() in lex.passive_none:
            return True
    return False


def _hyphenated(lex: Lexicon, doc: Doc, i: int) -> Trigger | None:
    """A hyphenated trigger the tokenizer split ("de-escalate", "cease-fire", "sit-in"),
    headed by whichever part hangs outside the word."""
    left = doc[i]
    if left.whitespace_ or i + 2 >= len(doc):
        return None
    dash, right = doc[i + 1], doc[i + 2]
    if dash.text not in ("-", "–"):
        return None
    if dash.idx != left.idx + len(left.text) or right.idx != dash.idx + 1:
        return None
    forms = [f"{left.lower_}-{r}" for r in lemmas(right)]
    subtype = next(
        (lex.verbs.get(f) or lex.nouns.get(f) for f in forms if f in lex.verbs or f in lex.nouns),
        None,
    )
    sense = lex.sense(subtype) if subtype else None
    if sense is None:
        return None
    parts = {left.i, dash.i, right.i}
    head = left if left.head.i not in parts else right
    nominal = any(f in lex.nouns for f in forms) and head.pos_ != "VERB"
    return Trigger(head, sense, [t for t in (left, dash, right) if t is not head], nominal=nominal)


def _adjective_trigger(lex: Lexicon, token: Token) -> Trigger | None:
    subtype = lex.adjectives.get(token.lower_)
    if subtype and any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to") for c in token.children
    ):
        return Trigger(token, lex.senses[subtype])  # "ready to talk", "committed to opening"
    return None


def _noun_trigger(lex: Lexicon, token: Token, ctx: ArticleContext) -> Trigger | None:
    word, lemma = token.lower_, token.lemma_.lower()
    if not (
        word in lex.nouns
        or lemma in lex.nouns
        or word in lex.noun_phrases
        or lemma in lex.noun_phrases
    ):
        return None
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() not in lex.containers:
            return None  # "attack aircraft", "war games": the head decides
    if token.text[:1].isupper() and token.lower_ in lex.capitalised:
        return None  # "in March"
    mention = ctx.mention_at.get(token.i)
    if mention is not None and mention.label not in ("ROLE", "NORP", "MISC", "EVENT"):
        return None  # "the Organisation of Islamic Cooperation"
    phrase = noun_phrase(lex, token)
    covered: list[Token] = []
    if phrase is not None:
        subtype, covered = phrase
    else:
        subtype = lex.nouns.get(token.lower_) or lex.nouns.get(token.lemma_.lower())
        if subtype is None or blocked(lex, token):
            return None
        if token.lower_ in lex.instrument_nouns and has_instruments(ctx, token):
            subtype = lex.instrument_nouns[token.lower_]
    sense = lex.sense(subtype)
    if sense is None:
        return None
    return Trigger(token, sense, covered, nominal=True)


def _plan_after(lex: Lexicon, noun: Token) -> Token | None:
    """A participle of planning right after a nominal trigger, however the parser attached
    it: "Russia's nuclear exercise, expected to take place this month"."""
    doc, i = noun.doc, noun.right_edge.i + 1
    while i < len(doc) and doc[i].is_punct and doc[i].text in (",", "—", "–"):
        i += 1
    if i < len(doc) and i - noun.i <= 3 and doc[i].tag_ == "VBN" and plans(doc[i], lex):
        return doc[i]
    return None


def is_light(lex: Lexicon, verb: Token) -> bool:
    return any(lemma in lex.light_verbs or lemma in lex.weak_verbs for lemma in lemmas(verb))


def _governing_verb(lex: Lexicon, noun: Token) -> tuple[Token | None, str | None]:
    """The verb a nominal trigger is the object or complement of, through containers ("a
    letter of protest") and prepositions ("took part in exercises"), with the preposition
    it hangs from, if any."""
    token, prep = noun, None
    for _ in range(lex.max_climb):
        if token.dep_ not in NOUN_CLIMB_DEPS or token.head.i == token.i:
            return None, None
        head = token.head
        if head.pos_ in ("VERB", "AUX"):
            return head, prep
        if head.pos_ == "ADP" and prep is None:
            prep = head.lower_
        if head.pos_ == "ADP" or head.lemma_.lower() in lex.containers or token.dep_ == "conj":
            token = head
            continue
        return None, None
    return None, None


def _absorbed(lex: Lexicon, trigger: Trigger, governing: Trigger) -> bool:
    """Whether a nominal trigger is only the argument of the trigger it hangs from
    (``[absorbs]``)."""
    sense = governing.sense
    empty: frozenset[str] = frozenset()
    absorbed = lex.absorbs.get(sense.subtype, empty) | lex.absorbs.get(sense.type, empty)
    return trigger.sense.type in absorbed or trigger.sense.subtype in absorbed
