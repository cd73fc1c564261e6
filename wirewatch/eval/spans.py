"""One scorer for labelled character spans, shared by every span-based task."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

# (document id, start, end, label)
LabelledSpan = tuple[str, int, int, str]


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SpanScore:
    """Exact-match micro scores overall and per label (conlleval style)."""

    overall: PRF = field(default_factory=PRF)
    by_label: dict[str, PRF] = field(default_factory=dict)

    def subset(self, labels: Iterable[str]) -> PRF:
        """Micro scores over some labels only."""
        total = PRF()
        for label in labels:
            score = self.by_label.get(label, PRF())
            total.tp, total.fp, total.fn = (
                total.tp + score.tp,
                total.fp + score.fp,
                total.fn + score.fn,
            )
        return total


def score_spans(gold: Iterable[LabelledSpan], predicted: Iterable[LabelledSpan]) -> SpanScore:
    """A prediction counts only with the same document, offsets and label as a gold span."""
    gold_counts, pred_counts = Counter(gold), Counter(predicted)
    result = SpanScore()
    for span in gold_counts.keys() | pred_counts.keys():
        hit = min(gold_counts[span], pred_counts[span])
        label_score = result.by_label.setdefault(span[3], PRF())
        for score in (result.overall, label_score):
            score.tp += hit
            score.fp += pred_counts[span] - hit
            score.fn += gold_counts[span] - hit
    return result
