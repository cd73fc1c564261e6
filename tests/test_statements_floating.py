"""Floating quotations continue the statement before them."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.direct import find_direct
from wirewatch.extract.statements.floating import attach_floating


def pieces_after_floating(text: str) -> list[list[str]]:
    art, _ = parsed(text)
    drafts, loose = find_direct(art, set())
    attach_floating(art, drafts, loose)
    return [[text[a:b] for a, b in d.pieces] for d in drafts]


def test_a_quotation_opening_the_next_sentence_continues():
    text = "“We are ready,” Dmitry Peskov said. “The talks can resume tomorrow.”"
    assert pieces_after_floating(text) == [["“We are ready,”", "“The talks can resume tomorrow.”"]]


def test_a_quotation_inside_a_sentence_of_its_own_does_not():
    text = "“We are ready,” Dmitry Peskov said. Officers watched “Come and See” on Friday."
    assert pieces_after_floating(text) == [["“We are ready,”"]]
