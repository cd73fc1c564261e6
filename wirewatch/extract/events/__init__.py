"""Events in one article, coded in the PLOVER ontology: who did what to whom, where, when,
and whether it happened.

The stage is a short chain of components, each in its own module and each tested alone
(``tests/test_events_<component>.py``); every word list and pattern they use is in
``wirewatch/data/events.toml`` (read once per process by :mod:`.lexicon`):

- :mod:`.lexicon`      the TOML data, indexed for the token walk;
- :mod:`.grammar`      small questions put to the dependency parse (subject, object,
                       passive, negation, inherited subjects);
- :mod:`.context`      one article's mentions, places and statements indexed by token;
- :mod:`.referents`    noun phrases to entity ids (names, seats of government, pronouns,
                       "both countries", "the ministry");
- :mod:`.phrases`      multi-word triggers ("call on", "war games") matched in the parse;
- :mod:`.classify`     the sense of a trigger from its object or subject class, blocked
                       noun senses, and finer subtypes from weapon words;
- :mod:`.triggers`     the walk that finds verb, noun, adjective and hyphenated triggers and
                       hangs nominal ones on their light verbs ("held talks");
- :mod:`.roles`        actor, recipient and patient of a trigger;
- :mod:`.draft`        an event under construction, and the final Event record;
- :mod:`.places_dates` the place and time expression each event governs;
- :mod:`.mode`         asserted / claimed / denied / expected / hypothetical and claimed_by;
- :mod:`.merging`      one event per sentence, type and actors; conjuncts share arguments;
- :mod:`.links`        responds_to: a denial to the accusation or claim it answers.

See ``docs/events.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from wirewatch.extract.events.context import ArticleContext
from wirewatch.extract.events.draft import make_draft, to_event
from wirewatch.extract.events.lexicon import PLOVER_TYPES, Lexicon, lexicon
from wirewatch.extract.events.links import link_responses
from wirewatch.extract.events.merging import inherit_from_conjuncts, merge_duplicates
from wirewatch.extract.events.mode import set_mode
from wirewatch.extract.events.places_dates import assign_places, assign_timexes
from wirewatch.extract.events.triggers import find_triggers
from wirewatch.knowledge import KnowledgeBase, knowledge
from wirewatch.records import Article, Event, Mention, Place, Statement, Timex, record_id

__all__ = ["PLOVER_TYPES", "Lexicon", "extract_events", "lexicon"]


def extract_events(
    doc: Doc,
    article: Article,
    mentions: Sequence[Mention],
    timexes: Sequence[Timex],
    places: Sequence[Place],
    statements: Sequence[Statement] = (),
    kb: KnowledgeBase | None = None,
) -> list[Event]:
    """The PLOVER events of one parsed article, in text order."""
    ctx = ArticleContext(doc, article, mentions, places, statements, kb or knowledge())
    triggers = find_triggers(doc, ctx)
    ctx.trigger_at = {t.token.i: t for t in triggers}
    ctx.trigger_heads = {t.head.i for t in triggers} | set(ctx.trigger_at)
    drafts = [make_draft(t, ctx) for t in triggers]
    inherit_from_conjuncts(drafts)
    assign_places(drafts, ctx)
    assign_timexes(drafts, timexes, ctx)
    for draft in drafts:
        set_mode(draft, ctx)
    drafts = merge_duplicates(drafts)
    for draft in drafts:
        draft.id = record_id("ev", article.id, draft.start, draft.end, draft.type)
    link_responses(drafts, ctx)
    return [to_event(d, article, doc) for d in drafts]
