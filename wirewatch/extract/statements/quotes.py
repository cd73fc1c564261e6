"""Quotation marks in raw text: top-level quotations, paired per paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wirewatch.extract.statements.lexicon import CueLexicon, cue_lexicon
from wirewatch.records import Span

_STANDALONE = re.compile(r"(?:^|[.!?:,;—–-])\s*$")  # what may stand before a speech's mark


_PARAGRAPH = re.compile(r"\n\s*")


@dataclass
class Quote:
    """A top-level quotation: one piece per paragraph it runs over, marks included."""

    pieces: list[Span]
    inner_end: int  # offset of the closing mark: text[inner_end - 1] ends the quoted words

    def last_char(self, text: str) -> str:
        """The punctuation that ends the quoted words ("," in '"…," he said'), looking through
        spaces and inner closing marks ('"… 'brain,' "')."""
        at = self.inner_end - 1
        while at > self.start and (text[at].isspace() or text[at] in "'’\""):
            at -= 1
        return text[at]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, at: int, mark: str) -> bool:
    """Whether a mark at ``at`` can open a quotation: words follow, no word runs into it."""
    before = text[at - 1] if at else " "
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    if mark == "‘":
        return not _is_word(before) and (after.isalpha() or after in '"“[')
    if mark == "»":
        return not _is_word(before) and _is_word(after)
    return not _is_word(before) and not after.isspace()


def _closes(text: str, at: int, mark: str) -> bool:
    """Whether a closing mark at ``at`` ends a quotation rather than sits in a word."""
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    if mark in ("’", "’’"):  # also the apostrophe: "Russia’s", "countries’ ties"
        if (
            text[at - 1 : at] == "s"
            and text[at + 1 : at + 3].startswith(" ")
            and (text[at + 2 : at + 3].islower())
        ):
            return False  # "the allies’ doubts": a plural possessive
        return not _is_word(after) and at > 0 and not text[at - 1].isspace()
    return not _is_word(after) or mark in "”»"


def paragraphs(text: str) -> list[Span]:
    bounds, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    bounds = [(s, s + len(text[s:e].rstrip())) for s, e in bounds]
    return [(s, e) for s, e in bounds if e > s]


def _reopens(text: str, at: int, marks: tuple[str, ...]) -> int:
    """Width of the mark that reopens a running quotation at a paragraph's start, else 0."""
    return next((len(mark) for mark in marks if text.startswith(mark, at)), 0)


def _closing(
    stack: list[str], text: str, at: int, mark: str, closers: dict[str, frozenset[str]]
) -> int | None:
    """Depth in ``stack`` of the open quotation this mark closes, if it closes one."""
    if not _closes(text, at, mark):
        return None
    for depth in range(len(stack) - 1, -1, -1):
        if mark in closers[stack[depth]]:
            return depth
    return None


def find_quotes(text: str, lexicon: CueLexicon | None = None) -> list[Quote]:
    """Top-level quotations of a text, in order.

    Marks nest ("… ‘…’ …"); only the outermost quotation is returned. A quotation still open
    at a paragraph's end continues when the next paragraph opens with a quotation mark (the
    convention for a quote over several paragraphs); otherwise its stray mark is dropped.
    """
    lex = lexicon or cue_lexicon()
    quotes: list[Quote] = []
    carried: tuple[str, list[Span]] | None = None  # a quotation open at the paragraph's end
    for para_start, para_end in paragraphs(text):
        stack: list[str] = []
        pieces: list[Span] = []
        piece_start = scan_from = para_start
        if carried is not None and (width := _reopens(text, para_start, lex.reopeners)):
            stack, pieces = [carried[0]], carried[1]
            scan_from = para_start + width
        carried = None
        for match in lex.marks.finditer(text, scan_from, para_end):
            mark, at = match.group(), match.start()
            depth = _closing(stack, text, at, mark, lex.closers) if stack else None
            if depth is not None:
                del stack[depth:]
                if not stack:
                    quotes.append(Quote([*pieces, (piece_start, match.end())], at))
                    pieces = []
                continue
            if mark in lex.closers and _opens(text, at, mark):
                if mark == "‘" and text[at + 1 : at + 2].isdigit():
                    continue  # ‘20s
                if not stack:
                    piece_start, pieces = at, []
                stack.append(mark)
        if stack and (pieces or _STANDALONE.search(text[para_start:piece_start])):
            # Speech left open at the paragraph's end runs on into the next paragraph, or
            # (no mark reopens it) ends here with its closing mark lost.
            carried = (stack[0], [*pieces, (piece_start, para_end)])
            quotes.append(Quote(carried[1], para_end))
    return _settled(quotes)


def _settled(quotes: list[Quote]) -> list[Quote]:
    """Drop the provisional quotations a later paragraph continued."""
    kept: list[Quote] = []
    for quote in quotes:
        if kept and kept[-1].pieces == quote.pieces[: len(kept[-1].pieces)]:
            kept.pop()
        kept.append(quote)
    return kept
