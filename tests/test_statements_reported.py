"""Reported speech: cue verbs with their complements, and "according to X"."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.reported import find_reported


def reported(text: str) -> list[tuple[str, str, str]]:
    art, _ = parsed(text)
    return [
        (" | ".join(text[a:b] for a, b in d.pieces), d.cue, art.doc[slice(*d.speaker)].text)
        for d in find_reported(art, set())
    ]


def test_a_clause_after_the_cue():
    assert reported("Sergei Lavrov said on Monday that talks had failed.") == [
        ("that talks had failed", "say", "Sergei Lavrov")
    ]


def test_the_clause_a_cue_closes_or_interrupts():
    assert reported("Troops will stay in Belarus, the NATO chief claimed.") == [
        ("Troops will stay in Belarus", "claim", "the NATO chief")
    ]
    [(content, cue, _)] = reported("The years that followed, he said, brought a shift.")
    assert (content, cue) == ("The years that followed | brought a shift", "say")


def test_according_to_around_a_clause():
    assert reported("Russian troops crossed the border, according to the defence ministry.") == [
        ("Russian troops crossed the border", "according to", "the defence ministry")
    ]


def test_two_attributions_on_one_cue_are_cut():
    [first, *_] = reported("Six in 10 said they backed the deal; 46 percent said it was too late.")
    assert first[0] == "they backed the deal"


def test_cues_used_by_a_quotation_are_skipped():
    art, _ = parsed("Sergei Lavrov said that talks had failed.")
    said = next(t.i for t in art.doc if t.text == "said")
    assert find_reported(art, {said}) == []


def test_a_bare_name_or_pronoun_is_no_content():
    assert reported("Moscow accused Kyiv. He denied it.") == []


def test_a_relative_clause_around_its_cue():
    [(content, cue, speaker)] = reported(
        "Spending fell to 1.08 percent, which he said would be its lowest ever."
    )
    assert (content, cue, speaker) == ("which | would be its lowest ever", "say", "he")


def test_content_the_parser_hangs_on_the_cue_runs_on():
    [(content, _, _)] = reported(
        "Public health experts said money is needed to develop a vaccine, educate the public "
        "and learn more about the virus."
    )
    assert content.endswith("learn more about the virus")


def test_wants_and_plans():
    assert reported("The Kremlin wants security guarantees from NATO.") == [
        ("security guarantees from NATO", "want", "The Kremlin")
    ]
    [(content, cue, _)] = reported("Lukashenko is hoping to keep Russian troops in Belarus.")
    assert (content, cue) == ("to keep Russian troops in Belarus", "hope")


def test_a_clause_the_parser_did_not_hang_on_the_cue():
    [(content, cue, speaker)] = reported(
        "He said he had secured contracts for the former president that would pay out $66 million."
    )
    assert (cue, speaker) == ("say", "He")
    assert content.startswith("he had secured contracts")
