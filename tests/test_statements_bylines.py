"""Attribution with no verb: a name and a colon, a dash signature, a credit, embedded posts."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.bylines import (
    colon_speaker,
    credit_speaker,
    dash_speaker,
    find_labelled_lines,
    find_posts,
)
from wirewatch.extract.statements.direct import clause_after, clause_before


def speaker_text(art, draft) -> str:
    return art.doc[slice(*draft.speaker)].text


def test_a_name_and_a_colon():
    art, _ = parsed("Sergei Lavrov: “We will not back down.”")
    [quote] = art.quotes
    draft = colon_speaker(art, quote, clause_before(art, quote))
    assert (draft.cue, speaker_text(art, draft)) == (":", "Sergei Lavrov")


def test_a_setting_and_a_colon_is_no_speaker():
    art, _ = parsed("Then, later that month on CNN: “We will not back down.”")
    [quote] = art.quotes
    assert colon_speaker(art, quote, clause_before(art, quote)) is None


def test_a_dash_signature():
    art, _ = parsed("“Peace is possible.” — Dmitry Peskov")
    [quote] = art.quotes
    draft = dash_speaker(art, clause_after(art, quote))
    assert (draft.cue, speaker_text(art, draft)) == ("—", "Dmitry Peskov")


def test_a_bracketed_credit():
    art, _ = parsed("“Peace is possible.” [Reuters.]")
    [quote] = art.quotes
    draft = credit_speaker(art, clause_after(art, quote))
    assert (draft.cue, speaker_text(art, draft)) == ("credit", "Reuters")


def test_an_embedded_tweet():
    text = (
        "Kyiv answered on Twitter.\n\n"
        "We categorically reject these accusations of Belarus. "
        "— Oleg Nikolenko (@OlegNikolenko_) February 3, 2022"
    )
    art, _ = parsed(text)
    [post] = find_posts(art, [])
    assert text[post.start : post.end] == "We categorically reject these accusations of Belarus"
    assert (post.cue, post.via, post.verbatim) == ("tweet", "Twitter", True)
    assert speaker_text(art, post) == "Oleg Nikolenko"


def test_a_sentence_after_a_dash_is_no_signature():
    art, _ = parsed("The talks ended. — Putin ordered the troops home on Friday.")
    assert find_posts(art, []) == []


def test_a_headline_name_and_a_colon():
    text = "Marco Rubio: I'm Not Interested In Being Vice President\n\nWASHINGTON — He spoke."
    art, _ = parsed(text)
    [line] = find_labelled_lines(art, [])
    assert text[line.start : line.end] == "I'm Not Interested In Being Vice President"
    assert (line.cue, speaker_text(art, line)) == (":", "Marco Rubio")


def test_a_label_that_names_no_speaker():
    art, _ = parsed("UPDATE: The talks in Geneva ended without agreement on Monday.")
    assert find_labelled_lines(art, []) == []
