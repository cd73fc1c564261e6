"""Actor, recipient and patient of a trigger (events.roles)."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.roles import noun_roles, verb_roles


def roles_of(text: str, word: str):
    a = analysed(text)
    trigger = a.trigger(word)
    roles = noun_roles(trigger, a.ctx) if trigger.nominal else verb_roles(trigger, a.ctx)
    return tuple(
        t.text if t is not None else None for t in (roles.actor, roles.recipient, roles.patient)
    )


def test_subject_acts_on_object():
    assert roles_of("Belarus accused Ukraine of violating its airspace.", "accused") == (
        "Belarus",
        "Ukraine",
        None,
    )


def test_passive_agent_acts_on_subject():
    assert roles_of("The embassy was attacked by rebels.", "attacked") == (
        "rebels",
        "embassy",
        None,
    )


def test_recipient_through_a_preposition_of_the_type():
    assert roles_of("Putin met with Lukashenko.", "met") == ("Putin", "Lukashenko", None)


def test_forces_moved_are_the_patient_not_the_recipient():
    assert roles_of("The US sent 2,000 troops to Poland.", "sent") == ("US", None, "troops")


def test_a_party_named_beside_a_thing_is_the_recipient():
    actor, recipient, _ = roles_of("Russia demanded the withdrawal of US staff.", "demanded")
    assert actor == "Russia" and recipient == "staff"


def test_recipient_of_the_complement():
    assert roles_of("Pence refused to meet with Lavrov.", "refused")[1] == "Lavrov"


def test_nominal_trigger_roles():
    assert roles_of("Russia's invasion of Ukraine shocked Europe.", "invasion")[:2] == (
        "Russia",
        "Ukraine",
    )
    assert roles_of("An attack by rebels killed two soldiers.", "attack")[0] == "rebels"


def test_a_light_verb_lends_its_subject():
    actor, _, _ = roles_of("Russia and Belarus held war games near the border.", "games")
    assert actor == "Russia"


def test_a_nominal_trigger_is_not_its_own_recipient():
    a = analysed("Germany provided humanitarian aid.")
    trigger = a.trigger("aid")
    assert noun_roles(trigger, a.ctx).recipient is None


def test_the_possessor_of_a_thing_is_the_recipient():
    assert roles_of("The EU rejected Trump's proposal.", "rejected")[1] == "Trump"
    # a party's own people stay the recipient: the attaché, not Ukraine
    assert roles_of("Belarus summoned Ukraine's defence attaché.", "summoned")[1] == "attaché"


def test_a_party_beside_the_thing_of_a_complement():
    assert roles_of("The court refused to accept a request from Russia.", "refused")[1] == (
        "Russia"
    )
    assert roles_of("Germany agreed to offer an aid package to Ukraine.", "agreed")[1] == (
        "Ukraine"
    )


def test_an_investigation_into_someone():
    a = analysed("Police launched an investigation into the minister.")
    assert noun_roles(a.trigger("investigation"), a.ctx).recipient.text == "minister"
