"""responds_to (events.links): a denial answers the accusation or claim before it."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.links import link_responses
from wirewatch.extract.events.mode import set_mode


def linked(text: str):
    a = analysed(text)
    drafts = a.drafts()
    for n, draft in enumerate(drafts):
        set_mode(draft, a.ctx)
        draft.id = f"ev-{n}"
    link_responses(drafts, a.ctx)
    return {d.trigger.token.text: d for d in drafts}


def test_a_denial_answers_the_accusation_against_its_side():
    drafts = linked(
        "Belarus accused Ukraine of violating its airspace. Ukraine rejected the accusations."
    )
    assert drafts["rejected"].responds_to is drafts["accused"]
    # the denial names no recipient: it is the accuser
    assert drafts["rejected"].recipients == ["country/by"]


def test_a_capital_denies_for_its_country():
    drafts = linked("Belarus accused Ukraine of violating its airspace. Kyiv denied it.")
    assert drafts["denied"].responds_to is drafts["accused"]


def test_a_denial_with_no_accusation_before_answers_nothing():
    drafts = linked("Ukraine denied the reports.")
    assert drafts["denied"].responds_to is None


def test_a_refusal_is_no_denial():
    drafts = linked("Belarus accused Ukraine of lying. Ukraine refused to talk.")
    assert drafts["refused"].responds_to is None
