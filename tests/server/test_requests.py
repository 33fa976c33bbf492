"""Privacy requests (R1-R8) through the API: filing once, following the clock, cancelling,
the password re-check before a deletion, and the work the jobs do for each kind."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server.cli import main as cli_main
from server.config import Settings
from server.db.database import Database
from server.db.models import Job, PrivacyRequest, RequestEvent, User
from server.jobs.worker import run_worker
from server.requests_flow import (
    ALLOWED_TRANSITIONS,
    IllegalTransition,
    InvalidExtension,
    RequestStatus,
    add_one_month,
    extend,
    transition,
)
from tests.server.helpers import START, Account, FakeClock, assert_problem, bearer, sign_in


@pytest.fixture
def settings(database_url: str, clock: FakeClock, tmp_path: Path) -> Settings:
    """Access copies land in this test's own folder."""
    return Settings(
        database_url=database_url,
        clock=clock,
        export_dir=tmp_path / "exports",
        # The tests sign in with the password grant; the browser sign-in has its own.
        password_grant=True,
    )


def _token(client: TestClient, account: Account) -> str:
    token: str = sign_in(client, account)["access_token"]
    return token


def _file(
    client: TestClient, token: str, body: dict[str, Any], key: str | None = "key-1"
) -> httpx.Response:
    headers = bearer(token)
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post("/v1/me/requests", json=body, headers=headers)


def _step_up(client: TestClient, token: str, password: str) -> httpx.Response:
    return client.post("/v1/auth/step-up", data={"password": password}, headers=bearer(token))


def _run_jobs(database: Database, settings: Settings) -> int:
    return run_worker(database, settings, once=True, schedule_retention=False)


def _request_rows(database: Database, user_id: str) -> list[PrivacyRequest]:
    with database.session() as session:
        return list(
            session.scalars(select(PrivacyRequest).where(PrivacyRequest.user_id == user_id))
        )


# --- Filing exactly once -----------------------------------------------------------------


def test_filing_without_an_idempotency_key_is_refused_and_files_nothing(
    client: TestClient, database: Database, ada: Account
) -> None:
    response = _file(client, _token(client, ada), {"kind": "access"}, key=None)

    assert_problem(response, 428, "idempotency_key_required")
    assert _request_rows(database, ada.id) == []


def test_retrying_with_the_same_idempotency_key_returns_the_same_request_and_files_once(
    client: TestClient, database: Database, ada: Account
) -> None:
    token = _token(client, ada)

    first = _file(client, token, {"kind": "access"}, key="retry-me")
    second = _file(client, token, {"kind": "access"}, key="retry-me")

    assert first.status_code == 201, first.text
    assert second.status_code == 200, second.text
    assert second.json()["id"] == first.json()["id"]
    assert len(_request_rows(database, ada.id)) == 1
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_the_same_key_from_two_accounts_files_two_separate_requests(
    client: TestClient, database: Database, ada: Account, bob: Account
) -> None:
    from_ada = _file(client, _token(client, ada), {"kind": "access"}, key="shared")
    from_bob = _file(client, _token(client, bob), {"kind": "access"}, key="shared")

    assert from_ada.status_code == from_bob.status_code == 201
    assert from_ada.json()["id"] != from_bob.json()["id"]


def test_reusing_a_key_for_a_different_kind_of_request_is_refused(
    client: TestClient, ada: Account
) -> None:
    token = _token(client, ada)
    assert _file(client, token, {"kind": "access"}, key="k").status_code == 201

    response = _file(
        client,
        token,
        {"kind": "correction", "field": "username", "proposed_value": "ada", "reason": "typo"},
        key="k",
    )

    assert_problem(response, 422, "idempotency_key_reused")


def test_reusing_a_key_for_a_correction_with_other_contents_is_refused_and_files_nothing(
    client: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    token = _token(client, ada)
    asked = {"kind": "correction", "field": "username", "proposed_value": "Ada", "reason": "typo"}
    first = _file(client, token, asked, key="fix-name")
    assert first.status_code == 201, first.text

    for changed in (
        {**asked, "proposed_value": "Ada Lovelace"},
        {**asked, "reason": "another reason"},
        {**asked, "field": "email", "proposed_value": "ada@example.net"},
    ):
        problem = assert_problem(
            _file(client, token, changed, key="fix-name"), 422, "idempotency_key_reused"
        )
        assert "different contents" in problem["detail"]

    # The same request again is still answered with the one filed, also once the job has
    # added the old and the new value to its details.
    assert _run_jobs(database, settings) == 1
    again = _file(client, token, asked, key="fix-name")
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["details"]["new_value"] == "Ada"
    assert len(_request_rows(database, ada.id)) == 1


def test_reusing_a_key_for_a_deletion_by_another_agent_is_refused(
    client: TestClient, database: Database, ada: Account
) -> None:
    token = _token(client, ada)
    assert _step_up(client, token, ada.password).status_code == 200
    first = _file(client, token, {"kind": "deletion", "agent": "Grace Hopper"}, key="go")
    assert first.status_code == 201, first.text

    other = _file(client, token, {"kind": "deletion", "agent": "Alan Turing"}, key="go")
    without = _file(client, token, {"kind": "deletion"}, key="go")

    assert_problem(other, 422, "idempotency_key_reused")
    assert_problem(without, 422, "idempotency_key_reused")
    same = _file(client, token, {"kind": "deletion", "agent": "Grace Hopper"}, key="go")
    assert same.status_code == 200 and same.json()["id"] == first.json()["id"]
    assert len(_request_rows(database, ada.id)) == 1


def test_a_correction_must_name_an_editable_field_and_give_a_reason(
    client: TestClient, ada: Account
) -> None:
    token = _token(client, ada)

    wrong_field = _file(
        client,
        token,
        {"kind": "correction", "field": "plan", "proposed_value": "pro", "reason": "x"},
    )
    no_reason = _file(
        client, token, {"kind": "correction", "field": "username", "proposed_value": "a"}
    )

    assert_problem(wrong_field, 422)
    assert_problem(no_reason, 422)


# --- The clock (R8) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime(2025, 1, 31, 12, 0, tzinfo=UTC), datetime(2025, 2, 28, 12, 0, tzinfo=UTC)),
        (datetime(2024, 1, 31, 12, 0, tzinfo=UTC), datetime(2024, 2, 29, 12, 0, tzinfo=UTC)),
        (datetime(2025, 3, 31, 8, 30, tzinfo=UTC), datetime(2025, 4, 30, 8, 30, tzinfo=UTC)),
        (datetime(2025, 12, 15, 9, 0, tzinfo=UTC), datetime(2026, 1, 15, 9, 0, tzinfo=UTC)),
        (datetime(2025, 3, 3, 9, 0, tzinfo=UTC), datetime(2025, 4, 3, 9, 0, tzinfo=UTC)),
    ],
)
def test_one_month_is_the_same_day_next_month_or_that_months_last_day(
    received: datetime, due: datetime
) -> None:
    assert add_one_month(received) == due


def test_a_new_request_shows_received_and_verifying_and_is_due_one_month_later(
    client: TestClient, ada: Account
) -> None:
    response = _file(client, _token(client, ada), {"kind": "access"})

    body = response.json()
    assert body["status"] == "verifying"
    assert [step["status"] for step in body["history"]] == ["received", "verifying"]
    assert all(step["at"] for step in body["history"])
    assert datetime.fromisoformat(body["received_at"]) == START
    assert datetime.fromisoformat(body["due_at"]) == add_one_month(START)
    assert body["extended_by_months"] == 0 and body["extension_reason"] is None
    assert body["can_cancel"] is True
    assert response.headers["Location"] == f"/v1/me/requests/{body['id']}"


def test_an_operator_extension_moves_the_due_date_and_the_user_sees_why(
    client: TestClient, database_url: str, ada: Account, capsys: pytest.CaptureFixture[str]
) -> None:
    token = _token(client, ada)
    request_id = _file(client, token, {"kind": "access"}).json()["id"]

    code = cli_main(
        [
            "--database-url",
            database_url,
            "extend-request",
            request_id,
            "--months",
            "2",
            "--reason",
            "Your archive spans many servers.",
        ]
    )

    assert code == 0, capsys.readouterr().err
    body = client.get(f"/v1/me/requests/{request_id}", headers=bearer(token)).json()
    assert datetime.fromisoformat(body["due_at"]) == datetime(2025, 6, 3, 9, 0, tzinfo=UTC)
    assert body["extended_by_months"] == 2
    assert body["extension_reason"] == "Your archive spans many servers."
    assert "Your archive spans many servers." in body["history"][-1]["note"]


def test_an_extension_needs_a_reason_and_never_goes_past_two_months(
    client: TestClient, database: Database, ada: Account
) -> None:
    request_id = _file(client, _token(client, ada), {"kind": "access"}).json()["id"]

    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None
        with pytest.raises(InvalidExtension):
            extend(request, 1, "   ", now=START)
        extend(request, 1, "Busy season.", now=START)
        with pytest.raises(InvalidExtension):
            extend(request, 2, "Still busy.", now=START)
        assert request.due_at == datetime(2025, 5, 3, 9, 0, tzinfo=UTC)


# --- The state machine -------------------------------------------------------------------


def _stored_request(database: Database, user_id: str, *, kind: str = "access") -> str:
    with database.session() as session:
        request = PrivacyRequest(
            user_id=user_id,
            idempotency_key=f"direct-{kind}-{START.timestamp()}",
            kind=kind,
            status=RequestStatus.RECEIVED.value,
            received_at=START,
            due_at=add_one_month(START),
        )
        session.add(request)
        session.flush()
        return request.id


PATHS_TO_EVERY_END = [
    ("verifying", "in_progress", "completed"),
    ("verifying", "in_progress", "completed", "expired"),
    ("verifying", "in_progress", "denied"),
    ("verifying", "in_progress", "cancelled"),
    ("verifying", "denied"),
    ("verifying", "cancelled"),
    ("denied",),
    ("cancelled",),
]


@pytest.mark.parametrize("path", PATHS_TO_EVERY_END, ids="-".join)
def test_every_allowed_move_is_recorded_in_the_history_with_its_time(
    database: Database, clock: FakeClock, ada: Account, path: tuple[str, ...]
) -> None:
    request_id = _stored_request(database, ada.id)

    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None
        for step in path:
            clock.advance(minutes=1)
            transition(
                request, RequestStatus(step), f"to {step}", now=clock(), denial_reason="reason"
            )

    with database.session() as session:
        events = list(
            session.scalars(
                select(RequestEvent)
                .where(RequestEvent.request_id == request_id)
                .order_by(RequestEvent.id)
            )
        )
        stored = session.get(PrivacyRequest, request_id)
    assert [event.status for event in events] == list(path)
    assert [event.at for event in events] == [
        START + timedelta(minutes=n + 1) for n in range(len(path))
    ]
    assert stored is not None and stored.status == path[-1]


ILLEGAL_MOVES = [
    (start, end)
    for start in RequestStatus
    for end in RequestStatus
    if end not in ALLOWED_TRANSITIONS[start]
]


def test_the_transition_table_allows_no_way_back_out_of_a_final_answer() -> None:
    assert len(ILLEGAL_MOVES) > 30
    for final in ("denied", "cancelled", "expired"):
        assert ALLOWED_TRANSITIONS[RequestStatus(final)] == frozenset()
    assert ALLOWED_TRANSITIONS[RequestStatus.COMPLETED] == {RequestStatus.EXPIRED}


@pytest.mark.parametrize(
    ("walk", "illegal"),
    [
        ((), "completed"),
        ((), "in_progress"),
        ((), "expired"),
        (("verifying", "in_progress", "completed"), "cancelled"),
        (("verifying", "in_progress", "completed"), "in_progress"),
        (("cancelled",), "verifying"),
        (("denied",), "completed"),
        (("verifying",), "received"),
    ],
)
def test_a_move_the_table_does_not_allow_is_refused_and_leaves_no_trace(
    database: Database, ada: Account, walk: tuple[str, ...], illegal: str
) -> None:
    request_id = _stored_request(database, ada.id)
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None
        for step in walk:
            transition(request, RequestStatus(step), step, now=START, denial_reason="r")
        with pytest.raises(IllegalTransition):
            transition(request, RequestStatus(illegal), "no", now=START, denial_reason="r")
        assert request.status == (walk[-1] if walk else "received")
        count = session.scalar(select(func.count()).where(RequestEvent.request_id == request_id))
    assert count == len(walk)


def test_only_an_access_copy_can_expire(database: Database, ada: Account) -> None:
    request_id = _stored_request(database, ada.id, kind="correction")
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None
        for step in ("verifying", "in_progress", "completed"):
            transition(request, RequestStatus(step), step, now=START)
        with pytest.raises(IllegalTransition):
            transition(request, RequestStatus.EXPIRED, "no", now=START)


def test_a_denial_always_carries_a_reason(database: Database, ada: Account) -> None:
    request_id = _stored_request(database, ada.id)
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None
        with pytest.raises(IllegalTransition):
            transition(request, RequestStatus.DENIED, "no reason given", now=START)


# --- Nobody sees another account's requests ----------------------------------------------


def test_another_account_can_never_see_cancel_or_download_a_request(
    client: TestClient, ada: Account, bob: Account
) -> None:
    request_id = _file(client, _token(client, ada), {"kind": "access"}).json()["id"]
    bobs = _token(client, bob)

    seen = client.get(f"/v1/me/requests/{request_id}", headers=bearer(bobs))
    cancelled = client.post(f"/v1/me/requests/{request_id}/cancel", headers=bearer(bobs))
    downloaded = client.get(f"/v1/me/requests/{request_id}/export", headers=bearer(bobs))
    listed = client.get("/v1/me/requests", headers=bearer(bobs))

    assert_problem(seen, 404)
    assert_problem(cancelled, 404)
    assert_problem(downloaded, 404)
    assert listed.json() == {"requests": []}
    adas = client.get(f"/v1/me/requests/{request_id}", headers=bearer(_token(client, ada)))
    assert adas.json()["status"] == "verifying"


def test_the_list_shows_the_accounts_requests_newest_first(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    token = _token(client, ada)
    first = _file(client, token, {"kind": "access"}, key="a").json()["id"]
    clock.advance(minutes=1)
    second = _file(
        client,
        token,
        {"kind": "correction", "field": "username", "proposed_value": "A. L.", "reason": "r"},
        key="b",
    ).json()["id"]

    listed = client.get("/v1/me/requests", headers=bearer(token)).json()["requests"]

    assert [item["id"] for item in listed] == [second, first]
    assert listed[0]["details"]["proposed_value"] == "A. L."


# --- Step-up before a deletion (R7) ------------------------------------------------------


def test_a_deletion_without_a_password_re_check_is_refused(
    client: TestClient, database: Database, ada: Account
) -> None:
    response = _file(client, _token(client, ada), {"kind": "deletion"})

    assert_problem(response, 403, "step_up_required")
    assert _request_rows(database, ada.id) == []


def test_a_wrong_password_at_step_up_is_refused(client: TestClient, ada: Account) -> None:
    token = _token(client, ada)

    assert_problem(_step_up(client, token, "not the password"), 400, "wrong_password")
    assert_problem(_file(client, token, {"kind": "deletion"}), 403, "step_up_required")


def test_a_step_up_body_holds_the_password_and_nothing_else(
    client: TestClient, ada: Account
) -> None:
    """The JSON body is closed, as its published schema says: anything beside the password
    is refused, even with the right password, and no step-up is recorded."""
    token = _token(client, ada)
    stepped = client.post(
        "/v1/auth/step-up",
        json={"password": ada.password, "remember": {"me": [1, {"deep": "x"}]}},
        headers=bearer(token),
    )

    assert stepped.status_code == 422, stepped.text
    assert_problem(_file(client, token, {"kind": "deletion"}), 403, "step_up_required")
    schema = client.get("/openapi.json").json()["paths"]["/v1/auth/step-up"]["post"]
    assert (
        schema["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"]
        is False
    )


def test_a_step_up_older_than_five_minutes_no_longer_allows_a_deletion(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    token = _token(client, ada)
    assert _step_up(client, token, ada.password).status_code == 200

    clock.advance(minutes=5, seconds=1)

    assert_problem(_file(client, token, {"kind": "deletion"}), 403, "step_up_required")


def test_a_step_up_counts_only_for_the_token_it_was_made_on(
    client: TestClient, ada: Account
) -> None:
    stepped_up, other = _token(client, ada), _token(client, ada)
    assert _step_up(client, stepped_up, ada.password).status_code == 200

    assert_problem(_file(client, other, {"kind": "deletion"}), 403, "step_up_required")


def test_a_fresh_step_up_sent_as_json_allows_a_deletion_with_a_grace_period(
    client: TestClient, clock: FakeClock, settings: Settings, ada: Account
) -> None:
    token = _token(client, ada)
    stepped = client.post(
        "/v1/auth/step-up", json={"password": ada.password}, headers=bearer(token)
    )
    assert stepped.status_code == 200, stepped.text
    clock.advance(minutes=4)

    response = _file(client, token, {"kind": "deletion", "agent": "Grace Hopper"})

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "in_progress"
    assert [step["status"] for step in body["history"]] == [
        "received",
        "verifying",
        "in_progress",
    ]
    assert datetime.fromisoformat(body["grace_until"]) == clock() + settings.deletion_grace
    assert body["details"] == {"agent": "Grace Hopper"}
    assert body["can_cancel"] is True


def test_a_second_deletion_while_one_is_pending_is_refused(
    client: TestClient, ada: Account
) -> None:
    token = _token(client, ada)
    _step_up(client, token, ada.password)
    assert _file(client, token, {"kind": "deletion"}, key="one").status_code == 201

    assert_problem(_file(client, token, {"kind": "deletion"}, key="two"), 409, "deletion_pending")


# --- Cancelling --------------------------------------------------------------------------


def _file_deletion(client: TestClient, account: Account) -> tuple[str, str]:
    token = _token(client, account)
    assert _step_up(client, token, account.password).status_code == 200
    response = _file(client, token, {"kind": "deletion"}, key="delete-me")
    assert response.status_code == 201, response.text
    return token, response.json()["id"]


def test_a_deletion_cancelled_during_its_grace_period_deletes_nothing(
    client: TestClient, database: Database, settings: Settings, clock: FakeClock, ada: Account
) -> None:
    token, request_id = _file_deletion(client, ada)
    clock.advance(days=3)
    token = _token(client, ada)

    cancelled = client.post(f"/v1/me/requests/{request_id}/cancel", headers=bearer(token))
    clock.advance(days=5)
    _run_jobs(database, settings)

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["history"][-1]["status"] == "cancelled"
    assert cancelled.json()["can_cancel"] is False
    with database.session() as session:
        assert session.get(User, ada.id) is not None
        stored = session.get(PrivacyRequest, request_id)
        assert stored is not None and stored.status == "cancelled"
    assert sign_in(client, ada)["user"]["id"] == ada.id


def test_a_deletion_cannot_be_cancelled_once_its_grace_period_is_over(
    client: TestClient, clock: FakeClock, settings: Settings, ada: Account
) -> None:
    _, request_id = _file_deletion(client, ada)
    clock.advance(settings.deletion_grace)
    token = _token(client, ada)

    response = client.post(f"/v1/me/requests/{request_id}/cancel", headers=bearer(token))

    assert_problem(response, 409, "grace_period_over")
    assert (
        client.get(f"/v1/me/requests/{request_id}", headers=bearer(token)).json()["can_cancel"]
        is False
    )


def test_a_finished_request_cannot_be_cancelled(
    client: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    token = _token(client, ada)
    request_id = _file(
        client,
        token,
        {"kind": "correction", "field": "username", "proposed_value": "Ada L.", "reason": "r"},
    ).json()["id"]
    _run_jobs(database, settings)

    response = client.post(f"/v1/me/requests/{request_id}/cancel", headers=bearer(token))

    assert_problem(response, 409, "not_cancellable")


def test_an_access_request_cancelled_before_the_worker_runs_builds_no_copy(
    client: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    token = _token(client, ada)
    request_id = _file(client, token, {"kind": "access"}).json()["id"]
    client.post(f"/v1/me/requests/{request_id}/cancel", headers=bearer(token))

    _run_jobs(database, settings)

    body = client.get(f"/v1/me/requests/{request_id}", headers=bearer(token)).json()
    assert body["status"] == "cancelled" and body["export"] is None
    assert not settings.export_dir.exists() or not any(settings.export_dir.iterdir())


# --- What the jobs do for each kind ------------------------------------------------------


def _correction(client: TestClient, token: str, field: str, value: str, key: str = "fix") -> str:
    response = _file(
        client,
        token,
        {"kind": "correction", "field": field, "proposed_value": value, "reason": "It's wrong"},
        key=key,
    )
    assert response.status_code == 201, response.text
    request_id: str = response.json()["id"]
    return request_id


def test_an_accepted_correction_changes_the_profile_and_shows_old_and_new(
    client: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    token = _token(client, ada)
    request_id = _correction(client, token, "email", "  Ada.Lovelace@Example.org ")

    _run_jobs(database, settings)

    body = client.get(f"/v1/me/requests/{request_id}", headers=bearer(token)).json()
    assert body["status"] == "completed"
    assert body["details"]["old_value"] == ada.email
    assert body["details"]["new_value"] == "ada.lovelace@example.org"
    assert [step["status"] for step in body["history"]] == [
        "received",
        "verifying",
        "in_progress",
        "completed",
    ]
    assert client.get("/v1/me", headers=bearer(token)).json()["email"] == (
        "ada.lovelace@example.org"
    )


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [("bob@example.org", "another account"), ("not an address", "not a valid")],
)
def test_a_correction_to_an_address_taken_or_malformed_is_denied_with_a_reason(
    client: TestClient,
    database: Database,
    settings: Settings,
    ada: Account,
    value: str,
    reason_part: str,
) -> None:
    token = _token(client, ada)
    request_id = _correction(client, token, "email", value)

    _run_jobs(database, settings)

    body = client.get(f"/v1/me/requests/{request_id}", headers=bearer(token)).json()
    assert body["status"] == "denied"
    assert reason_part in body["denial_reason"]
    assert body["completed_at"] is not None
    assert client.get("/v1/me", headers=bearer(token)).json()["email"] == ada.email


def test_an_access_request_ends_with_a_copy_offered_for_seven_days(
    client: TestClient, database: Database, settings: Settings, clock: FakeClock, ada: Account
) -> None:
    token = _token(client, ada)
    request_id = _file(client, token, {"kind": "access"}).json()["id"]

    _run_jobs(database, settings)

    body = client.get(f"/v1/me/requests/{request_id}", headers=bearer(token)).json()
    assert body["status"] == "completed"
    export = body["export"]
    assert export["url"] == f"/v1/me/requests/{request_id}/export"
    assert datetime.fromisoformat(export["expires_at"]) == clock() + timedelta(days=7)
    downloaded = client.get(export["url"], headers=bearer(token))
    assert downloaded.status_code == 200
    assert len(downloaded.content) == export["size"]
    assert hashlib.sha256(downloaded.content).hexdigest() == export["sha256"]
