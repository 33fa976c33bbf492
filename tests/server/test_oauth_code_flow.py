"""Browser sign-in: the authorization code flow with PKCE and a loopback redirect (RFC 6749
section 4.1, RFC 7636, RFC 8252), each refusal on its own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.app import create_app
from server.config import Settings
from server.db.database import Database
from server.db.models import AuthorizationCode, DeviceAuthorization
from server.jobs.retention import sweep
from tests.server.helpers import Account, FakeClock, bearer, refresh, who_am_i
from tests.server.oauth_flow import (
    AUTHORIZE,
    CLIENT_ID,
    DEVICE_AUTHORIZATION,
    ODD_STATE,
    REDIRECT_URI,
    authorize_query,
    callback,
    code_for,
    exchange,
    fill_in_sign_in,
    hidden_fields,
    is_page_without_redirect,
    new_pkce,
    oauth_error,
    send_form,
)


def test_signing_in_on_the_page_sends_a_code_and_the_state_back_unchanged(
    client: TestClient, ada: Account
) -> None:
    pkce = new_pkce()
    where, answer = callback(fill_in_sign_in(client, authorize_query(pkce), ada))
    assert where == REDIRECT_URI
    assert answer["state"] == ODD_STATE
    assert answer["iss"] == "http://testserver"
    tokens = exchange(client, answer["code"], pkce.verifier)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    assert body["token_type"] == "Bearer" and body["user"]["id"] == ada.id
    assert tokens.headers["cache-control"] == "no-store"
    assert who_am_i(client, body["access_token"]).json()["email"] == ada.email


def test_a_replayed_code_is_refused_and_ends_what_the_first_exchange_gave(
    client: TestClient, ada: Account
) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    first = exchange(client, code, pkce.verifier)
    assert first.status_code == 200, first.text
    tokens = first.json()
    assert who_am_i(client, tokens["access_token"]).status_code == 200

    assert oauth_error(exchange(client, code, pkce.verifier)) == "invalid_grant"

    assert who_am_i(client, tokens["access_token"]).status_code == 401
    assert oauth_error(refresh(client, tokens["refresh_token"])) == "invalid_grant"


def test_a_replay_also_ends_the_tokens_rotated_from_the_first_exchange(
    client: TestClient, ada: Account
) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    first = exchange(client, code, pkce.verifier).json()
    rotated = refresh(client, first["refresh_token"]).json()
    assert oauth_error(exchange(client, code, pkce.verifier)) == "invalid_grant"
    assert who_am_i(client, rotated["access_token"]).status_code == 401
    assert oauth_error(refresh(client, rotated["refresh_token"])) == "invalid_grant"


def test_a_wrong_verifier_is_refused_and_uses_the_code_up(client: TestClient, ada: Account) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    assert oauth_error(exchange(client, code, new_pkce().verifier)) == "invalid_grant"
    assert oauth_error(exchange(client, code, pkce.verifier)) == "invalid_grant"


def test_the_plain_method_is_refused_at_the_redirect(client: TestClient) -> None:
    pkce = new_pkce()
    query = authorize_query(pkce, code_challenge_method="plain", code_challenge=pkce.verifier)
    where, answer = callback(client.get(AUTHORIZE, params=query, follow_redirects=False))
    assert where == REDIRECT_URI
    assert answer["error"] == "invalid_request" and "S256" in answer["error_description"]
    assert answer["state"] == ODD_STATE
    assert "code" not in answer


def test_a_request_without_a_method_means_plain_and_is_refused(client: TestClient) -> None:
    query = authorize_query(new_pkce(), code_challenge_method=None)
    _, answer = callback(client.get(AUTHORIZE, params=query, follow_redirects=False))
    assert answer["error"] == "invalid_request"


def test_a_request_without_a_challenge_is_refused(client: TestClient) -> None:
    query = authorize_query(new_pkce(), code_challenge=None)
    _, answer = callback(client.get(AUTHORIZE, params=query, follow_redirects=False))
    assert answer["error"] == "invalid_request"


def test_a_request_without_state_is_refused_at_the_redirect(client: TestClient) -> None:
    """RFC 6749 lets state out; this service asks for it, because the app's one-shot
    listener tells its own callback from any other by it."""
    query = authorize_query(new_pkce(), state=None)
    _, answer = callback(client.get(AUTHORIZE, params=query, follow_redirects=False))
    assert answer["error"] == "invalid_request" and "state" in answer["error_description"]
    assert "state" not in answer


def test_another_response_type_is_refused_at_the_redirect(client: TestClient) -> None:
    query = authorize_query(new_pkce(), response_type="token")
    _, answer = callback(client.get(AUTHORIZE, params=query, follow_redirects=False))
    assert answer["error"] == "unsupported_response_type"
    assert answer["state"] == ODD_STATE


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://attacker.example/callback",
        "http://127.0.0.1:53682/elsewhere",
        "https://127.0.0.1:53682/callback",
        "http://localhost:53682/callback",
        "http://127.0.0.1/callback",
        "http://127.0.0.1:53682/callback?next=https://attacker.example",
        "http://127.0.0.1:53682@attacker.example/callback",
    ],
)
def test_a_redirect_that_is_not_registered_is_shown_on_the_page_and_never_followed(
    client: TestClient, ada: Account, redirect_uri: str
) -> None:
    query = authorize_query(new_pkce(), redirect_uri=redirect_uri)
    page = client.get(AUTHORIZE, params=query, follow_redirects=False)
    assert is_page_without_redirect(page)
    assert "attacker" not in page.headers.get("location", "")
    assert is_page_without_redirect(send_form(client, AUTHORIZE, query, ada, "sign_in"))


def test_a_bad_redirect_wins_over_every_other_error(client: TestClient) -> None:
    """Even a request that would be refused anyway is not sent to an unknown address."""
    query = authorize_query(
        new_pkce(), redirect_uri="https://attacker.example/cb", code_challenge_method="plain"
    )
    assert is_page_without_redirect(client.get(AUTHORIZE, params=query, follow_redirects=False))


def test_a_foreign_client_is_shown_on_the_page_and_refused_at_the_token_endpoint(
    client: TestClient, ada: Account
) -> None:
    page = client.get(
        AUTHORIZE, params=authorize_query(new_pkce(), client_id="other-app"), follow_redirects=False
    )
    assert is_page_without_redirect(page)
    assert is_page_without_redirect(
        client.get(AUTHORIZE, params=authorize_query(new_pkce(), client_id=None))
    )
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    refused = exchange(client, code, pkce.verifier, client_id="other-app")
    assert oauth_error(refused) == "invalid_client"


def test_a_code_is_bound_to_its_redirect_uri(client: TestClient, ada: Account) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    other_port = REDIRECT_URI.replace("53682", "53683")
    assert oauth_error(exchange(client, code, pkce.verifier, redirect_uri=other_port)) == (
        "invalid_grant"
    )


def test_a_code_expires_after_a_minute(client: TestClient, clock: FakeClock, ada: Account) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    clock.advance(seconds=60)
    assert oauth_error(exchange(client, code, pkce.verifier)) == "invalid_grant"


def test_a_code_still_works_just_before_its_minute_is_up(
    client: TestClient, clock: FakeClock, ada: Account
) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    clock.advance(seconds=59)
    assert exchange(client, code, pkce.verifier).status_code == 200


def test_an_unknown_code_is_refused(client: TestClient) -> None:
    assert oauth_error(exchange(client, "made-up", new_pkce().verifier)) == "invalid_grant"


def test_a_wrong_password_stays_on_the_page_with_the_error_announced(
    client: TestClient, ada: Account
) -> None:
    answer = fill_in_sign_in(client, authorize_query(new_pkce()), ada, password="wrong")
    assert is_page_without_redirect(answer)
    assert 'role="alert"' in answer.text and 'aria-invalid="true"' in answer.text
    assert f'value="{ada.email}"' in answer.text
    assert "<title>Error:" in answer.text


def test_cancelling_on_the_page_is_access_denied_at_the_redirect(client: TestClient) -> None:
    query = authorize_query(new_pkce())
    page = client.get(AUTHORIZE, params=query)
    answer = client.post(
        AUTHORIZE, data={**hidden_fields(page), "action": "cancel"}, follow_redirects=False
    )
    _, parameters = callback(answer)
    assert parameters["error"] == "access_denied" and parameters["state"] == ODD_STATE


# --- CSRF ---------------------------------------------------------------------------------


def test_a_form_without_its_token_is_refused(client: TestClient, ada: Account) -> None:
    fields = hidden_fields(client.get(AUTHORIZE, params=authorize_query(new_pkce())))
    del fields["csrf_token"]
    answer = send_form(client, AUTHORIZE, fields, ada, "sign_in")
    assert is_page_without_redirect(answer)
    assert "security code" in answer.text


def test_a_form_with_a_wrong_token_is_refused(client: TestClient, ada: Account) -> None:
    fields = hidden_fields(client.get(AUTHORIZE, params=authorize_query(new_pkce())))
    fields["csrf_token"] = fields["csrf_token"][::-1]
    answer = send_form(client, AUTHORIZE, fields, ada, "sign_in")
    assert is_page_without_redirect(answer)


def test_a_token_from_another_form_does_not_fit(client: TestClient, ada: Account) -> None:
    """A token is bound to its form: the attacker's own state or challenge cannot borrow it."""
    mine = hidden_fields(client.get(AUTHORIZE, params=authorize_query(new_pkce())))
    theirs = authorize_query(new_pkce(), state="attacker")
    answer = send_form(
        client, AUTHORIZE, {**theirs, "csrf_token": mine["csrf_token"]}, ada, "sign_in"
    )
    assert is_page_without_redirect(answer)


def test_a_form_posted_without_the_pages_cookie_is_refused(
    settings: Settings, database: Database, ada: Account
) -> None:
    """Another site can make a browser post the form, but not with the page's cookie."""
    with TestClient(create_app(settings, database)) as first:
        fields = hidden_fields(first.get(AUTHORIZE, params=authorize_query(new_pkce())))
    with TestClient(create_app(settings, database)) as stranger:
        answer = send_form(stranger, AUTHORIZE, fields, ada, "sign_in")
    assert is_page_without_redirect(answer)


# --- the sign-in limit ----------------------------------------------------------------------


@pytest.fixture
def strict_client(settings: Settings, database: Database) -> Iterator[TestClient]:
    strict = replace(settings, sign_in_attempts_per_account=2)
    with TestClient(create_app(strict, database)) as client:
        yield client


def test_the_page_counts_attempts_like_the_token_endpoint(
    strict_client: TestClient, ada: Account
) -> None:
    query = authorize_query(new_pkce())
    for _ in range(2):
        assert fill_in_sign_in(strict_client, query, ada, password="wrong").status_code == 400
    refused = fill_in_sign_in(strict_client, query, ada)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "Wait" in refused.text and 'role="alert"' in refused.text
    assert "location" not in refused.headers


# --- the password grant is a setting ------------------------------------------------------


def test_the_password_grant_is_off_unless_the_settings_turn_it_on(
    settings: Settings, database: Database, ada: Account
) -> None:
    assert Settings(database_url="sqlite://").password_grant is False
    off = replace(settings, password_grant=False)
    with TestClient(create_app(off, database)) as client:
        refused = client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": ada.email, "password": ada.password},
        )
        assert oauth_error(refused) == "unsupported_grant_type"
        grants = client.get("/.well-known/oauth-authorization-server").json()
        assert "password" not in grants["grant_types_supported"]
        pkce = new_pkce()
        assert exchange(client, code_for(client, ada, pkce), pkce.verifier).status_code == 200


def test_the_environment_turns_the_password_grant_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_SERVER_PASSWORD_GRANT", "1")
    assert Settings.from_environment("sqlite://").password_grant is True
    monkeypatch.setenv("PRIVACY_SERVER_PASSWORD_GRANT", "0")
    assert Settings.from_environment("sqlite://").password_grant is False
    monkeypatch.setenv("PRIVACY_SERVER_PASSWORD_GRANT", "maybe")
    with pytest.raises(ValueError, match="PASSWORD_GRANT"):
        Settings.from_environment("sqlite://")
    monkeypatch.delenv("PRIVACY_SERVER_PASSWORD_GRANT")
    assert Settings.from_environment("sqlite://").password_grant is False


def test_the_page_and_its_redirect_are_never_stored(client: TestClient, ada: Account) -> None:
    query = authorize_query(new_pkce())
    assert client.get(AUTHORIZE, params=query).headers["cache-control"] == "no-store"
    redirect = fill_in_sign_in(client, query, ada)
    assert redirect.headers["cache-control"] == "no-store"
    assert redirect.headers["referrer-policy"] == "no-referrer"


def test_the_access_token_from_the_page_is_an_ordinary_bearer_token(
    client: TestClient, ada: Account
) -> None:
    pkce = new_pkce()
    tokens = exchange(client, code_for(client, ada, pkce), pkce.verifier).json()
    assert client.get("/v1/me/choices", headers=bearer(tokens["access_token"])).status_code == 200


def test_the_retention_sweep_forgets_codes_a_day_after_they_expired(
    client: TestClient, database: Database, settings: Settings, clock: FakeClock, ada: Account
) -> None:
    pkce = new_pkce()
    code = code_for(client, ada, pkce)
    exchange(client, code, pkce.verifier)
    client.post(DEVICE_AUTHORIZATION, data={"client_id": CLIENT_ID})
    clock.advance(hours=23)
    assert sweep(database, settings).sign_in_codes == 0
    # A day on, a late replay is still recognised as one...
    assert oauth_error(exchange(client, code, pkce.verifier)) == "invalid_grant"
    clock.advance(hours=1, minutes=11)
    # ...and then both the code and the device sign-in, long expired, are gone.
    assert sweep(database, settings).sign_in_codes == 2
    with database.session() as session:
        assert session.scalars(select(AuthorizationCode)).all() == []
        assert session.scalars(select(DeviceAuthorization)).all() == []
