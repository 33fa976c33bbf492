"""What the README and the manifest say about the copy: its categories, their parts and the
members written for them, gathered while the archive is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.catalog.model import CategoryEntry


@dataclass(frozen=True)
class MemberDigest:
    """One archive member as the manifest lists it (size and hash of the uncompressed bytes)."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PartSection:
    """What the README and the manifest say about one part of a category (its one table)."""

    part: str
    title: str
    records: int
    files: tuple[str, ...]
    fields: tuple[str, ...]
    # The newest few records, newest first, shown in the README so a person sees real values.
    newest: tuple[tuple[Any, ...], ...] = ()


@dataclass(frozen=True)
class CategorySection:
    """What the README and the manifest say about one category."""

    entry: CategoryEntry
    # None: the category holds no records by design (C3, C9, C13, C16); else main part first.
    parts: tuple[PartSection, ...] | None

    @property
    def records(self) -> int | None:
        """Every part's records together; None for a category that holds none by design."""
        return None if self.parts is None else sum(part.records for part in self.parts)

    @property
    def files(self) -> tuple[str, ...]:
        return () if self.parts is None else tuple(f for part in self.parts for f in part.files)


def empty_reason(entry: CategoryEntry) -> str:
    if entry.empty_reason is not None:
        return entry.empty_reason.en
    return "The service keeps no records of this kind about you."
