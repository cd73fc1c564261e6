"""Modes (events.mode): what the parse around a trigger says, and what the statement or
accusation it is in adds."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.mode import (
    ASSERTED,
    CLAIMED,
    DENIED,
    EXPECTED,
    HYPOTHETICAL,
    clause_mode,
    set_mode,
    stronger,
)


def mode_of(text: str, word: str) -> str:
    a = analysed(text)
    return clause_mode(a.trigger(word), a.ctx)


def test_plain_past_is_asserted():
    assert mode_of("Russia attacked Ukraine.", "attacked") == ASSERTED


def test_negation_denies():
    assert mode_of("Russia did not attack Ukraine.", "attack") == DENIED
    assert mode_of("Russia refused to withdraw its troops.", "withdraw") == DENIED


def test_modals_and_conditions_are_hypothetical():
    assert mode_of("Russia could attack Ukraine.", "attack") == HYPOTHETICAL
    assert mode_of("If Russia invades Ukraine, NATO will respond.", "invades") == HYPOTHETICAL


def test_future_and_plans_are_expected():
    assert mode_of("Russia will attack Ukraine.", "attack") == EXPECTED
    assert mode_of("NATO plans to hold a meeting in Brussels.", "meeting") == EXPECTED
    text = "Russia's nuclear exercise, expected to take place this month, worries Kyiv."
    assert mode_of(text, "exercise") == EXPECTED


def test_reported_would_is_a_future_not_a_condition():
    assert mode_of("Russia said it would free 1,500 prisoners.", "free") == EXPECTED


def test_the_strongest_sign_wins():
    assert stronger(ASSERTED, DENIED) == DENIED
    assert stronger(EXPECTED, HYPOTHETICAL) == HYPOTHETICAL
    assert stronger(CLAIMED, ASSERTED) == CLAIMED


def test_an_accusation_is_its_actors_claim():
    a = analysed("Belarus accused Ukraine of violating its airspace.")
    (draft,) = [d for d in a.drafts() if d.type == "ACCUSE"]
    set_mode(draft, a.ctx)
    assert draft.mode == CLAIMED and draft.claimed_by == "country/by"


def test_content_of_a_statement_is_the_speakers_claim():
    a = analysed("Stoltenberg said Russia had deployed 30,000 troops in Belarus.")
    (draft,) = a.drafts()
    set_mode(draft, a.ctx)
    assert draft.mode == CLAIMED and draft.claimed_by == "person/jens-stoltenberg"
    assert draft.statement_id is not None


def test_without_statements_the_reporting_verb_is_the_source():
    a = analysed("Stoltenberg said Russia had deployed 30,000 troops.", statements=[])
    (draft,) = a.drafts()
    set_mode(draft, a.ctx)
    assert draft.mode == CLAIMED and draft.claimed_by == "person/jens-stoltenberg"
    assert draft.statement_id is None


def test_a_future_date_makes_an_asserted_event_expected():
    a = analysed("The talks resume on March 10.", published="2022-02-03")
    (draft,) = a.drafts()
    draft.timex = a.result.timexes[0]
    set_mode(draft, a.ctx)
    assert draft.mode == EXPECTED
