"""Our request statuses as DRP's Exercise Status object (DRP 3.02, 3.03).

| ours        | DRP status  | reason                 |
|-------------|-------------|------------------------|
| received    | open        |                        |
| verifying   | in_progress | need_user_verification |
| in_progress | in_progress |                        |
| completed   | fulfilled   |                        |
| denied      | denied      | no_match or other      |
| cancelled   | revoked     |                        |
| expired     | expired     |                        |

`expected_by` is our due date (R8), which an extension moves; `processing_details` then
says why. A request an agent files is verified while it is filed (the account holder's
authorisation is the proof), so it never waits in `verifying`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from server.db.models import AgentRequest, PrivacyRequest
from server.requests_flow import RequestKind, RequestStatus

DrpStatus = Literal["open", "in_progress", "fulfilled", "revoked", "denied", "expired"]
DrpReason = Literal[
    "need_user_verification",
    "suspected_fraud",
    "insuf_verification",
    "no_match",
    "claim_not_covered",
    "outside_jurisdiction",
    "too_many_requests",
    "other",
]

S = RequestStatus
_STATUS: dict[RequestStatus, DrpStatus] = {
    S.RECEIVED: "open",
    S.VERIFYING: "in_progress",
    S.IN_PROGRESS: "in_progress",
    S.COMPLETED: "fulfilled",
    S.DENIED: "denied",
    S.CANCELLED: "revoked",
    S.EXPIRED: "expired",
}

# Our denials whose reason DRP has a word for: the account is not there to match.
_NO_MATCH = frozenset(
    {
        "The account no longer exists.",
        "The account that filed this request no longer exists.",
    }
)


class ExerciseStatus(BaseModel):
    """DRP's Exercise Status object: the answer to every request route, and each callback."""

    request_id: str
    received_at: datetime
    expected_by: datetime = Field(description="Our legal due date (R8), moved by an extension")
    agent_request_id: str | None
    processing_details: str | None
    status: DrpStatus
    reason: DrpReason | None
    user_verification_url: str | None
    expires_at: datetime | None = Field(
        description="For a fulfilled access request: until when the copy can be downloaded"
    )


def _details(request: PrivacyRequest, status: RequestStatus) -> str | None:
    kind = RequestKind(request.kind)
    if status is S.COMPLETED:
        if kind is RequestKind.ACCESS:
            return "The copy of the data is ready for the account holder in their Privacy Desk app."
        return "The account and its personal data were deleted."
    if status is S.DENIED:
        return request.denial_reason
    if status is S.CANCELLED:
        return "The request was withdrawn before it was carried out."
    if status is S.EXPIRED:
        return "The copy was not downloaded within its 7 days and has been removed."
    notes: list[str] = []
    if status is S.IN_PROGRESS and request.grace_until is not None:
        notes.append(
            f"The account will be deleted on {request.grace_until:%Y-%m-%d %H:%M} UTC unless "
            "the account holder cancels before then."
        )
    if request.extension_reason:
        notes.append(
            f"The deadline was extended to {request.due_at:%Y-%m-%d}: {request.extension_reason}"
        )
    return " ".join(notes) or None


def exercise_status(request: PrivacyRequest, filed: AgentRequest) -> ExerciseStatus:
    status = RequestStatus(request.status)
    reason: DrpReason | None = None
    if status is S.VERIFYING:
        reason = "need_user_verification"
    elif status is S.DENIED:
        reason = "no_match" if request.denial_reason in _NO_MATCH else "other"
    expires_at = None
    if status is S.COMPLETED and request.kind == RequestKind.ACCESS:
        expires_at = request.export_expires_at
    return ExerciseStatus(
        request_id=request.id,
        received_at=request.received_at,
        expected_by=request.due_at,
        agent_request_id=filed.agent_request_id,
        processing_details=_details(request, status),
        status=_STATUS[status],
        reason=reason,
        user_verification_url=None,
        expires_at=expires_at,
    )
