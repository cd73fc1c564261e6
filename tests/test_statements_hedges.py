"""Attributions with no source: "is expected to", "appears to"."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.hedges import find_hedges, unsourced
from wirewatch.extract.statements.reported import find_reported


def hedges(text: str) -> list[tuple[list[str], str, object]]:
    art, _ = parsed(text)
    return [([text[a:b] for a, b in d.pieces], d.cue, d.speaker) for d in find_hedges(art, set())]


def test_an_agentless_passive():
    assert hedges("More Russian troops are expected to arrive in Belarus next week.") == [
        (["More Russian troops", "to arrive in Belarus next week"], "expect", None)
    ]


def test_appear_with_an_infinitive():
    assert hedges("The figures appear to have been fabricated by the ministry.") == [
        (["The figures", "to have been fabricated by the ministry"], "appear", None)
    ]


def test_a_passive_with_its_agent_is_not_a_hedge():
    assert hedges("The talks are expected by diplomats to resume.") == []


def test_appearing_somewhere_is_not_a_hedge():
    assert hedges("Lukashenko appeared on state television on Monday.") == []


def test_a_hedge_inside_a_sourced_statement_is_that_statements():
    text = "More Russian troops are expected to be deployed next week, the NATO chief claimed."
    art, _ = parsed(text)
    used: set[int] = set()
    sourced = find_reported(art, used)
    hedges = find_hedges(art, used)
    assert [d.cue for d in sourced] == ["claim"] and [d.cue for d in hedges] == ["expect"]
    assert unsourced(hedges, sourced) == []
    assert unsourced(hedges, []) == hedges
