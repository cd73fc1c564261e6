"""The trigger walk (events.triggers): verbs, nouns, adjectives, hyphenated words, light
verbs and absorbed nouns."""

from __future__ import annotations

from tests.events_kit import analysed


def found(text: str) -> list[tuple[str, str]]:
    return [(t.token.text, t.sense.subtype) for t in analysed(text).triggers()]


def test_verb_triggers_by_lemma_and_by_phrase():
    assert found("Belarus accused Ukraine.") == [("accused", "accuse")]
    a = analysed("The United States called on Minsk to stop the drills.")
    called = a.trigger("called")
    assert called.sense.subtype == "request" and [t.text for t in called.covered] == ["on"]
    assert not called.nominal


def test_a_light_verb_lends_its_clause_to_the_noun():
    a = analysed("Russia and Belarus held war games near the border.")
    (trigger,) = a.triggers()
    assert trigger.token.text == "games" and trigger.nominal
    assert trigger.anchor.text == "held" and trigger.head.text == "held"
    assert [t.text for t in trigger.covered] == ["war"]


def test_adjectives_need_an_infinitive():
    assert ("ready", "intent") in found("Russia is ready to talk.")
    assert found("The troops are ready.") == []


def test_hyphenated_words_the_tokenizer_split():
    a = analysed("Both sides agreed to a cease-fire.")
    trigger = a.trigger("fire")
    assert trigger.sense.subtype == "ceasefire"
    assert [t.text for t in trigger.covered] == ["cease", "-"]


def test_compounds_and_months_are_no_triggers():
    assert found("The attack aircraft landed at the base.") == [("landed", "deploy")]
    assert found("Elections are due in March.") == []


def test_a_noun_answered_by_a_denial_is_absorbed():
    # "the charge" is what the denial answers, not a second event
    assert found("Ukraine refuted the charge.") == [("refuted", "deny")]


def test_triggers_come_in_text_order():
    a = analysed("Russia invaded Ukraine and Putin met Lukashenko.")
    assert [t.token.text for t in a.triggers()] == ["invaded", "met"]
