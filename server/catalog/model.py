"""The shape of the catalog: the choices (X) and data categories (C) the service declares.

The catalog is data, not code: the app builds its pages from whatever the service
declares, so a new choice reaches users without an app release.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """One user-facing text in every language the service speaks."""

    en: str
    nl: str

    def in_language(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


@dataclass(frozen=True)
class ChoiceEntry:
    """A switch the user controls (policy-facts X1-X9)."""

    id: str
    title: Text
    explanation: Text
    default: bool
    categories: tuple[str, ...]
    # A Global Privacy Control signal (`Sec-GPC: 1`) stands for the user's opting out of
    # this choice: sharing data with others or using it for ads (server/gpc.py).
    gpc_opts_out: bool = False


@dataclass(frozen=True)
class CategoryEntry:
    """A category of data the service may hold about the user (policy-facts C1-C16)."""

    id: str
    title: Text
    explanation: Text
    sources: Text
    purposes: Text
    recipients: Text
    retention: Text
    retention_rule: str | None
    holds_records: bool
    empty_reason: Text | None = None
    # Where this category's data goes: to whom, for what, and under which switch.
    flows: tuple[FlowEntry, ...] = ()


@dataclass(frozen=True)
class PurposeEntry:
    """Why data is used (policy-facts U1-U8)."""

    id: str
    title: Text
    explanation: Text


@dataclass(frozen=True)
class RecipientEntry:
    """Who receives data: the service itself, the user's own devices, or an outside party
    (the recipients named in policy-facts' CCPA paragraph)."""

    id: str
    title: Text
    explanation: Text


@dataclass(frozen=True)
class FlowEntry:
    """Data of the category that declares it goes to `recipient` for `purpose`; with a
    `choice`, only while that switch is on."""

    purpose: str
    recipient: str
    choice: str | None = None
