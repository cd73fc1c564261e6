"""Drafts to Statement records."""

from __future__ import annotations

from tests.test_statements import parsed
from wirewatch.extract.statements.assemble import drop_shadowed, is_direct, to_statement
from wirewatch.extract.statements.direct import find_direct
from wirewatch.extract.statements.lexicon import cue_lexicon
from wirewatch.extract.statements.reported import find_reported
from wirewatch.extract.statements.speakers import SpeakerResolver
from wirewatch.records import record_id


def test_direct_means_every_piece_in_marks():
    openers = cue_lexicon().closers
    text = "“One,” he said, “two.” He said that three."
    assert is_direct(text, [(0, 6), (16, 22)], openers)
    assert not is_direct(text, [(0, 6), (31, 41)], openers)


def test_reported_drafts_shadowed_by_a_quotation_go():
    art, _ = parsed("He said “the plan is dead and buried for good.”")
    direct, _ = find_direct(art, set())
    reported = find_reported(art, set())  # "said" taken again, its clause the quotation
    assert [d.pieces for d in direct] == [d.pieces for d in reported]
    assert drop_shadowed(art.text, direct, reported) == []
    assert drop_shadowed(art.text, [], reported) == reported


def test_what_a_quotation_leaves_of_a_reported_content_stays():
    text = "He says he respects Clinton and calls her “an extremely intelligent woman.”"
    art, _ = parsed(text)
    direct, _ = find_direct(art, set())
    [draft] = [d for d in find_reported(art, set()) if d.cue == "say"]
    draft.pieces = [(draft.start, len(text))]  # as if the clause ran over the quotation
    [kept] = drop_shadowed(text, direct, [draft])
    assert text[kept.start : kept.end] == "he respects Clinton and calls"  # "her “…”" is quoted


def test_a_statement_with_provenance():
    text = "Moscow accused Kyiv of shelling the town on Sunday."
    art, article = parsed(text)
    [draft] = find_reported(art, set())
    statement = to_statement(art, article, draft, SpeakerResolver(art))
    assert statement.id == record_id("st", "t", statement.start, statement.end)
    assert (statement.kind, statement.quote, statement.speaker_text) == (
        "reported",
        "shelling the town on Sunday",
        "Moscow",
    )
    assert (statement.speaker, statement.target, statement.stance) == ("gov/ru", "gov/ua", "accuse")
    assert statement.sentence == text and (statement.sentence_start, statement.sentence_end) == (
        0,
        len(text),
    )
    assert text[statement.cue_start : statement.cue_end] == "accused"
