"""Privacy requests (R1-R8): file one, follow it with its full history, cancel it.

The user sees everything the operator sees about their request: each status with its
time, the legal due date, any extension and why, a denial's reason, the end of a
deletion's grace period and the access copy's size, checksum and expiry.

Filing is idempotent: the `Idempotency-Key` header is unique per account, so an app that
retries after a lost answer gets the request it already filed (200) instead of a second
one (201 the first time). A key stands for one request: sent again with a different body
(another kind, another field, value or reason) it is refused with 422, never answered
with the earlier request as if it were the one asked for.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.acknowledgements import acknowledge
from server.api.deps import (
    READ_AGAIN,
    CurrentUser,
    IfNoneMatch,
    LanguageDep,
    SessionDep,
    SettingsDep,
    answer_with_etag,
)
from server.catalog.request_notes import localise_note
from server.db.models import PrivacyRequest, RequestEvent, User
from server.drp.registry import FilingAgent, filing_agents
from server.jobs import kinds
from server.jobs.correction import CORRECTABLE_FIELDS
from server.jobs.queue import enqueue
from server.problems import Problem
from server.requests_flow import (
    DELETION_SCHEDULED_NOTE,
    OPEN_STATUSES,
    ReminderRefused,
    RequestKind,
    RequestStatus,
    StaleRequest,
    add_one_month,
    details_of,
    extension_months,
    pending_deletion,
    remind,
    set_details,
    transition,
)
from server.step_up import has_fresh_step_up

router = APIRouter(prefix="/v1/me", tags=["requests"])

MAX_IDEMPOTENCY_KEY_LENGTH = 200
# Details kept for the service's own bookkeeping, shown to the user in their own fields.
_INTERNAL_DETAILS = frozenset({"extension_months"})


# Every request body is closed: a member the service does not know is refused (422), as
# the published schema says (`additionalProperties: false`), never silently dropped.
_CLOSED = ConfigDict(extra="forbid")


class AccessRequestBody(BaseModel):
    """R1/R2: a copy of everything the service holds, as a downloadable ZIP."""

    model_config = _CLOSED

    kind: Literal["access"]


class CorrectionRequestBody(BaseModel):
    """R3: correct one field of the profile."""

    model_config = _CLOSED

    kind: Literal["correction"]
    field: Literal["username", "email"]
    proposed_value: str = Field(min_length=1, max_length=320)
    reason: str = Field(min_length=1, max_length=2000)


class DeletionRequestBody(BaseModel):
    """R4: delete the account. Needs a step-up (`POST /v1/auth/step-up`) first."""

    model_config = _CLOSED

    kind: Literal["deletion"]
    # R6: the authorised agent filing for the account holder, when there is one.
    agent: str | None = Field(default=None, min_length=1, max_length=200)


NewRequestBodyModel = AccessRequestBody | CorrectionRequestBody | DeletionRequestBody
NewRequestBody = Annotated[NewRequestBodyModel, Body(discriminator="kind")]

# The details each kind is filed with (what `_initial_details` stores): a replay of an
# Idempotency-Key must ask for exactly these again.
FILED_DETAILS: dict[RequestKind, tuple[str, ...]] = {
    RequestKind.ACCESS: (),
    RequestKind.CORRECTION: ("field", "proposed_value", "reason"),
    RequestKind.DELETION: ("agent",),
}


class RequestEventView(BaseModel):
    status: RequestStatus
    at: datetime
    note: str


class ExportView(BaseModel):
    size: int
    sha256: str
    expires_at: datetime
    url: str


class FilingAgentView(BaseModel):
    """The authorised agent that filed the request over the Data Rights Protocol (R6)."""

    id: str
    name: str


class RequestView(BaseModel):
    id: str
    kind: RequestKind
    status: RequestStatus
    received_at: datetime
    # R8: one calendar month after received_at, later only by an extension.
    due_at: datetime
    extended_by_months: int
    extension_reason: str | None
    denial_reason: str | None
    # A deletion is carried out at this time; until then it can be cancelled.
    grace_until: datetime | None
    completed_at: datetime | None
    can_cancel: bool
    # correction: field, proposed_value, reason, then old_value and new_value once applied;
    # deletion: agent.
    details: dict[str, str | None]
    export: ExportView | None
    history: list[RequestEventView]
    # Set when an authorised agent filed the request for the account holder (R6).
    agent: FilingAgentView | None


class RequestList(BaseModel):
    requests: list[RequestView]


def _can_cancel(request: PrivacyRequest, now: datetime) -> bool:
    if RequestStatus(request.status) not in OPEN_STATUSES:
        return False
    return request.grace_until is None or now < request.grace_until


def _view(
    request: PrivacyRequest,
    events: list[RequestEvent],
    now: datetime,
    language: str = "en",
    agent: FilingAgent | None = None,
) -> RequestView:
    export = None
    if (
        request.status == RequestStatus.COMPLETED
        and request.export_file
        and request.export_size is not None
        and request.export_sha256
        and request.export_expires_at is not None
    ):
        export = ExportView(
            size=request.export_size,
            sha256=request.export_sha256,
            expires_at=request.export_expires_at,
            url=f"/v1/me/requests/{request.id}/export",
        )
    details = {
        key: None if value is None else str(value)
        for key, value in details_of(request).items()
        if key not in _INTERNAL_DETAILS
    }
    return RequestView(
        id=request.id,
        kind=RequestKind(request.kind),
        status=RequestStatus(request.status),
        received_at=request.received_at,
        due_at=request.due_at,
        extended_by_months=extension_months(request),
        extension_reason=request.extension_reason,
        denial_reason=localise_note(request.denial_reason, language),
        grace_until=request.grace_until,
        completed_at=request.completed_at,
        can_cancel=_can_cancel(request, now),
        details=details,
        export=export,
        history=[
            RequestEventView(
                status=RequestStatus(e.status), at=e.at, note=localise_note(e.note, language) or ""
            )
            for e in events
        ],
        agent=None if agent is None else FilingAgentView(id=agent.id, name=agent.name),
    )


def _events_by_request(session: Session, ids: list[str]) -> dict[str, list[RequestEvent]]:
    grouped: dict[str, list[RequestEvent]] = {request_id: [] for request_id in ids}
    if ids:
        rows = session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id.in_(ids))
            .order_by(RequestEvent.request_id, RequestEvent.id)
        )
        for event in rows:
            grouped[event.request_id].append(event)
    return grouped


def _view_one(
    session: Session, request: PrivacyRequest, now: datetime, language: str = "en"
) -> RequestView:
    events = _events_by_request(session, [request.id])[request.id]
    agent = filing_agents(session, [request.id]).get(request.id)
    return _view(request, events, now, language, agent)


def _owned_request(
    session: Session, user_id: str, request_id: str, *, for_update: bool = False
) -> PrivacyRequest:
    """The caller's request, or 404 whether it is someone else's or does not exist."""
    query = select(PrivacyRequest).where(
        PrivacyRequest.id == request_id, PrivacyRequest.user_id == user_id
    )
    request = session.scalar(query.with_for_update() if for_update else query)
    if request is None:
        raise Problem(404, "Request not found", "You have no request with this id.")
    return request


def _by_idempotency_key(session: Session, user_id: str, key: str) -> PrivacyRequest | None:
    return session.scalar(
        select(PrivacyRequest).where(
            PrivacyRequest.user_id == user_id, PrivacyRequest.idempotency_key == key
        )
    )


def _same_request(existing: PrivacyRequest, body: NewRequestBodyModel) -> bool:
    """Does `body` ask for what `existing` was filed with? Only the details given at filing
    count: the jobs add their own later (a correction's old and new value)."""
    if existing.kind != body.kind:
        return False
    stored = details_of(existing)
    asked = _initial_details(body)
    names = FILED_DETAILS[RequestKind(body.kind)]
    return all(stored.get(name) == asked.get(name) for name in names)


def _replay(
    session: Session,
    existing: PrivacyRequest,
    body: NewRequestBodyModel,
    response: Response,
    now: datetime,
    language: str,
) -> RequestView:
    if not _same_request(existing, body):
        raise Problem(
            422,
            "Idempotency key already used",
            "This Idempotency-Key was already used for a request with different contents. "
            "Send a new key for a new request; resend with this key only the same request.",
            code="idempotency_key_reused",
        )
    response.status_code = 200
    response.headers["Location"] = f"/v1/me/requests/{existing.id}"
    return _view_one(session, existing, now, language)


def _initial_details(body: NewRequestBodyModel) -> Any:
    if isinstance(body, CorrectionRequestBody):
        assert body.field in CORRECTABLE_FIELDS
        return {"field": body.field, "proposed_value": body.proposed_value, "reason": body.reason}
    if isinstance(body, DeletionRequestBody) and body.agent:
        return {"agent": body.agent.strip()}
    return {}


_LOCATION = {
    "Location": {
        "description": "Where the request can be read: /v1/me/requests/{id}",
        "required": True,
        "schema": {"type": "string"},
    }
}


@router.post(
    "/requests",
    status_code=201,
    response_model=RequestView,
    responses={
        201: {"description": "Filed", "headers": _LOCATION},
        200: {
            "description": "Filed before with this Idempotency-Key: the same request",
            "model": RequestView,
            "headers": _LOCATION,
        },
        403: {"description": "A deletion needs a password re-check (`step_up_required`)"},
        409: {
            "description": "A deletion is already pending (`deletion_pending`, with its "
            "`request_id`)"
        },
        422: {
            "description": "The body is not valid, or the Idempotency-Key was used before "
            "for a different request (`idempotency_key_reused`)"
        },
        428: {"description": "The Idempotency-Key header is missing (`idempotency_key_required`)"},
    },
)
def file_request(
    body: NewRequestBody,
    request: Request,
    response: Response,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    language: LanguageDep,
    idempotency_key: Annotated[
        str,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=MAX_IDEMPOTENCY_KEY_LENGTH,
            description="Made once per request the user files (e.g. a random UUID) and sent "
            "again with every retry of it, so a retry never files twice",
        ),
    ],
) -> RequestView:
    # A missing key is answered 428 before this runs (server.problems.PRECONDITION_HEADERS).
    key = idempotency_key.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        raise Problem(
            422,
            "Idempotency-Key not valid",
            f"The key must have between 1 and {MAX_IDEMPOTENCY_KEY_LENGTH} characters.",
            code="invalid_idempotency_key",
        )
    now = settings.clock()
    user_id = user.id
    existing = _by_idempotency_key(session, user_id, key)
    if existing is not None:
        return _replay(session, existing, body, response, now, language)

    kind = RequestKind(body.kind)
    if kind is RequestKind.DELETION:
        # R7: a deletion cannot be undone after its grace period, so the password must have
        # been re-entered on this token moments ago, not just at sign-in.
        if not has_fresh_step_up(request, session, settings):
            raise Problem(
                403,
                "Password re-check required",
                "Confirm your password (POST /v1/auth/step-up) within 5 minutes before "
                "asking to delete the account.",
                code="step_up_required",
            )
        pending = pending_deletion(session, user_id)
        if pending is not None:
            raise Problem(
                409,
                "Deletion already requested",
                "Your account is already scheduled for deletion; see that request.",
                code="deletion_pending",
                request_id=pending,
            )

    filed = PrivacyRequest(
        user_id=user_id,
        idempotency_key=key,
        kind=kind.value,
        status=RequestStatus.RECEIVED.value,
        received_at=now,
        due_at=add_one_month(now),
    )
    set_details(filed, _initial_details(body))
    session.add(filed)
    try:
        # The first write of this transaction: a concurrent retry with the same key fails
        # here on the unique constraint and is answered with the request that won.
        session.flush()
    except IntegrityError:
        session.rollback()
        existing = _by_idempotency_key(session, user_id, key)
        if existing is None:
            raise
        return _replay(session, existing, body, response, now, language)

    by_agent = isinstance(body, DeletionRequestBody) and body.agent is not None
    _start(session, filed, kind, now, settings.deletion_grace, by_agent=by_agent)
    response.headers["Location"] = f"/v1/me/requests/{filed.id}"
    return _view_one(session, filed, now, language)


def _start(
    session: Session,
    filed: PrivacyRequest,
    kind: RequestKind,
    now: datetime,
    grace: timedelta,
    *,
    by_agent: bool,
) -> None:
    """Record received and verifying, then hand the request to the job that carries it out."""
    by = (
        "Filed by an authorised agent, from the account holder's signed-in account."
        if by_agent
        else "Filed from your signed-in account."
    )
    session.add(RequestEvent(request_id=filed.id, status=filed.status, at=now, note=by))
    evidence = "signed in as the account holder"
    if kind is RequestKind.DELETION:
        evidence += ", password re-checked within the last 5 minutes"
    transition(filed, RequestStatus.VERIFYING, f"Identity check: {evidence}.", now=now)
    if kind is RequestKind.DELETION:
        grace_until = now + grace
        transition(
            filed,
            RequestStatus.IN_PROGRESS,
            DELETION_SCHEDULED_NOTE.format(grace_until=grace_until),
            now=now,
            grace_until=grace_until,
        )
        enqueue(session, kinds.DELETION, {"request_id": filed.id}, grace_until)
    else:
        enqueue(session, kinds.FOR_REQUEST[kind], {"request_id": filed.id}, now)


@router.get("/requests", response_model=RequestList, responses=READ_AGAIN)
def list_requests(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    language: LanguageDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Newest first, each with its full history."""
    rows = list(
        session.scalars(
            select(PrivacyRequest)
            .where(PrivacyRequest.user_id == user.id)
            .order_by(PrivacyRequest.received_at.desc(), PrivacyRequest.id)
        )
    )
    ids = [row.id for row in rows]
    events = _events_by_request(session, ids)
    agents = filing_agents(session, ids)
    now = settings.clock()
    listed = RequestList(
        requests=[_view(row, events[row.id], now, language, agents.get(row.id)) for row in rows]
    )
    return answer_with_etag(listed, if_none_match)


@router.get(
    "/requests/{request_id}",
    response_model=RequestView,
    responses={**READ_AGAIN, 404: {"description": "No such request for this account"}},
)
def get_request(
    request_id: str,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    language: LanguageDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    owned = _owned_request(session, user.id, request_id)
    return answer_with_etag(_view_one(session, owned, settings.clock(), language), if_none_match)


@router.post(
    "/requests/{request_id}/cancel",
    response_model=RequestView,
    responses={
        404: {"description": "No such request for this account"},
        409: {"description": "The request can no longer be cancelled"},
    },
)
def cancel_request(
    request_id: str,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    language: LanguageDep,
) -> RequestView:
    now = settings.clock()
    filed = _owned_request(session, user.id, request_id, for_update=True)
    if RequestStatus(filed.status) not in OPEN_STATUSES:
        raise Problem(
            409,
            "Request cannot be cancelled",
            f"This request is already {filed.status.replace('_', ' ')}.",
            code="not_cancellable",
        )
    if filed.grace_until is not None and now >= filed.grace_until:
        raise Problem(
            409,
            "Grace period over",
            "The grace period of this deletion has ended; it can no longer be cancelled.",
            code="grace_period_over",
        )
    try:
        transition(filed, RequestStatus.CANCELLED, "Cancelled by you.", now=now)
    except StaleRequest as error:
        raise Problem(
            409,
            "Request cannot be cancelled",
            "The request changed while you cancelled it; reload it.",
            code="not_cancellable",
        ) from error
    return _view_one(session, filed, now, language)


@router.post(
    "/requests/{request_id}/reminders",
    response_model=RequestView,
    responses={
        404: {"description": "No such request for this account"},
        409: {
            "description": "The request is not overdue (`not_overdue`: answered, or not yet "
            "due), or was reminded less than a day ago (`reminder_too_soon`)"
        },
    },
)
def send_reminder(
    request_id: str,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    language: LanguageDep,
) -> RequestView:
    """Remind the service of an overdue request: recorded in the request's history."""
    now = settings.clock()
    filed = _owned_request(session, user.id, request_id, for_update=True)
    events = _events_by_request(session, [filed.id])[filed.id]
    try:
        remind(filed, events, now=now)
    except ReminderRefused as refused:
        title = "Not overdue" if refused.code == "not_overdue" else "Reminded recently"
        raise Problem(409, title, refused.detail, code=refused.code) from None
    session.flush()
    return _view_one(session, filed, now, language)


class SignedAcknowledgement(BaseModel):
    """A statement of the request's facts, signed like the consent receipts."""

    # Canonical JSON (sorted keys, no whitespace, UTF-8): the exact bytes that are signed.
    payload: str
    # Ed25519 signature of the payload's UTF-8 bytes, base64url without padding.
    signature: str
    # The key that signed, one of those published at GET /v1/keys.
    key_id: str


@router.get(
    "/requests/{request_id}/acknowledgement",
    response_model=SignedAcknowledgement,
    responses={404: {"description": "No such request for this account"}},
)
def request_acknowledgement(
    request_id: str,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> SignedAcknowledgement:
    """The request's facts and history as the service states them, signed: evidence the
    account holder can hand to others (a data-protection authority)."""
    owned = _owned_request(session, user.id, request_id)
    events = _events_by_request(session, [owned.id])[owned.id]
    payload, signature, key_id = acknowledge(session, settings, user, owned, events)
    return SignedAcknowledgement(payload=payload, signature=signature, key_id=key_id)


def owned_request_or_404(session: Session, user: User, request_id: str) -> PrivacyRequest:
    """For other routes that take a request id (the export download)."""
    return _owned_request(session, user.id, request_id)
