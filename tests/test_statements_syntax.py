"""Walks over the parse: subjects, agents, noun phrases, trimming."""

from __future__ import annotations

from tests.test_statements import parsed, token
from wirewatch.extract.statements.syntax import (
    agent_of,
    char_span,
    inverted_speaker,
    is_passive,
    noun_phrase,
    subject_of,
    subject_outside_quotes,
    trim,
)


def phrase_text(art, head) -> str:
    return art.text[slice(*char_span(art.doc, *noun_phrase(head)))]


def test_a_participle_shares_its_governors_subject():
    art, _ = parsed("Kyiv refuted the charge, accusing Belarus of collaborating with Russia.")
    assert subject_of(token(art, "accusing")).text == "Kyiv"


def test_a_coordinated_verb_shares_its_subject():
    art, _ = parsed("Jens Stoltenberg met the Russian leader and stated that talks would go on.")
    assert subject_of(token(art, "stated")).text == "Stoltenberg"


def test_a_passive_cue_has_a_by_agent():
    art, _ = parsed("The decision was welcomed by Jens Stoltenberg on Monday.")
    welcomed = token(art, "welcomed")
    assert is_passive(welcomed)
    assert agent_of(welcomed).text == "Stoltenberg"


def test_noun_phrase_keeps_modifiers_not_relative_clauses():
    art, _ = parsed("Russia's Defence Minister Sergei Shoigu, who visited Minsk, said it was over.")
    assert phrase_text(art, token(art, "Shoigu")) == "Russia's Defence Minister Sergei Shoigu"


def test_trim_keeps_quotation_marks_and_drops_punctuation():
    art, _ = parsed('He said: "We will win."')
    first, last = trim(art.doc, 3, len(art.doc))
    assert art.text[slice(*char_span(art.doc, first, last))] == '"We will win."'
    first, last = trim(art.doc, 3, len(art.doc), keep_marks=False)
    assert art.text[slice(*char_span(art.doc, first, last))] == "We will win"


def test_speaker_after_an_inverted_cue():
    art, _ = parsed("“We will not back down,” added Senator Chris Murphy.")
    added = token(art, "added")
    speaker = subject_outside_quotes(art, added) or inverted_speaker(added)
    assert speaker.text == "Murphy"
