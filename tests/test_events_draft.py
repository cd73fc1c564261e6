"""An event under construction and the final record (events.draft), and the whole stage
(extract_events) on one sentence."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events import extract_events
from wirewatch.extract.events.draft import to_event


def test_trigger_span_takes_in_a_light_verb_and_the_phrase():
    a = analysed("Russia and Belarus held war games near the border.")
    (draft,) = a.drafts()
    assert a.article.text[draft.start : draft.end] == "held war games"
    assert draft.actors == ["country/ru", "country/by"]
    assert draft.actor_text == "Russia and Belarus"


def test_forces_moved_give_their_owner_as_actor():
    a = analysed("2,000 US troops crossed into Poland.")
    (draft,) = a.drafts()
    assert draft.type == "MOBILIZE" and draft.actors == ["country/us"]


def test_the_record_carries_its_provenance():
    text = "Calm returned. Belarus accused Ukraine of violating its airspace."
    a = analysed(text)
    draft = next(d for d in a.drafts() if d.type == "ACCUSE")
    draft.id = "ev-1"
    event = to_event(draft, a.article, a.doc)
    assert event.trigger == "accused" and text[event.start : event.end] == "accused"
    assert event.sentence == "Belarus accused Ukraine of violating its airspace."
    assert text[event.sentence_start : event.sentence_end] == event.sentence
    assert event.article_id == a.article.id and event.recipients == ["country/ua"]


def test_extract_events_runs_every_component():
    a = analysed("Belarus accused Ukraine of violating its airspace. Kyiv denied it.")
    events = extract_events(a.doc, a.article, a.result.mentions, a.result.timexes, a.result.places)
    accusation, denial = events
    assert (accusation.type, accusation.mode, accusation.claimed_by) == (
        "ACCUSE",
        "claimed",
        "country/by",
    )
    assert denial.type == "REJECT" and denial.responds_to == accusation.id
    assert events == extract_events(
        a.doc, a.article, a.result.mentions, a.result.timexes, a.result.places
    )  # deterministic ids and records
