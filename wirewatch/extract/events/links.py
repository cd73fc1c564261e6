"""``responds_to``: a denial is linked to the accusation (or claim) it answers, and
takes the accuser as its recipient where it names none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from wirewatch.extract.events.grammar import object_of
from wirewatch.extract.events.mode import ASSERTED, CLAIMED, EXPECTED, HYPOTHETICAL
from wirewatch.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext
    from wirewatch.extract.events.draft import Draft


def link_responses(drafts: list[Draft], ctx: ArticleContext) -> None:
    """A denial answers the last accusation (or claim) against its actor's side before it;
    failing that, the last accusation of the few sentences before."""
    kb = ctx.kb
    for index, draft in enumerate(drafts):
        if not _is_denial(draft, ctx):
            continue
        own = _countries(draft.actors, kb)
        earlier = [d for d in drafts[:index] if d.start < draft.start and d is not draft]
        accusations = [d for d in earlier if d.type == "ACCUSE"]
        answered = next(
            (d for d in reversed(accusations) if own & _countries(d.recipients, kb)), None
        )
        if answered is None and own:
            answered = next(
                (
                    d
                    for d in reversed(earlier)
                    if d.mode in (HYPOTHETICAL, EXPECTED, CLAIMED)
                    and own & _countries(d.actors, kb)
                    and d.type != "REJECT"
                ),
                None,
            )
        if answered is None and not own and accusations:
            answered = accusations[-1]
        if answered is not None:
            draft.responds_to = answered
            if not draft.recipients and answered.type == "ACCUSE":
                draft.recipients = [a for a in answered.actors if a not in draft.actors]
                draft.recipient_text = answered.actor_text


def _is_denial(draft: Draft, ctx: ArticleContext) -> bool:
    if draft.type != "REJECT" or draft.mode not in (ASSERTED, CLAIMED):
        return False
    if draft.sense.deny:
        return True
    target = object_of(draft.trigger.token)
    return target is not None and target.lower_ in ctx.lex.modes["accusation_nouns"]


def _countries(ids: Iterable[str], kb: KnowledgeBase) -> set[str]:
    found = set()
    for entity_id in ids:
        entity = kb.entities.get(entity_id)
        if entity is not None and entity.country:
            found.add(entity.country)
        elif entity_id.startswith(("country/", "gov/")):
            found.add(entity_id.split("/", 1)[1].upper())
    return found
