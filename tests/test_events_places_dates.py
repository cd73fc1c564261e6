"""Where and when (events.places_dates): each place and time expression goes to the event it
hangs below in the parse."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.places_dates import assign_places, assign_timexes

MINSK, BRUSSELS = 625144, 2800866  # GeoNames ids


def placed(text: str, published: str = "2022-02-03"):
    a = analysed(text, published)
    drafts = a.drafts()
    assign_places(drafts, a.ctx)
    assign_timexes(drafts, a.result.timexes, a.ctx)
    return {d.trigger.token.text: d for d in drafts}


def test_a_place_under_a_locative_preposition():
    met = placed("Stoltenberg met Duda in Brussels on Monday.")["met"]
    assert met.place.geonameid == BRUSSELS
    assert met.timex is not None and met.timex.first == "2022-01-31"


def test_a_place_object_of_a_visit():
    visited = placed("Shoigu visited Minsk on February 3.")["visited"]
    assert visited.place.geonameid == MINSK and visited.timex.first == "2022-02-03"


def test_a_place_below_a_place_noun():
    text = "NATO held a meeting at its headquarters in Brussels."
    assert placed(text)["meeting"].place.geonameid == BRUSSELS


def test_a_recipient_place_is_not_where_it_happens():
    # the invitation is to Russia, not in Russia
    text = "Stoltenberg renewed his invitation to Russia."
    (draft,) = placed(text).values()
    assert draft.place is None


def test_each_event_keeps_its_own_place():
    found = placed("Russia attacked Kyiv after Belarus summoned the attaché in Minsk.")
    assert found["summoned"].place.geonameid == MINSK
    assert found["attacked"].place is None or found["attacked"].place.geonameid != MINSK


def test_no_place_or_date_when_none_is_named():
    (draft,) = placed("Belarus accused Ukraine.").values()
    assert draft.place is None and draft.timex is None
