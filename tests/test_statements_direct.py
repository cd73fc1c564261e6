"""Direct quotes: a quotation attributed by the cue beside it."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.direct import clause_after, clause_before, find_direct


def direct(text: str) -> list[tuple[list[str], str | None, str]]:
    art, _ = parsed(text)
    drafts, _ = find_direct(art, set())
    return [
        ([text[a:b] for a, b in d.pieces], d.cue, art.doc[slice(*d.speaker)].text) for d in drafts
    ]


def test_cue_after_the_quotation():
    assert direct("“We will not back down,” Sergei Lavrov said on Monday.") == [
        (["“We will not back down,”"], "say", "Sergei Lavrov")
    ]


def test_cue_before_the_quotation():
    assert direct("Dmitry Peskov added: “Talks are over.”") == [
        (["“Talks are over.”"], "add", "Dmitry Peskov")
    ]


def test_a_quotation_split_by_its_cue():
    assert direct("“The plan,” Dmitry Peskov said, “is dead.”") == [
        (["“The plan,”", "“is dead.”"], "say", "Dmitry Peskov")
    ]


def test_any_verb_after_an_open_quotation():
    [(_, cue, speaker)] = direct("“And that is the end of it,” he went on.")
    assert (cue, speaker) == ("go on", "he")


def test_a_new_sentence_after_a_full_stop_is_not_the_cue():
    assert direct("“We are ready.” He said the talks would resume in March.") == []


def test_loose_quotations_are_returned():
    art, _ = parsed("The so-called “special operation” began at dawn.")
    drafts, loose = find_direct(art, set())
    assert drafts == [] and [art.text[q.start : q.end] for q in loose] == ["“special operation”"]


def test_clauses_beside_a_quotation():
    text = "Lavrov said: “It is over,” and Peskov agreed."
    art, _ = parsed(text)
    [quote] = art.quotes
    assert art.doc[slice(*clause_before(art, quote))].text.strip() == "Lavrov said:"
    assert art.doc[slice(*clause_after(art, quote))].text == "and Peskov agreed."


def test_a_relative_object_named_by_call():
    [(pieces, cue, speaker)] = direct(
        "Russia is a country that Mitt Romney called “our No. 1 geopolitical foe.”"
    )
    assert (pieces, cue, speaker) == (["“our No. 1 geopolitical foe.”"], "call", "Mitt Romney")
