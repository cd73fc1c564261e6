"""Posture or not (forces.posture): losses, attacks, sales and target figures are no
posture."""

from __future__ import annotations

from tests.forces_kit import analysed
from wirewatch.extract.forces.lexicon import lexicon
from wirewatch.extract.forces.posture import is_posture


def posture(text: str, head: str) -> bool:
    found = analysed(text).found(head)
    assert found is not None, f"no force phrase at {head!r}"
    return is_posture(found, lexicon())


def test_a_deployment_is_a_posture():
    assert posture("Russia has deployed 30,000 troops in Belarus.", "troops")
    assert posture("Some 30,000 troops are in Belarus.", "troops")


def test_losses_and_attacks_are_not():
    assert not posture("Rebels killed 30 soldiers.", "soldiers")
    assert not posture("Russia fired three missiles at Kyiv.", "missiles")
    assert not posture("The bodies of 12 dead soldiers were found.", "soldiers")


def test_a_target_figure_is_not():
    assert not posture("The navy cut its fleet from seven to 10 warships.", "warships")


def test_the_object_of_an_act_noun_is_not():
    assert not posture("Kyiv announced the purchase of 18 military jets.", "jets")
    assert posture("Kyiv announced the arrival of 18 military jets.", "jets")
