"""Quotation marks in raw text, without a parse."""

from __future__ import annotations

from wirewatch.extract.statements.quotes import find_quotes, paragraphs


def texts(text: str) -> list[str]:
    return [" | ".join(text[a:b] for a, b in q.pieces) for q in find_quotes(text)]


def test_styles_pair_and_nest():
    text = "“He said ‘no’ twice,” she said. «Non», il a dit. ''Right,'' he said."
    assert texts(text) == ["“He said ‘no’ twice,”", "«Non»", "''Right,''"]


def test_mixed_styles_close_each_other():
    assert texts('“We will not back down," Lavrov said.') == ['“We will not back down,"']


def test_apostrophes_do_not_close():
    text = "‘Russia’s troops and the allies’ doubts,’ Peskov said of the ‘90s."
    assert texts(text) == ["‘Russia’s troops and the allies’ doubts,’"]


def test_a_speech_over_paragraphs_reopens_each_one():
    text = "He said: “The first part.\n\n“The second part.”\n\nNo quote here."
    [quote] = find_quotes(text)
    assert [text[a:b] for a, b in quote.pieces] == ["“The first part.", "“The second part.”"]


def test_a_stray_mark_inside_a_sentence_is_dropped():
    assert find_quotes("The so “called plan ends here.\n\nNext paragraph.") == []


def test_last_char_looks_through_inner_marks():
    text = "“He called it a ‘brain,’ ” she said."
    [quote] = find_quotes(text)
    assert quote.last_char(text) == ","


def test_paragraphs_are_trimmed_and_skip_blank_lines():
    text = "First.  \n\n  Second.\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["First.", "Second."]
