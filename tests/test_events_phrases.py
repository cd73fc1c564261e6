"""Multi-word triggers matched in the parse (events.phrases)."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.lexicon import lexicon
from wirewatch.extract.events.phrases import noun_phrase, verb_phrase


def test_verb_phrase_with_a_particle_below_the_verb():
    a = analysed("The United States called on Minsk to stop the drills.")
    subtype, covered = verb_phrase(lexicon(), a.token("called"))
    assert subtype == "request"
    assert [t.text for t in covered] == ["on"]


def test_verb_phrase_of_several_words():
    a = analysed("Workers went on strike in March.")
    subtype, covered = verb_phrase(lexicon(), a.token("went"))
    assert subtype == "protest"
    assert sorted(t.text for t in covered) == ["on", "strike"]


def test_a_preposition_ending_a_phrase_must_follow_the_verb():
    # "call ... on" with the preposition far from the verb is no "call on"
    a = analysed("They called a meeting on Monday.")
    assert verb_phrase(lexicon(), a.token("called")) is None


def test_verb_without_a_phrase():
    a = analysed("Russia attacked the town.")
    assert verb_phrase(lexicon(), a.token("attacked")) is None


def test_noun_phrase_spelled_around_its_head():
    a = analysed("Russia and Belarus held war games near the border.")
    subtype, covered = noun_phrase(lexicon(), a.token("games"))
    assert subtype == "exercise" and [t.text for t in covered] == ["war"]


def test_noun_phrase_with_of():
    a = analysed("Belarus handed the attaché a letter of protest.")
    subtype, covered = noun_phrase(lexicon(), a.token("letter"))
    assert subtype == "summon" and [t.text for t in covered] == ["of", "protest"]


def test_noun_phrase_needs_every_word():
    a = analysed("Russia and Belarus held games near the border.")
    assert noun_phrase(lexicon(), a.token("games")) is None
