"""A standard OAuth 2.0 client library (Authlib) signs in, refreshes, is refused and signs
out against the real service over HTTP, on both databases.

An OAuth client knows a refusal by RFC 6749's `error` member; a refusal without one is
taken for a token. So every refusal below must reach the caller as Authlib's OAuthError
with the right code, never as a "token".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from server.api.auth import REFRESH_RETRY_GRACE
from server.config import Settings
from server.embedded import EmbeddedService
from tests.server.helpers import Account, FakeClock
from tests.server.live import running_service


@pytest.fixture
def service(settings: Settings) -> Iterator[EmbeddedService]:
    with running_service(replace(settings, sign_in_attempts_per_account=3)) as service:
        yield service


@pytest.fixture
def oauth(service: EmbeddedService) -> Iterator[OAuth2Session]:
    """A public client (no secret), as a desktop app is."""
    with OAuth2Session(
        client_id="privacy-desk",
        token_endpoint=f"{service.base_url}/v1/auth/token",
        token_endpoint_auth_method="none",
        revocation_endpoint_auth_method="none",
    ) as session:
        yield session


def _token_url(service: EmbeddedService) -> str:
    return f"{service.base_url}/v1/auth/token"


def _revoke_url(service: EmbeddedService) -> str:
    return f"{service.base_url}/v1/auth/revoke"


def _profile_status(service: EmbeddedService, access_token: str) -> int:
    response = httpx.get(
        f"{service.base_url}/v1/me", headers={"Authorization": f"Bearer {access_token}"}
    )
    return response.status_code


def _refused(error: pytest.ExceptionInfo[OAuthError]) -> str:
    code: str = error.value.error
    return code


def test_an_oauth_client_signs_in_refreshes_and_signs_out(
    service: EmbeddedService, oauth: OAuth2Session, ada: Account
) -> None:
    first = oauth.fetch_token(
        _token_url(service), grant_type="password", username=ada.email, password=ada.password
    )
    assert first["token_type"] == "Bearer"
    assert first["expires_in"] == 15 * 60
    assert _profile_status(service, first["access_token"]) == 200

    second = oauth.refresh_token(_token_url(service), refresh_token=first["refresh_token"])
    assert second["refresh_token"] != first["refresh_token"]
    assert _profile_status(service, second["access_token"]) == 200

    revoked = oauth.revoke_token(
        _revoke_url(service), token=second["refresh_token"], token_type_hint="refresh_token"
    )
    assert revoked.status_code == 200
    assert "no-store" in revoked.headers["Cache-Control"]
    assert _profile_status(service, second["access_token"]) == 401
    with pytest.raises(OAuthError) as after_sign_out:
        oauth.refresh_token(_token_url(service), refresh_token=second["refresh_token"])
    assert _refused(after_sign_out) == "invalid_grant"


def test_a_wrong_password_reaches_the_client_as_invalid_grant(
    service: EmbeddedService, oauth: OAuth2Session, ada: Account
) -> None:
    with pytest.raises(OAuthError) as refused:
        oauth.fetch_token(
            _token_url(service), grant_type="password", username=ada.email, password="wrong"
        )

    assert _refused(refused) == "invalid_grant"
    assert refused.value.description
    assert oauth.token is None


def test_a_reused_refresh_token_reaches_the_client_as_invalid_grant_and_ends_the_sign_in(
    service: EmbeddedService, oauth: OAuth2Session, ada: Account, clock: FakeClock
) -> None:
    first = oauth.fetch_token(
        _token_url(service), grant_type="password", username=ada.email, password=ada.password
    )
    second = oauth.refresh_token(_token_url(service), refresh_token=first["refresh_token"])
    clock.advance(REFRESH_RETRY_GRACE * 2)

    with pytest.raises(OAuthError) as replayed:
        oauth.refresh_token(_token_url(service), refresh_token=first["refresh_token"])

    assert _refused(replayed) == "invalid_grant"
    with pytest.raises(OAuthError) as ended:
        oauth.refresh_token(_token_url(service), refresh_token=second["refresh_token"])
    assert _refused(ended) == "invalid_grant"
    assert _profile_status(service, second["access_token"]) == 401


def test_a_grant_type_the_service_does_not_offer_is_unsupported_grant_type(
    service: EmbeddedService, oauth: OAuth2Session
) -> None:
    with pytest.raises(OAuthError) as refused:
        oauth.fetch_token(_token_url(service), grant_type="client_credentials")

    assert _refused(refused) == "unsupported_grant_type"


def test_a_malformed_token_request_is_invalid_request(
    service: EmbeddedService, oauth: OAuth2Session
) -> None:
    with pytest.raises(OAuthError) as refused:
        oauth.fetch_token(_token_url(service), grant_type="password", username="a\x00b@x.org")

    assert _refused(refused) == "invalid_request"


def test_too_many_attempts_reach_the_client_as_an_oauth_error_with_retry_after(
    service: EmbeddedService, oauth: OAuth2Session, ada: Account
) -> None:
    for _ in range(3):
        with pytest.raises(OAuthError):
            oauth.fetch_token(
                _token_url(service), grant_type="password", username=ada.email, password="no"
            )

    with pytest.raises(OAuthError) as limited:
        oauth.fetch_token(
            _token_url(service), grant_type="password", username=ada.email, password="no"
        )

    assert _refused(limited) == "temporarily_unavailable"


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/v1/auth/token", {"grant_type": "password", "username": "x@y.org", "password": "z"}),
        ("/v1/auth/token", {"grant_type": "refresh_token", "refresh_token": "unknown"}),
        ("/v1/auth/token", {"grant_type": "client_credentials"}),
        ("/v1/auth/token", {}),
        ("/v1/auth/token", {"grant_type": "password", "username": "a\x00b@y.org"}),
        ("/v1/auth/revoke", {}),
        ("/v1/auth/revoke", {"token": "a\x00b"}),
    ],
    ids=[
        "wrong-password",
        "unknown-refresh-token",
        "unsupported-grant",
        "empty-form",
        "nul-in-username",
        "revoke-without-token",
        "revoke-nul-token",
    ],
)
def test_every_refusal_of_the_oauth_endpoints_has_error_and_is_never_cached(
    service: EmbeddedService, ada: Account, path: str, form: dict[str, str]
) -> None:
    response = httpx.post(f"{service.base_url}{path}", data=form)

    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["error_description"], str) and body["error_description"]
    assert all(0x20 <= ord(c) < 0x7F and c not in '"\\' for c in body["error_description"])
    # The problem members stay, for the app that reads them.
    assert body["status"] == response.status_code
    assert body["title"]
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Pragma"] == "no-cache"
