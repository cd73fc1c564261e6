"""What an evaluation returns: a table for people and a metrics object for programs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class EvalReport:
    task: str
    metrics: dict[str, Any]  # starts with "task" and "n" (gold items scored)
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
