"""`privacy-server serve` refuses the password grant unless its operator turns it on
(`--password-grant` or PRIVACY_SERVER_PASSWORD_GRANT=1): users sign in on its page."""

from __future__ import annotations

import httpx

from tests.server.helpers import Account
from tests.server.processes import Start, serve_process

__all__ = ["serve_process"]  # the fixture, for pytest


def _password_grant(base_url: str, account: Account) -> httpx.Response:
    return httpx.post(
        f"{base_url}/v1/auth/token",
        data={"grant_type": "password", "username": account.email, "password": account.password},
        timeout=30,
    )


def _grants(base_url: str) -> list[str]:
    metadata = httpx.get(f"{base_url}/.well-known/oauth-authorization-server", timeout=30)
    grants: list[str] = metadata.json()["grant_types_supported"]
    return grants


def test_serve_refuses_the_password_grant_by_default(serve_process: Start, ada: Account) -> None:
    _process, base_url = serve_process()
    refused = _password_grant(base_url, ada)
    assert refused.status_code == 400
    assert refused.json()["error"] == "unsupported_grant_type"
    assert "password" not in _grants(base_url)


def test_serve_takes_the_password_grant_when_told(serve_process: Start, ada: Account) -> None:
    _process, base_url = serve_process("--password-grant")
    assert _password_grant(base_url, ada).status_code == 200
    assert "password" in _grants(base_url)
