"""Noun phrases to entity ids (events.referents): names, seats of government, pronouns,
plural anaphors, definite descriptions and owners in modifiers."""

from __future__ import annotations

from dataclasses import replace

from tests.events_kit import analysed
from wirewatch.extract.events.referents import entity_ids, owners_in, phrase_text, resolve


def test_a_name_resolves_to_its_entity():
    a = analysed("Belarus accused Ukraine.")
    assert resolve(a.ctx, a.token("Belarus")) == (["country/by"], "Belarus")


def test_a_capital_acting_stands_for_its_government():
    a = analysed("Belarus accused Ukraine. Kyiv denied the accusation.")
    assert resolve(a.ctx, a.token("Kyiv"))[0] == ["gov/ua"]


def test_a_hyphenated_pair_names_both_countries():
    # the entity stage may find "Russia-Belarus" as one mention: it names both countries
    a = analysed("The Russia-Belarus exercise ended.")
    russia = a.ctx.mention_at[a.token("Russia").i]
    pair = replace(russia, end=russia.start + len("Russia-Belarus"), text="Russia-Belarus")
    assert entity_ids(a.ctx, pair) == ["country/ru", "country/by"]
    assert entity_ids(a.ctx, russia) == ["country/ru"]


def test_two_names_joined_by_a_hyphen_name_both():
    # or as two mentions, "Russia" and "Belarus": the hyphen joins them
    a = analysed("The Russia-Belarus exercise ended.")
    assert resolve(a.ctx, a.token("Belarus"))[0] == ["country/ru", "country/by"]
    # a spaced dash is punctuation between phrases, not a pair
    a = analysed("Troops left Russia - Belarus closed its border.")
    assert resolve(a.ctx, a.token("Belarus"))[0] == ["country/by"]


def test_conjuncts_resolve_together():
    a = analysed("Russia and China oppose the expansion of NATO.")
    ids, text = resolve(a.ctx, a.token("Russia"))
    assert ids == ["country/ru", "country/cn"] and text == "Russia and China"


def test_he_is_the_last_person_named():
    a = analysed("Stoltenberg arrived in Brussels on Monday. He urged Russia to withdraw.")
    assert resolve(a.ctx, a.token("He"))[0] == ["person/jens-stoltenberg"]
    a = analysed("Stoltenberg met Duda in Brussels on Monday. He urged Russia to withdraw.")
    assert resolve(a.ctx, a.token("He"))[0] == ["person/andrzej-duda"]


def test_both_countries_are_the_last_actors_named_together():
    a = analysed("Russia and China signed a deal. Both countries criticised NATO.")
    assert resolve(a.ctx, a.token("countries"))[0] == ["country/ru", "country/cn"]


def test_we_in_a_quote_is_its_speaker():
    a = analysed('"We reject the accusations," Lukashenko said.')
    assert resolve(a.ctx, a.token("We"))[0] == ["person/alexander-lukashenko"]


def test_the_ministry_is_the_last_ministry_named():
    text = "The Belarusian foreign ministry summoned the attaché. The ministry accused Kyiv."
    a = analysed(text)
    first = resolve(a.ctx, a.token("ministry"))[0]
    assert first and resolve(a.ctx, a.token("ministry", 1))[0] == first


def test_owners_in_modifiers():
    a = analysed("Ukraine's defence attaché met Russian troops.")
    assert owners_in(a.ctx, a.token("attaché"), 0) == ["country/ua"]
    assert owners_in(a.ctx, a.token("troops"), 0) == ["country/ru"]


def test_an_agent_noun_takes_its_of_complement():
    a = analysed("Members of Hamas attacked the town.")
    members = a.token("Members")
    assert phrase_text(a.ctx, [members]) == "Members of Hamas"


def test_an_unknown_phrase_resolves_to_nothing():
    a = analysed("Gunmen attacked the town.")
    assert resolve(a.ctx, a.token("Gunmen")) == ([], "Gunmen")


def test_a_recipient_phrase_takes_its_complements_but_not_its_clauses():
    a = analysed("Rebels attacked a military base in Borno state.")
    base = a.token("base")
    assert phrase_text(a.ctx, [base]) == "a military base"
    assert phrase_text(a.ctx, [base], whole=True) == "a military base in Borno state"
    b = analysed("Police arrested one of two men, who are facing charges.")
    assert resolve(b.ctx, b.token("one"), recipient=True)[1] == "one of two men"
