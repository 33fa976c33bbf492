"""Device sign-in (RFC 8628): a code shown on one device, typed on the service's page on
another; the device polls until it is let in, refused, or the code runs out."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from server.oauth.device import typed_user_code
from tests.server.helpers import Account, FakeClock, who_am_i
from tests.server.oauth_flow import (
    DEVICE_PAGE,
    decide_on_device_page,
    hidden_fields,
    oauth_error,
    poll,
    send_form,
    start_device,
)

USER_CODE = re.compile(r"[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}")


def test_a_device_gets_a_short_code_and_a_page_with_it_filled_in(client: TestClient) -> None:
    started = start_device(client)
    assert USER_CODE.fullmatch(started["user_code"]), started["user_code"]
    assert started["verification_uri"] == "http://testserver/v1/oauth/device"
    complete = urlsplit(started["verification_uri_complete"])
    assert parse_qs(complete.query)["user_code"] == [started["user_code"]]
    assert started["expires_in"] == 600 and started["interval"] == 5
    page = client.get(started["verification_uri_complete"])
    assert f'value="{started["user_code"]}"' in page.text


def test_a_device_signs_in_once_its_user_allows_it_on_the_page(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    started = start_device(client)
    assert oauth_error(poll(client, started["device_code"])) == "authorization_pending"
    # Typed the way people type: small letters, a space instead of the dash.
    typed = started["user_code"].lower().replace("-", " ")
    allowed = decide_on_device_page(client, typed, ada)
    assert allowed.status_code == 200 and ada.email in allowed.text
    clock.advance(seconds=5)
    tokens = poll(client, started["device_code"])
    assert tokens.status_code == 200, tokens.text
    assert tokens.headers["cache-control"] == "no-store"
    assert who_am_i(client, tokens.json()["access_token"]).json()["email"] == ada.email
    clock.advance(seconds=5)
    assert oauth_error(poll(client, started["device_code"])) == "invalid_grant"


def test_polling_faster_than_the_interval_is_told_to_slow_down(
    client: TestClient, clock: FakeClock
) -> None:
    started = start_device(client)
    assert oauth_error(poll(client, started["device_code"])) == "authorization_pending"
    clock.advance(seconds=4)
    too_fast = poll(client, started["device_code"])
    assert oauth_error(too_fast) == "slow_down"
    assert "10 seconds" in too_fast.json()["error_description"]
    # The pause is now ten seconds, counted from the last poll.
    clock.advance(seconds=9)
    assert oauth_error(poll(client, started["device_code"])) == "slow_down"
    clock.advance(seconds=15)
    assert oauth_error(poll(client, started["device_code"])) == "authorization_pending"


def test_an_expired_device_code_is_expired_token(client: TestClient, clock: FakeClock) -> None:
    started = start_device(client)
    clock.advance(seconds=600)
    assert oauth_error(poll(client, started["device_code"])) == "expired_token"


def test_an_expired_user_code_is_not_taken_on_the_page(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    started = start_device(client)
    clock.advance(seconds=601)
    refused = decide_on_device_page(client, started["user_code"], ada)
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    assert oauth_error(poll(client, started["device_code"])) == "expired_token"


def test_a_denied_device_is_access_denied(client: TestClient, ada: Account) -> None:
    started = start_device(client)
    denied = decide_on_device_page(client, started["user_code"], ada, action="deny")
    assert denied.status_code == 200 and "not let in" in denied.text
    assert oauth_error(poll(client, started["device_code"])) == "access_denied"
    # Once denied, signing in on the page cannot let it in any more.
    assert decide_on_device_page(client, started["user_code"], ada).status_code == 400


def test_a_wrong_password_on_the_device_page_lets_nothing_in(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    started = start_device(client)
    wrong = Account(ada.id, ada.email, "not the password")
    refused = decide_on_device_page(client, started["user_code"], wrong)
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    clock.advance(seconds=5)
    assert oauth_error(poll(client, started["device_code"])) == "authorization_pending"


def test_an_unknown_user_code_is_said_on_the_page(client: TestClient, ada: Account) -> None:
    start_device(client)
    refused = decide_on_device_page(client, "BBBB-BBBB", ada)
    assert refused.status_code == 400 and "not known" in refused.text


def test_the_device_page_refuses_a_form_without_its_token(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    started = start_device(client)
    fields = hidden_fields(client.get(DEVICE_PAGE))
    del fields["csrf_token"]
    answer = send_form(
        client, DEVICE_PAGE, {**fields, "user_code": started["user_code"]}, ada, "allow"
    )
    assert answer.status_code == 400 and "security code" in answer.text
    clock.advance(seconds=5)
    assert oauth_error(poll(client, started["device_code"])) == "authorization_pending"


def test_a_device_code_for_another_client_or_made_up_is_refused(client: TestClient) -> None:
    started = start_device(client)
    other = client.post(
        "/v1/auth/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "device_code": started["device_code"],
            "client_id": "other-app",
        },
    )
    assert oauth_error(other) == "invalid_client"
    assert oauth_error(poll(client, "made-up")) == "invalid_grant"


def test_an_unknown_client_cannot_start_a_device_sign_in(client: TestClient) -> None:
    refused = client.post("/v1/oauth/device_authorization", data={"client_id": "other-app"})
    assert oauth_error(refused) == "invalid_client"


def test_typing_a_user_code_forgives_case_spaces_and_dashes_only() -> None:
    assert typed_user_code("bcdf-ghjk") == "BCDFGHJK"
    assert typed_user_code(" BCDF GHJK ") == "BCDFGHJK"
    assert typed_user_code("BCDF-GHJ") is None
    assert typed_user_code("ABCD-EFGH") is None  # vowels are never in a code
    assert typed_user_code("BCDF_GHJK") is None
