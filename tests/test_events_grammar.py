"""Questions put to the parse (events.grammar), on small parsed sentences."""

from __future__ import annotations

from tests.events_kit import analysed
from wirewatch.extract.events.grammar import (
    agent_of,
    aux_words,
    chain_subject,
    climb,
    is_passive,
    lemmas,
    negated,
    object_of,
    prep_objects,
    subject_of,
    unwrapped,
)
from wirewatch.extract.events.lexicon import lexicon


def test_lemma_guesses_undo_inflection():
    a = analysed("Protesters staged a rally.")
    forms = lemmas(a.token("staged"))
    assert "stage" in forms  # the lemmatiser may say "stag"
    assert lemmas(a.token("a")) == ("a",)  # short words are left alone


def test_object_through_wrapper_nouns():
    a = analysed("Russia's troops took control of parts of the town.")
    took = a.token("took")
    assert object_of(took).text == "town"
    assert unwrapped(a.token("control")).text == "town"
    assert subject_of(took).text == "troops"


def test_object_of_intransitive_is_none():
    a = analysed("The talks ended.")
    assert object_of(a.token("ended")) is None


def test_passive_agent_and_subject():
    a = analysed("The embassy was attacked by rebels on Monday.")
    verb = a.token("attacked")
    assert is_passive(verb)
    assert agent_of(verb).text == "rebels"
    assert subject_of(verb).text == "embassy"
    assert aux_words(verb) == {"was"}
    assert not is_passive(analysed("Rebels attacked the embassy.").token("attacked"))


def test_prep_objects_in_listed_order():
    a = analysed("Poland agreed with Germany on a plan for troops.")
    verb = a.token("agreed")
    assert [t.text for t in prep_objects(verb, ("on", "with"))] == ["plan", "Germany"]
    assert prep_objects(verb, ("against",)) == []


def test_negation():
    lex = lexicon()
    assert negated(analysed("Russia did not attack Ukraine.").token("attack"), lex)
    assert negated(analysed("Russia never attacked Ukraine.").token("attacked"), lex)
    assert not negated(analysed("Russia attacked Ukraine.").token("attacked"), lex)


def test_climb_yields_ancestors_with_arcs():
    a = analysed("Minsk said the drills would end in Belarus.")
    path = [(t.text, arc) for t, arc in climb(a.token("Belarus"), 6)]
    assert path[0] == ("in", "pobj")
    assert path[-1][0] == "said"  # it stops at the root
    assert list(climb(a.token("said"), 6)) == []


def test_subject_inherited_through_control_and_participles():
    lex = lexicon()
    a = analysed("NATO urged Russia to withdraw, accusing Moscow of aggression.")
    assert chain_subject(a.token("withdraw"), lex)[0].text == "Russia"  # object control
    assert chain_subject(a.token("accusing"), lex)[0].text == "NATO"  # the main subject
    b = analysed("Russia attacked and occupied the town.")
    assert chain_subject(b.token("occupied"), lex)[0].text == "Russia"  # conjunction
    c = analysed("The town was shelled.")
    subject, passive = chain_subject(c.token("shelled"), lex)
    assert subject.text == "town" and passive
