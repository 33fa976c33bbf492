"""Privacy requests (R1-R8) as the user follows them: kind, status, history, legal clock.

The service owns the request; the app shows it with the same words and the same rules
(what is still open, what can be cancelled), so the two never disagree on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from app.core.deadlines import RequestDeadline


class RequestKind(Enum):
    ACCESS = "access"  # R1/R2: a copy of everything, as a downloadable ZIP
    CORRECTION = "correction"  # R3: correct one profile field
    DELETION = "deletion"  # R4: delete the account, after a grace period


class RequestStatus(Enum):
    RECEIVED = "received"
    VERIFYING = "verifying"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DENIED = "denied"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # an access copy whose download window has passed

    @property
    def is_open(self) -> bool:
        """Still on its way: the legal clock runs and the user may cancel."""
        return self in _OPEN

    @property
    def is_closed(self) -> bool:
        return not self.is_open


_OPEN = frozenset({RequestStatus.RECEIVED, RequestStatus.VERIFYING, RequestStatus.IN_PROGRESS})


@dataclass(frozen=True)
class RequestEvent:
    """One line of a request's history: the status it reached, when, and the service's note."""

    status: RequestStatus
    at: datetime
    note: str


@dataclass(frozen=True)
class ExportInfo:
    """The access copy of a completed access request, downloadable until `expires_at`."""

    size: int
    sha256: str  # lowercase hex of the whole ZIP; the download checks it
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class RequestAgent:
    """The authorised agent (R6) that filed a request on the user's behalf."""

    id: str
    name: str


@dataclass(frozen=True)
class PrivacyRequest:
    id: str
    kind: RequestKind
    status: RequestStatus
    received_at: datetime
    # R8: one calendar month after received_at, later only by an extension (with a reason).
    due_at: datetime
    extension_reason: str | None
    denial_reason: str | None
    # A deletion is carried out at this time; until then it can be cancelled.
    grace_until: datetime | None
    completed_at: datetime | None
    # correction: field, proposed_value, reason (then old_value, new_value); deletion: agent.
    details: dict[str, object]
    history: tuple[RequestEvent, ...]
    export: ExportInfo | None
    # How many months the deadline was pushed back (0-2).
    extended_by_months: int = field(default=0)
    # Filed by an authorised agent over the Data Rights Protocol; None when the user filed it.
    agent: RequestAgent | None = field(default=None)

    def deadline(self) -> RequestDeadline:
        """The legal clock; it stops once the request has its final answer."""
        return RequestDeadline(due_at=self.due_at, answered=self.status.is_closed)

    def can_cancel(self, now: datetime) -> bool:
        """The service's rule: open, and for a deletion only until its grace period ends."""
        if not self.status.is_open:
            return False
        return self.grace_until is None or now < self.grace_until


@dataclass(frozen=True)
class ExtensionNote:
    """A history line that says the deadline moved: shown in the user's words and date format."""

    months: int
    due: date  # the new due date, as the service wrote it (UTC)
    reason: str  # what the operator typed, as written


# The service's own sentence (server/requests_flow.py: extend).
_EXTENSION = re.compile(
    r"Deadline extended by (?P<months>\d+) month\(s\) to (?P<due>\d{4}-\d{2}-\d{2}): (?P<reason>.*)",
    re.DOTALL,
)


def extension_note(note: str) -> ExtensionNote | None:
    """The parts of an extension's history note; None for any other note."""
    match = _EXTENSION.fullmatch(note)
    if match is None:
        return None
    try:
        due = date.fromisoformat(match["due"])
    except ValueError:
        return None
    return ExtensionNote(int(match["months"]), due, match["reason"])
