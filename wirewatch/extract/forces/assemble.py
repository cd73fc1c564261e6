"""The Force record: owner, place, date and source from the components, with a place,
date or source taken from the sentences before where the force's sentence has none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wirewatch.extract.forces.context import sentences_before
from wirewatch.extract.forces.counts import Count
from wirewatch.extract.forces.owner import own_owner, sentence_owner, verb_owner
from wirewatch.extract.forces.places_dates import (
    first_timex_in,
    located_tokens,
    sentence_places,
    when_of,
    where_of,
)
from wirewatch.extract.forces.source import (
    according_to,
    reporter,
    source_of_nouns,
    statement_holding,
)
from wirewatch.extract.sentences import sentence_of
from wirewatch.records import Force, record_id

if TYPE_CHECKING:
    from wirewatch.extract.forces.context import ArticleContext
    from wirewatch.extract.forces.finder import Found


def assemble_force(found: Found, ctx: ArticleContext, previous_owner: str | None) -> Force | None:
    doc, article = ctx.doc, ctx.article
    start, end = doc[found.first].idx, found.head.idx + len(found.head)
    sentence_start, sentence_end = sentence_of(doc, start, end)
    span = doc.char_span(sentence_start, sentence_end, alignment_mode="expand")
    sent_tokens = list(span) if span is not None else list(found.head.sent)
    owner = (
        own_owner(found, ctx)
        or verb_owner(found, ctx)
        or sentence_owner(sent_tokens, ctx, located_tokens(sent_tokens, ctx.lex))
        or previous_owner
    )
    if found.count is None and owner is None:
        return None  # a weapon named, no count, nobody's: a product, not a posture
    where = where_of(found, ctx)
    if where.place is None and (places := sentence_places(sent_tokens, ctx)):
        where.place, where.text = min(places, key=lambda p: abs(p[0].start - start))
    timex = when_of(found, (sentence_start, sentence_end), ctx)
    statement = statement_holding(start, end, ctx)
    vouched = statement is not None and (statement.stance or "neutral") in ctx.lex.statement_stances
    claimed_by = (statement.speaker if vouched else None) or (
        according_to(sent_tokens, ctx) or reporter(found, ctx) or source_of_nouns(sent_tokens, ctx)
    )
    if None in (where.place, timex, claimed_by):
        for tokens in sentences_before(found, ctx):
            if where.place is None and (places := sentence_places(tokens, ctx)):
                where.place, where.text = places[0]
            if timex is None:
                bounds = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
                timex = first_timex_in(bounds, ctx)
            claimed_by = claimed_by or according_to(tokens, ctx) or source_of_nouns(tokens, ctx)
    if found.count is None and where.place is None:
        return None  # a weapon named, no count, nowhere: a product ("a contract for F-15Es")
    count = found.count or Count(None, None, None, False)
    return Force(
        id=record_id("fo", article.id, start, end),
        article_id=article.id,
        kind=found.kind,
        text=article.text[start:end],
        start=start,
        end=end,
        sentence=article.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        owner=owner,
        system=found.system,
        count=count.count,
        count_low=count.low,
        count_high=count.high,
        approx=count.approx,
        place=where.place.geonameid if where.place else None,
        place_text=where.text if where.place else None,
        origin_place=where.origin.geonameid if where.origin else None,
        first=timex.first if timex else None,
        last=timex.last if timex else None,
        claimed_by=claimed_by,
        statement_id=statement.id if statement is not None else None,
    )
