"""A figure measured side by side with its reference, and the budget it is held to.

A benchmark measures both sides in the same run (several samples each), then hands one
`Comparison` to the `budget` fixture (benchmarks/conftest.py). At the end of the run every
comparison is printed as one table row, all of them are written to `build/bench.json`, and
the run exits non-zero when any budget is missed. The samples are kept, so a reader can see
the spread (min and max) next to the median the verdict is taken on.

Three kinds of budget:
- `at_most`: the measured median may be at most `limit` × the reference median (times, sizes);
- `at_least`: the measured median must be at least `limit` × the reference (speeds);
- `ceiling`: the measured median may be at most `limit` in the figure's own unit, whatever
  the reference (the longest GUI-thread gap ≤ 50 ms); the reference is shown for context.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["at_most", "at_least", "ceiling"]


@dataclass(frozen=True)
class Samples:
    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Samples:
        if not values:
            raise ValueError("a figure needs at least one sample")
        return cls(tuple(float(v) for v in values))

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def as_json(self) -> dict[str, object]:
        return {
            "median": self.median,
            "min": min(self.values),
            "max": max(self.values),
            "samples": list(self.values),
        }

    def __str__(self) -> str:
        if len(self.values) == 1:
            return _number(self.median)
        low, high = min(self.values), max(self.values)
        return f"{_number(self.median)} ({_number(low)}–{_number(high)})"


@dataclass(frozen=True)
class Comparison:
    figure: str
    unit: str
    reference_name: str
    reference: Samples
    measured: Samples
    kind: Kind
    limit: float
    notes: tuple[str, ...] = field(default=())

    @property
    def ratio(self) -> float:
        if self.reference.median == 0:
            return float("inf")
        return self.measured.median / self.reference.median

    @property
    def met(self) -> bool:
        if self.kind == "at_most":
            return self.ratio <= self.limit
        if self.kind == "at_least":
            return self.ratio >= self.limit
        return self.measured.median <= self.limit

    @property
    def budget_text(self) -> str:
        if self.kind == "at_most":
            return f"≤ {self.limit:g}×"
        if self.kind == "at_least":
            return f"≥ {self.limit:g}×"
        return f"≤ {self.limit:g} {self.unit}"

    def row(self) -> str:
        verdict = "met" if self.met else "MISSED"
        return (
            f"| {self.figure} | {self.reference_name} {self.reference} {self.unit} "
            f"| {self.measured} {self.unit} | {self.ratio:.2f}× | {self.budget_text} | {verdict} |"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "figure": self.figure,
            "unit": self.unit,
            "reference_name": self.reference_name,
            "reference": self.reference.as_json(),
            "measured": self.measured.as_json(),
            "ratio": self.ratio,
            "kind": self.kind,
            "limit": self.limit,
            "met": self.met,
            "notes": list(self.notes),
        }


TABLE_HEADER = (
    "| figure | reference (median, min–max) | Privacy Desk | ratio | budget | verdict |\n"
    "|---|---|---|---:|---|---|"
)


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
