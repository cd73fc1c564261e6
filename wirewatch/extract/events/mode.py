"""The mode of an event — asserted, claimed, denied, expected or hypothetical — and who
claims it: negation, modal auxiliaries and conditional clauses in the parse, the verbs
governing the trigger ("refused to", "plans to"), the statement it is reported in (its
speaker's stance), and accusations (a claim of their actor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.events.grammar import aux_words, chain_subject, climb, negated
from wirewatch.extract.events.referents import resolve
from wirewatch.records import Statement, Timex

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext
    from wirewatch.extract.events.draft import Draft
    from wirewatch.extract.events.lexicon import Lexicon
    from wirewatch.extract.events.triggers import Trigger


ASSERTED, CLAIMED, DENIED, EXPECTED, HYPOTHETICAL = (
    "asserted",
    "claimed",
    "denied",
    "expected",
    "hypothetical",
)


# When several signs apply, the strongest wins: what is denied did not happen, what is
# conditional may never happen, what is planned has not happened yet.
MODE_RANK = {DENIED: 0, HYPOTHETICAL: 1, EXPECTED: 2, CLAIMED: 3, ASSERTED: 4}
COMPLEMENT_ARCS = frozenset({"xcomp", "dobj", "pobj", "acl", "prep", "pcomp", "attr", "oprd"})


def set_mode(draft: Draft, ctx: ArticleContext) -> None:
    """Mode, claimed_by and statement_id (see the module doc for the order of precedence)."""
    mode = clause_mode(draft.trigger, ctx)
    claimant: str | None = None
    statement = ctx.statement_at(draft.start)
    if statement is not None and statement.speaker != ctx.article.id:
        draft.statement_id = statement.id
        content = ctx.lex.stance_modes.get(statement.stance or "", CLAIMED)
        if content == CLAIMED and _performed(draft, statement, ctx):
            content = ASSERTED
        mode = stronger(mode, content)
        if content in (CLAIMED, DENIED, HYPOTHETICAL, EXPECTED):
            claimant = statement.speaker
    elif draft.sense.claim and draft.actors:
        claimant = draft.actors[0]
        mode = stronger(mode, CLAIMED)
    else:
        reporter = _reported_by(draft.trigger, ctx)
        if reporter is not None:
            ids, _ = resolve(ctx, reporter)
            claimant = ids[0] if ids else None
            mode = stronger(mode, CLAIMED)
    if mode == ASSERTED and draft.timex is not None and _in_future(draft.timex):
        mode = EXPECTED
    draft.mode, draft.claimed_by = mode, claimant


def clause_mode(trigger: Trigger, ctx: ArticleContext) -> str:
    """The mode the parse around the trigger gives (statements and accusations aside)."""
    lex, modes = ctx.lex, ctx.lex.modes
    head = trigger.head
    if negated(head, lex) or (trigger.nominal and negated(trigger.token, lex)):
        return DENIED
    found = ASSERTED
    for modifier in trigger.token.children if trigger.nominal else ():
        word = modifier.lower_
        if modifier.dep_ in ("amod", "det", "compound") and word in modes["hypothetical_modifiers"]:
            found = stronger(found, HYPOTHETICAL)
        if modifier.dep_ in ("amod", "compound") and word in modes["future_modifiers"]:
            found = stronger(found, EXPECTED)
        if modifier.dep_ == "acl" and plans(modifier, lex):
            found = stronger(found, EXPECTED)
    if trigger.plan is not None:
        found = stronger(found, EXPECTED)
    found = stronger(found, _own_mode(head, lex))
    for ancestor, arc in climb(head, lex.max_climb):
        found = stronger(found, _inherited_mode(ancestor, arc, lex, ctx))
        if found == DENIED:
            break
    return found


def plans(verb: Token, lex: Lexicon) -> bool:
    """ "set to take place", "expected to take place", "scheduled for Monday"."""
    return verb.lemma_.lower() in lex.modes["future_heads"] and any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in lex.modes["plan_preps"])
        for c in verb.children
    )


def _own_mode(verb: Token, lex: Lexicon) -> str:
    modes = lex.modes
    aux = aux_words(verb)
    if any(c.dep_ == "mark" and c.lower_ in modes["conditional_marks"] for c in verb.children):
        return HYPOTHETICAL
    if aux & modes["hypothetical_aux"]:
        return EXPECTED if _future_in_past(verb, aux, lex) else HYPOTHETICAL
    if aux & modes["future_aux"]:
        return EXPECTED
    if "going" in aux or (verb.tag_ == "VB" and "to" in aux and verb.head.lemma_ == "be"):
        return EXPECTED  # "is going to", "is to resume"
    return ASSERTED


def _future_in_past(verb: Token, aux: set[str], lex: Lexicon) -> bool:
    """ "said it would free 1,500 prisoners": reported "will", not a condition."""
    return (
        aux & lex.modes["hypothetical_aux"] <= lex.modes["reported_future_aux"]
        and verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in lex.modes["report_cues"]
    )


def _inherited_mode(ancestor: Token, arc: str, lex: Lexicon, ctx: ArticleContext) -> str:
    """What a governing word does to the mode of what hangs below it."""
    modes, lemma = lex.modes, ancestor.lemma_.lower()
    if arc == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in modes["conditional_marks"] for c in ancestor.children
    ):
        return HYPOTHETICAL
    if arc in ("xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep") and _denies(ancestor, ctx):
        return DENIED
    if arc in ("xcomp", "dobj") and lemma in modes["negating_heads"]:
        return DENIED  # "refused to withdraw", "cancelled a planned visit"
    if arc == "xcomp" and negated(ancestor, lex):
        return DENIED
    if arc in COMPLEMENT_ARCS and lemma in modes["irrealis_heads"]:
        return HYPOTHETICAL
    if arc in ("xcomp", "acomp", "conj", "ccomp") and ancestor.pos_ in ("VERB", "AUX", "ADJ"):
        if aux_words(ancestor) & modes["hypothetical_aux"]:
            return HYPOTHETICAL
    if arc in ("xcomp", "acl", "acomp") and lemma in modes["future_heads"]:
        return EXPECTED
    if arc in ("xcomp", "conj", "acomp") and aux_words(ancestor) & modes["future_aux"]:
        return EXPECTED
    return ASSERTED


def _denies(token: Token, ctx: ArticleContext) -> bool:
    trigger = ctx.trigger_at.get(token.i)
    return trigger is not None and trigger.sense.deny


def stronger(a: str, b: str) -> str:
    return a if MODE_RANK[a] <= MODE_RANK[b] else b


def _reported_by(trigger: Trigger, ctx: ArticleContext) -> Token | None:
    """The subject of a reporting verb the trigger is the content of ("claiming some 30,000
    troops deployed"), used where no statement record covers the trigger."""
    cues = ctx.lex.modes["report_cues"]
    for ancestor, arc in climb(trigger.head, ctx.lex.max_climb):
        if arc in ("ccomp", "xcomp", "advcl", "dobj", "conj") and ancestor.lemma_.lower() in cues:
            if ctx.trigger_at.get(ancestor.i) is not None:
                return None  # "accused X of ...": the accusation carries the claim
            subject, passive = chain_subject(ancestor, ctx.lex)
            return None if passive else subject
    return None


def _performed(draft: Draft, statement: Statement, ctx: ArticleContext) -> bool:
    """A speech act in the speaker's own words ("We reject ...") is done by saying it."""
    return draft.type in ctx.lex.modes["performative_types"] and (
        statement.speaker is not None and statement.speaker in draft.actors
    )


def _in_future(timex: Timex) -> bool:
    return bool(timex.first and timex.anchor and timex.first > timex.anchor)
