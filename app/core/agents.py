"""Authorised agents (policy-facts R6) and Global Privacy Control, as the app shows them.

An authorised agent is software that files privacy requests for many people at once over
the Data Rights Protocol. It may act for this account only while the user's authorisation
is live: the user says what it may ask for and until when, and can revoke it at any time.
Global Privacy Control is a browser's or an app's standing "do not share or sell"; the
service honours it unless the user said not to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.core.requests import RequestKind

# What the dialog proposes, and the longest the service accepts (it refuses a later date).
DEFAULT_VALID_DAYS = 90
MAX_VALID_DAYS = 366
# What an agent may ask for on the user's behalf (the service's list; a subset of kinds).
AGENT_KINDS = (RequestKind.ACCESS, RequestKind.DELETION)


@dataclass(frozen=True)
class Agent:
    """An agent the service's operator registered, with what it is able to ask for."""

    id: str
    name: str
    web_url: str
    kinds: tuple[RequestKind, ...]


@dataclass(frozen=True)
class AgentAuthorisation:
    """The user's permission for one agent: what it may ask for, from when until when."""

    id: str
    agent_id: str
    agent_name: str
    kinds: tuple[RequestKind, ...]
    granted_at: datetime
    valid_until: datetime
    revoked_at: datetime | None
    active: bool  # as the service says: not revoked, not expired, not replaced

    def live(self, now: datetime) -> bool:
        """The agent may file requests now; only a live one can be revoked."""
        return self.active and self.revoked_at is None and now < self.valid_until


@dataclass(frozen=True)
class GpcSetting:
    """Whether the service honours Global Privacy Control signals for this account."""

    honour_signals: bool


def latest_valid_day(today: date) -> date:
    """The last day an authorisation may run to: within a year (the service's limit)."""
    return today + timedelta(days=MAX_VALID_DAYS - 1)


def default_valid_day(today: date) -> date:
    return today + timedelta(days=DEFAULT_VALID_DAYS)
