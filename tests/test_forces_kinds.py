"""Kind and weapon system of a force phrase (forces.kinds)."""

from __future__ import annotations

from tests.forces_kit import analysed
from wirewatch.extract.forces.kinds import kind_and_system, military_org


def kind_of(text: str, head: str) -> tuple[str | None, str | None]:
    a = analysed(text)
    token = a.token(head)
    modifiers = [
        t for t in a.doc[token.left_edge.i : token.i] if t.dep_ not in ("det", "punct", "case")
    ]
    return kind_and_system(modifiers, token, a.ctx)


def test_a_kind_word_names_a_force_on_its_own():
    assert kind_of("Russia deployed 30,000 combat troops.", "troops") == ("troops", None)
    assert kind_of("Russia moved 12 battalion tactical groups.", "groups") == (
        "battalion_tactical_groups",
        None,
    )


def test_a_generic_noun_needs_a_military_qualifier():
    assert kind_of("NATO flew 40 military aircraft.", "aircraft") == ("aircraft", None)
    assert kind_of("The airline bought 20 aircraft.", "aircraft") == (None, None)


def test_a_weapon_system_gives_its_kind():
    assert kind_of("Russia moved 50 Patriot missiles.", "missiles") == (
        "air_defence",
        "weapon/patriot",
    )
    assert kind_of("Russia deployed 15 Su-25 ground attack aircraft.", "aircraft") == (
        "aircraft",
        "weapon/su-25",
    )


def test_strength_makes_a_body_of_troops():
    assert kind_of("The US will send a 1,000-strong contingent.", "contingent")[0] == "troops"


def test_civilian_compounds_are_no_force():
    assert kind_of("The port holds 50 oil tanks.", "tanks") == (None, None)
    assert kind_of("Russia moved tanks of oil.", "tanks") == (None, None)
    assert kind_of("Russia moved 50 tanks.", "tanks") == ("armour", None)


def test_armed_services_are_military_organisations():
    a = analysed("The Belarusian Defence Ministry met the Iraqi Army and Maxar.")
    ministry = a.ctx.mentions_at[a.token("Defence").i][0]
    army = a.ctx.mentions_at[a.token("Army").i][0]
    maxar = a.ctx.mentions_at[a.token("Maxar").i][0]
    assert military_org(ministry, a.ctx) == "country/by"
    assert military_org(army, a.ctx) is not None
    assert military_org(maxar, a.ctx) is None  # a company owns no forces
