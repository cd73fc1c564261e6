"""An event under construction (:class:`Draft`): built from a trigger with its roles and
finer subtype, filled in by the other components, and turned into the final
:class:`~wirewatch.records.Event` record with its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from wirewatch.extract.events.classify import refined_subtype
from wirewatch.extract.events.lexicon import lexicon
from wirewatch.extract.events.mode import ASSERTED
from wirewatch.extract.events.referents import owners_in, phrase_text, resolve
from wirewatch.extract.events.roles import noun_roles, verb_roles
from wirewatch.extract.events.triggers import is_light
from wirewatch.extract.sentences import sentence_of
from wirewatch.records import Article, Event, Place, Timex

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext
    from wirewatch.extract.events.lexicon import Sense
    from wirewatch.extract.events.triggers import Trigger


@dataclass
class Draft:
    """An event under construction."""

    trigger: Trigger
    start: int
    end: int
    actors: list[str]
    actor_text: str | None
    recipients: list[str]
    recipient_text: str | None
    subtype: str
    mode: str = ASSERTED
    claimed_by: str | None = None
    statement_id: str | None = None
    place: Place | None = None
    place_rank: tuple[int, int] = (99, 99)
    timex: Timex | None = None
    timex_rank: int = 99
    responds_to: Draft | None = None
    id: str = ""
    role_tokens: set[int] = field(default_factory=set)  # heads of the actor and recipient
    sentence: int = 0  # the number of the trigger's sentence

    @property
    def sense(self) -> Sense:
        return self.trigger.sense

    @property
    def type(self) -> str:
        return self.trigger.sense.type

    @property
    def head(self) -> Token:
        return self.trigger.head

    @property
    def heads(self) -> list[Token]:
        """The tokens places and times may hang from."""
        tokens = (self.trigger.token, self.trigger.head, self.trigger.plan)
        return list({t.i: t for t in tokens if t is not None}.values())

    def offer_place(self, place: Place, rank: tuple[int, int]) -> None:
        if rank < self.place_rank:
            self.place, self.place_rank = place, rank

    def offer_timex(self, timex: Timex, rank: int) -> None:
        if rank < self.timex_rank:
            self.timex, self.timex_rank = timex, rank


def make_draft(trigger: Trigger, ctx: ArticleContext) -> Draft:
    roles = noun_roles(trigger, ctx) if trigger.nominal else verb_roles(trigger, ctx)
    actors, actor_text = resolve(ctx, roles.actor) if roles.actor is not None else ([], None)
    if not actors and roles.patient is not None:
        owner = owners_in(ctx, roles.patient, 0)  # "2,000 US troops": the forces' country acts
        if owner:
            actors, actor_text = owner, phrase_text(ctx, [roles.patient])
    recipients, recipient_text = ([], None)
    if roles.recipient is not None:
        recipients, recipient_text = resolve(ctx, roles.recipient, recipient=True)
        recipients = [r for r in recipients if r not in actors]
    start, end = _trigger_span(trigger)
    subtype = refined_subtype(trigger, ctx)
    trigger.sense = ctx.lex.senses[subtype]  # a finer subtype may be of another type
    draft = Draft(
        trigger,
        start,
        end,
        actors,
        actor_text,
        recipients,
        recipient_text,
        subtype,
    )
    for role in (roles.actor, roles.recipient):
        if role is not None:
            draft.role_tokens.update(t.i for t in (role, *role.conjuncts))
    draft.sentence = ctx.sentence_index(trigger.token)
    return draft


def _trigger_span(trigger: Trigger) -> tuple[int, int]:
    """The trigger's words: the head, its phrase, and a light verb right before a nominal
    trigger ("held talks")."""
    tokens = [trigger.token, *trigger.covered]
    anchor = trigger.anchor
    if anchor is not None and 0 < trigger.token.i - anchor.i <= 3 and is_light(lexicon(), anchor):
        tokens.append(anchor)
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    if last.i - first.i > 5:
        first = last = trigger.token
    return first.idx, last.idx + len(last.text)


def to_event(draft: Draft, article: Article, doc: Doc) -> Event:
    sentence_start, sentence_end = sentence_of(doc, draft.start, draft.end)
    place, timex = draft.place, draft.timex
    return Event(
        id=draft.id,
        article_id=article.id,
        type=draft.type,
        mode=draft.mode,
        start=draft.start,
        end=draft.end,
        trigger=article.text[draft.start : draft.end],
        sentence=article.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        actors=draft.actors,
        recipients=draft.recipients,
        actor_text=draft.actor_text,
        recipient_text=draft.recipient_text,
        subtype=draft.subtype,
        place=place.geonameid if place else None,
        place_text=place.text if place else None,
        first=timex.first if timex else None,
        last=timex.last if timex else None,
        claimed_by=draft.claimed_by,
        statement_id=draft.statement_id,
        responds_to=draft.responds_to.id if draft.responds_to else None,
    )
