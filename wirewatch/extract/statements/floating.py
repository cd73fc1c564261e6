"""Floating quotations: a quotation with no cue of its own continues the statement before it."""

from __future__ import annotations

from bisect import bisect_left

from wirewatch.extract.sentences import sentence_of
from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.direct import clause_after, clause_before
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.quotes import Quote
from wirewatch.extract.statements.syntax import char_span


def attach_floating(art: ParsedArticle, drafts: list[Draft], loose: list[Quote]) -> None:
    """A quotation with no cue that opens a sentence right after a statement continues it:
    '"…," she said. "…"' or the next paragraph of the same speech."""
    drafts.sort(key=lambda d: d.start)
    starts = [d.start for d in drafts]
    for quote in loose:
        after = clause_after(art, quote)
        if any(art.cue_of(t) for t in art.doc[after[0] : after[1]]):
            continue  # a cue of its own that did not attribute it: no continuation either
        words = sum(1 for t in art.doc[slice(*art.tokens_of(quote.start, quote.end))] if t.is_alpha)
        at = bisect_left(starts, quote.start) - 1
        if words < 3 or at < 0:
            continue
        previous = drafts[at]
        if not previous.from_quote and at > 0 and drafts[at - 1].from_quote:
            # '"…," X said, claiming that …. "…"': the speech goes on, not the claim
            earlier = drafts[at - 1]
            if earlier.cue_span and previous.cue_span:
                if sentence_of(art.doc, *earlier.cue_span) == sentence_of(
                    art.doc, *previous.cue_span
                ):
                    previous = earlier
        before = clause_before(art, quote)
        lead = [i for i in range(*before) if not art.doc[i].is_space]
        cue_at = art.tokens_of(*previous.cue_span)[0] if previous.cue_span else -1
        if lead and (cue_at not in lead or not art.doc[lead[-1]].text.endswith((".", "!", "?"))):
            continue  # the quotation sits inside a sentence of its own
        reach = max(previous.end, previous.cue_span[1] if previous.cue_span else 0)
        if previous.speaker is not None:
            reach = max(reach, char_span(art.doc, *previous.speaker)[1])
        between = art.text[reach : quote.start]
        if between.count("\n") > 2 or len(between) > 400:
            continue
        if not previous.from_quote and "\n" in between:
            continue
        previous.pieces.extend(quote.pieces)
