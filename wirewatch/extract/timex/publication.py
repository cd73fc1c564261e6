"""Publication dates: checking a given one, inferring a window for an undated article.

An undated article still dates itself: the latest day it says something happened on is a
lower bound on when it was written, a weekday it names without a date ("on Sunday") lies
within the week before publication, and a day it says something will happen on is after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from wirewatch.extract.timex.calendar import DAY, MONTH, YEAR, Period

EARLIEST_PLAUSIBLE = date(1900, 1, 1)
CLOCK_SLACK = timedelta(days=1)  # a date "tomorrow" here may be today where it was published
WEEK = timedelta(days=6)  # a weekday named without a date is at most six days back
# with no weekday to tie it, an article is taken to be written within a month of the latest
# day it dates an event to
UNDATED_SPAN = timedelta(days=30)
_MONTH_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_MONTH_ONLY = re.compile(r"^XXXX-(\d\d)$")
_WEEKDAY = re.compile(r"^XXXX-WXX-(\d)$")
YEAR_IN_TEXT = re.compile(r"(?<![\d$£€.,/-])(?:19\d\d|20\d\d)(?![\d%])")


@dataclass(frozen=True)
class Clue:
    """A resolved expression as the inference sees it (resolved with no anchor)."""

    value: str
    first: date | None
    last: date | None
    gran: str | None  # the granularity of the period it names, if it names one
    past: bool  # in a clause in the past or perfect: it had happened by publication
    future: bool  # in a clause in the future: it had not happened yet
    weekday_rule: bool  # a bare weekday ("on Monday"), not "last Monday"


def check_date(published: str | None, today: date) -> tuple[str | None, str | None]:
    """``(published, None)`` when the date is usable; ``(None, warning)`` when it is not a
    real ISO date, is before 1900, or is after ``today`` (one day's slack for time zones)."""
    if published is None:
        return None, None
    try:
        day = date.fromisoformat(published)
    except (TypeError, ValueError):
        return None, f"published date {published!r} is not a valid YYYY-MM-DD date"
    if day < EARLIEST_PLAUSIBLE:
        return None, f"published date {published} is implausible (before {EARLIEST_PLAUSIBLE})"
    if day - CLOCK_SLACK > today:
        return None, f"published date {published} is in the future (today is {today})"
    return day.isoformat(), None


def latest_year(clues: Iterable[Clue], name_years: Iterable[int]) -> int | None:
    """The year to read "February 4" in: the latest year the article states for something
    that has happened, or that appears in a name ("Union Resolve 2022")."""
    years = [c.first.year for c in clues if c.first and c.past and c.gran in (DAY, MONTH, YEAR)]
    years += list(name_years)
    return max(years) if years else None


def _evidence(clue: Clue, year: int | None) -> tuple[date, date] | None:
    """The days a dated clue covers, reading a year-less date in ``year``."""
    if clue.first and clue.last and (clue.gran in (DAY, MONTH) or "/" in clue.value):
        return clue.first, clue.last
    value = clue.value.split("/")[0]
    if year is None:
        return None
    if m := _MONTH_DAY.match(value):
        try:
            day = date(year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            return None
        return day, day
    if m := _MONTH_ONLY.match(value):
        month = Period(MONTH, date(year, int(m.group(1)), 1))
        return month.first, month.last
    return None


def infer_window(clues: list[Clue], name_years: Iterable[int]) -> tuple[date, date] | None:
    """The publication window the clues allow, or None when no clue is dated to the day or
    month. See the module docstring for the reasoning."""
    year = latest_year(clues, name_years)
    past = [e for c in clues if c.past and (e := _evidence(c, year))]
    if not past:
        return None
    lower = max(first for first, _ in past)
    upper = max(max(last for _, last in past), lower) + UNDATED_SPAN
    weekdays = {int(m.group(1)) for c in clues if c.weekday_rule and c.past
                and (m := _WEEKDAY.match(c.value))}  # fmt: skip
    if weekdays:
        named = [lower + timedelta(days=(w - lower.isoweekday()) % 7) for w in weekdays]
        lower, upper = max(named), min(named) + WEEK
        if upper < lower:  # weekdays of more than one week: the latest bounds it below
            upper = lower + WEEK
    for clue in clues:
        coming = _evidence(clue, year) if clue.future else None
        if coming and lower <= coming[0] - timedelta(days=1) < upper:
            upper = coming[0] - timedelta(days=1)  # what will happen is after publication
    return lower, upper
