"""Resolving a grammar match to a TIMEX3 value and the dates that bound it.

One handler per grammar rule. A handler reads its match and the :class:`Context` (the anchor
date, the tense of the clause, the last calendar period the text named) and returns a
:class:`Result`, or None to reject the match (the next-best candidate is then tried).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Token

from wirewatch.extract.timex.calendar import (
    CENTURY,
    DAY,
    DECADE,
    HALF,
    MONTH,
    QUARTER,
    WEEK,
    WEEKEND,
    YEAR,
    Period,
    add_months,
    containing,
    moveable_holiday,
    nearest_weekday,
    nearest_year,
    season,
)
from wirewatch.extract.timex.lexicon import lexicon, parse_number, spoken_year
from wirewatch.extract.timex.tense import FUTURE, PAST, PERFECT, PLUPERFECT, PRESENT

DATE, INTERVAL, DURATION, SET = "date", "interval", "duration", "set"
UNIT_GRAN = {"D": DAY, "W": WEEK, "WE": WEEKEND, "M": MONTH, "Q": QUARTER, "Y": YEAR}
UNIT_WORD_GRAN = {"day": DAY, "week": WEEK, "weekend": WEEKEND, "month": MONTH,
                  "quarter": QUARTER, "year": YEAR, "fiscal year": YEAR, "full year": YEAR,
                  "decade": DECADE, "century": CENTURY}  # fmt: skip
UNKNOWN = {
    DAY: "XXXX-XX-XX",
    WEEK: "XXXX-WXX",
    WEEKEND: "XXXX-WXX-WE",
    MONTH: "XXXX-XX",
    QUARTER: "XXXX-QX",
    HALF: "XXXX-HX",
    YEAR: "XXXX",
    DECADE: "XXX",
    CENTURY: "XX",
}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip
_SPACE = re.compile(r"\s+")
_SUFFIX = re.compile(r"(?:st|nd|rd|th)$")
_WORD_BEFORE = re.compile(r"([\w'’-]+)[^\w\n]*$")
# A bare month name that is also an English word needs a word before it that makes it a date.
_AMBIGUOUS_MONTHS = {"may", "march"}
# "since May" is behind the anchor; "until Tuesday" is a deadline ahead of it.
_DIRECTION_CUES = {"since": PAST, "until": FUTURE, "till": FUTURE}
_RATE_BEFORE = re.compile(r"(?:\d|million|billion|thousand|percent|%|cents?)\s*$", re.I)
_NOT_YEAR_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}


@dataclass
class Result:
    """A resolved expression: TIMEX3 value, kind, bounding dates and the period it names."""

    value: str
    kind: str = DATE
    first: date | None = None
    last: date | None = None
    period: Period | None = None  # set when the expression names a calendar period
    anaphoric: bool = False  # resolved against the text's last period: not a new reference


@dataclass
class Found:
    """A resolved stretch of text: its offsets, the rule that found it and the result."""

    start: int
    end: int
    rule: str
    result: Result


@dataclass
class Context:
    """What a handler may consult besides its match."""

    text: str
    anchor: date | None
    tense_of: Callable[[int, int], str | None]
    token_at: Callable[[int], Token | None]
    label_of: Callable[[int, int], tuple[str, int, int] | None]
    reference: Period | None = None  # the last calendar period the text named
    last_day: date | None = None  # the last day it named
    start: int = 0
    end: int = 0
    _tense: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def tense(self) -> str | None:
        """The tense of the clause the current span is in (computed once per span)."""
        key = (self.start, self.end)
        if key not in self._tense:
            self._tense[key] = self.tense_of(self.start, self.end)
        return self._tense[key]

    def year_of(self, probe: date | Period) -> int:
        """The year of a day or quarter written without one (see :func:`nearest_year`)."""
        cued = self.word_before() in _DIRECTION_CUES
        return nearest_year(self.anchor, probe, self.direction(), lenient=not cued)

    def direction(self) -> str | None:
        """``past`` or ``future``: from a preposition that settles it ("since", "until"),
        else from the clause's tense; None (nearest) otherwise."""
        found = self.tense()
        before = self.text[max(0, self.start - 16) : self.start].lower()
        cue = _DIRECTION_CUES.get(self.word_before())
        if cue == FUTURE and found == PLUPERFECT:
            cue = None  # "until Thursday, they had not called him": a past deadline
        if cue or before.rstrip().endswith(("as soon as", "as early as")):
            return cue or FUTURE
        if found in (PERFECT, PLUPERFECT):
            return PAST
        return found if found in (PAST, FUTURE) else None

    def word_before(self) -> str:
        found = _WORD_BEFORE.search(self.text, max(0, self.start - 40), self.start)
        return found.group(1).lower() if found else ""

    def after(self, n: int = 12) -> str:
        return self.text[self.end : self.end + n].lower()

    def base(self, gran: str) -> Period | None:
        """The reference period to move from for anaphora ("the following year"): the last
        period named, if it is at least as fine as ``gran``, else the anchor's."""
        ref = self.reference
        if ref is not None and _finer_or_equal(ref.gran, gran):
            return containing(gran, ref.start)
        return containing(gran, self.anchor) if self.anchor else None


Handler = Callable[[re.Match[str], Context], Result | None]
_ORDER = [DAY, WEEKEND, WEEK, MONTH, QUARTER, HALF, YEAR, DECADE, CENTURY]


def _finer_or_equal(a: str, b: str) -> bool:
    return a in _ORDER and b in _ORDER and _ORDER.index(a) <= _ORDER.index(b)


def of_period(period: Period, edge: str | None = None, anchor: date | None = None) -> Result:
    """A date result for a calendar period, its bounds narrowed by "early", "late", ..."""
    first, last = narrow(period, edge, anchor)
    return Result(period.value, DATE, first, last, period)


def narrow(period: Period, edge: str | None, anchor: date | None) -> tuple[date, date]:
    """The part of a period an edge word points at: early/beginning = its first third, mid =
    the middle third, late/end = the last third; earlier/later split it at the anchor."""
    first, last = period.first, period.last
    if not edge or period.gran == DAY:
        return first, last
    edge = _SPACE.sub(" ", edge.lower()).removeprefix("the ").removesuffix(" of")
    third = max((last - first).days // 3, 0)
    if edge == "earlier" and anchor and period.contains(anchor):
        return first, anchor
    if edge in ("later", "rest", "remainder") and anchor and period.contains(anchor):
        return anchor, last
    if edge in ("early", "beginning", "start", "first half"):
        return first, first + timedelta(days=third if edge != "first half" else third * 3 // 2)
    if edge in ("mid", "middle"):
        return first + timedelta(days=third), last - timedelta(days=third)
    if edge in ("late", "end", "second half"):
        return last - timedelta(days=third if edge != "second half" else third * 3 // 2), last
    return first, last


def unknown(gran: str) -> Result:
    """An expression that needs an anchor when there is none: X's where the date would be."""
    return Result(UNKNOWN[gran], DATE)


def _month(word: str) -> int | None:
    return lexicon().months.get(word.lower().rstrip("."))


def _weekday(word: str) -> int | None:
    return lexicon().weekdays.get(word.lower().rstrip("."))


def _day(word: str) -> int:
    return int(_SUFFIX.sub("", word.lower()))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(ctx: Context, month: int, day: int, weekday: int | None) -> int | None:
    """The year of a month and day written without one: the one whose weekday agrees when a
    weekday is given, else by the clause's tense (nearest when it has none)."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    if weekday is not None:
        fits = [
            y
            for y in (anchor.year, anchor.year - 1, anchor.year + 1)
            if (d := _safe_date(y, month, day)) and d.isoweekday() == weekday
        ]
        if fits:
            return fits[0]
    probe = _safe_date(anchor.year, month, day) or _safe_date(anchor.year, month, 28)
    return ctx.year_of(probe) if probe else None


def _full_year(text: str, anchor: date | None) -> int:
    """A two-digit year in the century that puts it nearest the anchor (or 1900s/2000s)."""
    value = int(text)
    if value >= 100:
        return value
    pivot = (anchor.year if anchor else 2000) + 10
    century = pivot // 100 * 100
    return century + value if century + value <= pivot else century - 100 + value


# --- absolute and month-day dates -------------------------------------------------------------


def h_date(m: re.Match[str], ctx: Context) -> Result | None:
    month = _month(m["m"]) if not m["m"].isdigit() else int(m["m"])
    groups = m.groupdict()
    day = _day(m["d"]) if m["d"] else lexicon().ordinals[_SPACE.sub(" ", groups["ord"].lower())]
    weekday = next((_weekday(groups[g]) for g in ("wd", "wd2") if groups.get(g)), None)
    if month is None or not 1 <= month <= 12:
        return None
    if m["y"]:
        year = _full_year(m["y"], ctx.anchor)
    else:
        found = _year_for(ctx, month, day, weekday)
        if found is None:
            return (
                Result(f"XXXX-{month:02d}-{day:02d}", DATE)
                if _safe_date(2000, month, day)
                else None
            )
        year = found
    when = _safe_date(year, month, day)
    return of_period(Period(DAY, when)) if when else None


def h_date_numeric(m: re.Match[str], ctx: Context) -> Result | None:
    month, day = int(m["m"]), int(m["d"])
    if month > 12 >= day:  # 25/12/2021: the day came first
        month, day = day, month
    when = _safe_date(_full_year(m["y"], ctx.anchor), month, day)
    return of_period(Period(DAY, when)) if when else None


def h_date_range(m: re.Match[str], ctx: Context) -> Result | None:
    if m["conj"] and m["conj"].lower() == "and" and not m["between"]:
        return None  # "May 3 and 4" lists two days; only "between ... and" is a range
    month = _month(m["m"])
    month2 = _month(m["m2"]) if m.groupdict().get("m2") else month
    day, day2 = _day(m["d"]), _day(m["d2"])
    if month is None or month2 is None:
        return None
    if m["y"]:
        year = int(m["y"])
    else:
        found = _year_for(ctx, month, day, None)
        if found is None:
            return Result(f"XXXX-{month:02d}-{day:02d}/XXXX-{month2:02d}-{day2:02d}", INTERVAL)
        year = found
    first = _safe_date(year, month, day)
    last = _safe_date(year + (month2 < month), month2, day2)
    if first is None or last is None or last <= first:
        return None
    return Result(f"{first.isoformat()}/{last.isoformat()}", INTERVAL, first, last)


def h_year_range(m: re.Match[str], ctx: Context) -> Result | None:
    if m["conj"] and m["conj"].lower() == "and" and not m["between"]:
        return None
    first_year = int(m["y"])
    second = m["y2"]
    last_year = int(second) if len(second) == 4 else first_year // 100 * 100 + int(second)
    if not 0 < last_year - first_year <= 200:
        return None
    first, last = Period(YEAR, date(first_year, 1, 1)), Period(YEAR, date(last_year, 1, 1))
    return Result(f"{first.value}/{last.value}", INTERVAL, first.first, last.last)


def h_month_year(m: re.Match[str], ctx: Context) -> Result | None:
    month = _month(m["m"])
    year = int(m["y"]) if m.groupdict().get("y") else spoken_year(m["sy"])
    if month is None or year is None:
        return None
    return of_period(Period(MONTH, date(year, month, 1)), m["edge"])


def h_month(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["m"].lower()
    month = _month(word)
    rel = _SPACE.sub(" ", (m["rel"] or "").lower())
    if month is None:
        return None
    if word in _AMBIGUOUS_MONTHS and not (rel or m["edge"] or m["yrel"]):
        if ctx.word_before() not in lexicon().cues["month"]:
            return None
    if ctx.anchor is None:  # "last May" and "June last year" need the anchor's year
        return Result(f"XXXX-{month:02d}" if not (rel or m["yrel"]) else "XXXX-XX", DATE)
    anchor = ctx.anchor
    if m["yrel"]:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
    elif rel in ("last", "this past"):
        # the latest such month before this one; "last February" on 1 March is a year back
        # (last month would have been "last month")
        year = anchor.year if month < anchor.month - 1 else anchor.year - 1
    elif rel in ("next", "this coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        year = nearest_year(anchor, Period(MONTH, date(anchor.year, month, 1)), ctx.direction())
    return of_period(Period(MONTH, date(year, month, 1)), m["edge"])


# --- years, decades, centuries ------------------------------------------------------------------


def _plausible_year(ctx: Context, has_cue: bool) -> bool:
    """A bare four-digit number is a year unless spaCy reads it as a count or amount, or as
    part of a longer name ("Union Resolve 2022")."""
    label = ctx.label_of(ctx.start, ctx.end)
    if label is not None:
        name, start, end = label
        if name in _NOT_YEAR_LABELS and not has_cue:
            return False
        if name not in ("DATE", "TIME", *_NOT_YEAR_LABELS) and (start < ctx.start or end > ctx.end):
            return False
    return True


def h_year(m: re.Match[str], ctx: Context) -> Result | None:
    explicit = bool(m["edge"] or m["fy"])
    has_cue = explicit or ctx.word_before() in lexicon().cues["year"]
    if not _plausible_year(ctx, has_cue) or (not has_cue and _in_name(ctx)):
        return None
    if not explicit and _is_count(ctx.token_at(ctx.start)):
        return None
    result = of_period(Period(YEAR, date(int(m["y"]), 1, 1)), m["edge"])
    if m["later"]:
        result.last = None
    return result


def _is_count(token: Token | None) -> bool:
    """Whether a year-like number counts things: "2000 troops" does; "the 2000 Olympics" and
    "its 1989 results" name years."""
    if token is None or token.dep_ != "nummod" or token.head.tag_ not in ("NNS", "NNPS"):
        return False
    before = token.nbor(-1) if token.i > 0 else None
    determined = before is not None and before.tag_ in ("DT", "PRP$", "POS")
    return token.head.i == token.i + 1 and not determined


def _in_name(ctx: Context) -> bool:
    """A year straight after a capitalised word that does not start its sentence is part of
    a name: "Union Resolve 2022", "Euro 2016"."""
    found = _WORD_BEFORE.search(ctx.text, max(0, ctx.start - 40), ctx.start)
    if not found or not found.group(1)[:1].isupper() or _month(found.group(1)):
        return False
    head = ctx.text[max(0, found.start() - 3) : found.start()].rstrip()
    return bool(head) and head[-1] not in ".!?\"'“‘\n"


def h_year_spoken(m: re.Match[str], ctx: Context) -> Result | None:
    year = spoken_year(m["sy"])
    label = ctx.label_of(ctx.start, ctx.end)
    cue = m["fy"] or ctx.word_before() in lexicon().cues["year"] or (label and label[0] == "DATE")
    if year is None or not cue:
        return None
    return of_period(Period(YEAR, date(year, 1, 1)))


def h_year_short(m: re.Match[str], ctx: Context) -> Result | None:
    label = ctx.label_of(ctx.start, ctx.end)
    if label is None or label[0] != "DATE":
        return None
    return of_period(Period(YEAR, date(_full_year(m["yy"], ctx.anchor), 1, 1)))


def h_decade(m: re.Match[str], ctx: Context) -> Result | None:
    year = int(m["y"]) if m["y"] else _full_year(m["yy"], ctx.anchor)
    return of_period(Period(DECADE, date(year // 10 * 10, 1, 1)), m["edge"])


def h_decade_words(m: re.Match[str], ctx: Context) -> Result | None:
    tens = DECADE_WORDS[m["w"].lower()] * 10
    now = ctx.anchor.year if ctx.anchor else 2000
    year = now // 100 * 100 + tens
    if year > now:
        year -= 100
    return of_period(Period(DECADE, date(year, 1, 1)), m["edge"])


def h_century(m: re.Match[str], ctx: Context) -> Result | None:
    number = int(m["n"]) if m["n"] else lexicon().ordinals.get(m["ord"].lower())
    if not number or not 1 <= number <= 21:
        return None
    return of_period(Period(CENTURY, date((number - 1) * 100 or 1, 1, 1)), m["edge"])


# --- quarters, halves, seasons ------------------------------------------------------------------


def _quarter_ago(ctx: Context) -> Period | None:
    """The period a year before the last quarter named ("the year-ago quarter")."""
    ref = ctx.reference
    if ref is not None and ref.gran == QUARTER and (ctx.anchor is None or ref.start <= ctx.anchor):
        return ref.shift(-4)  # a forecast quarter ("the third quarter of 1990") is not the one
    if ctx.anchor is None:
        return None
    return containing(QUARTER, ctx.anchor).shift(-5)


def h_quarter(m: re.Match[str], ctx: Context) -> Result | None:
    ordinal = m["q"].lower()
    number = lexicon().ordinals.get(ordinal) or int(ordinal[0])
    gran = QUARTER if m["unit"].lower() == "quarter" else HALF
    if number > (4 if gran == QUARTER else 2):
        return None
    month = (number - 1) * (3 if gran == QUARTER else 6) + 1
    explicit = m["y"] or m["y2"]
    if explicit:
        return of_period(Period(gran, date(int(explicit), month, 1)))
    if m["ago"]:
        ref = _quarter_ago(ctx)
        if ref is None:
            return unknown(gran)
        return _anaphoric(of_period(Period(gran, date(ref.start.year, month, 1))))
    if ctx.anchor is None:
        return Result(f"XXXX-{'Q' if gran == QUARTER else 'H'}{number}", DATE)
    probe = Period(gran, date(ctx.anchor.year, month, 1))
    year = ctx.year_of(probe)
    return of_period(Period(gran, date(year, month, 1)))


def h_quarter_code(m: re.Match[str], ctx: Context) -> Result | None:
    if not m["y"] and ctx.anchor is None:
        return Result(f"XXXX-Q{m['q']}", DATE)
    month = (int(m["q"]) - 1) * 3 + 1
    year = int(m["y"]) if m["y"] else ctx.year_of(Period(QUARTER, date(ctx.anchor.year, month, 1)))
    return of_period(Period(QUARTER, date(year, month, 1)))


def h_quarter_ref(m: re.Match[str], ctx: Context) -> Result | None:
    """Reporting periods ("the latest quarter", "the year-ago period", "the quarter") named by
    reference to the last quarter the text mentioned, or else the last one completed."""
    which = _SPACE.sub(" ", (m["which"] or m["bare"] or "").lower())
    if which == "fiscal" and (m["unit"] or "").lower() == "period":
        return None
    ref = ctx.reference if ctx.reference and ctx.reference.gran == QUARTER else None
    if ctx.anchor is None and ref is None:
        return unknown(QUARTER)
    current = containing(QUARTER, ctx.anchor) if ctx.anchor else ref
    if m["year"]:
        base = ref or current.shift(-1)
        return _anaphoric(of_period(Period(QUARTER, base.start.replace(year=int(m["year"])))))
    if "ago" in which or "earlier" in which:
        period = _quarter_ago(ctx)
        if m["bare"] and ref is None and ctx.anchor:
            period = containing(YEAR, ctx.anchor).shift(-1)  # "the year-ago results"
        return _anaphoric(of_period(period)) if period else unknown(QUARTER)
    if which == "current":
        return of_period(current)
    if which in ("previous", "prior"):
        return _anaphoric(of_period((ref or current).shift(-1)))
    completed = current.shift(-1) if ctx.anchor else None
    if which in ("latest", "most recent", "recent") and ref and completed and ref > completed:
        ref = completed  # the latest quarter is one that has ended
    return _anaphoric(of_period(ref or completed))


def h_season(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["s"]
    code = lexicon().seasons[word.lower()]
    rel = _SPACE.sub(" ", (m["rel"] or "").lower())
    explicit = m["y"] or (spoken_year(m["sy"]) if m["sy"] else None)
    after = ctx.after(5)
    if not (rel or explicit or m["edge"] or m["edge2"]):
        # a bare season is a date only as "the summer" not followed by "of" ("the fall of Kabul")
        if not m["the"] or after.startswith(" of") or word[0].isupper():
            return None
    if explicit:
        return of_period(season(int(explicit), code), m["edge"] or m["edge2"])
    if ctx.anchor is None:
        return Result(f"XXXX-{code}", DATE)
    now = containing("season", ctx.anchor)
    this = season(
        now.start.year if code != "WI" or now.start.month == 12 else now.start.year - 1, code
    )
    if rel in ("last", "the past", "this past"):
        target = this if this < now else season(this.start.year - 1, code)
        if rel == "last" and this == now:
            target = season(this.start.year - 1, code)
    elif rel in ("next", "this coming", "the coming"):
        target = this if this > now else season(this.start.year + 1, code)
    elif rel == "this":
        target = this
    else:
        direction = ctx.direction()
        candidates = [season(this.start.year + k, code) for k in (-1, 0, 1)]
        if direction == PAST:
            target = max(p for p in candidates if p.first <= ctx.anchor)
        elif direction == FUTURE:
            target = min(p for p in candidates if p.last >= ctx.anchor)
        else:
            target = this
    return of_period(target, m["edge"] or m["edge2"])


# --- days, parts of days, weekdays, clock times ------------------------------------------------

_DAYWORD_SHIFT = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _with_time(day: date, suffix: str | None) -> Result:
    if not suffix:
        return of_period(Period(DAY, day))
    return Result(f"{day.isoformat()}T{suffix}", DATE, day, day, Period(DAY, day))


def _pod(word: str | None) -> str | None:
    return lexicon().parts_of_day.get(word.lower()) if word else None


def h_dayword(m: re.Match[str], ctx: Context) -> Result | None:
    if ctx.anchor is None:
        return unknown(DAY)
    word = m["w"].lower()
    day = ctx.anchor + timedelta(days=_DAYWORD_SHIFT[word])
    pod = _pod(m["pod"]) or _pod(m["edge"]) or ("NI" if word == "tonight" else None)
    return _with_time(day, pod)


def h_day_before(m: re.Match[str], ctx: Context) -> Result | None:
    if ctx.anchor is None:
        return unknown(DAY)
    shift = -2 if m["w"].lower().startswith("before") else 2
    return _with_time(ctx.anchor + timedelta(days=shift), None)


def h_part_of_day(m: re.Match[str], ctx: Context) -> Result | None:
    if ctx.anchor is None:
        return unknown(DAY)
    if m["over"]:
        return _with_time((ctx.last_day or ctx.anchor) - timedelta(days=1), "NI")
    rel, pod = m["rel"].lower(), m["pod"].lower()
    if rel == "last" and pod != "night":
        return None  # "last morning" is not a date
    shift = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    return _with_time(ctx.anchor + timedelta(days=shift), _pod(pod))


def _weekday_date(ctx: Context, weekday: int, rel: str, yrel: str | None) -> date | None:
    anchor = ctx.anchor
    if anchor is None:
        return None
    if yrel:
        monday = anchor - timedelta(days=anchor.weekday())
        monday += timedelta(weeks=-1 if yrel.lower() == "last" else 1)
        return monday + timedelta(days=weekday - 1)
    if rel in ("the previous", "the following", "the next", "the same", "that"):
        base = ctx.last_day or anchor
        if rel == "the previous":
            return nearest_weekday(base - timedelta(days=1), weekday, PAST)
        if rel in ("the following", "the next"):
            return nearest_weekday(base + timedelta(days=1), weekday, FUTURE)
        return nearest_weekday(base, weekday, None)
    if rel in ("last", "this past", "past"):
        return nearest_weekday(anchor - timedelta(days=1), weekday, PAST)
    if rel in ("next", "this coming", "coming"):
        return nearest_weekday(anchor + timedelta(days=1), weekday, FUTURE)
    if rel == "this":
        return nearest_weekday(anchor, weekday, ctx.direction())
    # News reports days just gone far more than days to come: with no tense to go by, a bare
    # weekday is the latest one on or before the anchor; in the present ("meet Monday") it
    # is the nearest, usually a plan.
    direction = ctx.direction()
    if direction is None and ctx.tense() != PRESENT:
        direction = PAST
    return nearest_weekday(anchor, weekday, direction)


def h_weekday(m: re.Match[str], ctx: Context) -> Result | None:
    weekday = _weekday(m["wd"])
    rel = _SPACE.sub(" ", (m["rel"] or "").lower())
    if weekday is None:
        return None
    day = _weekday_date(ctx, weekday, rel, m["yrel"])
    if day is None:
        return Result(f"XXXX-WXX-{weekday}", DATE)
    return _with_time(day, _pod(m["pod"]))


def _clock(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    if groups.get("noon"):
        return "12:00" if groups["noon"].lower() == "noon" else "24:00"
    if groups.get("h24"):
        return f"{int(groups['h24']):02d}:{groups['mi24']}"
    if groups.get("h"):
        hour = int(groups["h"])
        if hour > 12:
            return None
        pm = groups["ampm"].lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
        return f"{hour:02d}:{groups.get('mi') or '00'}"
    if groups.get("hw"):
        hour = int(groups["hw"])
        if hour > 12:
            return None
        pm = groups["pod"].lower() != "morning"
        return f"{hour % 12 + (12 if pm else 0):02d}:00"
    return None


def h_clock(m: re.Match[str], ctx: Context) -> Result | None:
    time = _clock(m)
    if time is None or (m["noon"] and ctx.word_before() not in lexicon().cues["clock"]):
        return None  # "high noon"
    ref = ctx.reference
    day = ref.start if ref is not None and ref.gran == DAY else ctx.anchor
    if day is None:
        return Result(f"XXXX-XX-XXT{time}", DATE)
    return _with_time(day, time)


def h_clock_weekday(m: re.Match[str], ctx: Context) -> Result | None:
    time = _clock(m)
    if time is None:
        return None
    if m["w"]:
        if ctx.anchor is None:
            return unknown(DAY)
        day = ctx.anchor + timedelta(days=_DAYWORD_SHIFT[m["w"].lower()])
    else:
        weekday = _weekday(m["wd"])
        day = _weekday_date(ctx, weekday, "", None) if weekday else None
        if day is None:
            return Result(f"XXXX-WXX-{weekday}T{time}", DATE)
    return _with_time(day, time)


def h_clock_date(m: re.Match[str], ctx: Context) -> Result | None:
    time, found = _clock(m), h_date(m, ctx)
    if time is None or found is None or found.first is None:
        return None
    return _with_time(found.first, time)


def h_holiday(m: re.Match[str], ctx: Context) -> Result | None:
    lex = lexicon()
    name = _SPACE.sub(" ", m["h"].lower())

    def at(year: int) -> Period:
        if name in lex.holidays:
            month, day = (int(x) for x in lex.holidays[name].split("-"))
            return Period(DAY, date(year, month, day))
        return moveable_holiday(lex.moveable_holidays[name], year)

    if m["y"]:
        return of_period(at(int(m["y"])))
    if ctx.anchor is None:
        return unknown(DAY)
    options = [at(ctx.anchor.year + k) for k in (-1, 0, 1)]
    direction = ctx.direction()
    if direction == PAST:
        return of_period(max(p for p in options if p.first <= ctx.anchor))
    if direction == FUTURE:
        return of_period(min(p for p in options if p.last >= ctx.anchor))
    return of_period(min(options, key=lambda p: abs((p.first - ctx.anchor).days)))


# --- relative calendar units ----------------------------------------------------------------

_SHIFT = {"last": -1, "past": -1, "the past": -1, "the last": -1, "this past": -1,
          "the latest": -1, "next": 1, "coming": 1, "the coming": 1, "this coming": 1,
          "the next": 1, "this": 0, "the current": 0, "current": 0}  # fmt: skip
_ANAPHORIC = {"the previous": -1, "the prior": -1, "the preceding": -1, "the following": 1,
              "the subsequent": 1, "the same": 0, "that": 0}  # fmt: skip


def _unit_gran(word: str) -> str:
    return UNIT_WORD_GRAN[_SPACE.sub(" ", word.lower())]


def h_relative(m: re.Match[str], ctx: Context) -> Result | None:
    rel = _SPACE.sub(" ", m["rel"].lower())
    gran = _unit_gran(m["unit"])
    edge = m["edge"]
    if gran == DAY and rel not in _ANAPHORIC and rel not in ("the next", "the coming"):
        return None  # "the last day" and "this day" are not dates
    if rel in _ANAPHORIC or (gran == DAY and rel == "the next"):
        base = ctx.base(gran)
        shift = _ANAPHORIC.get(rel, 1)
    else:
        base = containing(gran, ctx.anchor) if ctx.anchor else None
        shift = _SHIFT[rel]
    if base is None:
        return unknown(gran)
    return of_period(base.shift(shift), edge, ctx.anchor)


def h_the_end_of(m: re.Match[str], ctx: Context) -> Result | None:
    if ctx.anchor is None:
        return unknown(YEAR)
    if m["ye"]:
        year = ctx.year_of(date(ctx.anchor.year, 12, 31))
        return of_period(Period(DAY, date(year, 12, 31)))
    gran = _unit_gran(m["unit"])
    base = ctx.base(gran) if gran == DAY else containing(gran, ctx.anchor)
    return of_period(base, m["edge"], ctx.anchor)


def h_the_unit(m: re.Match[str], ctx: Context) -> Result | None:
    gran = _unit_gran(m["unit"])
    if gran == YEAR and ctx.after(8).startswith((" ended", " ending")):
        return Result("P1Y", DURATION)  # "for the year ended Aug. 31": a fiscal year's length
    if ctx.anchor is None:
        return unknown(gran)
    if gran == WEEKEND:
        this = containing(WEEKEND, ctx.anchor)
        direction = ctx.direction()
        if direction != FUTURE and this.first > ctx.anchor:
            this = this.shift(-1)
        return of_period(this)
    return of_period(containing(gran, ctx.anchor))


# --- durations and offsets ----------------------------------------------------------------------


def _unit_code(word: str) -> str | None:
    lex = lexicon()
    word = _SPACE.sub(" ", word.lower())
    for prefix in ("trading ", "business ", "working "):
        word = word.removeprefix(prefix)
    word = lex.plurals.get(word, word)
    if word not in lex.units and word.endswith("s"):
        word = word[:-1]
    return lex.units.get(word)


# a fraction of a unit in the next smaller one: "2 1/2 years" is P2Y6M
_DATE_SMALLER = {"Y": (12, "M"), "Q": (3, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H")}
_TIME_SMALLER = {"H": (60, "M"), "M": (60, "S")}


def duration_value(count: float | None, code: str) -> str:
    """A TIMEX3 duration: P3D, P2W, PT5H, P2Y6M; P10Y for a decade; PXD for a vague count."""
    time = code.startswith("T")
    letter = code.removeprefix("T")
    multiple = 1
    if letter[:-1].isdigit():  # "10Y", "2W": a unit that is a multiple of another
        multiple, letter = int(letter[:-1]), letter[-1]
    prefix = "PT" if time else "P"
    if count is None:
        vague = {"10Y": "DE", "100Y": "CE", "1000Y": "ML"}.get(code.removeprefix("T"), letter)
        return f"{prefix}X{vague}"
    total = count * multiple
    if total == int(total):
        return f"{prefix}{int(total)}{letter}"
    whole, part = int(total), total - int(total)
    table = _TIME_SMALLER if time else _DATE_SMALLER
    if letter not in table:
        return f"{prefix}{total:g}{letter}"
    size, unit = table[letter]
    head = f"{whole}{letter}" if whole else ""
    rest = f"{round(part * size)}{unit}"
    if letter == "D":  # "a day and a half": P1DT12H
        return f"P{head}T{rest}"
    return f"{prefix}{head}{rest}"


def shift_days(day: date, count: float, code: str) -> date:
    """``day`` moved by ``count`` units (negative: back)."""
    letter = code.removeprefix("T")
    multiple = int(letter[:-1]) if letter[:-1].isdigit() else 1
    letter = letter[-1]
    amount = count * multiple
    if code.startswith("T"):
        return day  # hours and minutes do not move the date far enough to say
    if letter == "D":
        return day + timedelta(days=round(amount))
    if letter in ("W", "E"):  # weeks and weekends ("WE")
        return day + timedelta(weeks=amount)
    months = {"M": 1, "Q": 3, "Y": 12}[letter] * amount
    return add_months(day, round(months))


def _count(m: re.Match[str], group: str = "n") -> tuple[float | None, bool]:
    """The count and whether it was read (False: unreadable, reject)."""
    text = _SPACE.sub(" ", m[group].lower())
    if text in lexicon().vague or text == "few":
        return None, True
    value = parse_number(text)
    return value, value is not None


def _preceded_by_number(ctx: Context) -> bool:
    # "30,000 years" must not yield "000 years"
    before = ctx.text[max(0, ctx.start - 2) : ctx.start]
    return bool(re.match(r"\d[,.]$", before))


def h_ago(m: re.Match[str], ctx: Context) -> Result | None:
    count, ok = _count(m)
    code = _unit_code(m["u"])
    if not ok or code is None or _preceded_by_number(ctx):
        return None
    direction = _SPACE.sub(" ", m["dir"].lower())
    back = direction in ("ago", "earlier", "back", "previously")
    anaphoric = direction in ("earlier", "previously")
    if count is None:
        return Result("PAST_REF" if back else "FUTURE_REF", DATE, anaphoric=anaphoric)
    gran = UNIT_GRAN.get(code.removeprefix("T"), YEAR if code.endswith("Y") else DAY)
    if code.startswith("T"):
        gran = DAY
    ref = ctx.reference if anaphoric else None
    if gran == YEAR and count == 1 and ctx.reference and ctx.reference.gran == QUARTER:
        # "a year ago" in an earnings report: the same quarter a year before
        return _anaphoric(of_period(ctx.reference.shift(-4 if back else 4)))
    origin = ref.start if ref is not None and _finer_or_equal(ref.gran, gran) else ctx.anchor
    if origin is None:
        return unknown(gran)
    moved = shift_days(origin, -count if back else count, code)
    result = of_period(containing(gran, moved))
    return _anaphoric(result) if anaphoric else result


def _anaphoric(result: Result) -> Result:
    result.anaphoric = True
    return result


def _anchored(rel: str, count: float | None, code: str, ctx: Context) -> tuple[date, date] | None:
    """The bounds of "the past two weeks", "the next few days": durations that end or start
    at the anchor. Vague counts take the lexicon's upper bound."""
    if ctx.anchor is None or code.startswith("T"):
        return None
    span = count if count is not None else lexicon().vague_max
    rel = rel.split()[0] if rel else ""
    if rel in ("past", "last", "previous", "recent", "prior"):
        return shift_days(ctx.anchor, -span, code), ctx.anchor
    if rel in ("next", "coming", "following", "remaining", "ensuing", "subsequent"):
        return ctx.anchor, shift_days(ctx.anchor, span, code)
    return None


def h_duration(m: re.Match[str], ctx: Context) -> Result | None:
    count, ok = _count(m)
    code = _unit_code(m["u"])
    if not ok or code is None or _preceded_by_number(ctx) or _looks_like_year(m["n"]):
        return None
    if m["half"] and count is not None:
        count += 0.5
    after = ctx.after(8)
    if after.startswith(("-old", " old", "-year-old", "s old")):
        return None  # ages are not time expressions
    article = m["n"].lower() in ("a", "an")
    if article and code in ("TS", "Q"):
        return None  # "a second round", "a quarter of the troops"
    if article and _RATE_BEFORE.search(ctx.text, max(0, ctx.start - 12), ctx.start):
        return None  # "$1.76 a year", "358,000 a month": a rate, not a stretch of time
    rel = _SPACE.sub(" ", (m["rel"] or "").lower())
    bounds = _anchored(rel, count, code, ctx)
    result = Result(duration_value(count, code), DURATION)
    if bounds:
        result.first, result.last = bounds
    return result


def _looks_like_year(count: str) -> bool:
    # "the 1988 quarter" names a period of 1988, not 1,988 quarters
    return len(count) == 4 and count.isdigit() and 1600 <= int(count) <= 2099


def h_vague_units(m: re.Match[str], ctx: Context) -> Result | None:
    code = _unit_code(m["u"])
    if code is None:
        return None
    rel = m["rel"].lower()
    result = Result(duration_value(None, code), DURATION)
    if bounds := _anchored(rel, None, code, ctx):
        result.first, result.last = bounds
    return result


def h_bare_units(m: re.Match[str], ctx: Context) -> Result | None:
    if m["dl"]:
        return Result("PXY", DURATION)
    if ctx.word_before() not in lexicon().cues["bare_units"] or ctx.after(4).startswith(
        (" of", " ago")
    ):
        return None
    code = _unit_code(m["u"])
    return Result(duration_value(None, code), DURATION) if code else None


def h_set(m: re.Match[str], ctx: Context) -> Result | None:
    if m["w"]:
        token = ctx.token_at(ctx.start)
        if token is None or token.tag_ != "RB" or ctx.text[ctx.end + 1 : ctx.end + 2].isupper():
            return None  # "daily newspaper", "the party daily Granma": not frequencies
        return Result(lexicon().sets[m["w"].lower()], SET)
    unit = m["u"] or m["u2"]
    code = _unit_code(unit)
    if code is None:
        return None
    count = 1.0
    if m["n"]:
        count, ok = _count(m)
        if not ok or count is None:
            return None
    return Result(duration_value(count, code), SET)


def h_set_weekday(m: re.Match[str], ctx: Context) -> Result | None:
    weekday = _weekday(m["wd"] or m["wd2"])
    return Result(f"XXXX-WXX-{weekday}", SET) if weekday else None


def h_reference(m: re.Match[str], ctx: Context) -> Result | None:
    word = _SPACE.sub(" ", m["w"].lower())
    if word == "soon" and ctx.word_before() == "as":
        return None  # "as soon as" is a conjunction
    value = lexicon().references[word]
    anchor = ctx.anchor
    if value == "PRESENT_REF":
        return Result(value, DATE, anchor, anchor)
    if value == "PAST_REF":
        return Result(value, DATE, None, anchor)
    return Result(value, DATE, anchor, None)


HANDLERS: dict[str, Handler] = {
    "date_iso": h_date,
    "date_numeric": h_date_numeric,
    "date": h_date,
    "date_dm": h_date,
    "date_range": h_date_range,
    "date_range_dm": h_date_range,
    "year_range": h_year_range,
    "month_year": h_month_year,
    "month_spoken_year": h_month_year,
    "month": h_month,
    "year": h_year,
    "year_spoken": h_year_spoken,
    "year_short": h_year_short,
    "decade": h_decade,
    "decade_words": h_decade_words,
    "century": h_century,
    "quarter": h_quarter,
    "quarter_code": h_quarter_code,
    "quarter_ref": h_quarter_ref,
    "season": h_season,
    "dayword": h_dayword,
    "day_before": h_day_before,
    "part_of_day": h_part_of_day,
    "weekday": h_weekday,
    "clock_weekday": h_clock_weekday,
    "clock_date": h_clock_date,
    "clock": h_clock,
    "the_end_of": h_the_end_of,
    "relative": h_relative,
    "the_unit": h_the_unit,
    "ago": h_ago,
    "duration": h_duration,
    "vague_units": h_vague_units,
    "bare_units": h_bare_units,
    "set": h_set,
    "set_weekday": h_set_weekday,
    "reference": h_reference,
    "holiday": h_holiday,
}
