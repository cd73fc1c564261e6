"""The event lexicon (events.lexicon): data/events.toml read once and indexed for the walk."""

from __future__ import annotations

from wirewatch.extract.events import PLOVER_TYPES, lexicon
from wirewatch.extract.events.lexicon import NONE, Lexicon


def test_read_once_per_process():
    assert lexicon() is lexicon()
    assert isinstance(lexicon(), Lexicon)


def test_every_subtype_has_a_plover_type():
    lex = lexicon()
    assert len(PLOVER_TYPES) == 16
    assert {sense.type for sense in lex.senses.values()} <= set(PLOVER_TYPES)
    assert lex.sense(NONE) is None
    assert lex.sense("deploy").type == "MOBILIZE"


def test_single_words_and_phrases_are_indexed_apart():
    lex = lexicon()
    assert lex.verbs["accuse"] == "accuse"
    # "call on" is indexed under its verb, with the words that must hang below it
    assert (("on",), "request") in lex.verb_phrases["call"]
    # "letter of protest" is indexed under the head before "of"; "war games" under "games"
    words, head, subtype = next(p for p in lex.noun_phrases["letter"] if p[2] == "summon")
    assert words == ("letter", "of", "protest") and head == 0
    assert any(p[0] == ("war", "games") and p[1] == 1 for p in lex.noun_phrases["games"])


def test_phrases_are_tried_longest_first():
    for phrases in lexicon().verb_phrases.values():
        lengths = [len(words) for words, _ in phrases]
        assert lengths == sorted(lengths, reverse=True)


def test_a_word_listed_twice_keeps_its_first_sense():
    # "strike" is an attack verb and a protest noun: each index keeps its own first entry
    lex = lexicon()
    assert lex.senses[lex.verbs["strike"]].type == "ASSAULT"
    assert lex.senses[lex.nouns["strike"]].type == "PROTEST"


def test_ordered_lists_keep_their_order():
    lex = lexicon()
    assert lex.roles["object_preps"] == ("on", "to", "upon")
    assert lex.place_preps[0] == "in" and lex.place_preps[-1] == "from"
    assert lex.lemma_endings[0] == "ing"


def test_eval_mappings_are_loaded():
    lex = lexicon()
    assert lex.plover_v1["CONCEDE"] == "YIELD" and lex.plover_v1["RETREAT"] == "YIELD"
    assert lex.acled and all("label" in rule for rule in lex.acled)
