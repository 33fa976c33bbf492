"""No browser, proxy or shared cache keeps a personal answer or a token answer.

Every route under `/v1/me` (the profile with its e-mail address, choices, records,
receipts, requests, the access copy) and every token answer (token, revoke, step-up) says
`Cache-Control: no-store`, errors included; one middleware says it (server/no_store.py).
The routes are taken from the app's own route table, so a route added later is checked too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from server.app import create_app
from server.config import Settings
from server.db.database import Database
from server.no_store import is_never_stored
from server.openapi import api_routes
from tests.server.helpers import Account, bearer, password_grant, sign_in

# A value for each path parameter: real enough to reach the route, whatever it answers.
_PATH_VALUES = {"category": "C5", "receipt_id": "no-such-receipt", "request_id": "no-such-request"}
_PATH_PARAMETER = re.compile(r"\{(\w+)\}")


def _path(template: str) -> str:
    return _PATH_PARAMETER.sub(lambda name: _PATH_VALUES.get(name.group(1), "unknown"), template)


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every route whose answers must never be stored."""
    return sorted(
        (method, route.path_format)
        for route in api_routes(app.routes)
        if is_never_stored(route.path_format)
        for method in route.methods or ()
    )


def _never_stored(response: httpx.Response) -> bool:
    return response.headers.get("cache-control") == "no-store"


@pytest.fixture
def app(settings: Settings, database: Database) -> FastAPI:
    return create_app(settings, database)


@pytest.fixture
def app_client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_the_route_table_names_every_personal_and_token_route(app: FastAPI) -> None:
    routes = _routes(app)
    assert ("GET", "/v1/me") in routes
    assert ("PATCH", "/v1/me/choices") in routes
    assert ("GET", "/v1/me/requests/{request_id}/export") in routes
    tokens = {("POST", path) for path in ("/v1/auth/token", "/v1/auth/revoke", "/v1/auth/step-up")}
    assert tokens <= set(routes)
    assert len(routes) >= 15


def test_every_personal_read_says_no_store_to_the_signed_in_user(
    app: FastAPI, app_client: TestClient, ada: Account
) -> None:
    token = sign_in(app_client, ada)["access_token"]
    reads = [path for method, path in _routes(app) if method in ("GET", "HEAD")]
    assert "/v1/me" in reads
    for template in reads:
        for method in ("GET", "HEAD"):
            response = app_client.request(method, _path(template), headers=bearer(token))
            assert response.status_code < 500, (method, template, response.text)
            assert _never_stored(response), (method, template, response.headers)


def test_the_profile_which_holds_the_e_mail_address_is_never_stored(
    app_client: TestClient, ada: Account
) -> None:
    response = app_client.get("/v1/me", headers=bearer(sign_in(app_client, ada)["access_token"]))
    assert response.status_code == 200
    assert response.json()["email"] == ada.email
    assert _never_stored(response)


def test_every_personal_and_token_write_says_no_store_even_when_it_refuses(
    app: FastAPI, app_client: TestClient, ada: Account
) -> None:
    token = sign_in(app_client, ada)["access_token"]
    writes = [(method, path) for method, path in _routes(app) if method not in ("GET", "HEAD")]
    assert writes
    for method, template in writes:
        # An empty body: every write refuses it (a missing field, header or password).
        for headers in (bearer(token), {}):
            response = app_client.request(method, _path(template), headers=headers)
            assert 400 <= response.status_code < 500, (method, template, response.text)
            assert _never_stored(response), (method, template, response.headers)


def test_token_answers_say_no_store_whether_they_grant_or_refuse(
    app_client: TestClient, ada: Account
) -> None:
    granted = password_grant(app_client, ada.email, ada.password)
    refused = password_grant(app_client, ada.email, "not the password")
    stepped_up = app_client.post(
        "/v1/auth/step-up",
        data={"password": ada.password},
        headers=bearer(granted.json()["access_token"]),
    )
    revoked = app_client.post("/v1/auth/revoke", data={"token": granted.json()["refresh_token"]})
    assert [granted.status_code, refused.status_code, stepped_up.status_code] == [200, 400, 200]
    assert revoked.status_code == 200
    for response in (granted, refused, stepped_up, revoked):
        assert _never_stored(response), response.headers
        assert response.headers["pragma"] == "no-cache"


def test_refusals_made_before_any_route_runs_say_no_store_too(
    app_client: TestClient, ada: Account
) -> None:
    token = sign_in(app_client, ada)["access_token"]
    wrong_method = app_client.put("/v1/me", headers=bearer(token))
    too_large = app_client.post(
        "/v1/me/requests",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={**bearer(token), "Content-Type": "application/json", "Idempotency-Key": "k"},
    )
    assert wrong_method.status_code == 405
    assert too_large.status_code == 413
    assert _never_stored(wrong_method) and _never_stored(too_large)


def test_an_unexpected_failure_of_a_personal_route_says_no_store(
    app: FastAPI, app_client: TestClient
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/v1/me/broken", broken)
    response = app_client.get("/v1/me/broken")
    assert response.status_code == 500
    assert _never_stored(response)


def test_public_answers_keep_their_own_caching(app_client: TestClient) -> None:
    assert app_client.get("/v1/keys").headers["cache-control"] == "public, max-age=300"
    assert "cache-control" not in app_client.get("/v1/catalog").headers
    # A path that only starts like the personal ones is not one of them.
    assert not is_never_stored("/v1/meta") and is_never_stored("/v1/me/")
