"""The words of ``wirewatch/data/time_words.toml``, loaded once, and number parsing."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_FRACTION = re.compile(r"^(\d+)?\s*(\d)/(\d)$")
_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_SPLIT = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class Lexicon:
    """Word tables of the time grammar; keys are lower case."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    ordinals: dict[str, int]
    vague: tuple[str, ...]
    vague_max: int
    units: dict[str, str]
    plurals: dict[str, str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    sets: dict[str, str]
    references: dict[str, str]
    holidays: dict[str, str]
    moveable_holidays: dict[str, str]
    timezones: tuple[str, ...]
    future_aux: frozenset[str]
    future_heads: frozenset[str]
    plan_verbs: frozenset[str]
    cues: dict[str, frozenset[str]]  # month, year, clock, bare_units: see the data file


@cache
def lexicon() -> Lexicon:
    """The time words, read from the package data on first use."""
    path = resources.files("wirewatch") / "data" / "time_words.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Lexicon(
        months=raw["months"],
        weekdays=raw["weekdays"],
        numbers=raw["numbers"],
        ordinals=raw["ordinals"],
        vague=tuple(raw["vague"]["words"]),
        vague_max=raw["vague"]["vague_max"],
        units=raw["units"],
        plurals=raw["plurals"],
        seasons=raw["seasons"],
        parts_of_day=raw["parts_of_day"],
        sets=raw["sets"],
        references=raw["references"],
        holidays=raw["holidays"],
        moveable_holidays=raw["moveable_holidays"],
        timezones=tuple(raw["timezones"]["words"]),
        future_aux=frozenset(raw["tense"]["future_aux"]),
        future_heads=frozenset(raw["tense"]["future_heads"]),
        plan_verbs=frozenset(raw["tense"]["plan_verbs"]),
        cues={name: frozenset(words) for name, words in raw["cues"].items()},
    )


def parse_number(text: str) -> float | None:
    """The value of a written count: "3", "2 1/2", "twenty-four", "a couple of", "one and a
    half", "two thousand". None for vague counts ("several") and anything unreadable."""
    text = text.strip().lower().replace(",", "")
    if _DIGITS.match(text):
        return float(text)
    if fraction := _FRACTION.match(text):
        whole = int(fraction.group(1) or 0)
        return whole + int(fraction.group(2)) / int(fraction.group(3))
    numbers = lexicon().numbers
    if text in numbers:
        return float(numbers[text])
    return _number_words(text, numbers)


def _number_words(text: str, numbers: dict[str, float]) -> float | None:
    # "one and a half" -> 1.5, "twenty four" -> 24, "two thousand" -> 2000.
    half = 0.0
    for suffix in (" and a half", " and half"):
        if text.endswith(suffix):
            text, half = text[: -len(suffix)], 0.5
    total, current = 0.0, 0.0
    for word in _SPLIT.split(text):
        if word in ("and", ""):
            continue
        value = numbers.get(word)
        if value is None:
            return None
        if value in (100, 1000):
            current = (current or 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        else:
            current += value
    result = total + current + half
    return result or None


def spoken_year(text: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand" -> 2000, "twenty ten" -> 2010."""
    words = _SPLIT.split(text.strip().lower())
    numbers = lexicon().numbers
    if len(words) >= 2 and words[0] in numbers and 10 <= numbers[words[0]] <= 20:
        rest = _number_words(" ".join(words[1:]), numbers)
        if rest is not None and rest < 100 and words[1] not in ("hundred", "thousand"):
            return int(numbers[words[0]] * 100 + rest)
    value = _number_words(" ".join(words), numbers)
    return int(value) if value and 1000 <= value <= 2100 else None
