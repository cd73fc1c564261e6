"""Speakers resolved to entities: names, roles, metonyms, pronouns, descriptions, documents."""

from __future__ import annotations

from tests.test_statements import parsed, token
from wirewatch.extract.statements.speakers import SpeakerResolver
from wirewatch.extract.statements.syntax import noun_phrase


def resolve(text: str, word: str, nth: int = 0) -> str | None:
    art, _ = parsed(text)
    head = token(art, word, nth)
    return SpeakerResolver(art).phrase(head, noun_phrase(head))


def test_a_name():
    assert resolve("Russia's Defence Minister Sergei Shoigu said so.", "Shoigu") == (
        "person/sergei-shoigu"
    )


def test_a_capital_stands_for_its_government():
    assert resolve("Kyiv refuted the charge.", "Kyiv") == "gov/ua"


def test_a_pronoun_takes_the_subject_before_it():
    text = (
        "Jens Stoltenberg met Andrzej Duda in Brussels. The NATO chief praised Poland’s army. "
        "He said the alliance would respond."
    )
    assert resolve(text, "He") == "person/jens-stoltenberg"


def test_a_definite_description_refers_back():
    text = "Belarus hosted Sergei Shoigu on Monday. The minister said the drills were defensive."
    assert resolve(text, "minister") == "person/sergei-shoigu"


def test_a_documents_author():
    text = "The document, released by the Kremlin, read: “The parties oppose expansion.”"
    assert resolve(text, "document") == "gov/ru"


def test_an_unnamed_source_is_none():
    assert resolve("A source said the talks failed.", "source") is None
