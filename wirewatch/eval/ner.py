"""``wirewatch eval ner``: entity-level exact-match P/R/F1 against CoNLL-2003-style gold.

The real pipeline runs on each gold document; its mentions' wirewatch types are mapped onto
CoNLL's four labels (documented in ``docs/evaluation.md``). Office phrases ("the NATO chief")
are a wirewatch layer CoNLL does not annotate, so they are not scored.
"""

from __future__ import annotations

from pathlib import Path

from wirewatch.eval.gold import read_gold
from wirewatch.eval.report import EvalReport
from wirewatch.eval.spans import LabelledSpan, score_spans
from wirewatch.extract.entities import COARSE
from wirewatch.pipeline import analyse_many
from wirewatch.records import Article

CONLL_OF_CLASS = {"person": "PER", "organisation": "ORG", "location": "LOC", "other": "MISC"}
CONLL_LABEL = {label: CONLL_OF_CLASS[cls] for label, cls in COARSE.items()}
LABELS = ("PER", "LOC", "ORG", "MISC")


def predicted_spans(docs: list[dict]) -> list[LabelledSpan]:
    articles = [Article(id=d["id"], text=d["text"], published=d.get("date")) for d in docs]
    spans = []
    for result in analyse_many(articles):
        for m in result.mentions:
            label = CONLL_LABEL.get(m.label)
            if label and m.recogniser != "role":
                spans.append((result.article.id, m.start, m.end, label))
    return spans


def evaluate(gold_path: str | Path) -> EvalReport:
    docs = list(read_gold(gold_path))
    gold = [(d["id"], e["start"], e["end"], e["label"]) for d in docs for e in d["entities"]]
    score = score_spans(gold, predicted_spans(docs))
    rows = []
    for label in LABELS:
        s = score.by_label.get(label)
        if s:
            rows.append([label, s.tp + s.fn, s.precision, s.recall, s.f1])
    core = score.subset(("PER", "LOC", "ORG"))
    rows.append(["PER+LOC+ORG", core.tp + core.fn, core.precision, core.recall, core.f1])
    o = score.overall
    rows.append(["all", o.tp + o.fn, o.precision, o.recall, o.f1])
    metrics = {
        "task": "ner",
        "n": len(gold),
        "precision": round(o.precision, 4),
        "recall": round(o.recall, 4),
        "f1": round(o.f1, 4),
        "f1_per_loc_org": round(core.f1, 4),
    }
    return EvalReport("ner", metrics, ["label", "gold", "precision", "recall", "f1"], rows)
