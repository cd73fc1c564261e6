"""The channel or outlet a statement came through."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.reported import find_reported
from wirewatch.extract.statements.via import document_channel, via_of


def channels(text: str) -> list[str | None]:
    art, _ = parsed(text)
    return [via_of(art, d) or document_channel(art, d) for d in find_reported(art, set())]


def test_outlets_and_channels():
    assert channels("Dmitry Peskov told Reuters the Kremlin would respond.") == ["Reuters"]
    assert channels("Sergei Lavrov said in a statement that talks had failed.") == ["a statement"]
    assert channels("Oleg Nikolenko tweeted that Kyiv would not yield.") == ["Twitter"]


def test_a_channel_word_needs_its_preposition():
    assert channels("Lavrov said his statement was clear that talks had failed.") == [None]
