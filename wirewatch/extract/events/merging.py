"""One event per sentence, type and actors: duplicates from two triggers of the same event
are merged, and conjoined triggers ("seizure and annexation of Crimea") share missing
arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wirewatch.extract.events.draft import Draft


def merge_duplicates(drafts: list[Draft]) -> list[Draft]:
    """One event per sentence, type and actors: "summoned the attaché and handed a letter of
    protest" is one protest; "seizure and annexation of Crimea" one seizure."""
    kept: list[Draft] = []
    by_sentence: dict[int, list[Draft]] = {}
    for draft in drafts:
        same = by_sentence.setdefault(draft.sentence, [])
        twin = next((k for k in same if _same_event(k, draft)), None)
        if twin is None:
            kept.append(draft)
            same.append(draft)
            continue
        twin.recipients = twin.recipients or draft.recipients
        twin.recipient_text = twin.recipient_text or draft.recipient_text
        if twin.place is None:
            twin.place = draft.place
        if twin.timex is None:
            twin.timex = draft.timex
    return kept


def _same_event(a: Draft, b: Draft) -> bool:
    if a.type != b.type or a.sentence != b.sentence or a.mode != b.mode:
        return False
    if a.place and b.place and a.place.geonameid != b.place.geonameid:
        return False  # "send troops to Poland ... relocate troops to Romania"
    linked = b.trigger.token.dep_ == "conj" and b.trigger.token.head.i in (
        a.trigger.token.i,
        a.head.i,
    )
    if not a.actors or a.actors != b.actors:
        return linked and not (a.actors and b.actors and a.actors != b.actors)
    return not a.recipients or not b.recipients or a.recipients == b.recipients or linked


def inherit_from_conjuncts(drafts: list[Draft]) -> None:
    """ "seizure and annexation of Crimea": a conjoined trigger shares missing arguments."""
    at = {d.trigger.token.i: d for d in drafts}
    for draft in drafts:
        token = draft.trigger.token
        if token.dep_ == "conj" and token.head.i in at:
            first = at[token.head.i]
            if not draft.actors:
                draft.actors, draft.actor_text = list(first.actors), first.actor_text
            if not first.recipients and draft.recipients and first.type == draft.type:
                first.recipients, first.recipient_text = draft.recipients, draft.recipient_text
