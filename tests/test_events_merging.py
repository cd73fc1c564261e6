"""One event per sentence, type and actors (events.merging)."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.merging import inherit_from_conjuncts, merge_duplicates
from wirewatch.extract.events.places_dates import assign_places


def merged(text: str):
    a = analysed(text)
    drafts = a.drafts()
    inherit_from_conjuncts(drafts)
    assign_places(drafts, a.ctx)
    return drafts, merge_duplicates(drafts)


def test_two_triggers_of_one_protest_are_one_event():
    drafts, kept = merged("Belarus summoned the attaché and handed him a letter of protest.")
    assert len(drafts) == 2 and len(kept) == 1
    (protest,) = kept
    assert protest.trigger.token.text == "summoned" and protest.actors == ["country/by"]


def test_the_same_act_in_two_places_is_two_events():
    drafts, kept = merged("Russia sent troops to Poland and moved troops to Romania.")
    assert len(kept) == 2
    assert [d.place.text for d in kept] == ["Poland", "Romania"]


def test_different_actors_are_different_events():
    _, kept = merged("Russia attacked Kyiv and Ukraine attacked Belgorod.")
    assert len(kept) == 2


def test_a_conjoined_trigger_shares_the_recipient():
    a = analysed("Russia condemned and criticised NATO.")
    drafts = {d.trigger.token.text: d for d in a.drafts()}
    assert drafts["condemned"].recipients == []  # the parse gives it no object
    inherit_from_conjuncts(list(drafts.values()))
    assert drafts["condemned"].recipients == ["org/nato"]
    assert drafts["condemned"].recipient_text == "NATO"
