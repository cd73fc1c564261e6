"""The statements stage's data: cues.toml and statements.toml, read once and indexed."""

from __future__ import annotations

from wirewatch.extract.statements.lexicon import cue_lexicon


def test_read_once_per_process():
    assert cue_lexicon() is cue_lexicon()


def test_cue_stances_and_phrasal_cues():
    lex = cue_lexicon()
    assert lex.stance_of("say") == "neutral"
    assert lex.stance_of("accuse") == "accuse"
    assert lex.stance_of("call on") == "urge"
    assert lex.stance_of("according to") == "neutral"
    assert lex.stance_of("eat") is None
    assert lex.phrasal[("call", "on")] == ("urge", "on")


def test_frames_name_known_cues():
    lex = cue_lexicon()
    for frame in (lex.object_target, lex.object_content, lex.to_content, lex.document_object):
        assert frame <= lex.stance.keys()
    for phrase in lex.phrasal_to_content:
        assert lex.stance_of(phrase) is not None
    assert "of" in lex.prep_content["accuse"]


def test_channels_outlets_and_sources():
    lex = cue_lexicon()
    assert lex.outlets[("associated", "press")] == "AP"
    assert lex.outlets[("twitter",)] == "Twitter"
    assert lex.channels[("press", "conference")] == "a press conference"
    assert ("according", "to") in lex.source_phrases and "according" in lex.source_starts
    assert lex.via_verbs["tweet"] == "Twitter"
    assert "in" in lex.channel_prepositions


def test_quotation_marks_and_pronouns():
    lex = cue_lexicon()
    assert "”" in lex.closers["“"] and "»" in lex.closers["«"]
    assert [m.group() for m in lex.marks.finditer("''a'' “b” «c»")] == [
        "''", "''", "“", "”", "«", "»",
    ]  # fmt: skip
    assert lex.reopeners[0] in ("''", "``")  # longest first
    assert "he" in lex.person_pronouns and "they" in lex.group_pronouns
    assert lex.twitter.search("— Name (@handle) February 3, 2022")
    assert lex.signature.search("We will win. — Oleg Nikolenko (@OlegNikolenko_) May 3")


def test_nouns_hedges_and_lemma_fixes():
    lex = cue_lexicon()
    assert lex.stance_of("claim") == "claim" and lex.noun_stance["warning"] == "warn"
    assert "for" in lex.noun_prep_content["call"] and "issue" in lex.support_verbs
    assert "appear" in lex.hedge_verbs and "expect" in lex.hedge_passives
    assert lex.lemma_fixes["hoping"] == "hope"
