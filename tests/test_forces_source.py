"""Per whom (forces.source)."""

from __future__ import annotations

from tests.forces_kit import analysed
from wirewatch.extract.forces.source import (
    according_to,
    reporter,
    source_of_nouns,
    statement_holding,
)


def test_according_to():
    a = analysed("Iraq moved 2,000 troops to the border, according to Maxar.")
    assert according_to(list(a.doc), a.ctx) == "org/maxar-technologies"
    b = analysed("Iraq moved 2,000 troops to the border.")
    assert according_to(list(b.doc), b.ctx) is None


def test_the_subject_of_a_reporting_verb():
    a = analysed("Stoltenberg claimed some 30,000 Russian troops were in Belarus.", statements=[])
    assert reporter(a.found("troops"), a.ctx) == "person/jens-stoltenberg"
    b = analysed("Some 30,000 troops are in Belarus, the NATO chief claimed.", statements=[])
    assert reporter(b.found("troops"), b.ctx) == "person/jens-stoltenberg"


def test_a_source_named_by_its_product():
    a = analysed("Maxar's imagery shows 15 Su-25 aircraft near Yelsk.")
    assert source_of_nouns(list(a.doc), a.ctx) == "org/maxar-technologies"


def test_the_statement_that_holds_the_force():
    a = analysed("Stoltenberg said that some 30,000 Russian troops were in Belarus.")
    found = a.found("troops")
    start = a.doc[found.first].idx
    end = found.head.idx + len(found.head)
    statement = statement_holding(start, end, a.ctx)
    assert statement is not None and statement.speaker == "person/jens-stoltenberg"
    assert statement_holding(0, 5, a.ctx) is None  # "Stoltenberg" is outside the content
