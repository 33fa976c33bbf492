"""A standard OAuth 2.0 client library (Authlib) signs in through the browser flow with PKCE
and through the device flow, against the real service over loopback HTTP, on both
databases. The "browser" is an HTTP client that keeps cookies and fills in the page the way
a person would; the library does everything else."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata

from server.config import Settings
from server.embedded import EmbeddedService
from tests.server.helpers import Account, FakeClock
from tests.server.live import running_service
from tests.server.oauth_flow import (
    CLIENT_ID,
    DEVICE_GRANT,
    REDIRECT_URI,
    hidden_fields,
    send_form,
)


@pytest.fixture
def service(settings: Settings) -> Iterator[EmbeddedService]:
    # The library and the "browser" below never use the password grant.
    with running_service(settings) as service:
        yield service


@pytest.fixture
def metadata(service: EmbeddedService) -> AuthorizationServerMetadata:
    answer = httpx.get(f"{service.base_url}/.well-known/oauth-authorization-server")
    assert answer.status_code == 200
    document = AuthorizationServerMetadata(answer.json())
    document.validate()  # Authlib's own RFC 8414 checks
    return document


def test_the_metadata_names_every_endpoint_and_what_they_take(
    service: EmbeddedService, metadata: AuthorizationServerMetadata
) -> None:
    assert metadata["issuer"] == service.base_url
    assert metadata["authorization_endpoint"] == f"{service.base_url}/v1/oauth/authorize"
    assert metadata["token_endpoint"] == f"{service.base_url}/v1/auth/token"
    assert metadata["revocation_endpoint"] == f"{service.base_url}/v1/auth/revoke"
    assert metadata["device_authorization_endpoint"] == (
        f"{service.base_url}/v1/oauth/device_authorization"
    )
    assert {"authorization_code", "refresh_token", DEVICE_GRANT} <= set(
        metadata["grant_types_supported"]
    )
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["token_endpoint_auth_methods_supported"] == ["none"]


def _browser_signs_in(url: str, account: Account) -> str:
    """Open the page, fill it in, press Sign in: the callback address the browser is sent to."""
    with httpx.Client(timeout=30.0) as browser:
        page = browser.get(url)
        assert page.status_code == 200, page.text
        action = str(page.url.copy_with(query=None))
        sent = send_form(browser, action, hidden_fields(page), account, "sign_in")
    assert sent.status_code == 303, sent.text
    return sent.headers["location"]


def test_an_oauth_library_signs_in_through_the_browser_with_pkce(
    service: EmbeddedService, metadata: AuthorizationServerMetadata, ada: Account
) -> None:
    verifier = generate_token(64)
    with OAuth2Session(
        client_id=CLIENT_ID,
        redirect_uri=REDIRECT_URI,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    ) as oauth:
        url, state = oauth.create_authorization_url(
            metadata["authorization_endpoint"], code_verifier=verifier
        )
        landed = _browser_signs_in(url, ada)
        assert landed.startswith(REDIRECT_URI + "?")
        assert parse_qs(urlsplit(landed).query)["state"] == [state]
        token = oauth.fetch_token(
            metadata["token_endpoint"],
            authorization_response=landed,
            code_verifier=verifier,
            state=state,
        )
        assert token["token_type"] == "Bearer" and token["user"]["email"] == ada.email
        profile = oauth.get(f"{service.base_url}/v1/me")
        assert profile.status_code == 200 and profile.json()["email"] == ada.email

        # The same code again: the library hears RFC 6749's invalid_grant.
        with pytest.raises(OAuthError) as replayed:
            oauth.fetch_token(
                metadata["token_endpoint"],
                authorization_response=landed,
                code_verifier=verifier,
                state=state,
            )
        assert replayed.value.error == "invalid_grant"
        assert oauth.get(f"{service.base_url}/v1/me").status_code == 401


def test_an_oauth_library_signs_a_device_in(
    service: EmbeddedService,
    metadata: AuthorizationServerMetadata,
    clock: FakeClock,
    ada: Account,
) -> None:
    with OAuth2Session(client_id=CLIENT_ID, token_endpoint_auth_method="none") as oauth:
        started = oauth.post(
            metadata["device_authorization_endpoint"],
            data={"client_id": CLIENT_ID},
            withhold_token=True,
        ).json()

        def poll() -> dict[str, object]:
            token: dict[str, object] = oauth.fetch_token(
                metadata["token_endpoint"],
                grant_type=DEVICE_GRANT,
                device_code=started["device_code"],
                client_id=CLIENT_ID,
            )
            return token

        with pytest.raises(OAuthError) as waiting:
            poll()
        assert waiting.value.error == "authorization_pending"

        with httpx.Client(timeout=30.0) as browser:
            page = browser.get(started["verification_uri_complete"])
            # The page came with the code filled in; the form sends it back as shown.
            fields = {**hidden_fields(page), "user_code": started["user_code"]}
            allowed = send_form(browser, started["verification_uri"], fields, ada, "allow")
            assert allowed.status_code == 200, allowed.text

        # The service runs on the test's clock: move it past the polling interval.
        clock.advance(seconds=started["interval"])
        token = poll()
        assert token["token_type"] == "Bearer"
        profile = oauth.get(f"{service.base_url}/v1/me")
        assert profile.status_code == 200 and profile.json()["email"] == ada.email
