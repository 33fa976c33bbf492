"""What the service declares: its choices and data categories (policy-facts X and C)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    id: str
    title: str
    explanation: str
    default: bool
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    explanation: str
    sources: str
    purposes: str
    recipients: str
    retention: str
    holds_records: bool
    empty_reason: str | None


@dataclass(frozen=True)
class Catalog:
    language: str
    choices: tuple[Choice, ...]
    categories: tuple[Category, ...]

    def choice(self, choice_id: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.id == choice_id), None)
