"""A cue's arguments: the dependents that hold its content, its speaker and its target."""

from __future__ import annotations

from tests.test_statements import parsed, token
from wirewatch.extract.statements.arguments import content_children, draft_from_cue


def content(art, cue_word: str) -> str:
    cue = token(art, cue_word)
    children = content_children(art, cue, art.cue_of(cue))
    first = min(c.left_edge.i for c in children)
    last = max(c.right_edge.i for c in children)
    return art.doc[first : last + 1].text


def test_a_clause():
    art, _ = parsed("Sergei Lavrov said that talks had failed.")
    assert content(art, "said") == "that talks had failed"


def test_a_preposition_not_the_target():
    art, _ = parsed("Moscow accused Kyiv of shelling the town on Sunday.")
    assert content(art, "accused") == "shelling the town on Sunday"


def test_a_to_infinitive():
    art, _ = parsed("Jens Stoltenberg urged Russia to withdraw its troops.")
    assert content(art, "urged") == "to withdraw its troops"


def test_an_object_for_object_cues_but_not_a_bare_name():
    art, _ = parsed("Kyiv denied the claim. Moscow accused Kyiv.")
    assert content(art, "denied") == "the claim"
    assert content_children(art, token(art, "accused"), "accuse") == []


def test_draft_speaker_and_target():
    art, _ = parsed("Moscow accused Kyiv of shelling the town on Sunday.")
    draft = draft_from_cue(art, token(art, "accused"), [(0, 1)])
    assert (draft.cue, art.doc[draft.speaker[0]].text, draft.target.text) == (
        "accuse",
        "Moscow",
        "Kyiv",
    )


def test_draft_for_according_to():
    art, _ = parsed("Troops crossed the border, according to the Ukrainian defence ministry.")
    draft = draft_from_cue(art, token(art, "according"), [(0, 1)])
    assert draft.cue == "according to"
    assert art.doc[slice(*draft.speaker)].text == "the Ukrainian defence ministry"


def test_no_speaker_no_draft():
    art, _ = parsed("Talks were said to have failed.")
    assert draft_from_cue(art, token(art, "said"), [(0, 1)]) is None


def test_a_name_the_parser_took_into_the_phrase_before():
    text = (
        "In a March 2016 meeting with the editorial board of the Washington Post Trump said "
        "that U.S. involvement in NATO may need to be diminished."
    )
    art, _ = parsed(text)
    said = token(art, "said")
    draft = draft_from_cue(art, said, [(0, 1)])
    assert draft is not None and art.doc[draft.speaker[1] - 1].text == "Trump"
