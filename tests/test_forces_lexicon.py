"""The force lexicon (forces.lexicon): data/forces.toml read once and indexed."""

from __future__ import annotations

from wirewatch.extract.forces import Lexicon, lexicon
from wirewatch.extract.forces.lexicon import phrase


def test_read_once_per_process():
    assert lexicon() is lexicon()
    assert isinstance(lexicon(), Lexicon)


def test_phrases_are_lower_case_words_without_hyphens():
    assert phrase("Ground-to-air  Missile") == ("ground", "to", "air", "missile")
    assert phrase("") == ()


def test_kinds_by_phrase_and_generic_nouns():
    lex = lexicon()
    assert lex.kinds[("troop",)] == "troops"
    assert lex.kinds[("battalion", "tactical", "group")] == "battalion_tactical_groups"
    assert lex.generic["aircraft"] == "aircraft"  # military only when qualified


def test_weapon_kinds_come_from_the_weapon_entities():
    lex = lexicon()
    assert lex.weapon_kinds["weapon/s-400"] == "air_defence"


def test_military_organisation_names_match_whole_words():
    pattern = lexicon().military_org
    assert pattern.search("russian armed forces")
    assert pattern.search("belarusian army")
    assert not pattern.search("armyworm control agency")
    assert not pattern.search("ministry of finance")


def test_number_words():
    lex = lexicon()
    assert lex.number_word("thirty") and lex.number_word("dozens") and lex.number_word("several")
    assert not lex.number_word("troops")
    assert "dozen" in lex.after_article and "few" in lex.after_article
    assert lex.max_count == 10_000_000 and lex.context_sentences == 3
