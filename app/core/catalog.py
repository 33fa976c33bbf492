"""What the service declares: its choices and data categories (policy-facts X and C), and
where each category's data goes: for which purpose, to whom, and under which switch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    id: str
    title: str
    explanation: str
    default: bool
    categories: tuple[str, ...]
    # A Global Privacy Control signal switches this choice off (sharing, personalised ads).
    gpc: bool = False


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
class Purpose:
    """Why data is used (policy-facts U1-U8), as the service names it."""

    id: str
    title: str
    explanation: str


@dataclass(frozen=True)
class Recipient:
    """Who receives data, the service itself included, as the service names them."""

    id: str
    title: str
    explanation: str


@dataclass(frozen=True)
class DataFlow:
    """Data of one category goes to one recipient for one purpose; while `choice` (if any)
    is off, it does not go there."""

    category: str
    purpose: str
    recipient: str
    choice: str | None


@dataclass(frozen=True)
class Catalog:
    language: str
    choices: tuple[Choice, ...]
    categories: tuple[Category, ...]
    # Empty from a service that does not declare its flows yet (or a catalog kept offline).
    purposes: tuple[Purpose, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    flows: tuple[DataFlow, ...] = ()

    def choice(self, choice_id: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.id == choice_id), None)

    def gpc_choices(self) -> tuple[Choice, ...]:
        """The choices a Global Privacy Control signal switches off, in catalog order."""
        return tuple(choice for choice in self.choices if choice.gpc)
