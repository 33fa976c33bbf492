"""The life of a privacy request (R1-R8): its statuses, the moves between them, its deadline.

The allowed moves are data (`ALLOWED_TRANSITIONS`), so the API, the jobs and the tests all
read the same table. Every move is a compare-and-swap on the stored status: when a user's
cancel and a worker's completion race, exactly one of them wins and the other sees
`StaleRequest`. Every move, and every extension, appends a row to the request's history
(`request_events`), which the user reads in full. When an authorised agent filed the
request (R6, over the Data Rights Protocol), every move and extension also queues the
status callback to that agent, in the same transaction (`server/drp/callbacks.py`).

Statuses:

- ``received``: the service has the request and its idempotency key.
- ``verifying``: the service is confirming the request comes from the account holder (R7):
  it was filed while signed in as the account and, for a deletion, the password was
  re-entered within the last five minutes.
- ``in_progress``: the work is under way; a deletion sits here through its grace period.
- ``completed``: done. For an access request, the copy can be downloaded until
  ``export_expires_at``.
- ``denied``: refused, with a ``denial_reason`` the user sees.
- ``cancelled``: withdrawn by the user before it was done (a deletion only during its grace
  period), or closed because the account itself was deleted meanwhile.
- ``expired``: only an access request reaches it, and only from ``completed``: its copy was
  ready, the seven-day download window (``export_expires_at``) has passed, and the
  retention sweep has removed the file. The request was answered in time; the copy is
  simply gone, and the user can file a new request for a fresh one.
"""

from __future__ import annotations

import calendar
import json
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, object_session

from server.accounts import lock_account
from server.db.models import PrivacyRequest, RequestEvent


class RequestKind(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"


class RequestStatus(StrEnum):
    RECEIVED = "received"
    VERIFYING = "verifying"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DENIED = "denied"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


S = RequestStatus

ALLOWED_TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.RECEIVED: frozenset({S.VERIFYING, S.DENIED, S.CANCELLED}),
    S.VERIFYING: frozenset({S.IN_PROGRESS, S.DENIED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.DENIED, S.CANCELLED}),
    S.COMPLETED: frozenset({S.EXPIRED}),
    S.DENIED: frozenset(),
    S.CANCELLED: frozenset(),
    S.EXPIRED: frozenset(),
}

# Moves that exist for one kind of request only: only an access copy can expire.
TRANSITIONS_FOR_KIND_ONLY: dict[tuple[RequestStatus, RequestStatus], RequestKind] = {
    (S.COMPLETED, S.EXPIRED): RequestKind.ACCESS,
}

OPEN_STATUSES = frozenset({S.RECEIVED, S.VERIFYING, S.IN_PROGRESS})
# The request has its answer (R8 measures the time to reach one of these).
ANSWERED_STATUSES = frozenset({S.COMPLETED, S.DENIED})

# R8: one month to answer, extendable by at most two more when a reason is given.
MAX_EXTENSION_MONTHS = 2
# R1/R2: how long an access copy can be downloaded once it is ready.
EXPORT_LIFETIME = timedelta(days=7)
# R7: how recent the password re-check must be to file a deletion.
STEP_UP_WINDOW = timedelta(minutes=5)


# What the history says when a deletion is scheduled (filed in the app or by an agent).
DELETION_SCHEDULED_NOTE = (
    "Scheduled: the account will be deleted on {grace_until:%Y-%m-%d %H:%M} UTC. "
    "Until then you can cancel this request."
)


class IllegalTransition(Exception):
    """The table does not allow this move (e.g. completed -> cancelled)."""


class StaleRequest(Exception):
    """Someone else moved the request first; re-read it before deciding anything."""


class InvalidExtension(ValueError):
    """The extension asked for is not allowed (no reason, too long, request closed)."""


def pending_deletion(session: Session, user_id: str) -> str | None:
    """The id of the account's deletion still under way, if any: one at a time, whoever
    files it (the account holder, or an agent they authorised).

    Takes the account's row lock first, so two filings at the same moment queue here and
    the second sees the first one's deletion (on both databases).
    """
    lock_account(session, user_id)
    return session.scalar(
        select(PrivacyRequest.id).where(
            PrivacyRequest.user_id == user_id,
            PrivacyRequest.kind == RequestKind.DELETION,
            PrivacyRequest.status.in_([status.value for status in OPEN_STATUSES]),
        )
    )


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, or that month's last day when it is shorter.

    31 January + 1 month is 28 February (29 in a leap year); 31 March + 1 is 30 April.
    The time of day and the time zone are kept.
    """
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def add_one_month(moment: datetime) -> datetime:
    """R8's "one month": the calendar month, not 30 days."""
    return add_months(moment, 1)


def due_date(received_at: datetime, extension_months: int = 0) -> datetime:
    return add_months(received_at, 1 + extension_months)


def can_move(request: PrivacyRequest, to: RequestStatus) -> bool:
    current = RequestStatus(request.status)
    if to not in ALLOWED_TRANSITIONS[current]:
        return False
    only_for = TRANSITIONS_FOR_KIND_ONLY.get((current, to))
    return only_for is None or request.kind == only_for


def _session_of(request: PrivacyRequest) -> Session:
    session = object_session(request)
    if session is None:
        raise RuntimeError("the request must belong to a session")
    return session


def record_event(request: PrivacyRequest, note: str, *, now: datetime) -> None:
    """Append a history row in the request's current status (an extension, a remark)."""
    session = _session_of(request)
    session.add(RequestEvent(request_id=request.id, status=request.status, at=now, note=note))


# A reminder the account holder sends once a request is overdue (issue 13): a history row in
# the request's current status. At most one a day, so that the history stays readable.
REMINDER_NOTE = (
    "Reminder from the account holder: the answer was due on {due:%Y-%m-%d} and has not come."
)
REMINDER_PREFIX = "Reminder from the account holder:"
REMINDER_INTERVAL = timedelta(days=1)


class ReminderRefused(Exception):
    """Why a reminder cannot be sent now: `code` is the problem code the API answers with."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def remind(request: PrivacyRequest, events: list[RequestEvent], *, now: datetime) -> None:
    """Record the account holder's reminder on an overdue request, or raise ReminderRefused.

    Overdue: still open (received, being verified or in progress) after its due date,
    extensions included (R8)."""
    if RequestStatus(request.status) not in OPEN_STATUSES:
        raise ReminderRefused("not_overdue", f"This request is already {request.status}.")
    if now <= request.due_at:
        raise ReminderRefused(
            "not_overdue", f"This request is not due before {request.due_at:%Y-%m-%d}."
        )
    reminded = [event.at for event in events if event.note.startswith(REMINDER_PREFIX)]
    if reminded and now - max(reminded) < REMINDER_INTERVAL:
        raise ReminderRefused(
            "reminder_too_soon", "You sent a reminder for this request less than a day ago."
        )
    record_event(request, REMINDER_NOTE.format(due=request.due_at), now=now)


def transition(
    request: PrivacyRequest,
    to: RequestStatus,
    note: str,
    *,
    now: datetime,
    denial_reason: str | None = None,
    **columns: Any,
) -> None:
    """Move `request` to `to`, record it in the history, or raise.

    The UPDATE is guarded by the status the caller read, so two writers can never both
    move the request out of the same status. Extra `columns` (export fields, grace end)
    are written in the same statement.
    """
    if not can_move(request, to):
        raise IllegalTransition(f"{request.kind} request: {request.status} -> {to.value}")
    if to is S.DENIED and not denial_reason:
        raise IllegalTransition("a denial needs a reason the user can read")
    session = _session_of(request)
    values: dict[str, Any] = {"status": to.value, **columns}
    if to in ANSWERED_STATUSES:
        values["completed_at"] = now
    if denial_reason is not None:
        values["denial_reason"] = denial_reason
    result = session.execute(
        update(PrivacyRequest)
        .where(PrivacyRequest.id == request.id, PrivacyRequest.status == request.status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        session.expire(request)
        raise StaleRequest(request.id)
    for name, value in values.items():
        setattr(request, name, value)
    session.add(RequestEvent(request_id=request.id, status=to.value, at=now, note=note))
    _tell_the_agent(session, request, now)


def _tell_the_agent(session: Session, request: PrivacyRequest, now: datetime) -> None:
    """Queue the DRP status callback when an agent filed this request (R6)."""
    # Imported here: server.drp reads this module's statuses.
    from server.drp.callbacks import announce_change

    announce_change(session, request, now)


def details_of(request: PrivacyRequest) -> dict[str, Any]:
    loaded = json.loads(request.details or "{}")
    return loaded if isinstance(loaded, dict) else {}


def set_details(request: PrivacyRequest, details: dict[str, Any]) -> None:
    request.details = json.dumps(details, sort_keys=True, default=str)


def extension_months(request: PrivacyRequest) -> int:
    value = details_of(request).get("extension_months", 0)
    return value if isinstance(value, int) else 0


def extend(request: PrivacyRequest, months: int, reason: str, *, now: datetime) -> datetime:
    """Push the deadline back (R8) by `months`, at most two months in all, with a reason.

    The reason is shown to the user beside the new due date; an extension is also a row
    in the history. Returns the new due date.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidExtension("an extension needs a reason the user can read")
    if RequestStatus(request.status) not in OPEN_STATUSES:
        raise InvalidExtension(f"the request is already {request.status}")
    total = extension_months(request) + months
    if months < 1 or total > MAX_EXTENSION_MONTHS:
        raise InvalidExtension(
            f"a request can be extended by at most {MAX_EXTENSION_MONTHS} months in all"
        )
    details = details_of(request)
    details["extension_months"] = total
    set_details(request, details)
    request.due_at = due_date(request.received_at, total)
    request.extension_reason = reason
    record_event(
        request,
        f"Deadline extended by {months} month(s) to {request.due_at:%Y-%m-%d}: {reason}",
        now=now,
    )
    _tell_the_agent(_session_of(request), request, now)
    return request.due_at
