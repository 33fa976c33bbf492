"""What is worth telling the user, from two readings of the service and a clock.

Plain Python, no Qt: the watcher (app/notify/watcher.py) reads the service and hands
each reading here with what was seen before; what comes back is the notices to show and
the new baseline to keep. Three rules hold whatever the readings are:

- A notice is shown once. Its key (what happened, to what, at which due date or value) is
  kept in the baseline, and a key already there is never shown again.
- A change is told only against an earlier reading: the very first reading of an account
  is the baseline, as with drift (app/core/drift.py). Reminders about the clock (a
  deadline near or passed, a download about to expire) need no earlier reading.
- Nothing is told about what the user did in this app: a choice whose new value is one
  the user asked for here (`OwnChanges`, or still in the pending-changes journal), and a
  request the user cancelled.

A kind the user switched off is never shown; its notices still count as handled, so
switching it on again does not bring back old news.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from app.core.choices import ChoiceOrigin, ChoiceValues
from app.core.requests import PrivacyRequest, RequestKind, RequestStatus


class NoticeKind(Enum):
    """One switch in Settings each."""

    REQUEST_STATUS = "request_status"  # a request moved on (received → in progress → ...)
    COPY_READY = "copy_ready"  # the copy can be downloaded; and again before it expires
    DEADLINE_NEAR = "deadline_near"  # 7 days and 1 day before the due date
    DEADLINE_PASSED = "deadline_passed"
    EXTENDED = "extended"  # the service pushed the deadline back, with its reason
    CHOICE_CHANGED = "choice_changed"  # a choice changed elsewhere (another device, the service)
    NEW_CHOICE = "new_choice"  # the service offers a choice it did not offer before


ALL_KINDS = frozenset(NoticeKind)

# The reminders before a deadline, largest first: each fires once, from its moment on
# until the next one's moment.
DEADLINE_REMINDERS = (timedelta(days=7), timedelta(days=1))
# How long before a copy's download expires the user is reminded.
EXPIRY_WARNING = timedelta(days=1)
# How long a change the user made here is remembered as theirs, at most.
OWN_CHANGE_MEMORY = timedelta(hours=1)
# The baseline keeps at most this many keys of notices shown (the oldest go first).
MAX_KEYS = 1000


@dataclass(frozen=True)
class Notice:
    """Something to tell the user. The words are the UI's (app/notify/wording.py)."""

    kind: NoticeKind
    key: str  # unique per event: the baseline keeps it so it is never shown twice
    request_id: str | None = None
    choice_id: str | None = None
    # What the words need: a status, days left, a due date, a reason, a value.
    status: RequestStatus | None = None
    request_kind: RequestKind | None = None
    due_at: datetime | None = None
    days_left: int | None = None
    reason: str | None = None
    value: bool | None = None
    expiring: bool = False  # COPY_READY: the reminder before the download expires
    # CHOICE_CHANGED by a Global Privacy Control signal: True, and the browser or app that
    # sent it when the service knows.
    by_gpc: bool = False
    gpc_client: str | None = None


@dataclass(frozen=True)
class RequestSeen:
    status: RequestStatus
    due_at: datetime
    extended_by_months: int
    has_export: bool


@dataclass(frozen=True)
class Baseline:
    """What was seen last, per account, and which notices were shown. No personal data:
    request ids, statuses and dates, choice ids and values, the catalog's choice ids."""

    requests: Mapping[str, RequestSeen] | None = None  # None: never read
    choices: Mapping[str, bool] | None = None
    choice_ids: frozenset[str] | None = None  # the catalog's
    shown: tuple[str, ...] = ()  # keys, oldest first

    def as_json(self) -> dict[str, object]:
        return {
            "requests": None
            if self.requests is None
            else {
                request_id: {
                    "status": seen.status.value,
                    "due_at": seen.due_at.isoformat(),
                    "extended_by_months": seen.extended_by_months,
                    "has_export": seen.has_export,
                }
                for request_id, seen in self.requests.items()
            },
            "choices": None if self.choices is None else dict(self.choices),
            "choice_ids": None if self.choice_ids is None else sorted(self.choice_ids),
            "shown": list(self.shown),
        }

    @classmethod
    def from_json(cls, raw: object) -> Baseline:
        """A damaged part is dropped: at worst one reading is a new baseline again."""
        if not isinstance(raw, dict):
            return cls()
        requests: dict[str, RequestSeen] | None = None
        if isinstance(raw.get("requests"), dict):
            requests = {}
            for request_id, item in raw["requests"].items():
                try:
                    requests[str(request_id)] = RequestSeen(
                        RequestStatus(item["status"]),
                        datetime.fromisoformat(item["due_at"]),
                        int(item["extended_by_months"]),
                        bool(item["has_export"]),
                    )
                except (KeyError, TypeError, ValueError):
                    continue
        choices = raw.get("choices")
        choice_values = (
            {str(k): v for k, v in choices.items() if isinstance(v, bool)}
            if isinstance(choices, dict)
            else None
        )
        ids = raw.get("choice_ids")
        choice_ids = frozenset(str(i) for i in ids) if isinstance(ids, list) else None
        shown = raw.get("shown")
        keys = tuple(str(k) for k in shown) if isinstance(shown, list) else ()
        return cls(requests, choice_values, choice_ids, keys)


@dataclass(frozen=True)
class Reading:
    """One look at the service. A part not read this time (a failed call, the catalog read
    less often) is None and leaves its baseline as it was."""

    requests: tuple[PrivacyRequest, ...] | None = None
    choices: ChoiceValues | None = None
    choice_ids: frozenset[str] | None = None


class OwnChanges:
    """What the user asked for in this app: the choice values they set. Thread-safe: the
    journal notes an intent on a worker, the watcher reads it on the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._choices: dict[str, tuple[bool, datetime]] = {}
        self._requests: dict[str, datetime] = {}

    def note_choice(self, choice_id: str, value: bool, at: datetime) -> None:
        with self._lock:
            self._choices[choice_id] = (value, at)

    def note_request(self, request_id: str, at: datetime) -> None:
        with self._lock:
            self._requests[request_id] = at

    def choices(self, now: datetime) -> dict[str, bool]:
        with self._lock:
            return {
                choice_id: value
                for choice_id, (value, at) in self._choices.items()
                if now - at <= OWN_CHANGE_MEMORY
            }

    def requests(self, now: datetime) -> frozenset[str]:
        with self._lock:
            return frozenset(
                request_id
                for request_id, at in self._requests.items()
                if now - at <= OWN_CHANGE_MEMORY
            )


@dataclass(frozen=True)
class Own:
    """The user's own doing at the time of a reading: choice values they asked for (noted
    or still journaled) and requests they acted on."""

    choices: Mapping[str, bool] = field(default_factory=dict)
    requests: frozenset[str] = frozenset()


def notices_due(
    before: Baseline,
    reading: Reading,
    now: datetime,
    *,
    own: Own = Own(),
    enabled: Iterable[NoticeKind] = ALL_KINDS,
) -> tuple[list[Notice], Baseline]:
    """The notices to show now, and the baseline to keep after showing them."""
    found: list[Notice] = []
    requests = before.requests
    if reading.requests is not None:
        found.extend(_request_notices(before.requests, reading.requests, now, own))
        requests = {
            r.id: RequestSeen(r.status, r.due_at, r.extended_by_months, r.export is not None)
            for r in reading.requests
        }
    choices = before.choices
    if reading.choices is not None:
        found.extend(_choice_notices(before.choices, reading.choices, own))
        choices = {item.id: item.value for item in reading.choices.values}
    choice_ids = before.choice_ids
    if reading.choice_ids is not None:
        if before.choice_ids is not None:
            found.extend(
                Notice(NoticeKind.NEW_CHOICE, f"new-choice:{choice_id}", choice_id=choice_id)
                for choice_id in sorted(reading.choice_ids - before.choice_ids)
            )
        choice_ids = reading.choice_ids
    wanted = frozenset(enabled)
    shown = list(before.shown)
    seen = set(shown)
    due = []
    for notice in found:
        if notice.key in seen:
            continue
        seen.add(notice.key)
        shown.append(notice.key)
        if notice.kind in wanted:
            due.append(notice)
    after = Baseline(requests, choices, choice_ids, tuple(shown[-MAX_KEYS:]))
    return due, after


def _request_notices(
    before: Mapping[str, RequestSeen] | None,
    requests: Iterable[PrivacyRequest],
    now: datetime,
    own: Own,
) -> list[Notice]:
    found = []
    for request in requests:
        earlier = before.get(request.id) if before is not None else None
        found.extend(_changes(request, earlier, own))
        found.extend(_clock(request, now))
    return found


def _changes(request: PrivacyRequest, earlier: RequestSeen | None, own: Own) -> list[Notice]:
    if earlier is None or request.id in own.requests:
        return []
    found = []
    status = request.status
    copy_ready = (
        request.export is not None and not earlier.has_export and status is RequestStatus.COMPLETED
    )
    if copy_ready:
        found.append(
            Notice(
                NoticeKind.COPY_READY,
                f"copy-ready:{request.id}",
                request_id=request.id,
                request_kind=request.kind,
                due_at=request.export.expires_at if request.export else None,
            )
        )
    elif status is not earlier.status and status is not RequestStatus.CANCELLED:
        # A cancellation is the user's own doing (the service cancels nothing by itself).
        found.append(
            Notice(
                NoticeKind.REQUEST_STATUS,
                f"status:{request.id}:{status.value}",
                request_id=request.id,
                request_kind=request.kind,
                status=status,
                reason=request.denial_reason if status is RequestStatus.DENIED else None,
            )
        )
    extended = request.extended_by_months > earlier.extended_by_months or (
        request.extension_reason is not None and request.due_at > earlier.due_at
    )
    if extended:
        found.append(
            Notice(
                NoticeKind.EXTENDED,
                f"extended:{request.id}:{request.due_at.isoformat()}",
                request_id=request.id,
                request_kind=request.kind,
                due_at=request.due_at,
                reason=request.extension_reason or "",
            )
        )
    return found


def _clock(request: PrivacyRequest, now: datetime) -> list[Notice]:
    """Reminders that follow from the time alone, each once per due date."""
    found = []
    due = request.due_at
    if request.status.is_open:
        if now >= due:
            found.append(
                Notice(
                    NoticeKind.DEADLINE_PASSED,
                    f"overdue:{request.id}:{due.isoformat()}",
                    request_id=request.id,
                    request_kind=request.kind,
                    due_at=due,
                )
            )
        else:
            marks = (*DEADLINE_REMINDERS, timedelta(0))
            for ahead, next_ahead in itertools.pairwise(marks):
                if due - ahead <= now < due - next_ahead:
                    found.append(
                        Notice(
                            NoticeKind.DEADLINE_NEAR,
                            f"near:{request.id}:{due.isoformat()}:{ahead.days}",
                            request_id=request.id,
                            request_kind=request.kind,
                            due_at=due,
                            days_left=_days_left(due, now),
                        )
                    )
    export = request.export
    if (
        request.status is RequestStatus.COMPLETED
        and export is not None
        and export.expires_at - EXPIRY_WARNING <= now < export.expires_at
    ):
        found.append(
            Notice(
                NoticeKind.COPY_READY,
                f"copy-expiring:{request.id}:{export.expires_at.isoformat()}",
                request_id=request.id,
                request_kind=request.kind,
                due_at=export.expires_at,
                expiring=True,
            )
        )
    return found


def _days_left(due: datetime, now: datetime) -> int:
    """Whole days, rounded up: 6 days and 3 hours left is "7 days"."""
    seconds = (due - now).total_seconds()
    return max(1, -int(-seconds // 86_400))


def _choice_notices(
    before: Mapping[str, bool] | None, current: ChoiceValues, own: Own
) -> list[Notice]:
    if not before:
        return []
    found = []
    for item in current.values:
        earlier = before.get(item.id)
        if earlier is None or earlier == item.value:
            continue  # a new choice is told from the catalog, not here
        if own.choices.get(item.id) == item.value:
            continue  # the user set it so in this app
        stamp = item.changed_at.isoformat() if item.changed_at else ""
        found.append(
            Notice(
                NoticeKind.CHOICE_CHANGED,
                f"choice:{item.id}:{item.value}:{stamp}",
                choice_id=item.id,
                value=item.value,
                by_gpc=item.origin is ChoiceOrigin.GPC,
                gpc_client=item.origin_client if item.origin is ChoiceOrigin.GPC else None,
            )
        )
    return found
