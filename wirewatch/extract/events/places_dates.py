"""Where and when: each place and time expression is given to the event it hangs below
in the parse, ranked by the preposition that introduces it (``[actors] place_preps``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.events.grammar import climb
from wirewatch.extract.events.lexicon import lexicon
from wirewatch.records import Place, Timex

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext
    from wirewatch.extract.events.draft import Draft


def assign_places(events: list[Draft], ctx: ArticleContext) -> None:
    """Each event takes the place it governs: its object where it is a place ("visited
    Minsk", "the annexation of Crimea"), else the best-ranked place under a locative
    preposition of the event ("deployed in Belarus") or of a place noun below it ("a meeting
    at NATO's headquarters in Brussels"). A place that is the event's recipient ("an
    invitation to Russia") is not where it happens."""
    ranks = {p: i for i, p in enumerate(ctx.lex.place_preps)}
    by_head: dict[int, list[Draft]] = {}
    for draft in events:
        for token in draft.heads:
            by_head.setdefault(token.i, []).append(draft)
    for index, place in ctx.place_at.items():
        token, prep, steps = ctx.doc[index], None, 0
        for ancestor, arc in climb(token, ctx.lex.max_climb):
            steps += 1
            if arc == "pobj" and ancestor.pos_ == "ADP" and prep is None:
                prep = ancestor.lower_
            elif ancestor.i not in by_head and _owns_place(ancestor, prep, ctx):
                break  # "expansion around Ukraine": the place belongs to another word
            for draft in by_head.get(ancestor.i, ()):
                _offer(draft, place, token, arc, prep, steps, ranks)
            if ancestor.i in by_head:
                break


def _owns_place(token: Token, prep: str | None, ctx: ArticleContext) -> bool:
    """A verb, or a noun that is no place itself, keeps the places below it."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.pos_ in ("NOUN", "PROPN") and bool(prep) and not _locative_noun(token, ctx)


def _locative_noun(token: Token, ctx: ArticleContext) -> bool:
    return ctx.is_place(token) or ctx.lex.in_class(token, "territory")


def _offer(
    draft: Draft,
    place: Place,
    token: Token,
    arc: str,
    prep: str | None,
    steps: int,
    ranks: dict[str, int],
) -> None:
    if draft.sense.object_place and (
        arc == "dobj" or prep in lexicon().roles["object_place_preps"]
    ):
        draft.offer_place(place, (-1, steps))
    elif prep in ranks and token.i not in draft.role_tokens:
        draft.offer_place(place, (ranks[prep], steps))


def assign_timexes(events: list[Draft], timexes: Sequence[Timex], ctx: ArticleContext) -> None:
    """A time expression dates the first event it hangs below; failing that, events in
    clauses below the verb it hangs from ("in 2020 when the Kremlin helped ...")."""
    by_head: dict[int, list[Draft]] = {}
    by_sentence: dict[int, list[Draft]] = {}
    for draft in events:
        by_sentence.setdefault(draft.sentence, []).append(draft)
        for token in draft.heads:
            by_head.setdefault(token.i, []).append(draft)
    for timex in timexes:
        if timex.first is None and timex.last is None:
            continue
        span = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        owner = None
        for ancestor, _ in climb(span.root, ctx.lex.max_climb):
            if ancestor.i in by_head:
                owner = ancestor
                break
        if owner is not None:
            for draft in by_head[owner.i]:
                draft.offer_timex(timex, 0)
            continue
        verb = next((a for a, _ in climb(span.root, 3) if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            continue
        for draft in by_sentence.get(ctx.sentence_index(verb), ()):
            if verb in draft.head.ancestors:
                draft.offer_timex(timex, 1)
