"""The sense of a trigger beyond its own word (events.classify): object and subject classes,
blocked noun senses, finer subtypes from the sentence's weapon words."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.classify import (
    blocked,
    has_instruments,
    instrument,
    refined_subtype,
    ruled_sense,
)
from wirewatch.extract.events.lexicon import NONE, lexicon


def sense_of(text: str, verb: str) -> str | None:
    a = analysed(text)
    return ruled_sense(lexicon(), a.token(verb), a.ctx)


def test_the_object_decides_what_send_means():
    assert sense_of("Russia sent troops to Belarus.", "sent") == "deploy"
    assert sense_of("Germany sent aid to Syria.", "sent") == "aid"
    assert sense_of("Russia sent a letter to Kyiv.", "sent") is None


def test_no_event_rules():
    assert sense_of("The ministry released a statement.", "released") == NONE


def test_the_subject_decides_for_some_verbs():
    assert sense_of("Russian troops crossed the border.", "crossed") == "deploy"
    assert sense_of("Shares rallied on Monday.", "rallied") == NONE


def test_a_star_rule_needs_a_direct_object():
    # "returned to Moscow" is no return of anything
    assert sense_of("The envoy returned to Moscow.", "returned") is None


def test_blocked_and_required_noun_senses():
    lex = lexicon()
    assert blocked(lex, analysed("He had a heart attack.").token("attack"))
    assert not blocked(lex, analysed("Rebels launched an attack.").token("attack"))
    # "charge" is an accusation only with its complement
    assert blocked(lex, analysed("The company took a one-time charge.").token("charge"))
    assert not blocked(lex, analysed("He denied the charge of treason.").token("charge"))


def test_instruments_refine_an_attack():
    a = analysed("Rebels attacked the town with mortars.")
    trigger = a.trigger("attacked")
    assert instrument(a.ctx, trigger.token) == "shelling"
    assert refined_subtype(trigger, a.ctx) == "shelling"
    b = analysed("Rebels attacked the town.")
    assert refined_subtype(b.trigger("attacked"), b.ctx) == "attack"


def test_a_strike_is_military_only_among_weapons_or_fighting():
    a = analysed("A drone strike hit the base.")
    assert has_instruments(a.ctx, a.token("strike"))
    b = analysed("Dock workers went on strike.")
    assert not has_instruments(b.ctx, b.token("strike"))


def test_context_words_make_a_deployment_peacekeeping():
    a = analysed("India deployed troops on a peacekeeping mission.")
    assert refined_subtype(a.trigger("deployed"), a.ctx) == "peacekeeping"
