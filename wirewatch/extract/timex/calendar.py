"""Calendar periods (a day, an ISO week, a month, a quarter, ...), their TIMEX3 values, their
first and last days, and the moves between them that relative expressions need."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Granularities, finest first. A period is named by its granularity and its first day.
DAY, WEEKEND, WEEK, MONTH, SEASON, QUARTER, HALF, YEAR, DECADE, CENTURY = (
    "day", "weekend", "week", "month", "season", "quarter", "half", "year", "decade", "century",
)  # fmt: skip
MONTHS_IN = {MONTH: 1, SEASON: 3, QUARTER: 3, HALF: 6, YEAR: 12, DECADE: 120, CENTURY: 1200}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # meteorological seasons
SEASON_CODE = {month: code for code, month in SEASON_START.items()}
HALF_YEAR_DAYS = 183


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: its granularity and its first day (a Monday for a week, a Saturday
    for a weekend, the 1st for months, quarters and longer)."""

    gran: str
    start: date

    @property
    def value(self) -> str:
        """The TIMEX3 value: 2022-02-03, 2022-W05, 2022-W05-WE, 2022-02, 2022-Q1, 2022-H1,
        2021-WI, 2022, 202 (the 2020s), 20 (the 2000s, TimeML's century)."""
        s = self.start
        match self.gran:
            case "day":
                return s.isoformat()
            case "week" | "weekend":
                year, week, _ = s.isocalendar()
                return f"{year:04d}-W{week:02d}" + ("-WE" if self.gran == WEEKEND else "")
            case "month":
                return f"{s.year:04d}-{s.month:02d}"
            case "season":
                return f"{s.year:04d}-{SEASON_CODE[s.month]}"
            case "quarter":
                return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
            case "half":
                return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
            case "year":
                return f"{s.year:04d}"
            case "decade":
                return f"{s.year // 10:03d}"
            case _:
                return f"{s.year // 100:02d}"

    @property
    def first(self) -> date:
        return self.start

    @property
    def last(self) -> date:
        if self.gran == DAY:
            return self.start
        if self.gran == WEEKEND:
            return self.start + timedelta(days=1)
        if self.gran == WEEK:
            return self.start + timedelta(days=6)
        return add_months(self.start, MONTHS_IN[self.gran]) - timedelta(days=1)

    def shift(self, n: int) -> Period:
        """The period ``n`` of its own units later (earlier when negative)."""
        if self.gran == DAY:
            return Period(DAY, self.start + timedelta(days=n))
        if self.gran in (WEEK, WEEKEND):
            return Period(self.gran, self.start + timedelta(weeks=n))
        return Period(self.gran, add_months(self.start, n * MONTHS_IN[self.gran]))

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def containing(gran: str, day: date) -> Period:
    """The period of granularity ``gran`` that contains ``day``."""
    match gran:
        case "day":
            return Period(DAY, day)
        case "week":
            return Period(WEEK, day - timedelta(days=day.weekday()))
        case "weekend":  # the weekend of the day's ISO week
            return Period(WEEKEND, day - timedelta(days=day.weekday()) + timedelta(days=5))
        case "season":
            start = date(day.year if day.month != 12 else day.year, day.month, 1)
            months_back = (day.month - 12) % 3  # seasons start in Mar, Jun, Sep, Dec
            return Period(SEASON, add_months(start, -months_back))
    months = MONTHS_IN[gran]
    index = day.year * 12 + day.month - 1
    index -= index % months if gran in (QUARTER, HALF, YEAR) else 0
    if gran == DECADE:
        index = (day.year // 10 * 10) * 12
    elif gran == CENTURY:
        index = (day.year // 100 * 100) * 12
    return Period(gran, date(index // 12, index % 12 + 1, 1))


def season(year: int, code: str) -> Period:
    """The season ``code`` (SP, SU, FA, WI) of ``year``; winter starts in that year's December."""
    return Period(SEASON, date(year, SEASON_START[code], 1))


def nearest_weekday(anchor: date, weekday: int, direction: str | None) -> date:
    """The date of ISO ``weekday`` (Monday 1) seen from ``anchor``: the latest on or before it
    (``past``), the earliest on or after it (``future``), else the closest (past on a tie)."""
    back = (anchor.isoweekday() - weekday) % 7
    if direction == "past":
        return anchor - timedelta(days=back)
    forward = (weekday - anchor.isoweekday()) % 7
    if direction == "future":
        return anchor + timedelta(days=forward)
    return anchor - timedelta(days=back) if back <= forward else anchor + timedelta(days=forward)


def nearest_year(
    anchor: date, candidate: date | Period, direction: str | None, lenient: bool = False
) -> int:
    """The year to give a month, day or quarter written without one, seen from ``anchor``:
    the latest occurrence not after the anchor (``past``), the first not before it
    (``future``), else the closest of the anchor's year and its neighbours. ``lenient``: the
    direction is only a tense's hint, and a much nearer occurrence may overrule it."""

    def at(year: int) -> tuple[date, date]:
        if isinstance(candidate, Period):
            moved = Period(candidate.gran, candidate.start.replace(year=year))
            return moved.first, moved.last
        day = _replace_year(candidate, year)
        return day, day

    def distance(year: int) -> int:
        first, last = at(year)
        return (
            0
            if first <= anchor <= last
            else min(abs((first - anchor).days), abs((last - anchor).days))
        )

    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    chosen = None
    if direction == "past":
        chosen = max(y for y in years if at(y)[0] <= anchor)
    elif direction == "future":
        chosen = min(y for y in years if at(y)[1] >= anchor)
    # A tense can mislead ("authorized a split, payable Dec. 1"): a day or quarter written
    # without its year is seldom more than half a year from the article's date, so a distant
    # reading gives way to a much nearer one. (A bare month is not: "in January" in October.)
    nearest = min(years, key=lambda y: (distance(y), y > anchor.year))
    if chosen is not None and (
        not lenient
        or distance(chosen) <= HALF_YEAR_DAYS
        or 2 * distance(nearest) >= distance(chosen)
    ):
        return chosen
    return nearest


def _replace_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def moveable_holiday(name: str, year: int) -> Period:
    """The day (or week) of a holiday whose date moves: Easter, Thanksgiving (US), US
    Election Day."""
    if name.startswith("easter"):
        day = easter(year)
        return containing(WEEK, day) if name == "easter week" else Period(DAY, day)
    if name == "good friday":
        return Period(DAY, easter(year) - timedelta(days=2))
    if name == "thanksgiving":  # fourth Thursday of November
        first = date(year, 11, 1)
        return Period(DAY, first + timedelta(days=(3 - first.weekday()) % 7 + 21))
    # Election Day: the Tuesday after the first Monday of November
    first = date(year, 11, 1)
    monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return Period(DAY, monday + timedelta(days=1))
