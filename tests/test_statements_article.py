"""The indexed article: offsets to tokens, paragraphs, quotations, which tokens are cues."""

from __future__ import annotations

from tests.test_statements import parsed, token


def test_cues_are_lexicon_verbs_outside_quotations():
    art, _ = parsed("Lavrov said: “They told us nothing.” Peskov denied the report.")
    assert art.cue_of(token(art, "said")) == "say"
    assert art.cue_of(token(art, "told")) is None  # inside the quotation
    assert art.cue_of(token(art, "denied")) == "deny"
    assert art.cue_of(token(art, "report")) is None  # a noun


def test_phrasal_cues_and_bare_infinitives():
    art, _ = parsed("Biden called on Moscow to help Minsk deny the charges.")
    assert art.cue_of(token(art, "called")) == "call on"
    assert art.cue_of(token(art, "deny")) is None  # "help Minsk deny": asserts nothing


def test_source_phrases():
    art, _ = parsed("Troops crossed the border, according to the ministry.")
    assert art.source_phrase_at(token(art, "according")).text == "to"
    assert art.source_phrase_at(token(art, "Troops")) is None


def test_tokens_paragraphs_and_quotes():
    text = "Headline here\n\nHe said: “It is over,” and left."
    art, _ = parsed(text)
    first, last = art.tokens_of(text.index("It"), text.index("over") + 4)
    assert [t.text for t in art.doc[first:last]] == ["It", "is", "over"]
    assert art.paragraph_of(token(art, "Headline").i) == 0
    assert art.paragraph_of(token(art, "said").i) == 1
    assert art.in_quote[token(art, "over").i] and not art.in_quote[token(art, "left").i]
    widened = art.whole_quotes(token(art, "is").i, token(art, "is").i + 1)
    assert art.doc[widened[0]].text == "“" and art.doc[widened[1] - 1].text == "”"
