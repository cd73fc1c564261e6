"""Whose force (forces.owner)."""

from __future__ import annotations

from tests.forces_kit import analysed
from wirewatch.extract.forces.owner import own_owner, sentence_owner, verb_owner
from wirewatch.extract.forces.places_dates import located_tokens


def owners(text: str, head: str) -> tuple[str | None, str | None, str | None]:
    a = analysed(text)
    found = a.found(head)
    tokens = list(a.doc)
    placed = located_tokens(tokens, a.ctx.lex)
    return own_owner(found, a.ctx), verb_owner(found, a.ctx), sentence_owner(tokens, a.ctx, placed)


def test_a_demonym_in_the_phrase():
    assert owners("Some 30,000 Russian troops are in Belarus.", "troops")[0] == "country/ru"


def test_its_troops_belong_to_the_clause_subject():
    assert owners("Iraq moved 2,000 of its troops to the border.", "troops")[0] == "country/iq"


def test_the_subject_of_a_deploying_verb():
    own, by_verb, _ = owners("Russia has deployed 30,000 troops in Belarus.", "troops")
    assert own is None and by_verb == "country/ru"


def test_the_agent_of_a_passive():
    _, by_verb, _ = owners("2,000 troops were sent by the US to Poland.", "troops")
    assert by_verb == "country/us"


def test_the_one_country_of_the_sentence_outside_its_places():
    own, by_verb, in_sentence = owners("For Russia, 30,000 troops are in Belarus.", "troops")
    assert (own, by_verb) == (None, None)
    assert in_sentence == "country/ru"  # Belarus is where they are, not whose


def test_two_countries_leave_the_owner_open():
    text = "Russia and China say 30,000 troops are ready."
    assert owners(text, "troops") == (None, None, None)
