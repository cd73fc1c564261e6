"""Words to a count with bounds (forces.counts): pure word-level, no parse."""

from __future__ import annotations

import pytest

from wirewatch.extract.forces.counts import Count, parse_count


def count(text: str) -> Count | None:
    return parse_count(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30,000", Count(30000, 30000, 30000, False)),
        ("some 30,000", Count(30000, None, None, True)),
        ("about 500", Count(500, None, None, True)),
        ("an estimated 2,000", Count(2000, None, None, True)),
        ("more than 100,000", Count(100000, 100000, None, False)),
        ("at least 40", Count(40, 40, None, False)),
        ("up to 2,000", Count(2000, None, 2000, False)),
        ("nearly 500", Count(500, None, 500, True)),
        ("1,000 or more", Count(1000, 1000, None, False)),
        ("1.5 million", Count(1500000, 1500000, 1500000, False)),
        ("15", Count(15, 15, 15, False)),
    ],
)
def test_figures_and_their_bounds(text, expected):
    assert count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two", 2),
        ("thirty - five", 35),
        ("a dozen", 12),
        ("two hundred and fifty thousand", 250000),
        ("three thousand", 3000),
    ],
)
def test_numbers_in_words(text, expected):
    assert count(text).count == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("dozens", 24, None),
        ("thousands", 2000, None),
        ("tens of thousands", 20000, None),
        ("hundreds of thousands", 200000, None),
        ("several thousand", 3000, 9000),
        ("several", 3, 9),
        ("a handful of", 2, 9),
    ],
)
def test_vague_counts_are_approximate_bounds(text, low, high):
    assert count(text) == Count(None, low, high, True)


def test_ranges():
    assert count("between 5,000 and 7,000") == Count(None, 5000, 7000, False)
    assert count("5,000 - 7,000") == Count(None, 5000, 7000, False)
    assert count("two or three") == Count(None, 2, 3, False)
    assert count("7,000 to 5,000") is None  # no range runs backwards


@pytest.mark.parametrize("text", ["few", "troops", "", "zero", "20,000,000", "1.5"])
def test_no_count(text):
    # bare "few" means "not many"; zero and money-sized figures count no force; nor a fraction
    assert count(text) is None


def test_case_does_not_matter():
    assert parse_count(["Some", "30,000"]) == count("some 30,000")
