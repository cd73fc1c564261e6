"""Where, where from and when (forces.places_dates)."""

from __future__ import annotations

from tests.forces_kit import analysed
from wirewatch.extract.forces.places_dates import sentence_places, when_of, where_of

BELARUS, ROMANIA, GERMANY, YELSK = 630336, 798549, 2921044, 619598  # GeoNames ids


def test_a_place_under_the_phrase_or_its_verb():
    a = analysed("Russia has deployed some 30,000 combat troops in Belarus.")
    where = where_of(a.found("troops"), a.ctx)
    assert where.place.geonameid == BELARUS and where.text == "in Belarus"
    assert where.origin is None


def test_where_from_and_where_to():
    a = analysed("The US moved 1,000 troops from Germany to Romania.")
    where = where_of(a.found("troops"), a.ctx)
    assert where.origin.geonameid == GERMANY
    assert where.place.geonameid == ROMANIA and where.text == "to Romania"


def test_no_place_named():
    a = analysed("The US moved 1,000 troops.")
    where = where_of(a.found("troops"), a.ctx)
    assert (where.place, where.origin, where.text) == (None, None, None)


def test_places_elsewhere_in_a_sentence_about_forces():
    a = analysed("The imagery was taken near Yelsk on February 4.")
    (place, text), *_ = sentence_places(list(a.doc), a.ctx)
    assert place.geonameid == YELSK and text == "near Yelsk"
    b = analysed("A broadcast monitored in Minsk said prices rose.")
    assert sentence_places(list(b.doc), b.ctx) == []


def test_the_date_of_the_clause():
    a = analysed("The US sent 2,000 troops to Poland on Monday.", published="2022-02-03")
    found = a.found("troops")
    sentence = (0, len(a.article.text))
    assert when_of(found, sentence, a.ctx).first == "2022-01-31"
    b = analysed("The US sent 2,000 troops to Poland.")
    assert when_of(b.found("troops"), (0, len(b.article.text)), b.ctx) is None
