"""``wirewatch eval quotes``: statements against PolNeAR-style attribution gold.

The real pipeline (parse, entities, statements) runs on each gold article. Each gold
attribution with a content span is matched one-to-one with a statement of the same article:

- content, exact: the statement's pieces (``quote_spans``) are the gold content's spans,
  offsets equal once surrounding whitespace is stripped;
- content, overlap (the headline ``content_f1``): the statement covers at least 30% of the
  gold content's word tokens (GenderGapTracker's measure: the share of the annotated quote the
  extracted one covers); ``content_*_08`` asks for 80%. Pairs are taken best overlap first;
- source accuracy, over the overlap matches whose gold has a source: the statement's speaker
  as written (``speaker_start:speaker_end``) overlaps the gold source span. The gold source is
  the mention as written ("he", "a source"), so a pronoun speaker is scored where it stands,
  whatever entity it was resolved to;
- cue accuracy, over the overlap matches whose gold has a cue: the statement's cue span
  overlaps the gold cue span;
- direct quotes only (``direct_*``): gold contents and statements whose text opens with a
  quotation mark.

PolNeAR marks every attribution (beliefs, intentions, polls "finding"), not only speech, so
recall is bounded by what a speech-cue lexicon reaches; see ``docs/statements.md``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirewatch.eval.gold import read_gold
from wirewatch.eval.report import EvalReport
from wirewatch.eval.spans import PRF
from wirewatch.extract.entities import extract_entities
from wirewatch.extract.statements import extract_statements
from wirewatch.nlp import parse
from wirewatch.records import Article, Statement

OVERLAP = 0.3
STRICT_OVERLAP = 0.8
QUOTE_OPENERS = ("“", '"', "''", "``", "«", "‘", "„", "'")
_WORDS = re.compile(r"\w+")
Span = tuple[int, int]


@dataclass
class Item:
    """A content (gold or system) with what the scores look at."""

    spans: list[Span]
    words: frozenset[int]  # indices of the article's word tokens it covers
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    direct: bool = False


@dataclass
class Tally:
    """Counts for one group of articles."""

    exact: PRF = field(default_factory=PRF)
    overlap: PRF = field(default_factory=PRF)
    strict: PRF = field(default_factory=PRF)
    direct: PRF = field(default_factory=PRF)
    sources: list[bool] = field(default_factory=list)
    cues: list[bool] = field(default_factory=list)
    direct_sources: list[bool] = field(default_factory=list)

    def row(self, name: str) -> list[Any]:
        o = self.overlap
        return [
            name,
            o.tp + o.fn,
            _round(self.exact.f1),
            _round(o.precision),
            _round(o.recall),
            _round(o.f1),
            _round(self.strict.f1),
            _share(self.sources),
            _share(self.cues),
            _round(self.direct.f1),
        ]


def _round(value: float) -> float:
    return round(value, 4)


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _word_index(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for match in _WORDS.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def _words_in(index: tuple[list[int], list[int]], spans: list[Span]) -> frozenset[int]:
    starts, ends = index
    found: set[int] = set()
    for start, end in spans:
        i = bisect_left(starts, start)
        while i < len(starts) and ends[i] <= end:
            found.add(i)
            i += 1
    return frozenset(found)


def _stripped(text: str, spans: list[Span]) -> list[Span]:
    out = []
    for start, end in spans:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        out.append((start + lead, end - trail))
    return out


def _opens_quote(text: str, spans: list[Span]) -> bool:
    return bool(spans) and text[spans[0][0] :].lstrip().startswith(QUOTE_OPENERS)


def gold_items(doc: dict[str, Any], index: tuple[list[int], list[int]]) -> list[Item]:
    text = doc["text"]
    items = []
    for attribution in doc.get("attributions", []):
        content = attribution.get("content")
        if not content or not content.get("spans"):
            continue
        spans = _stripped(text, [tuple(s) for s in content["spans"]])
        source, cue = attribution.get("source"), attribution.get("cue")
        items.append(
            Item(
                spans=spans,
                words=_words_in(index, spans),
                source=[tuple(s) for s in source["spans"]] if source else [],
                cue=[tuple(s) for s in cue["spans"]] if cue else [],
                direct=_opens_quote(text, spans),
            )
        )
    return items


def system_items(
    text: str, statements: list[Statement], index: tuple[list[int], list[int]]
) -> list[Item]:
    items = []
    for st in statements:
        spans = _stripped(text, [tuple(s) for s in (st.quote_spans or [(st.start, st.end)])])
        items.append(
            Item(
                spans=spans,
                words=_words_in(index, spans),
                source=[(st.speaker_start, st.speaker_end)] if st.speaker_start is not None else [],
                cue=[(st.cue_start, st.cue_end)] if st.cue_start is not None else [],
                direct=_opens_quote(text, spans),
            )
        )
    return items


def coverage(gold: Item, system: Item) -> float:
    """Share of the gold content's words the system content covers."""
    if not gold.words:
        return 1.0 if _overlap(gold.spans, system.spans) else 0.0
    return len(gold.words & system.words) / len(gold.words)


def _overlap(a: list[Span], b: list[Span]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def match(gold: list[Item], system: list[Item], threshold: float) -> list[tuple[Item, Item]]:
    """One-to-one (gold, system) pairs covering at least ``threshold``, best first."""
    pairs = []
    for g_at, g in enumerate(gold):
        for s_at, s in enumerate(system):
            score = coverage(g, s)
            if score >= threshold and score > 0:
                pairs.append((score, g_at, s_at))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_gold, used_system, matched = set(), set(), []
    for _, g_at, s_at in pairs:
        if g_at not in used_gold and s_at not in used_system:
            used_gold.add(g_at)
            used_system.add(s_at)
            matched.append((gold[g_at], system[s_at]))
    return matched


def _count(score: PRF, gold: int, system: int, hits: int) -> None:
    score.tp += hits
    score.fp += system - hits
    score.fn += gold - hits


def score_article(tally: Tally, gold: list[Item], system: list[Item]) -> None:
    exact_gold = {tuple(g.spans) for g in gold}
    exact_hits = sum(1 for s in {tuple(s.spans) for s in system} if s in exact_gold)
    _count(tally.exact, len(gold), len(system), exact_hits)
    pairs = match(gold, system, OVERLAP)
    _count(tally.overlap, len(gold), len(system), len(pairs))
    _count(tally.strict, len(gold), len(system), len(match(gold, system, STRICT_OVERLAP)))
    for g, s in pairs:
        if g.source:
            tally.sources.append(_overlap(g.source, s.source))
        if g.cue:
            tally.cues.append(_overlap(g.cue, s.cue))
    direct_gold = [g for g in gold if g.direct]
    direct_system = [s for s in system if s.direct]
    direct_pairs = match(direct_gold, direct_system, OVERLAP)
    _count(tally.direct, len(direct_gold), len(direct_system), len(direct_pairs))
    tally.direct_sources += [_overlap(g.source, s.source) for g, s in direct_pairs if g.source]


def system_statements(docs: list[dict[str, Any]]) -> list[list[Statement]]:
    """The real pipeline's statements for each gold article."""
    articles = [Article(id=d["id"], text=d["text"], published=d.get("date")) for d in docs]
    found = []
    for doc, article in zip(parse(a.text for a in articles), articles, strict=True):
        _, mentions = extract_entities(doc, article)
        found.append(extract_statements(doc, article, mentions))
    return found


COLUMNS = [
    "publisher", "gold", "exact_f1", "precision", "recall", "f1", "f1_0.8", "source_acc",
    "cue_acc", "direct_f1",
]  # fmt: skip


def evaluate(gold_path: str | Path) -> EvalReport:
    docs = list(read_gold(gold_path))
    overall, by_publisher = Tally(), defaultdict(Tally)
    for doc, statements in zip(docs, system_statements(docs), strict=True):
        index = _word_index(doc["text"])
        gold, system = gold_items(doc, index), system_items(doc["text"], statements, index)
        score_article(overall, gold, system)
        score_article(by_publisher[doc.get("publisher") or "all"], gold, system)
    rows = [tally.row(name) for name, tally in sorted(by_publisher.items())]
    if len(by_publisher) > 1:
        rows.append(overall.row("all"))
    o, e, s, d = overall.overlap, overall.exact, overall.strict, overall.direct
    metrics = {
        "task": "quotes",
        "n": o.tp + o.fn,
        "content_precision": _round(o.precision),
        "content_recall": _round(o.recall),
        "content_f1": _round(o.f1),
        "content_precision_exact": _round(e.precision),
        "content_recall_exact": _round(e.recall),
        "content_f1_exact": _round(e.f1),
        "content_precision_08": _round(s.precision),
        "content_recall_08": _round(s.recall),
        "content_f1_08": _round(s.f1),
        "source_accuracy": _share(overall.sources),
        "cue_accuracy": _share(overall.cues),
        "direct_n": d.tp + d.fn,
        "direct_content_precision": _round(d.precision),
        "direct_content_recall": _round(d.recall),
        "direct_content_f1": _round(d.f1),
        "direct_source_accuracy": _share(overall.direct_sources),
        "n_statements": o.tp + o.fp,
        "overlap_threshold": OVERLAP,
    }
    notes = [
        f"content f1: one-to-one matches covering >= {OVERLAP} of the gold content's word tokens"
        f" (GenderGapTracker's measure); f1_0.8: >= {STRICT_OVERLAP}; exact: same spans",
        "source / cue accuracy: over overlap matches, speaker / cue span overlaps the gold one",
        "direct: gold contents and statements that open with a quotation mark",
    ]
    return EvalReport("quotes", metrics, COLUMNS, rows, notes)
