"""Drift: what changed on the service since this app last saw the user's choices.

A choice changed on another device, or one the service added since, is shown to the
user instead of passing silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.choices import ChoiceValues


@dataclass(frozen=True)
class DriftItem:
    choice_id: str
    before: bool | None  # None: the choice is new since the last sync
    now: bool


def detect_drift(
    last_seen: Mapping[str, bool], current: ChoiceValues, pending: Mapping[str, bool]
) -> list[DriftItem]:
    """Nothing is reported on the very first sync (there is nothing to compare with),
    nor for a choice whose difference is the user's own unsent change."""
    if not last_seen:
        return []
    drift = []
    for item in current.values:
        if item.id in pending:
            continue
        before = last_seen.get(item.id)
        if before is None or before != item.value:
            drift.append(DriftItem(item.id, before, item.value))
    return drift
