"""The time-expression grammar: regular expressions built from the words of
``time_words.toml``, one rule per kind of expression, and the search that runs them over a text.

Each rule names the handler that resolves it (:mod:`wirewatch.extract.timex.resolve`). Spans
follow TimeML's conventions: a determiner and modifiers ("the", "early", "nearly", "last")
belong to the expression, a preposition ("on", "in", "over", "from") does not; "since" and
"between" do, because they make the expression an interval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from wirewatch.extract.timex.lexicon import Lexicon, lexicon

_PLACEHOLDER = re.compile(r"@(\w+)(?::(\w+))?@")
_ABBREVIATED = 3  # month and weekday names this short may take a full stop ("Feb.", "Thu.")


def _alt(words: list[str]) -> str:
    """An alternation of ``words``, longest first so that "a few" wins over "a"."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


def _proper(words: list[str], stop: bool) -> str:
    """Capitalised and upper-case forms of names; short forms may take a full stop."""
    forms = []
    for word in sorted(words, key=len, reverse=True):
        for form in (word.capitalize(), word.upper()):
            dot = r"\.?" if stop and len(word) <= _ABBREVIATED + 1 and word != "may" else ""
            forms.append(re.escape(form) + dot)
    return "|".join(forms)


def _number_words(lex: Lexicon) -> str:
    single = [w for w, v in lex.numbers.items() if " " not in w and w not in ("a", "an")]
    word = f"(?:{_alt(single)})"
    # bounded: an unbounded run of number words backtracks quadratically on "one one one ..."
    return rf"{word}(?:[\s-]+(?:and\s+)?{word}){{0,5}}(?:\s+and\s+a\s+half)?"


@cache
def pieces() -> dict[str, str]:
    """The named sub-patterns rules are written with (``@NAME@`` in a rule)."""
    lex = lexicon()
    full_months = [m for m in lex.months if len(m) > _ABBREVIATED or m == "may"]
    full_days = [d for d in lex.weekdays if len(d) > 4]
    multiword_numbers = [w for w in lex.numbers if " " in w]
    units = sorted({*lex.units, *lex.plurals}, key=len, reverse=True)
    unit_alt = "|".join(
        re.escape(u).replace(r"\ ", r"\s+") + ("" if u in lex.plurals else "s?") for u in units
    )
    p = {
        "MON": _proper(list(lex.months), stop=True),
        "MONTH": _proper(full_months, stop=False),
        "WD": _proper(full_days, stop=False),
        "WDA": _proper(list(lex.weekdays), stop=True),
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
        "YEAR": r"(?<![\d$£€.,/])(?<!\d-)(?:1[6-9]\d\d|20\d\d)(?![\d,]\d|\d|%|\s?percent)",
        "SPOKENYEAR": (
            r"(?i:(?:nineteen|eighteen|twenty)[\s-]+(?:hundred|o[\s-]\w+|(?:ten|eleven|twelve|"
            r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|"
            r"forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|"
            r"seven|eight|nine))?)|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|"
            r"seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
            r"eighteen|nineteen|twenty))?)"
        ),
        "NUM": (
            rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|\d/\d|{_alt(lex.vague + tuple(multiword_numbers))}"
            rf"|{_number_words(lex)}|an?)"
        ),
        "QMOD": (
            r"(?:(?:nearly|almost|approximately|roughly|over|more\s+than|less\s+than|"
            r"fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|"
            r"barely|well\s+over|under|close\s+to|a\s+full|the\s+better\s+part\s+of)\s+)"
        ),
        "UNIT": rf"(?:(?:trading|business|working)\s+)?(?:{unit_alt})",
        "PLURALUNIT": r"(?:seconds|minutes|hours|days|nights|weeks|months|years|decades|"
        r"centuries)",
        "EDGE": r"(?:early|late|mid|the\s+(?:end|beginning|start|middle|rest|remainder)\s+of)",
        "REL": (
            r"(?:this\s+past|this\s+coming|last|next|this|coming|past|the\s+past|the\s+last|"
            r"the\s+previous|the\s+prior|the\s+following|the\s+next|the\s+coming|the\s+current|"
            r"current|the\s+same|that|the\s+latest|the\s+preceding|the\s+subsequent)"
        ),
        "ORD": _alt(list(lex.ordinals)),
        "POD": _alt(list(lex.parts_of_day)),
        "SEASON": _alt(list(lex.seasons)),
        "TZ": _alt(list(lex.timezones)),
        "CLOCK": (
            r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>(?i:[ap]\.\s?m\b\.?|"
            r"[ap]m\b))|(?P<noon>(?i:noon|midnight))|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)"
            r"(?!\d))"
        ),
    }
    p["CLOCKTZ"] = rf"{p['CLOCK']}(?:\s+(?:{p['TZ']}))?"
    return p


def expand(template: str) -> str:
    """Replace ``@NAME@`` by a non-capturing sub-pattern and ``@NAME:g@`` by group ``g``."""
    table = pieces()

    def sub(m: re.Match[str]) -> str:
        body = table[m.group(1)]
        return f"(?P<{m.group(2)}>{body})" if m.group(2) else f"(?:{body})"

    return _PLACEHOLDER.sub(sub, template)


# (rule name, template, case-insensitive). Month and weekday names are matched case-sensitively
# (from their capitalised forms) so that "may", "march" and "sun" stay verbs and nouns; other
# words are wrapped in (?i:...) where such a rule needs them in any case.
RULES: list[tuple[str, str, bool]] = [
    (
        "date_iso",
        r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d-])",
        False,
    ),
    ("date_numeric", r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d\d)(?![\d/])", False),
    (
        "date",
        r"(?:@WDA:wd@,?\s+)?@MON:m@\s*@DAY:d@(?:,?\s+@YEAR:y@)?(?:,?\s+@WD:wd2@)?",
        False,
    ),
    (
        "date_dm",
        r"(?:@WDA:wd@,?\s+)?(?:(?i:the)\s+)?(?:@DAY:d@\s+(?:(?i:of)\s+)?|(?i:(?P<ord>@ORD@))\s+"
        r"(?i:of)\s+)@MON:m@(?:,?\s+@YEAR:y@)?",
        False,
    ),
    (
        "date_range",
        r"(?:(?P<between>(?i:between))\s+)?@MON:m@\s*@DAY:d@\s*(?:[-–—]|(?P<conj>(?i:to|through|"
        r"until|till|and))\s+)(?:@MON:m2@\s*)?@DAY:d2@(?:,?\s+@YEAR:y@)?",
        False,
    ),
    (
        "date_range_dm",
        r"(?:(?P<between>(?i:between))\s+)?@DAY:d@\s*(?:[-–—]|(?P<conj>(?i:to|through|until|"
        r"till|and))\s+)@DAY:d2@\s+(?:(?i:of)\s+)?@MON:m@(?:,?\s+@YEAR:y@)?",
        False,
    ),
    (
        "year_range",
        r"(?:(?P<between>(?i:between))\s+)?@YEAR:y@\s*(?:[-–—]|(?P<conj>(?i:to|through|until|"
        r"till|and))\s+)(?P<y2>1[6-9]\d\d|20\d\d|\d\d)(?!\d)",
        False,
    ),
    ("month_year", r"(?:(?i:@EDGE:edge@)[-\s]*)?@MON:m@,?\s+(?:(?i:of)\s+)?@YEAR:y@", False),
    (
        "month_spoken_year",
        r"(?:(?i:@EDGE:edge@)[-\s]*)?@MONTH:m@,?\s+(?:(?i:of)\s+)?@SPOKENYEAR:sy@",
        False,
    ),
    (
        "month",
        r"(?:(?P<edge>(?i:@EDGE@))[-\s]+)?(?:(?P<rel>(?i:this\s+past|this\s+coming|last|next|"
        r"this))\s+)?@MONTH:m@(?:\s+(?i:(?P<yrel>last|this|next)\s+year))?",
        False,
    ),
    (
        "year",
        r"(?:(?P<edge>(?i:@EDGE@))[-\s]*)?(?:(?P<fy>(?i:fiscal|calendar|the\s+year|FY))[-\s]*)?"
        r"@YEAR:y@(?:(?P<later>\s+(?i:or\s+later|and\s+beyond)))?",
        False,
    ),
    ("year_spoken", r"(?:(?P<fy>(?i:the\s+year))\s+)?@SPOKENYEAR:sy@", False),
    ("year_short", r"(?<![\w'’])['’](?P<yy>\d\d)(?!\d|s)", False),
    (
        "decade",
        r"(?:the\s+)?(?:(?P<edge>early|mid|late)[-\s]+)?(?:(?P<y>1[0-9]\d0|20\d0)|['’](?P<yy>\d0))"
        r"['’]?s(?!\w)",
        True,
    ),
    (
        "decade_words",
        r"the\s+(?:(?P<edge>early|mid|late)[-\s]+)?(?P<w>twenties|thirties|forties|fifties|"
        r"sixties|seventies|eighties|nineties)",
        True,
    ),
    (
        "century",
        r"(?:the\s+)?(?:(?P<edge>early|mid|late)[-\s]+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|"
        r"(?P<ord>\w+))[-\s]century",
        True,
    ),
    (
        "quarter",
        r"(?:the\s+(?!(?:fiscal[-\s]+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)-))?"
        r"(?:(?:@YEAR:y@|(?P<ago>year-ago|year-earlier|"
        r"comparable|year\s+ago|year\s+earlier|comparable\s+year-ago|comparable\s+year-earlier))"
        r"\s+)?(?:(?:fiscal|calendar)[-\s]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
        r"[-\s](?P<unit>quarter|half)s?(?:\s+of\s+(?:(?:fiscal|calendar|the\s+year)\s+)?"
        r"@YEAR:y2@)?",
        True,
    ),
    ("quarter_code", r"Q(?P<q>[1-4])(?:\s+@YEAR:y@)?(?!\w)", False),
    (
        "quarter_ref",
        r"(?:the\s+)?(?P<which>latest|current|most\s+recent|recent|previous|prior|same|"
        r"comparable\s+year-ago|comparable\s+year-earlier|year-ago|year-earlier|comparable|"
        r"fiscal)\s+(?P<unit>quarter|period)(?!s|-)|the\s+(?P<unit2>quarter)(?![-\w])"
        r"|the\s+(?P<year>1[6-9]\d\d|20\d\d)\s+(?:quarter|period)(?![-\w])"
        r"|(?P<bare>year-ago|year-earlier)(?=\s+(?:results?|period|quarter|level|figures?|"
        r"profits?|earnings|net|sales|loss|revenue))",
        True,
    ),
    (
        "season",
        r"(?:(?P<edge>early|late|mid)[-\s]*)?(?:(?P<rel>this\s+past|this\s+coming|last|next|this|"
        r"the\s+past|the\s+coming)\s+)?(?:(?P<the>the)\s+)?(?:(?P<edge2>early|late)\s+)?"
        r"(?P<s>@SEASON@)(?:(?:\s+of)?\s+@YEAR:y@|\s+of\s+@SPOKENYEAR:sy@)?",
        True,
    ),
    (
        "dayword",
        r"(?:(?P<edge>early|late|later|earlier|mid-afternoon|mid-morning)\s+)?(?P<w>today|"
        r"yesterday|tomorrow|tonight)(?:\s+(?P<pod>@POD@))?",
        True,
    ),
    ("day_before", r"the\s+day\s+(?P<w>before\s+yesterday|after\s+tomorrow)", True),
    (
        "part_of_day",
        r"(?:(?P<edge>early|late|later|earlier)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+"
        r"(?P<pod>morning|afternoon|evening|night)|(?P<over>overnight)",
        True,
    ),
    (
        "weekday",
        r"(?:(?i:(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past|the\s+previous|"
        r"the\s+following|the\s+next|the\s+same|that|early|late))\s+)?@WD:wd@"
        r"(?:,?\s+(?i:(?P<yrel>last|next)\s+week))?(?:\s+(?i:(?P<pod>@POD@)))?",
        False,
    ),
    (
        "clock_weekday",
        r"@CLOCKTZ@,?\s+(?:(?i:on)\s+)?(?:@WD:wd@|(?P<w>(?i:today|yesterday|tomorrow)))",
        False,
    ),
    ("clock_date", r"@CLOCKTZ@,?\s+(?:(?i:on)\s+)?@MON:m@\s*@DAY:d@(?:,?\s+@YEAR:y@)?", False),
    (
        "clock",
        r"@CLOCKTZ@|(?P<hw>\d{1,2})\s+(?i:in\s+the\s+(?P<pod>morning|afternoon|evening))",
        False,
    ),
    (
        "the_end_of",
        r"(?:the\s+)?(?P<edge>end|beginning|start|middle|rest|remainder)\s+of\s+(?:the|this)\s+"
        r"(?P<unit>year|month|week|decade|quarter|day)(?!-)|(?P<ye>year[-\s]end)(?!\w)",
        True,
    ),
    (
        "relative",
        r"(?:(?P<edge>early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|"
        r"the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|"
        r"the\s+first\s+half\s+of|the\s+second\s+half\s+of)[-\s]+)?@REL:rel@\s+"
        r"(?P<unit>week|weekend|month|year|quarter|decade|century|fiscal\s+year|day)(?![\w-])",
        True,
    ),
    ("the_unit", r"the\s+(?P<unit>weekend|year|week|full\s+year|fiscal\s+year)(?![\w-])", True),
    (
        "ago",
        # "three days later" is left to "duration": TimeML marks "three days" there, not a date
        r"@QMOD@?@NUM:n@[\s-]+(?:more\s+)?@UNIT:u@(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|"
        r"from\s+now|hence|back|previously)(?!\w)",
        True,
    ),
    (
        "duration",
        r"(?:(?:the|each\s+of\s+the)\s+(?!\w+-\w))?(?:(?P<rel>past|last|next|first|coming|"
        r"previous|following|final|latest|remaining|initial|same|year-earlier|year-ago|full|"
        r"entire|whole|prior|past\s+several|last\s+several|next\s+several|past\s+few|last\s+few|"
        r"next\s+few|first\s+few)\s+)?@QMOD@?@NUM:n@(?:\s*(?:to|-|or)\s*@NUM:n2@)?(?:\s+(?:more|"
        r"additional|straight|consecutive|full|long))?[\s-]+@UNIT:u@(?P<half>\s+and\s+a\s+half)?"
        r"(?![\w-])",
        True,
    ),
    (
        "vague_units",
        r"(?:the\s+)?(?P<rel>recent|coming|past|last|next|previous|following|ensuing|"
        r"subsequent)\s+@PLURALUNIT:u@(?![\w-])",
        True,
    ),
    (
        "bare_units",
        r"(?P<u>@PLURALUNIT@)(?:\s+or\s+(?P<u2>@PLURALUNIT@))?(?![\w-])|(?P<dl>decades)-long",
        True,
    ),
    (
        "set",
        r"(?P<w>daily|nightly|weekly|monthly|quarterly|annually|yearly|hourly)|(?:every|each)\s+"
        r"(?:other\s+)?(?:@NUM:n@\s+)?@UNIT:u@|(?P<times>once|twice|\w+\s+times)\s+(?:a|per|"
        r"each|every)\s+@UNIT:u2@",
        True,
    ),
    ("set_weekday", r"(?i:every|each)\s+@WD:wd@|@WD:wd2@s(?=\s+(?i:and|or)\s)", False),
    ("reference", r"(?P<w>@REFERENCES@)(?![\w-])", True),
    ("holiday", r"(?P<h>@HOLIDAYS@)(?:,?\s+(?:of\s+)?@YEAR:y@)?", False),
]


def _holidays(lex: Lexicon) -> str:
    names = [*lex.holidays, *lex.moveable_holidays]
    forms = []
    for name in sorted(names, key=len, reverse=True):
        # capitalised first word; the rest in any case ("Easter week", "Election Day")
        head, rest = name[:1].upper(), re.escape(name[1:]).replace(r"\ ", r"\s+")
        forms.append(f"{head}(?i:{rest})")
    return "|".join(forms)


@cache
def compiled() -> list[tuple[str, re.Pattern[str]]]:
    """The rules, compiled once per process."""
    lex = lexicon()
    extra = {"REFERENCES": _alt(list(lex.references)), "HOLIDAYS": _holidays(lex)}
    out = []
    for name, template, nocase in RULES:
        for key, body in extra.items():
            template = template.replace(f"@{key}@", f"(?:{body})")
        pattern = rf"(?<![\w])(?:{expand(template)})(?!(?<=\w)\w)"
        out.append((name, re.compile(pattern, re.IGNORECASE if nocase else 0)))
    return out


@dataclass(frozen=True)
class Candidate:
    """One rule's match: where it is and what the rule saw."""

    start: int
    end: int
    rule: str
    match: re.Match[str]
    order: int  # the rule's place in RULES: the tie-break between equally long matches


_INNER_CAPITAL = re.compile(r"\s(?!Century\b)[A-Z][a-z]")


def _is_title(pattern: re.Pattern[str], text: str) -> bool:
    # "60 Minutes", "This Week With David Brinkley": a capitalised word inside a span of
    # common words is a title, not a time
    return bool(pattern.flags & re.IGNORECASE) and bool(_INNER_CAPITAL.search(text))


def find(text: str) -> list[Candidate]:
    """Every rule's matches in ``text``, overlapping ones included, sorted by position."""
    found = []
    for order, (name, pattern) in enumerate(compiled()):
        for match in pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] in " \t\n,":
                end -= 1  # optional trailing parts can leave a comma or blank behind
            span = text[start:end]
            if end > start and "\n\n" not in span and not _is_title(pattern, span):
                found.append(Candidate(start, end, name, match, order))
    found.sort(key=lambda c: (c.start, -(c.end - c.start), c.order))
    return found
