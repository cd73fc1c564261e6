"""How many: a phrase's number words to a :class:`Count` with bounds. Digits ("30,000",
"1.5 million"), numbers in words ("thirty-five", "a dozen"), vague multiples ("several
thousand"), plural scales ("dozens", "tens of thousands"), modifiers that make the figure
approximate or a bound ("some", "more than", "up to") and ranges ("between 5,000 and 7,000").
Pure word-level: no parse needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wirewatch.extract.forces.lexicon import lexicon

if TYPE_CHECKING:
    from wirewatch.extract.forces.lexicon import Lexicon


# A figure in digits: thousands grouped by commas ("30,000", "1,500.5") or none ("2000",
# "1.5"); a comma anywhere else ("3,00") makes it no figure.
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Count:
    """A force's size: the stated figure and the bounds the wording puts on it."""

    count: int | None
    low: int | None
    high: int | None
    approx: bool


@dataclass(frozen=True)
class _Quantity:
    value: int | None  # an exact figure
    low: int | None  # bounds of a vague one ("thousands", "several hundred")
    high: int | None
    size: int  # words read


def parse_count(words: Sequence[str], lex: Lexicon | None = None) -> Count | None:
    """The count a phrase's number words state: ``["more", "than", "100,000"]`` -> count
    100,000, low 100,000; ``["some", "30,000"]`` -> 30,000, approximate; ``["between",
    "5,000", "and", "7,000"]`` -> low 5,000, high 7,000. None when no figure is found."""
    lex = lex or lexicon()
    words = [w.lower() for w in words]
    effects: set[str] = set()
    i = 0
    while (found := _modifier_at(words, i, lex))[1]:
        effects |= found[0]
        i += found[1]
    first = _quantity(words, i, lex)
    if first is None:
        return None
    i += first.size
    second = None
    trailing, size = _modifier_at(words, i, lex)
    if size:
        effects |= trailing
    elif i < len(words) and words[i] in lex.range_words:
        second = _quantity(words, i + 1, lex)
    return _count(first, second, effects, lex.max_count)


def _count(
    first: _Quantity, second: _Quantity | None, effects: set[str], max_count: int
) -> Count | None:
    approx = "approx" in effects
    if second is not None:
        low = first.value if first.value is not None else first.low
        high = second.value if second.value is not None else second.high
        if low is None or high is None or low >= high:
            return None
        return Count(None, low, high, approx)
    if first.value is None:
        return Count(None, first.low, first.high, True)
    value = first.value
    if not 0 < value <= max_count:
        return None
    low = value if "low" in effects or not (approx or "high" in effects) else None
    high = value if "high" in effects or not (approx or "low" in effects) else None
    return Count(value, low, high, approx)


def _modifier_at(words: Sequence[str], i: int, lex: Lexicon) -> tuple[frozenset[str], int]:
    """The longest count modifier starting at ``words[i]`` and its length (0: none)."""
    for n in (3, 2, 1):
        effects = lex.count_modifiers.get(tuple(words[i : i + n]))
        if effects is not None and i + n <= len(words):
            return effects, n
    return frozenset(), 0


def _digits(word: str) -> float | None:
    return float(word.replace(",", "")) if DIGITS.match(word) else None


def _word_number(words: Sequence[str], i: int, lex: Lexicon) -> tuple[int | None, int]:
    """A number written in words from ``words[i]`` ("two", "thirty-five", "a dozen",
    "two hundred and fifty thousand") and how many words it takes."""
    total, current, j, seen = 0, 0, i, False
    if j < len(words) - 1 and words[j] in lex.articles and words[j + 1] in lex.scales:
        current, j, seen = 1, j + 1, True
    while j < len(words):
        word = words[j]
        if word in lex.units or word in lex.tens:
            current += lex.units.get(word, 0) + lex.tens.get(word, 0)
        elif word in lex.scales and seen:
            scale = lex.scales[word]
            if scale >= 1000:
                total, current = total + current * scale, 0
            else:
                current *= scale
        elif (
            word in lex.number_joiners
            and seen
            and j + 1 < len(words)
            and _numeric(words[j + 1], lex)
        ):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    return (total + current, j - i) if seen else (None, 0)


def _numeric(word: str, lex: Lexicon) -> bool:
    return word in lex.units or word in lex.tens or word in lex.scales


def _scaled(value: float, words: Sequence[str], j: int, lex: Lexicon) -> tuple[float, int]:
    """Apply the scale words after a figure: "1.5 million", "two dozen", "30 thousand"."""
    while j < len(words):
        scale = lex.scales.get(words[j]) or lex.abbreviations.get(words[j])
        if scale is None:
            break
        value, j = value * scale, j + 1
    return value, j


def _quantity(words: Sequence[str], i: int, lex: Lexicon) -> _Quantity | None:
    """A figure (digits or words), a vague multiple or a plural scale at ``words[i]``."""
    if i >= len(words):
        return None
    figure = _digits(words[i])
    if figure is not None:
        value, j = _scaled(figure, words, i + 1, lex)
        return _Quantity(round(value), None, None, j - i) if value == int(value) else None
    number, size = _word_number(words, i, lex)
    if number is not None:
        return _Quantity(number, None, None, size)
    for n in (2, 1):
        bounds = lex.vague.get(tuple(words[i : i + n]))
        if bounds is not None:
            scale, j = _scaled(1, words, i + n, lex)
            j += 1 if j < len(words) and words[j] == "of" else 0  # "a handful of"
            return _Quantity(None, int(bounds[0] * scale), int(bounds[1] * scale), j - i)
    if words[i] in lex.plurals:  # "dozens", "tens of thousands", "hundreds of thousands"
        product, j = lex.plurals[words[i]], i + 1
        while j + 1 < len(words) and words[j] == "of" and words[j + 1] in lex.plurals:
            product, j = product * lex.plurals[words[j + 1]], j + 2
        return _Quantity(None, 2 * product, None, j - i)
    return None
