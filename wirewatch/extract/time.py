"""Time expressions in one article, normalised against the article's date.

A regular grammar (:mod:`wirewatch.extract.timex.grammar`, words from
``wirewatch/data/time_words.toml``) proposes spans; overlapping proposals are settled longest
first, each handler (:mod:`wirewatch.extract.timex.resolve`) turning its span into a TIMEX3-style
``value``, ``first``/``last`` ISO dates and a ``kind``. Relative expressions are resolved
against the anchor: the article's ``published`` date, else the first day of its
``published_window``, else the window :func:`infer_publication` infers from the text. The
tense of the clause decides direction ("on Thursday" in a past-tense clause is the latest
Thursday on or before the anchor). spaCy's DATE/TIME entities are consulted, not trusted: they
veto years that are counts or parts of names and fill in dates the grammar does not know,
through ``dateparser``, when it can read them. See ``docs/time.md``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from wirewatch.extract.sentences import sentence_of
from wirewatch.extract.timex import fallback
from wirewatch.extract.timex.calendar import DAY as DAY_GRAN
from wirewatch.extract.timex.grammar import Candidate, find
from wirewatch.extract.timex.publication import YEAR_IN_TEXT, Clue, check_date, infer_window
from wirewatch.extract.timex.resolve import DATE, HANDLERS, INTERVAL, Context, Found, Result
from wirewatch.extract.timex.tense import FUTURE, PAST, PERFECT, PLUPERFECT, tense
from wirewatch.nlp import doc_text, stock_entities
from wirewatch.records import Article, Timex

__all__ = ["check_published", "extract_timexes", "find_timexes", "infer_publication"]

_PAST_TENSES = {PAST, PERFECT, PLUPERFECT}
_SINCE = re.compile(r"(?<!\w)[Ss]ince\s+$")


_NAME_BEFORE_YEAR = re.compile(r"[A-Z][\w-]*\s+$")
_DECIMAL_AFTER = re.compile(r"[.,]\d")


def _name_years(text: str, found: list[Found]) -> list[int]:
    """Years written in names ("Union Resolve 2022", "Euro 2016") outside any time
    expression: after a capitalised word, and not the start of a number ("2082.1")."""
    spans = [(f.start, f.end) for f in found]
    years = []
    for m in YEAR_IN_TEXT.finditer(text):
        if any(s <= m.start() < e for s, e in spans) or _DECIMAL_AFTER.match(text, m.end()):
            continue
        if _NAME_BEFORE_YEAR.search(text, max(0, m.start() - 30), m.start()):
            years.append(int(m.group(0)))
    return years


def _context(doc: Doc, anchor: date | None) -> Context:
    """A handler context over ``doc``: tense, POS tags and entity labels by character offset."""
    starts = doc.to_array(IDX).tolist()
    ents = [(e.start_char, e.end_char, e.label_) for e in stock_entities(doc)]

    def tense_of(start: int, end: int) -> str | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        return tense(span) if span is not None and len(span) else None

    def token_at(offset: int) -> Token | None:
        i = bisect_right(starts, offset) - 1
        return doc[i] if i >= 0 else None

    def label_of(start: int, end: int) -> tuple[str, int, int] | None:
        return next(((lab, s, e) for s, e, lab in ents if s < end and start < e), None)

    return Context(doc_text(doc), anchor, tense_of, token_at, label_of)


def _run(candidate: Candidate, ctx: Context) -> Result | None:
    ctx.start, ctx.end = candidate.start, candidate.end
    return HANDLERS[candidate.rule](candidate.match, ctx)


def _select(candidates: list[Candidate], ctx: Context) -> list[Candidate]:
    """Non-overlapping candidates, longest first; a candidate its handler rejects makes way
    for shorter ones under it."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), c.order, c.start))
    for candidate in ranked:
        if any(candidate.start < e and s < candidate.end for s, e in taken):
            continue
        if _run(candidate, ctx) is not None:
            chosen.append(candidate)
            taken.append((candidate.start, candidate.end))
    return sorted(chosen, key=lambda c: c.start)


def _since(found: Found, ctx: Context) -> Found:
    """ "since 2020" is an interval from the start of the period named to the anchor; the
    word "since" joins the span because it changes the value."""
    result, anchor = found.result, ctx.anchor
    since = _SINCE.search(ctx.text, max(0, found.start - 8), found.start)
    period = result.period
    if since is None or anchor is None or result.kind != DATE or period is None:
        return found
    if period.first > anchor:
        return found
    value = f"{period.value}/{anchor.isoformat()}"
    return Found(
        since.start(), found.end, found.rule, Result(value, INTERVAL, result.first, anchor)
    )


def find_timexes(doc: Doc, anchor: date | None) -> list[Found]:
    """Every time expression in ``doc``, resolved against ``anchor``, in text order.

    Handlers run twice: once to choose among overlapping candidates, then again in text order
    so that anaphora ("a year earlier", "the following day") see the period named last."""
    ctx = _context(doc, anchor)
    candidates = find(doc_text(doc))
    chosen = _select(candidates, ctx)
    found = []
    for candidate in chosen:
        result = _run(candidate, ctx)
        if result is None:
            continue
        if result.period is not None and result.kind == DATE and not result.anaphoric:
            ctx.reference = result.period
            if result.period.gran == "day":
                ctx.last_day = result.period.start
        found.append(_since(Found(candidate.start, candidate.end, candidate.rule, result), ctx))
    # spaCy's entities only where the grammar saw nothing, not even what it rejected
    seen = [(c.start, c.end) for c in candidates]
    found += fallback.entities(doc, seen, anchor)
    return sorted(found, key=lambda f: f.start)


def anchor_of(doc: Doc, article: Article) -> date | None:
    """The date relative expressions are resolved against: ``published``, else the first day
    of ``published_window`` (the earliest the article can have been written, which is closest
    to the events it reports), else the first day of the inferred window; never today."""
    published, _ = check_date(article.published, date.max)
    if published:
        return date.fromisoformat(published)
    window = article.published_window or infer_publication(doc, article)
    return date.fromisoformat(window[0]) if window else None


def check_published(article: Article, today: date | None = None) -> tuple[str | None, str | None]:
    """``(published, None)`` when ``article.published`` is usable, ``(None, warning)`` when it
    is not a real date, is before 1900 or is later than ``today`` (default: the local date
    now; one day's slack for time zones). An article that fails is to be treated as undated."""
    return check_date(article.published, today or date.today())


def infer_publication(doc: Doc, article: Article) -> tuple[str, str] | None:
    """The window (first, last ISO dates) an undated article was published in, from the
    dates and weekdays its text names; None when it names no day or month."""
    ctx = _context(doc, None)
    clues = []
    found = find_timexes(doc, None)
    for f in found:
        if f.result.kind not in (DATE, INTERVAL):
            continue
        tense_ = ctx.tense_of(f.start, f.end)
        bare_weekday = f.rule == "weekday" and f.result.value.startswith("XXXX-WXX-")
        gran = f.result.period.gran if f.result.period else None
        # a full date outside any clause has happened: datelines, time stamps
        stamp = tense_ is None and gran == DAY_GRAN and f.result.first is not None
        clues.append(
            Clue(
                f.result.value,
                f.result.first,
                f.result.last,
                gran,
                tense_ in _PAST_TENSES or stamp,
                tense_ == FUTURE,
                bare_weekday,
            )
        )
    window = infer_window(clues, _name_years(doc_text(doc), found))
    return (window[0].isoformat(), window[1].isoformat()) if window else None


def extract_timexes(doc: Doc, article: Article) -> list[Timex]:
    """The article's time expressions as :class:`Timex` records (offsets into ``doc.text``,
    which is ``article.text``)."""
    anchor = anchor_of(doc, article)
    anchor_iso = anchor.isoformat() if anchor else None
    records = []
    for f in find_timexes(doc, anchor):
        sentence_start, sentence_end = sentence_of(doc, f.start, f.end)
        result = f.result
        records.append(
            Timex(
                article_id=article.id,
                text=article.text[f.start : f.end],
                start=f.start,
                end=f.end,
                sentence=article.text[sentence_start:sentence_end],
                sentence_start=sentence_start,
                sentence_end=sentence_end,
                value=result.value,
                first=result.first.isoformat() if result.first else None,
                last=result.last.isoformat() if result.last else None,
                kind=result.kind,
                anchor=anchor_iso,
            )
        )
    return records
