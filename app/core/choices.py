"""The user's current choice values as the service last confirmed them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ChoiceValue:
    id: str
    value: bool
    changed_at: datetime | None


@dataclass(frozen=True)
class ChoiceValues:
    """A snapshot of all values plus the ETag that a change must quote."""

    etag: str
    values: tuple[ChoiceValue, ...]

    def value_of(self, choice_id: str) -> bool | None:
        return next((item.value for item in self.values if item.id == choice_id), None)

    def get(self, choice_id: str) -> ChoiceValue | None:
        return next((item for item in self.values if item.id == choice_id), None)
