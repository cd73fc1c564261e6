"""``wirewatch eval time``: TIMEX span P/R/F1 (strict and relaxed) and value accuracy.

Scored as in TempEval-3 Task A: a strict match has the gold span's exact offsets, a relaxed
match overlaps it (each gold and system span matched at most once, best overlap first). Value
accuracy is the share of relaxed matches whose TIMEX3 ``value`` equals the gold one; the
anchor is each gold document's ``date`` (its document creation time).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from wirewatch.eval.gold import read_gold
from wirewatch.eval.report import EvalReport
from wirewatch.eval.spans import PRF, score_spans
from wirewatch.extract.time import extract_timexes
from wirewatch.nlp import parse
from wirewatch.records import Article, Timex

COLUMNS = ["subset", "gold", "strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r",
           "relaxed_f1", "value_acc"]  # fmt: skip
Span = tuple[int, int, str]  # start, end, value


def system_timexes(docs: list[dict]) -> list[list[Timex]]:
    """The real pipeline's timexes for each gold document, anchored on its ``date``."""
    articles = [Article(id=d["id"], text=d["text"], published=d.get("date")) for d in docs]
    return [
        extract_timexes(doc, article)
        for doc, article in zip(parse(a.text for a in articles), articles, strict=True)
    ]


def match_relaxed(gold: list[Span], system: list[Span]) -> list[tuple[Span, Span]]:
    """Overlapping (gold, system) pairs, one-to-one, largest overlap first."""
    pairs = []
    for g in gold:
        for s in system:
            overlap = min(g[1], s[1]) - max(g[0], s[0])
            if overlap > 0:
                pairs.append((overlap, g, s))
    matched, used_gold, used_system = [], set(), set()
    for _, g, s in sorted(pairs, key=lambda p: -p[0]):
        if id(g) not in used_gold and id(s) not in used_system:
            used_gold.add(id(g))
            used_system.add(id(s))
            matched.append((g, s))
    return matched


class Tally:
    """Counts for one group of documents."""

    def __init__(self) -> None:
        self.gold = self.system = self.relaxed = self.correct = 0
        self.strict = PRF()

    def add(self, doc_id: str, gold: list[Span], system: list[Span]) -> None:
        strict = score_spans(
            [(doc_id, s, e, "TIMEX") for s, e, _ in gold],
            [(doc_id, s, e, "TIMEX") for s, e, _ in system],
        ).overall
        self.strict.tp += strict.tp
        self.strict.fp += strict.fp
        self.strict.fn += strict.fn
        matched = match_relaxed(gold, system)
        self.gold += len(gold)
        self.system += len(system)
        self.relaxed += len(matched)
        self.correct += sum(g[2] == s[2] for g, s in matched)

    @property
    def relaxed_prf(self) -> PRF:
        return PRF(self.relaxed, self.system - self.relaxed, self.gold - self.relaxed)

    @property
    def value_accuracy(self) -> float | None:
        return self.correct / self.relaxed if self.relaxed else None

    def row(self, name: str) -> list:
        s, r = self.strict, self.relaxed_prf
        return [
            name,
            self.gold,
            s.precision,
            s.recall,
            s.f1,
            r.precision,
            r.recall,
            r.f1,
            self.value_accuracy,
        ]


def _spans(items: Iterable) -> list[Span]:
    return [
        (t["start"], t["end"], t["value"]) if isinstance(t, dict) else (t.start, t.end, t.value)
        for t in items
    ]


def evaluate(gold_path: str | Path) -> EvalReport:
    docs = list(read_gold(gold_path))
    predicted = system_timexes(docs)
    overall, by_subset = Tally(), {}
    for doc, timexes in zip(docs, predicted, strict=True):
        gold, system = _spans(doc.get("timexes", [])), _spans(timexes)
        overall.add(doc["id"], gold, system)
        by_subset.setdefault(doc.get("subset") or "all", Tally()).add(doc["id"], gold, system)
    rows = [tally.row(name) for name, tally in sorted(by_subset.items())]
    if len(by_subset) > 1:
        rows.append(overall.row("all"))
    value = overall.value_accuracy
    metrics = {
        "task": "time",
        "n": overall.gold,
        "span_f1_strict": round(overall.strict.f1, 4),
        "span_f1_relaxed": round(overall.relaxed_prf.f1, 4),
        "value_accuracy": round(value, 4) if value is not None else None,
        "span_precision_relaxed": round(overall.relaxed_prf.precision, 4),
        "span_recall_relaxed": round(overall.relaxed_prf.recall, 4),
        "value_f1": round(2 * overall.correct / (overall.gold + overall.system), 4)
        if overall.gold + overall.system
        else None,
    }
    notes = ["strict: exact offsets; relaxed: overlap; value accuracy over relaxed matches"]
    return EvalReport("time", metrics, COLUMNS, rows, notes)
