"""Our request statuses as DRP 0.9.4 states (3.02, 3.03): every status has its DRP word,
a denial its reason, and `expected_by` follows our due date and its extension."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.db.models import AgentRequest, PrivacyRequest
from server.drp.status import exercise_status
from server.requests_flow import RequestKind, RequestStatus, add_one_month
from tests.server.helpers import START


def _request(kind: RequestKind, status: RequestStatus, **columns: object) -> PrivacyRequest:
    return PrivacyRequest(
        id="r1",
        user_id="u1",
        idempotency_key="k",
        kind=kind.value,
        status=status.value,
        received_at=START,
        due_at=add_one_month(START),
        **columns,
    )


FILED = AgentRequest(request_id="r1", agent_id="ACME_AGENT", authorisation_id="a1")


@pytest.mark.parametrize(
    ("status", "drp_status", "reason"),
    [
        (RequestStatus.RECEIVED, "open", None),
        (RequestStatus.VERIFYING, "in_progress", "need_user_verification"),
        (RequestStatus.IN_PROGRESS, "in_progress", None),
        (RequestStatus.COMPLETED, "fulfilled", None),
        (RequestStatus.CANCELLED, "revoked", None),
        (RequestStatus.EXPIRED, "expired", None),
    ],
)
def test_each_of_our_statuses_has_its_drp_state(
    status: RequestStatus, drp_status: str, reason: str | None
) -> None:
    told = exercise_status(_request(RequestKind.ACCESS, status), FILED)

    assert (told.status, told.reason) == (drp_status, reason)
    assert told.expected_by == add_one_month(START)
    assert told.received_at == START


def test_every_status_of_ours_is_mapped() -> None:
    for status in RequestStatus:
        request = _request(RequestKind.ACCESS, status, denial_reason="no")
        assert exercise_status(request, FILED).status


@pytest.mark.parametrize(
    ("denial", "reason"),
    [
        ("The account no longer exists.", "no_match"),
        ("The account that filed this request no longer exists.", "no_match"),
        ("Something the operator wrote.", "other"),
    ],
)
def test_a_denial_carries_a_drp_reason_and_our_words(denial: str, reason: str) -> None:
    told = exercise_status(
        _request(RequestKind.DELETION, RequestStatus.DENIED, denial_reason=denial), FILED
    )

    assert (told.status, told.reason, told.processing_details) == ("denied", reason, denial)


def test_a_fulfilled_access_request_says_where_the_copy_is_and_until_when() -> None:
    until = START + timedelta(days=7)
    told = exercise_status(
        _request(RequestKind.ACCESS, RequestStatus.COMPLETED, export_expires_at=until), FILED
    )

    assert told.expires_at == until
    assert told.processing_details is not None
    assert "Privacy Desk app" in told.processing_details


def test_an_extension_moves_expected_by_and_says_why() -> None:
    request = _request(
        RequestKind.ACCESS,
        RequestStatus.IN_PROGRESS,
        extension_reason="Your archive spans many servers.",
    )
    request.due_at = add_one_month(add_one_month(START))

    told = exercise_status(request, FILED)

    assert told.expected_by == request.due_at
    assert told.processing_details is not None
    assert "Your archive spans many servers." in told.processing_details
