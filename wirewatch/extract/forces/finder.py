"""The force phrase: candidate head nouns, and the phrase a head names with its count
written inside it ("some 30,000 combat troops") or above it ("thousands of troops").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from wirewatch.extract.forces.counts import DIGITS, parse_count
from wirewatch.extract.forces.grammar import NOUNS, NP_MODIFIERS, first_conjunct, phrase_head
from wirewatch.extract.forces.kinds import kind_and_system
from wirewatch.extract.forces.lexicon import phrase

if TYPE_CHECKING:
    from wirewatch.extract.forces.context import ArticleContext
    from wirewatch.extract.forces.counts import Count
    from wirewatch.extract.forces.lexicon import Lexicon


@dataclass
class Found:
    head: Token  # the noun that names the force ("troops", "aircraft", "Su-25s")
    outer: Token  # where the phrase hangs on its clause: "dozens" in "dozens of tanks"
    first: int  # token index where the phrase's text starts
    kind: str
    system: str | None
    count: Count | None


def candidates(doc: Doc, ctx: ArticleContext) -> list[Token]:
    """Tokens that may head a force phrase, in text order: force-kind nouns and the nouns
    weapon names modify."""
    words = ctx.lex.heads
    found = {t.i for t in doc if t.lemma_.lower() in words or t.lower_ in words}
    for i in list(ctx.mentions_at):
        if ctx.weapon_at(i) is not None:
            found.add(phrase_head(doc[i]).i)
    return [doc[i] for i in sorted(found)]


def find_force(head: Token, ctx: ArticleContext) -> Found | None:
    """The force a head noun names, or None."""
    if head.pos_ not in NOUNS or (
        head.dep_ in ("compound", "nmod") and head.head.i > head.i  # "battalion tactical group"
    ):
        return None
    start = head.left_edge.i
    modifiers = [t for t in ctx.doc[start : head.i] if t.dep_ not in ("det", "punct", "case")]
    kind, system = kind_and_system(modifiers, head, ctx)
    if kind is None:
        return None
    count, first = _inner_count(head, start, ctx)
    outer = first_conjunct(head)
    if count is None:
        count, quantity = _of_count(head, ctx)
        if quantity is not None:
            outer, first = first_conjunct(quantity), _widen(quantity.left_edge.i, ctx.doc, ctx.lex)
    if count is None and system is None:
        return None
    first = min(first, start)
    while first < head.i and ctx.doc[first].dep_ in ("det", "punct", "cc", "prep", "case"):
        first += 1
    return Found(head, outer, first, kind, system, count)


def _is_number(token: Token, ctx: ArticleContext) -> bool:
    """A token that can carry a count: digits or a number word, not part of a name, a date,
    a sum of money or a measure ("F-16", "1987", "$30", "18-year-old", "155 mm")."""
    lex = ctx.lex
    if token.i in ctx.timex_tokens or ctx.in_mention(token.i):
        return False
    if token.i > 0 and token.nbor(-1).tag_ == "$":
        return False
    after = token.doc[token.i + 1 : token.i + 3]
    if len(after) and after[0].lower_ in lex.measures:
        return False
    if len(after) == 2 and after[0].lower_ == "-" and after[1].lower_ not in lex.hyphened:
        return False  # "a 10-warhead missile" counts warheads, not missiles
    return bool(DIGITS.match(token.lower_)) or lex.number_word(token.lower_)


def _reaches(token: Token, head: Token, lex: Lexicon) -> bool:
    """Whether a number modifies ``head`` through modifiers only, none of them a measure."""
    node = token
    while node.i != head.i:
        if node.dep_ not in NP_MODIFIERS or node.lower_ in lex.measures or node.i > head.i:
            return False
        node = node.head
    return True


def _widen(first: int, doc: Doc, lex: Lexicon) -> int:
    """Take in count modifiers before a figure that the parser hung elsewhere ("more than",
    "an estimated", "a few", "between")."""
    while first > 0:
        before = next(
            (
                n
                for n in (3, 2, 1)
                if first - n >= 0 and phrase(doc[first - n : first].text) in lex.count_modifiers
            ),
            0,
        )
        if before:
            first -= before
        elif doc[first - 1].lower_ in lex.articles and doc[first].lower_ in lex.after_article:
            return first - 1
        else:
            return first
    return first


def _count_words(first: int, last: int, doc: Doc) -> list[str]:
    return [t.lower_ for t in doc[first : last + 1] if t.lower_ != ","]


def _inner_count(head: Token, start: int, ctx: ArticleContext) -> tuple[Count | None, int]:
    """The count written inside the phrase ("some 30,000 combat troops") and where it starts."""
    numbers = [
        t for t in ctx.doc[start : head.i] if _is_number(t, ctx) and _reaches(t, head, ctx.lex)
    ]
    if not numbers:
        return None, start
    first = _widen(max(min(t.left_edge.i for t in numbers), start), ctx.doc, ctx.lex)
    last = min(max(t.right_edge.i for t in numbers), head.i - 1)
    return parse_count(_count_words(first, last, ctx.doc), ctx.lex), first


def _of_count(head: Token, ctx: ArticleContext) -> tuple[Count | None, Token | None]:
    """The count of "thousands of troops", "2,000 of its soldiers", "dozens of tanks", and
    the quantity word that carries it."""
    if head.dep_ != "pobj" or head.head.lower_ != "of":
        return None, None
    quantity = head.head.head
    if quantity.i >= head.i or not _is_number(quantity, ctx):
        return None, None
    first = _widen(quantity.left_edge.i, ctx.doc, ctx.lex)
    count = parse_count(_count_words(first, quantity.i, ctx.doc), ctx.lex)
    if count is None or count.count == 1:  # "one of the soldiers" picks, does not count
        return None, None
    return count, quantity
