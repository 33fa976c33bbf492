"""An overdue request (issue 13): the account holder's reminder, recorded in the history,
and the signed acknowledgement of the request's facts that a complaint carries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient

from server.db.database import Database
from server.db.models import PrivacyRequest
from server.receipts import b64url_decode
from server.requests_flow import extend
from tests.server.helpers import Account, FakeClock, assert_problem, bearer, sign_in

REMINDER = "Reminder from the account holder"


def _token(client: TestClient, account: Account) -> str:
    token: str = sign_in(client, account)["access_token"]
    return token


def _file_correction(client: TestClient, token: str) -> dict[str, Any]:
    body = {"kind": "correction", "field": "username", "proposed_value": "ada-l", "reason": "typo"}
    filed = client.post(
        "/v1/me/requests", json=body, headers={**bearer(token), "Idempotency-Key": "late-one"}
    )
    assert filed.status_code == 201, filed.text
    answer: dict[str, Any] = filed.json()
    return answer


def _remind(client: TestClient, token: str, request_id: str, language: str = "en") -> Any:
    headers = {**bearer(token), "Accept-Language": language}
    return client.post(f"/v1/me/requests/{request_id}/reminders", headers=headers)


def test_a_reminder_is_refused_before_the_due_date_and_recorded_once_overdue(
    client: TestClient, ada: Account, clock: FakeClock
) -> None:
    filed = _file_correction(client, _token(client, ada))
    assert_problem(_remind(client, _token(client, ada), filed["id"]), 409, "not_overdue")

    clock.advance(days=32)  # one calendar month has passed, no answer came
    token = _token(client, ada)
    reminded = _remind(client, token, filed["id"])

    assert reminded.status_code == 200, reminded.text
    last = reminded.json()["history"][-1]
    assert last["status"] == filed["status"], "a reminder does not change the status"
    due = filed["due_at"][:10]
    assert last["note"] == (f"{REMINDER}: the answer was due on {due} and has not come.")
    read = client.get(f"/v1/me/requests/{filed['id']}", headers=bearer(token)).json()
    assert read["history"][-1]["note"] == last["note"], "the reminder is kept"


def test_one_reminder_a_day_and_it_reads_in_dutch(
    client: TestClient, ada: Account, clock: FakeClock
) -> None:
    filed = _file_correction(client, _token(client, ada))
    clock.advance(days=40)
    token = _token(client, ada)
    assert _remind(client, token, filed["id"]).status_code == 200

    clock.advance(hours=23)
    assert_problem(_remind(client, _token(client, ada), filed["id"]), 409, "reminder_too_soon")

    clock.advance(hours=2)
    again = _remind(client, _token(client, ada), filed["id"], language="nl")
    assert again.status_code == 200, again.text
    notes = [event["note"] for event in again.json()["history"]]
    reminders = [note for note in notes if note.startswith("Herinnering van de accounthouder")]
    assert len(reminders) == 2, notes


def test_an_extension_moves_the_day_a_reminder_may_be_sent(
    client: TestClient, ada: Account, clock: FakeClock, database: Database
) -> None:
    filed = _file_correction(client, _token(client, ada))
    with database.session() as session:
        row = session.get(PrivacyRequest, filed["id"])
        assert row is not None
        extend(row, 1, "Many requests at once this month.", now=clock())
    clock.advance(days=40)  # past the first month, within the extension
    assert_problem(_remind(client, _token(client, ada), filed["id"]), 409, "not_overdue")
    clock.advance(days=30)
    assert _remind(client, _token(client, ada), filed["id"]).status_code == 200


def test_nobody_reminds_about_someone_elses_request(
    client: TestClient, ada: Account, bob: Account, clock: FakeClock
) -> None:
    filed = _file_correction(client, _token(client, ada))
    clock.advance(days=40)
    assert_problem(_remind(client, _token(client, bob), filed["id"]), 404)


def _published_key(client: TestClient, key_id: str) -> Ed25519PublicKey:
    keys = client.get("/v1/keys").json()["keys"]
    (key,) = [k for k in keys if k["key_id"] == key_id]
    return Ed25519PublicKey.from_public_bytes(b64url_decode(key["public_key"]))


def test_the_acknowledgement_states_the_requests_facts_signed_with_the_published_key(
    client: TestClient, ada: Account, clock: FakeClock
) -> None:
    filed = _file_correction(client, _token(client, ada))
    clock.advance(days=35)
    token = _token(client, ada)
    view = _remind(client, token, filed["id"]).json()

    answer = client.get(f"/v1/me/requests/{filed['id']}/acknowledgement", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    signed = answer.json()
    key = _published_key(client, signed["key_id"])
    key.verify(b64url_decode(signed["signature"]), signed["payload"].encode("utf-8"))

    statement = json.loads(signed["payload"])
    assert statement["type"] == "privacy-request-acknowledgement"
    assert statement["piiPrincipalId"] == ada.id
    facts = statement["request"]
    assert (facts["id"], facts["kind"], facts["status"]) == (
        view["id"],
        view["kind"],
        view["status"],
    )
    assert facts["dueAt"][:10] == view["due_at"][:10]
    assert facts["receivedAt"][:10] == view["received_at"][:10]
    assert [e["note"] for e in facts["history"]] == [e["note"] for e in view["history"]]

    tampered = signed["payload"].replace(facts["dueAt"], "2099-01-01T00:00:00Z")
    with pytest.raises(InvalidSignature):
        key.verify(b64url_decode(signed["signature"]), tampered.encode("utf-8"))


def test_the_acknowledgement_of_someone_elses_request_is_not_found(
    client: TestClient, ada: Account, bob: Account
) -> None:
    filed = _file_correction(client, _token(client, ada))
    answer = client.get(
        f"/v1/me/requests/{filed['id']}/acknowledgement", headers=bearer(_token(client, bob))
    )
    assert_problem(answer, 404)
