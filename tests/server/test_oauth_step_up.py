"""Step-up before a deletion through the sign-in page (`prompt=login` or `max_age=0`): the
password typed there, never in the app, lets the token from that sign-in file a deletion for
the step-up window; the password step-up of POST /v1/auth/step-up keeps working beside it."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from tests.server.helpers import Account, FakeClock, assert_problem, bearer, sign_in
from tests.server.oauth_flow import code_for, exchange, new_pkce


def _file_deletion(client: TestClient, access_token: str) -> httpx.Response:
    return client.post(
        "/v1/me/requests",
        json={"kind": "deletion"},
        headers={**bearer(access_token), "Idempotency-Key": "goodbye"},
    )


def _browser_tokens(client: TestClient, account: Account, **changes: str) -> dict[str, str]:
    pkce = new_pkce()
    answer = exchange(client, code_for(client, account, pkce, **changes), pkce.verifier)
    assert answer.status_code == 200, answer.text
    tokens: dict[str, str] = answer.json()
    return tokens


def test_a_step_up_on_the_page_lets_the_app_file_a_deletion(
    client: TestClient, ada: Account
) -> None:
    tokens = _browser_tokens(client, ada, prompt="login")
    assert _file_deletion(client, tokens["access_token"]).status_code == 201


def test_max_age_zero_asks_for_the_same_step_up(client: TestClient, ada: Account) -> None:
    tokens = _browser_tokens(client, ada, max_age="0")
    assert _file_deletion(client, tokens["access_token"]).status_code == 201


def test_an_ordinary_browser_sign_in_is_no_step_up(client: TestClient, ada: Account) -> None:
    tokens = _browser_tokens(client, ada)
    assert_problem(_file_deletion(client, tokens["access_token"]), 403, "step_up_required")


def test_a_step_up_on_the_page_lasts_five_minutes_from_the_password(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce, prompt="login")
    clock.advance(seconds=30)
    tokens = exchange(client, code, pkce.verifier).json()
    clock.advance(minutes=5)
    assert_problem(_file_deletion(client, tokens["access_token"]), 403, "step_up_required")


def test_a_refreshed_token_is_no_step_up_any_more(client: TestClient, ada: Account) -> None:
    tokens = _browser_tokens(client, ada, prompt="login")
    refreshed = client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    ).json()
    assert_problem(_file_deletion(client, refreshed["access_token"]), 403, "step_up_required")


def test_the_password_step_up_still_works(client: TestClient, ada: Account) -> None:
    token = sign_in(client, ada)["access_token"]
    stepped = client.post(
        "/v1/auth/step-up", data={"password": ada.password}, headers=bearer(token)
    )
    assert stepped.status_code == 200, stepped.text
    assert _file_deletion(client, token).status_code == 201
