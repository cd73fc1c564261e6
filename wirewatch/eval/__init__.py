"""Scoring wirewatch against public gold data: one module per task.

Each task module has ``evaluate(gold_path) -> EvalReport``; register it in ``TASKS``.
"""

from __future__ import annotations

from importlib import import_module

from wirewatch.eval.report import EvalReport

TASKS = {
    "ner": "wirewatch.eval.ner",
    "time": "wirewatch.eval.time",
    "geo": "wirewatch.eval.geo",
    "quotes": "wirewatch.eval.quotes",
    "events": "wirewatch.eval.events",
}


def evaluate(task: str, gold_path: str) -> EvalReport:
    if task not in TASKS:
        raise KeyError(task)
    return import_module(TASKS[task]).evaluate(gold_path)
