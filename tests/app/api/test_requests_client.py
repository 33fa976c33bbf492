"""Filing and following privacy requests through the app's client, against the real service:
a retry never files twice, the clock and the history come along, a deletion needs the
password again and can be cancelled during its grace period."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.api.parse import parse_request, parse_request_list
from app.core.deadlines import DeadlineState, add_months
from app.core.requests import PrivacyRequest, RequestKind, RequestStatus
from server.embedded import EmbeddedService
from tests.conftest import OTHER_EMAIL, OTHER_PASSWORD, USER_EMAIL, USER_PASSWORD


@pytest.fixture
def client(live_service: EmbeddedService) -> PrivacyClient:
    return PrivacyClient(live_service.base_url)


@pytest.fixture
def ada(client: PrivacyClient) -> TokenGrant:
    return client.password_grant(USER_EMAIL, USER_PASSWORD)


def _key() -> str:
    return str(uuid.uuid4())


def _failure(call: Any) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        call()
    return raised.value


def test_filing_twice_with_one_key_files_once_and_starts_a_one_month_clock(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    token, key = ada.access_token, _key()
    filed = client.file_request(token, key, RequestKind.ACCESS, {})
    retried = client.file_request(token, key, RequestKind.ACCESS, {})

    assert retried.id == filed.id
    assert [r.id for r in client.requests(token)] == [filed.id]
    assert client.request(token, filed.id) == filed
    assert filed.kind is RequestKind.ACCESS and filed.status.is_open
    assert filed.due_at == add_months(filed.received_at, 1) and filed.due_at.tzinfo is UTC
    assert [event.status for event in filed.history] == [
        RequestStatus.RECEIVED,
        RequestStatus.VERIFYING,
    ]
    assert all(event.note for event in filed.history)
    deadline = filed.deadline()
    assert deadline.state(filed.received_at) is DeadlineState.ON_TIME
    assert deadline.days_left(filed.received_at) >= 28
    assert filed.export is None and filed.can_cancel(datetime.now(UTC))
    # The same key for another kind of request is a mistake, not a replay.
    reused = _failure(lambda: client.file_request(token, key, RequestKind.CORRECTION, {}))
    assert (reused.kind, reused.status) == (FailureKind.REJECTED, 422)


def test_a_correction_carries_the_field_the_value_and_why(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    details: dict[str, object] = {
        "field": "username",
        "proposed_value": "Ada L.",
        "reason": "That is how I spell my name.",
    }
    filed = client.file_request(ada.access_token, _key(), RequestKind.CORRECTION, details)
    assert filed.kind is RequestKind.CORRECTION
    assert {name: filed.details[name] for name in details} == details
    incomplete = _failure(
        lambda: client.file_request(
            ada.access_token, _key(), RequestKind.CORRECTION, {"field": "username"}
        )
    )
    assert (incomplete.kind, incomplete.status) == (FailureKind.REJECTED, 422)


def test_cancelling_an_open_request_closes_it_and_stops_its_clock(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    token = ada.access_token
    filed = client.file_request(token, _key(), RequestKind.ACCESS, {})

    cancelled = client.cancel_request(token, filed.id)

    assert cancelled.status is RequestStatus.CANCELLED and not cancelled.status.is_open
    assert cancelled.history[-1].status is RequestStatus.CANCELLED
    assert not cancelled.can_cancel(datetime.now(UTC))
    assert (
        cancelled.deadline().state(cancelled.due_at + timedelta(days=1)) is DeadlineState.ANSWERED
    )
    again = _failure(lambda: client.cancel_request(token, filed.id))
    assert (again.kind, again.code) == (FailureKind.NO_LONGER_POSSIBLE, "not_cancellable")


def test_a_deletion_needs_the_password_again_and_can_be_cancelled_during_its_grace(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    token = ada.access_token
    refused = _failure(lambda: client.file_request(token, _key(), RequestKind.DELETION, {}))
    assert (refused.kind, refused.code) == (FailureKind.STEP_UP_REQUIRED, "step_up_required")
    wrong = _failure(lambda: client.step_up(token, "not my password"))
    assert wrong.kind is FailureKind.SIGN_IN_REFUSED

    client.step_up(token, USER_PASSWORD)
    deletion = client.file_request(token, _key(), RequestKind.DELETION, {})

    assert deletion.status is RequestStatus.IN_PROGRESS
    assert deletion.grace_until is not None and deletion.grace_until > deletion.received_at
    assert deletion.can_cancel(deletion.grace_until - timedelta(seconds=1))
    assert not deletion.can_cancel(deletion.grace_until)
    twice = _failure(lambda: client.file_request(token, _key(), RequestKind.DELETION, {}))
    assert (twice.kind, twice.code) == (FailureKind.ALREADY_REQUESTED, "deletion_pending")

    kept = client.cancel_request(token, deletion.id)
    assert kept.status is RequestStatus.CANCELLED
    assert client.data_summary(token)  # the account is still there


def test_another_account_cannot_see_or_cancel_my_request(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    filed = client.file_request(ada.access_token, _key(), RequestKind.ACCESS, {})
    bob = client.password_grant(OTHER_EMAIL, OTHER_PASSWORD)
    assert client.requests(bob.access_token) == ()
    assert _failure(lambda: client.request(bob.access_token, filed.id)).status == 404
    assert _failure(lambda: client.cancel_request(bob.access_token, filed.id)).status == 404
    assert client.request(ada.access_token, filed.id).status.is_open


# --- the rules, without a service ------------------------------------------------------------


def test_only_received_verifying_and_in_progress_are_open() -> None:
    assert {status for status in RequestStatus if status.is_open} == {
        RequestStatus.RECEIVED,
        RequestStatus.VERIFYING,
        RequestStatus.IN_PROGRESS,
    }


def _request_json(**overrides: Any) -> dict[str, Any]:
    data = {
        "id": "r1",
        "kind": "access",
        "status": "completed",
        "received_at": "2026-01-31T09:00:00Z",
        "due_at": "2026-02-28T09:00:00Z",
        "extended_by_months": 0,
        "extension_reason": None,
        "denial_reason": None,
        "grace_until": None,
        "completed_at": "2026-02-02T09:00:00Z",
        "can_cancel": False,
        "details": {},
        "export": {
            "size": 1234,
            "sha256": "ab" * 32,
            "expires_at": "2026-02-09T09:00:00Z",
            "url": "/v1/me/requests/r1/export",
        },
        "history": [{"status": "received", "at": "2026-01-31T09:00:00Z", "note": "Filed."}],
    }
    return {**data, **overrides}


def test_a_completed_access_request_is_read_with_its_copy() -> None:
    request = parse_request(_request_json())
    assert isinstance(request, PrivacyRequest)
    assert request.export is not None and request.export.size == 1234
    assert request.deadline().answered
    assert parse_request_list({"requests": [_request_json()]}) == (request,)


@pytest.mark.parametrize(
    "data",
    [
        None,
        _request_json(status="on_hold"),
        _request_json(kind="objection"),
        _request_json(due_at="2026-02-28T09:00:00"),
        _request_json(grace_until=5),
        _request_json(details={"field": 3}),
        _request_json(details=None),
        _request_json(history=[{"status": "received", "at": "2026-01-31T09:00:00Z"}]),
        _request_json(
            export={"size": -1, "sha256": "ab" * 32, "expires_at": "2026-02-09T09:00:00Z"}
        ),
        _request_json(export={"size": 1, "sha256": "xyz", "expires_at": "2026-02-09T09:00:00Z"}),
        _request_json(extended_by_months="1"),
    ],
)
def test_malformed_requests_are_bad_answers(data: Any) -> None:
    with pytest.raises(ServiceError) as raised:
        parse_request(data)
    assert raised.value.kind is FailureKind.BAD_ANSWER
