"""The force phrase and its count in the parse (forces.finder)."""

from __future__ import annotations

from tests.forces_kit import analysed
from wirewatch.extract.forces.counts import Count
from wirewatch.extract.forces.finder import candidates


def phrase_text(a, found) -> str:
    return a.doc[found.first : found.head.i + 1].text


def test_a_count_inside_the_phrase():
    a = analysed("Russia has deployed some 30,000 combat troops in Belarus.")
    found = a.found("troops")
    assert found.kind == "troops" and found.count == Count(30000, None, None, True)
    assert phrase_text(a, found) == "some 30,000 combat troops"


def test_a_count_above_the_phrase():
    a = analysed("Thousands of troops moved near the border.")
    found = a.found("troops")
    assert found.count == Count(None, 2000, None, True)
    assert found.outer.text == "Thousands" and phrase_text(a, found) == "Thousands of troops"


def test_a_part_of_a_force_is_counted_from_of():
    a = analysed("Iraq moved 2,000 of its troops to the border.")
    assert a.found("troops").count.count == 2000


def test_one_of_picks_and_does_not_count():
    a = analysed("One of the soldiers died.")
    assert a.found("soldiers") is None


def test_a_weapon_system_needs_no_count():
    a = analysed("Russia deployed S-400 air defence systems in Belarus.")
    found = a.found("systems")
    assert found.system == "weapon/s-400" and found.count is None


def test_an_uncounted_kind_word_is_no_force():
    assert analysed("Russian troops are in Belarus.").found("troops") is None


def test_measures_money_and_hyphened_numbers_count_nothing():
    assert analysed("Russia tested a 10-warhead missile.").found("missile") is None
    assert analysed("The army bought 155 mm artillery.").found("artillery") is None


def test_candidates_are_kind_words_and_the_nouns_weapons_modify():
    a = analysed("Russia deployed 15 Su-25 ground attack aircraft and troops.")
    assert [t.text for t in candidates(a.doc, a.ctx)] == ["aircraft", "troops"]
