"""Time expressions: extraction, normalisation, publication-date inference and the eval task.

Everything goes through the public functions of ``wirewatch.extract.time`` on text parsed by
the real pipeline (``wirewatch.nlp.pipeline``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SEED_000, SEED_003
from wirewatch.extract.time import check_published, extract_timexes, infer_publication
from wirewatch.ingest import read_inputs
from wirewatch.records import Article, Timex

SEEDS = Path(__file__).resolve().parents[1] / "wirewatch" / "data" / "seeds"
THURSDAY = "2022-02-03"  # seed 000's date, a Thursday


@pytest.fixture(scope="module")
def nlp():
    from wirewatch.nlp import pipeline

    try:
        return pipeline()
    except FileNotFoundError as error:  # a model of the pipeline not built in this checkout
        pytest.skip(f"the spaCy pipeline cannot be built here: {error}")


def seed(name: str) -> Article:
    """A seed report as the ingest stage stores it (header date taken off the text)."""
    (raw,) = list(read_inputs(str(SEEDS / name)))
    return Article.from_raw(raw)


def timexes(nlp, text: str, published: str | None = THURSDAY) -> list[Timex]:
    article = Article(id="t", text=text, published=published)
    return extract_timexes(nlp(text), article)


def one(found: list[Timex], text: str, occurrence: int = 0) -> Timex:
    """The timex whose text is ``text`` (its ``occurrence``-th one)."""
    matches = [t for t in found if t.text == text]
    assert len(matches) > occurrence, (text, [t.text for t in found])
    return matches[occurrence]


def within(found: list[Timex], article: Article, phrase: str) -> Timex:
    """The timex inside ``phrase`` (a seed phrase that may carry a preposition: "On Thursday").

    Spans follow TimeML: prepositions ("on", "over", "in") are not part of the expression."""
    start = article.text.index(phrase)
    inside = [t for t in found if start <= t.start and t.end <= start + len(phrase)]
    assert len(inside) == 1, (phrase, [t.text for t in found])
    return inside[0]


# --- seed 000, dated 2022-02-03 -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_000(nlp) -> tuple[Article, list[Timex]]:
    article = seed(SEED_000)
    return article, extract_timexes(nlp(article.text), article)


@pytest.mark.parametrize(
    ("phrase", "value", "first", "last", "kind"),
    [
        ("On Thursday", THURSDAY, THURSDAY, THURSDAY, "date"),
        ("visited Minsk on Thursday", THURSDAY, THURSDAY, THURSDAY, "date"),
        ("last month", "2022-01", "2022-01-01", "2022-01-31", "date"),
        (
            "between February 10 to 20",
            "2022-02-10/2022-02-20",
            "2022-02-10",
            "2022-02-20",
            "interval",
        ),
        ("this month", "2022-02", "2022-02-01", "2022-02-28", "date"),
        ("February 3, 2022", THURSDAY, THURSDAY, THURSDAY, "date"),
    ],
)
def test_seed_000_expressions(seed_000, phrase, value, first, last, kind):
    article, found = seed_000
    timex = within(found, article, phrase)
    assert (timex.value, timex.first, timex.last, timex.kind) == (value, first, last, kind)
    assert timex.anchor == THURSDAY


def test_seed_000_spans_follow_timeml(seed_000):
    article, found = seed_000
    assert within(found, article, "On Thursday").text == "Thursday"
    assert within(found, article, "between February 10 to 20").text == ("between February 10 to 20")


def test_seed_000_last_few_days_is_a_window_ending_on_the_date(seed_000):
    article, found = seed_000
    timex = within(found, article, "over the last few days")
    assert timex.text == "the last few days"
    assert timex.kind == "duration" and timex.value == "PXD"
    assert timex.last == THURSDAY and timex.first < THURSDAY


def test_seed_000_offsets_and_sentences(seed_000):
    article, found = seed_000
    assert found
    for timex in found:
        assert article.text[timex.start : timex.end] == timex.text
        assert article.text[timex.sentence_start : timex.sentence_end] == timex.sentence
        assert timex.sentence_start <= timex.start < timex.end <= timex.sentence_end
        assert timex.article_id == article.id


# --- seed 003, undated ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_003(nlp):
    article = seed(SEED_003)
    doc = nlp(article.text)
    return article, doc


def test_seed_003_has_no_date_and_a_window_is_inferred(seed_003):
    article, doc = seed_003
    assert article.published is None
    window = infer_publication(doc, article)
    assert window is not None
    first, last = window
    assert "2022-02-04" <= first <= "2022-02-07" <= last  # the real date is Monday 2022-02-07


def test_seed_003_expressions_resolve_against_the_inferred_window(seed_003):
    article, doc = seed_003
    window = infer_publication(doc, article)
    # as the pipeline stores it: the window, marked as inferred, and no published date
    article.published_window, article.published_inferred = window, True
    found = extract_timexes(doc, article)
    assert {t.anchor for t in found} == {window[0]}
    range_ = within(found, article, "from February 10 to 20")
    assert range_.text == "February 10 to 20"
    assert (range_.value, range_.first, range_.last, range_.kind) == (
        "2022-02-10/2022-02-20",
        "2022-02-10",
        "2022-02-20",
        "interval",
    )
    assert within(found, article, "on February 4").value == "2022-02-04"
    assert within(found, article, "in 2020").value == "2020"
    assert within(found, article, "in 2014").value == "2014"
    # weekdays named in past-tense clauses fall in the week before publication
    assert within(found, article, "on Sunday").value == "2022-02-06"
    assert within(found, article, "Brussels on Monday").value == "2022-02-07"


def test_seed_003_the_name_union_resolve_2022_is_not_a_date(seed_003):
    article, doc = seed_003
    found = extract_timexes(doc, article)
    start = article.text.index("Union Resolve 2022")
    assert not [t for t in found if start <= t.start < start + len("Union Resolve 2022")]


def test_seed_003_without_a_stored_window_infers_one_itself(seed_003):
    article, doc = seed_003
    bare = Article(id=article.id, text=article.text)
    found = extract_timexes(doc, bare)
    assert {t.anchor for t in found} == {infer_publication(doc, bare)[0]}
    assert bare.published is None and not bare.published_inferred  # not mutated


# --- relative expressions against a fixed anchor (Thursday 2022-02-03) ----------------------------


@pytest.mark.parametrize(
    ("text", "expression", "value", "first", "last", "kind"),
    [
        (
            "NATO ministers will meet next week.",
            "next week",
            "2022-W06",
            "2022-02-07",
            "2022-02-13",
            "date",
        ),
        (
            "More troops are expected in the coming days.",
            "the coming days",
            "PXD",
            THURSDAY,
            "2022-02-10",
            "duration",
        ),
        (
            "Exports fell sharply earlier this year.",
            "earlier this year",
            "2022",
            "2022-01-01",
            THURSDAY,
            "date",
        ),
        ("Output rose last year.", "last year", "2021", "2021-01-01", "2021-12-31", "date"),
        ("Russia annexed Crimea in 2014.", "2014", "2014", "2014-01-01", "2014-12-31", "date"),
        (
            "Relations were warmer in the 1990s.",
            "the 1990s",
            "199",
            "1990-01-01",
            "1999-12-31",
            "date",
        ),
        (
            "Explosions were heard on Monday night.",
            "Monday night",
            "2022-01-31TNI",
            "2022-01-31",
            "2022-01-31",
            "date",
        ),
        (
            "The drills began two weeks ago.",
            "two weeks ago",
            "2022-W03",
            "2022-01-17",
            "2022-01-23",
            "date",
        ),
        (
            "Troops have been stationed there since 2020.",
            "since 2020",
            "2020/2022-02-03",
            "2020-01-01",
            THURSDAY,
            "interval",
        ),
        (
            "The ministry accused Kyiv last month.",
            "last month",
            "2022-01",
            "2022-01-01",
            "2022-01-31",
            "date",
        ),
        (
            "The minister flew to Minsk on Thursday.",
            "Thursday",
            THURSDAY,
            THURSDAY,
            THURSDAY,
            "date",
        ),
        (
            "The minister will fly to Minsk on Friday.",
            "Friday",
            "2022-02-04",
            "2022-02-04",
            "2022-02-04",
            "date",
        ),
        (
            "The minister flew to Minsk on Friday.",
            "Friday",
            "2022-01-28",
            "2022-01-28",
            "2022-01-28",
            "date",
        ),
        ("The talks lasted two weeks.", "two weeks", "P2W", None, None, "duration"),
        ("Drones patrol the border daily.", "daily", "P1D", None, None, "set"),
        ("Troops are now massing at the border.", "now", "PRESENT_REF", THURSDAY, THURSDAY, "date"),
        (
            "The exercise is due in the third quarter.",
            "the third quarter",
            "2022-Q3",
            "2022-07-01",
            "2022-09-30",
            "date",
        ),
        (
            "It was the worst attack since January 14.",
            "since January 14",
            "2022-01-14/2022-02-03",
            "2022-01-14",
            THURSDAY,
            "interval",
        ),
    ],
)
def test_relative_expressions(nlp, text, expression, value, first, last, kind):
    timex = one(timexes(nlp, text), expression)
    assert (timex.value, timex.first, timex.last, timex.kind) == (value, first, last, kind)
    assert timex.anchor == THURSDAY


def test_a_year_earlier_follows_the_quarter_named_before(nlp):
    found = timexes(nlp, "Profit rose in the third quarter of 2021. It fell a year earlier.")
    assert one(found, "the third quarter of 2021").value == "2021-Q3"
    assert one(found, "a year earlier").value == "2020-Q3"


def test_ages_and_counts_are_not_time_expressions(nlp):
    found = timexes(nlp, "A 6-year-old boy and 2000 troops crossed; he is 37 years old.")
    assert found == []


# --- undated articles -------------------------------------------------------------------------


def test_infer_publication_from_dated_events_and_weekdays(nlp):
    text = (
        "Shelling hit the town on March 3, 2021. On Friday, officials said the curfew "
        "would end on March 20."
    )
    article = Article(id="u", text=text)
    first, last = infer_publication(nlp(text), article)
    # the latest dated past event bounds it below; the Friday named after it is 2021-03-05;
    # the announced end on March 20 has not happened yet
    assert (first, last) == ("2021-03-05", "2021-03-11")


def test_infer_publication_with_nothing_to_go_on(nlp):
    text = "Officials said on Friday that talks would continue next week."
    article = Article(id="u", text=text)
    assert infer_publication(nlp(text), article) is None
    found = extract_timexes(nlp(text), article)
    # no date to resolve against, and never today's: weekdays and weeks stay unresolved
    assert {t.anchor for t in found} == {None}
    assert one(found, "Friday").value == "XXXX-WXX-5"
    assert one(found, "next week").value == "XXXX-WXX"
    assert {t.first for t in found} == {None}


def test_an_invalid_published_date_is_treated_as_undated(nlp):
    found = timexes(nlp, "Officials met on Friday.", published="2022-13-45")
    assert one(found, "Friday").anchor is None


# --- the publication-date check ---------------------------------------------------------------

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("published", "expected", "warns"),
    [
        ("2022-02-03", "2022-02-03", False),
        (None, None, False),
        ("2024-06-02", "2024-06-02", False),  # one day ahead: a time zone, not the future
        ("2022-13-45", None, True),
        ("yesterday", None, True),
        ("2030-01-01", None, True),
        ("1066-10-14", None, True),
    ],
)
def test_check_published(published, expected, warns):
    article = Article(id="a", text="x", published=published)
    result, warning = check_published(article, TODAY)
    assert result == expected
    assert (warning is not None) == warns
    if warns:
        assert str(published) in warning


def test_check_published_defaults_to_the_present_day():
    future = Article(id="a", text="x", published="2999-01-01")
    assert check_published(future)[0] is None


# --- wirewatch eval time ------------------------------------------------------------------------


def test_eval_time_metrics_on_a_tiny_gold_file(nlp, tmp_path):
    from wirewatch.eval.time import evaluate  # runs the same pipeline as `nlp`

    first = "The ministry said on Thursday that talks ended last month."
    second = "Troops arrived three weeks ago, on the eve of the summit."

    def span(text, phrase, value):
        start = text.index(phrase)
        return {"start": start, "end": start + len(phrase), "text": phrase, "value": value}

    docs = [
        {"id": "a", "date": THURSDAY, "subset": "s", "text": first,
         "timexes": [span(first, "Thursday", THURSDAY), span(first, "last month", "2022-01")]},
        {"id": "b", "date": THURSDAY, "subset": "s", "text": second,
         "timexes": [span(second, "three weeks", "P3W"), span(second, "the eve", "XXXX")]},
    ]  # fmt: skip
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    report = evaluate(gold)
    metrics = report.metrics
    assert list(metrics)[:5] == ["task", "n", "span_f1_strict", "span_f1_relaxed",
                                 "value_accuracy"]  # fmt: skip
    # system: "Thursday", "last month" (exact), "three weeks ago" (overlaps "three weeks",
    # 2022-W02 is not P3W); "the eve" is missed
    assert metrics["task"] == "time" and metrics["n"] == 4
    assert metrics["span_f1_strict"] == pytest.approx(0.5714, abs=1e-4)  # P 2/3, R 2/4
    assert metrics["span_f1_relaxed"] == pytest.approx(0.8571, abs=1e-4)  # P 3/3, R 3/4
    assert metrics["value_accuracy"] == pytest.approx(0.6667, abs=1e-4)  # 2 of 3 matched
    assert report.rows and report.columns[0] == "subset"


def test_clock_times_are_not_years(nlp):
    found = timexes(nlp, "Talks began at 1100 GMT on Monday and ended by 0700 EDT, aides said.")
    assert [t.text for t in found] == ["Monday"]
