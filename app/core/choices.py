"""The user's current choice values as the service last confirmed them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class ChoiceOrigin(Enum):
    """Who set a choice's current value."""

    DEFAULT = "default"  # never changed: the catalog's default
    USER = "user"  # the user, in this app or elsewhere
    GPC = "gpc"  # a Global Privacy Control signal from one of the user's browsers or apps


@dataclass(frozen=True)
class ChoiceValue:
    id: str
    value: bool
    changed_at: datetime | None
    # None from a service that does not say who set it.
    origin: ChoiceOrigin | None = None
    # Which browser or app sent the GPC signal, when the origin is GPC and the service knows.
    origin_client: str | None = None


@dataclass(frozen=True)
class ChoiceValues:
    """A snapshot of all values plus the ETag that a change must quote."""

    etag: str
    values: tuple[ChoiceValue, ...]

    def value_of(self, choice_id: str) -> bool | None:
        return next((item.value for item in self.values if item.id == choice_id), None)

    def get(self, choice_id: str) -> ChoiceValue | None:
        return next((item for item in self.values if item.id == choice_id), None)
