"""The Force record (forces.assemble) and the whole stage (extract_forces) on small texts."""

from __future__ import annotations

from tests.forces_kit import analysed
from wirewatch.extract.forces import extract_forces
from wirewatch.extract.forces.assemble import assemble_force
from wirewatch.extract.forces.context import about_forces, sentences_before


def forces(text: str):
    a = analysed(text)
    r = a.result
    return extract_forces(a.doc, a.article, r.mentions, r.timexes, r.places, r.statements)


def test_the_record_with_its_provenance():
    text = "Calm returned. Russia has deployed some 30,000 combat troops in Belarus."
    (force,) = forces(text)
    assert force.text == "some 30,000 combat troops" == text[force.start : force.end]
    assert force.sentence == text[force.sentence_start : force.sentence_end]
    assert force.sentence.startswith("Russia has deployed")
    assert (force.kind, force.count, force.approx, force.owner) == (
        "troops",
        30000,
        True,
        "country/ru",
    )


def test_place_and_date_from_the_sentence_before():
    (force,) = forces("The imagery was taken near Yelsk on February 4. It shows 15 Su-25 aircraft.")
    assert force.system == "weapon/su-25" and force.count == 15
    assert force.place_text == "near Yelsk" and force.first == "2022-02-04"


def test_only_sentences_about_forces_give_context():
    a = analysed("Prices rose in Minsk on Monday. It shows 15 Su-25 aircraft.")
    found = a.found("aircraft")
    assert sentences_before(found, a.ctx) == []
    assert not about_forces(list(a.doc)[:7], a.ctx)


def test_an_uncounted_unowned_weapon_nowhere_is_a_product():
    a = analysed("The S-400 system is expensive.")
    found = a.found("system")
    assert found is not None and assemble_force(found, a.ctx, None) is None


def test_the_previous_owner_carries_over():
    text = "Russia has deployed 30,000 troops in Belarus. Some 5,000 more soldiers arrived."
    first, second = forces(text)
    assert first.owner == second.owner == "country/ru"


def test_losses_are_no_forces():
    assert forces("Rebels killed 30 soldiers near the border.") == []
