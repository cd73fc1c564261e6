"""Nouns as cues: a noun with content and a source."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.nouns import find_noun_cues


def nouns(text: str) -> list[tuple[str, str, str]]:
    art, _ = parsed(text)
    return [
        (text[d.start : d.end], d.cue, art.doc[slice(*d.speaker)].text)
        for d in find_noun_cues(art, set())
    ]


def test_a_possessor_and_a_clause():
    assert nouns("The Kremlin's claim that the drills were defensive was rejected.") == [
        ("that the drills were defensive", "claim", "The Kremlin's")
    ]


def test_a_possessive_pronoun_and_a_preposition():
    assert nouns("Lavrov repeated his call for talks on security guarantees.") == [
        ("talks on security guarantees", "call", "his")
    ]


def test_the_subject_of_a_support_verb():
    assert nouns("Jens Stoltenberg issued a warning that Russia could attack.") == [
        ("that Russia could attack", "warning", "Jens Stoltenberg")
    ]


def test_no_source_or_no_content_is_no_statement():
    assert nouns("There were claims that the drills were defensive.") == []
    assert nouns("Peskov's statement was short.") == []
