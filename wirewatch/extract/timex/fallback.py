"""spaCy DATE/TIME entities the grammar left alone, read by ``dateparser`` where it can.

The grammar covers the forms news uses; spaCy's entities catch some it does not ("2022/02/03",
"the 3rd February"). Most of what they add is noise (ages, counts, "quarterly"), so an entity
is only tried when it looks like a calendar date: a month name, a four-digit year or a
numeric day/month; and only with a date to resolve against, so dateparser never falls back
on today.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from wirewatch.extract.timex.calendar import DAY, MONTH, WEEK, YEAR, containing
from wirewatch.extract.timex.lexicon import lexicon
from wirewatch.extract.timex.resolve import Found, of_period
from wirewatch.nlp import stock_entities

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_LABELS = {"DATE", "TIME"}
_AGE = re.compile(r"\bold\b|-old\b", re.I)
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
_PERIODS = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR}
# "at 1100 GMT", "0700 EDT": a 24-hour clock time, which dateparser reads as a year
_CLOCK = re.compile(r"^(?:at\s+)?[012]\d[0-5]\d(?:\s*(?:[A-Z]{2,4}|hrs|hours|local(?:\s+time)?))?$")
EARLIEST_YEAR = 1600  # as the grammar's years: older ones in news are clocks or counts


@lru_cache(maxsize=1)
def _readable() -> re.Pattern[str]:
    months = "|".join(sorted(lexicon().months, key=len, reverse=True))
    return re.compile(rf"\b(?:{months})\b|\b\d{{4}}\b|\b\d{{1,2}}[/.]\d{{1,2}}\b", re.I)


@lru_cache(maxsize=64)
def _parser(base: date) -> DateDataParser:
    # one parser per anchor: dateparser takes its relative base at construction. Imported
    # here: loading dateparser costs a few hundred milliseconds that most commands never need.
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": "past"}  # fmt: skip
    return DateDataParser(languages=["en"], settings=settings)


def entities(doc: Doc, seen: list[tuple[int, int]], anchor: date | None) -> list[Found]:
    """Timexes for the date-like spaCy entities that overlap no span in ``seen``."""
    extra = []
    for ent in stock_entities(doc):
        text = ent.text
        if ent.label_ not in _LABELS or _AGE.search(text) or _CLOCK.match(text):
            continue
        if not _readable().search(text):
            continue
        if any(start < ent.end_char and ent.start_char < end for start, end in seen):
            continue
        year = _YEAR.search(text)
        base = anchor or (date(int(year.group(0)), 1, 1) if year else None)
        if base is None:
            continue
        data = _parser(base).get_date_data(text)
        if data.date_obj is None or data.date_obj.year < EARLIEST_YEAR:
            continue
        period = containing(_PERIODS.get(data.period or "day", DAY), data.date_obj.date())
        extra.append(Found(ent.start_char, ent.end_char, "dateparser", of_period(period)))
    return extra
