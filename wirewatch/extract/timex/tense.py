"""The tense of the clause a time expression sits in: it decides whether "on Thursday" is the
Thursday before the article's date or the one after it."""

from __future__ import annotations

from spacy.tokens import Span, Token

from wirewatch.extract.sentences import sentence_of
from wirewatch.extract.timex.lexicon import lexicon

PAST, PLUPERFECT, PERFECT, PRESENT, FUTURE = "past", "pluperfect", "perfect", "present", "future"
_VERBS = {"VERB", "AUX"}
_MAX_CLIMB = 6  # the timex's head is at most a few arcs below its verb


def _governing_verb(span: Span) -> Token | None:
    token = span.root
    for _ in range(_MAX_CLIMB):
        if token.head is token:
            return token if token.pos_ in _VERBS else None
        token = token.head
        if token.pos_ in _VERBS and token.dep_ not in ("aux", "auxpass"):
            return token
    return None


def _verb_tense(verb: Token) -> str | None:
    lex = lexicon()
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if words & lex.future_aux:
        return FUTURE
    if any(a.tag_ == "TO" or a.lower_ == "to" for a in aux):
        # "set to take place", "expected to be deployed": an infinitive under a verb of
        # planning points forward; under others its time may fall either side of the anchor
        head = verb.head
        if head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP"):
            return FUTURE  # "is to resume trading on Tuesday"
        if head.lemma_.lower() in lex.future_heads or head.lower_ in lex.future_heads:
            # "had been scheduled to expire": a plan already overtaken
            pluperfect = any(
                c.lower_ == "had" for c in head.children if c.dep_ in ("aux", "auxpass")
            )
            return PLUPERFECT if pluperfect else FUTURE
        return None  # an infinitive's time is after its governor's: no direction from it
    if any(c.dep_ == "acomp" and c.lemma_.lower() in lex.future_heads for c in verb.children):
        return FUTURE if verb.tag_ != "VBD" else PAST  # "is due in the third quarter"
    if "would" in words or (verb.lemma_.lower() in lex.plan_verbs and verb.tag_ != "VBD"):
        return FUTURE  # "has scheduled a news conference Thursday"
    if "had" in words and verb.tag_ == "VBN":
        return PLUPERFECT
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return PAST
    if verb.tag_ == "VBN":
        # perfect ("has seen") and bare participles ("imagery published on Sunday") report the
        # past; the present passive ("is expected") does not, nor does a bare participle of
        # planning ("a summit set for April")
        if any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in aux):
            return PRESENT
        return PERFECT
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in aux):
        return FUTURE  # "is meeting on Friday": the present progressive of a plan
    if verb.tag_ in ("VBZ", "VBP"):
        return PRESENT
    return None


def _planned_for(span: Span, verb: Token) -> bool:
    """Whether the span dates a plan: a bare participle of planning taking "for" ("a summit
    set for Washington in April", "talks scheduled for Monday"; not "a record set on Aug. 6")."""
    lex = lexicon()
    return (
        verb.tag_ == "VBN"
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        and verb.lemma_.lower() in lex.future_heads | lex.plan_verbs
        and any(c.lower_ == "for" for c in verb.children)
    )


def tense(span: Span) -> str | None:
    """``past``, ``pluperfect``, ``perfect`` (present perfect, bare participle), ``present``,
    ``future`` or None (no verb to judge by) for the clause that governs
    ``span``; the sentence's first finite verb when the parse gives no governor."""
    verb = _governing_verb(span)
    if verb is not None:
        if _planned_for(span, verb):
            return FUTURE
        return _verb_tense(verb)
    start, end = sentence_of(span.doc, span.start_char, span.end_char)
    for token in span.doc.char_span(start, end, alignment_mode="expand") or span:
        if token.lower_ in lexicon().future_aux and token.tag_ == "MD":
            return FUTURE
        if token.tag_ == "VBD":
            return PAST
    return None
