"""Steps every request handler shares: find the request, confirm who filed it, start work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import PrivacyRequest, User
from server.requests_flow import RequestStatus, transition


def load_request(session: Session, request_id: str) -> PrivacyRequest | None:
    """The request row, locked on PostgreSQL so a concurrent cancel waits for us."""
    return session.scalar(
        select(PrivacyRequest).where(PrivacyRequest.id == request_id).with_for_update()
    )


def begin_work(session: Session, request: PrivacyRequest, now: datetime) -> bool:
    """Move a verified request into in_progress; False when there is nothing left to do.

    A request already in progress is one a previous attempt started and did not finish:
    the caller carries on with it. A closed request (completed, denied, cancelled) is left
    alone, which is what makes a second run of the same job harmless.
    """
    status = RequestStatus(request.status)
    if status is RequestStatus.IN_PROGRESS:
        return True
    if status is not RequestStatus.VERIFYING:
        return False
    if request.user_id is None or session.get(User, request.user_id) is None:
        transition(
            request,
            RequestStatus.DENIED,
            "The account that filed this request no longer exists.",
            now=now,
            denial_reason="The account that filed this request no longer exists.",
        )
        return False
    transition(
        request,
        RequestStatus.IN_PROGRESS,
        "Identity confirmed: filed by the signed-in account holder. Work has started.",
        now=now,
    )
    return True
