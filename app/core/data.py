"""What the service holds about the user: one summary per category, and records page by page.

Plain values only: the "Your data" page shows them, the records table model pages through
them. A category with a million records is never one object here, only pages of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CategoryPart:
    """One table of a category's records (C6 keeps the activity and the ad profile)."""

    part: str  # "records" is the main part
    title: str
    count: int


@dataclass(frozen=True)
class CategorySummary:
    """One catalog category (C1-C16) as it stands for this user."""

    id: str
    title: str
    holds_records: bool
    # Why a category holds nothing by design (C3, C9, C13, C16); None when it can hold records.
    empty_reason: str | None
    count: int
    first_collected: datetime | None
    last_collected: datetime | None
    retention: str
    # The id of the retention rule (T1...) when one applies.
    retention_rule: str | None
    sources: str
    purposes: str
    recipients: str
    # The CCPA categories of personal information this category falls under, as labels.
    ccpa: tuple[str, ...]
    # Each part's own figures; empty when the category is kept in one table.
    parts: tuple[CategoryPart, ...] = ()

    def count_of(self, part: str | None) -> int:
        """The records in one part (all of them when `part` is None or unknown)."""
        return next((p.count for p in self.parts if p.part == part), self.count)


@dataclass(frozen=True)
class RecordPage:
    """Records of one category, newest first; `next_cursor` fetches the older ones."""

    category: str
    fields: tuple[str, ...]
    # Each record maps every name in `fields` to a JSON value (times as ISO 8601 text).
    records: tuple[dict[str, object], ...]
    next_cursor: str | None

    @property
    def is_last(self) -> bool:
        return self.next_cursor is None
