"""GET and PATCH /v1/me/choices: the user's switches, guarded by ETag / If-Match."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.db.database import Database
from server.db.models import ChoiceChange, ChoiceValue
from tests.server.helpers import (
    DEFAULTS_FROM_POLICY,
    Account,
    FakeClock,
    assert_problem,
    bearer,
    sign_in,
)


@pytest.fixture
def ada_token(client: TestClient, ada: Account) -> str:
    token: str = sign_in(client, ada)["access_token"]
    return token


def _read(client: TestClient, token: str) -> tuple[str, dict[str, Any]]:
    response = client.get("/v1/me/choices", headers=bearer(token))
    assert response.status_code == 200, response.text
    return response.headers["etag"], response.json()


def _values(body: dict[str, Any]) -> dict[str, bool]:
    return {choice["id"]: choice["value"] for choice in body["choices"]}


def _patch(
    client: TestClient,
    token: str,
    changes: dict[str, Any],
    *,
    if_match: str | None,
    device: str = "Privacy Desk tests",
) -> httpx.Response:
    headers = {**bearer(token), "X-Client": device}
    if if_match is not None:
        headers["If-Match"] = if_match
    return client.patch("/v1/me/choices", json={"changes": changes}, headers=headers)


ValueRow = tuple[str, str, bool, datetime]
ChangeRow = tuple[int, str, str, bool, bool, datetime, str]


def _stored(database: Database) -> tuple[list[ValueRow], list[ChangeRow]]:
    """The rows of choice_values and choice_changes, as plain tuples."""
    with database.session() as session:
        values = [
            (v.user_id, v.choice_id, v.value, v.updated_at)
            for v in session.scalars(select(ChoiceValue).order_by(ChoiceValue.choice_id))
        ]
        changes = [
            (c.id, c.user_id, c.choice_id, c.old_value, c.new_value, c.changed_at, c.client)
            for c in session.scalars(select(ChoiceChange).order_by(ChoiceChange.id))
        ]
    return values, changes


def test_a_new_account_sees_all_nine_choices_at_their_defaults_with_an_etag(
    client: TestClient, ada_token: str
) -> None:
    response = client.get("/v1/me/choices", headers=bearer(ada_token))

    assert response.status_code == 200, response.text
    body = response.json()
    assert _values(body) == DEFAULTS_FROM_POLICY
    assert [choice["id"] for choice in body["choices"]] == list(DEFAULTS_FROM_POLICY)
    assert all(choice["changed_at"] is None for choice in body["choices"])
    etag = response.headers["etag"]
    # A strong entity tag, quoted as RFC 9110 writes it, that matches the version in the body.
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    assert etag == f'"{body["version"]}"'
    assert "no-store" in response.headers.get("cache-control", "")


def test_changing_a_choice_without_if_match_is_refused_with_428(
    client: TestClient, ada_token: str, database: Database
) -> None:
    response = _patch(client, ada_token, {"X2": False}, if_match=None)

    assert_problem(response, 428)
    assert _stored(database) == ([], [])
    assert _values(_read(client, ada_token)[1])["X2"] is True


def test_changing_a_choice_from_a_stale_screen_is_refused_and_changes_nothing(
    client: TestClient, ada_token: str, database: Database
) -> None:
    # Two devices read the choices; the phone switches ads off first.
    etag_seen_by_laptop, _ = _read(client, ada_token)
    etag_seen_by_phone, _ = _read(client, ada_token)
    assert _patch(client, ada_token, {"X2": False}, if_match=etag_seen_by_phone).status_code == 200
    values_before, changes_before = _stored(database)
    etag_now, body_now = _read(client, ada_token)

    # The laptop, still showing the old state, tries to switch crash reports off.
    stale = _patch(client, ada_token, {"X3": False}, if_match=etag_seen_by_laptop)

    assert_problem(stale, 412, code="stale_etag")
    assert _stored(database) == (values_before, changes_before)
    assert [(c[2], c[4]) for c in changes_before] == [("X2", False)]
    assert _read(client, ada_token) == (etag_now, body_now)
    assert _values(body_now)["X3"] is True


def test_changing_a_choice_with_the_current_etag_stores_it_and_gives_a_new_etag(
    client: TestClient, ada_token: str, clock: FakeClock
) -> None:
    etag, _ = _read(client, ada_token)
    clock.advance(minutes=3)

    response = _patch(client, ada_token, {"X2": False}, if_match=etag)

    assert response.status_code == 200, response.text
    new_etag = response.headers["etag"]
    assert new_etag != etag
    body = response.json()
    assert new_etag == f'"{body["version"]}"'
    assert _values(body) == {**DEFAULTS_FROM_POLICY, "X2": False}
    changed = {choice["id"]: choice["changed_at"] for choice in body["choices"]}
    assert datetime.fromisoformat(changed.pop("X2")) == clock.now
    assert set(changed.values()) == {None}
    # Reading again shows the same state and the same ETag (the PATCH adds only its receipts).
    assert [receipt["choice_id"] for receipt in body.pop("receipts")] == ["X2"]
    assert _read(client, ada_token) == (new_etag, body)
    # And the new ETag is the one to use next time.
    assert _patch(client, ada_token, {"X2": True}, if_match=new_etag).status_code == 200
    assert_problem(_patch(client, ada_token, {"X1": False}, if_match=etag), 412, "stale_etag")


def test_every_change_is_appended_to_the_audit_trail_with_the_app_that_made_it(
    client: TestClient, ada: Account, ada_token: str, database: Database, clock: FakeClock
) -> None:
    etag, _ = _read(client, ada_token)
    first_time = clock.advance(minutes=1)
    first = _patch(client, ada_token, {"X2": False, "X5": True}, if_match=etag, device="Desk 1.0")
    assert first.status_code == 200, first.text
    _, first_trail = _stored(database)

    second_time = clock.advance(minutes=10)
    second = _patch(
        client, ada_token, {"X2": True}, if_match=first.headers["etag"], device="Phone 2.3"
    )
    assert second.status_code == 200, second.text
    _, trail = _stored(database)

    assert [change[1:] for change in trail] == [
        (ada.id, "X2", True, False, first_time, "Desk 1.0"),
        (ada.id, "X5", False, True, first_time, "Desk 1.0"),
        (ada.id, "X2", False, True, second_time, "Phone 2.3"),
    ]
    # The rows written first are still exactly as they were, ids included: the trail only grows.
    assert trail[:2] == first_trail


def test_an_unknown_choice_is_refused_with_422_and_nothing_is_stored(
    client: TestClient, ada_token: str, database: Database
) -> None:
    etag, before = _read(client, ada_token)

    response = _patch(client, ada_token, {"X1": False, "X99": True}, if_match=etag)

    body = assert_problem(response, 422)
    assert "X99" in body.get("detail", "")
    assert _stored(database) == ([], [])
    # Not even the known choice in the same request changed, and the ETag still holds.
    assert _read(client, ada_token) == (etag, before)


def test_setting_a_choice_to_the_value_it_already_has_records_no_change(
    client: TestClient, ada_token: str, database: Database
) -> None:
    etag, _ = _read(client, ada_token)

    response = _patch(client, ada_token, {"X1": True, "X5": False}, if_match=etag)

    assert response.status_code == 200, response.text
    assert _values(response.json()) == DEFAULTS_FROM_POLICY
    assert all(choice["changed_at"] is None for choice in response.json()["choices"])
    assert _stored(database) == ([], [])


def test_one_user_can_never_read_or_change_another_users_choices(
    client: TestClient, ada: Account, bob: Account, database: Database
) -> None:
    ada_token = sign_in(client, ada)["access_token"]
    bob_token = sign_in(client, bob)["access_token"]
    ada_etag, _ = _read(client, ada_token)
    ada_after = _patch(client, ada_token, {"X2": False, "X4": False}, if_match=ada_etag)
    assert ada_after.status_code == 200, ada_after.text
    ada_state = _read(client, ada_token)

    # Bob only ever sees his own values: still the defaults.
    bob_etag, bob_body = _read(client, bob_token)
    assert _values(bob_body) == DEFAULTS_FROM_POLICY
    # Bob changes his own choices ...
    bob_after = _patch(client, bob_token, {"X1": False, "X2": True}, if_match=bob_etag)
    assert bob_after.status_code == 200, bob_after.text
    assert _values(bob_after.json()) == {**DEFAULTS_FROM_POLICY, "X1": False}
    # ... and Ada's are untouched, ETag included.
    assert _read(client, ada_token) == ada_state
    assert _values(ada_state[1]) == {**DEFAULTS_FROM_POLICY, "X2": False, "X4": False}
    values, trail = _stored(database)
    assert sorted(v[:3] for v in values) == sorted(
        [(ada.id, "X2", False), (ada.id, "X4", False), (bob.id, "X1", False)]
    )
    assert sorted(c[1:3] for c in trail) == sorted([(ada.id, "X2"), (ada.id, "X4"), (bob.id, "X1")])
