"""Every failure is an RFC 9457 problem document, never an HTML page or a bare string."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.server.helpers import Account, assert_problem, bearer, sign_in


def test_an_unknown_address_answers_404_as_a_problem_document(client: TestClient) -> None:
    response = client.get("/v1/no-such-thing")

    body = assert_problem(response, 404)
    assert response.headers["content-type"] == "application/problem+json"
    assert body["type"] == "about:blank"
    assert body["title"] == "Not Found"


def test_a_method_the_address_does_not_take_answers_405_with_allow(client: TestClient) -> None:
    response = client.delete("/v1/catalog")

    assert_problem(response, 405)
    assert "GET" in response.headers["allow"]


def test_a_sign_in_without_a_grant_type_lists_what_is_wrong(client: TestClient) -> None:
    response = client.post("/v1/auth/token", data={"username": "a@example.org"})

    body = assert_problem(response, 422)
    assert isinstance(body["errors"], list) and body["errors"]
    locations = [error["location"] for error in body["errors"]]
    assert ["body", "grant_type"] in locations
    assert all(error["message"] for error in body["errors"])


def test_a_refused_request_never_echoes_the_password_it_carried(client: TestClient) -> None:
    password = "my very secret passphrase"

    response = client.post(
        "/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "username": "a@example.org",
            "password": password,
        },
    )

    body = assert_problem(response, 422)
    assert body["errors"]
    assert password not in response.text


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ('{"changes": {"X1": "perhaps"}}', "application/json"),
        ('{"changes": ["X1"]}', "application/json"),
        ('{"changes": {"X1": fal', "application/json"),
        ("{}", "application/json"),
    ],
    ids=["not-a-boolean", "not-a-mapping", "broken-json", "no-changes"],
)
def test_a_malformed_choices_body_answers_422_with_an_errors_list(
    client: TestClient, ada: Account, content: str, content_type: str
) -> None:
    token = sign_in(client, ada)["access_token"]
    etag = client.get("/v1/me/choices", headers=bearer(token)).headers["etag"]

    response = client.patch(
        "/v1/me/choices",
        content=content,
        headers={**bearer(token), "If-Match": etag, "Content-Type": content_type},
    )

    body = assert_problem(response, 422)
    assert isinstance(body["errors"], list) and body["errors"]
    for error in body["errors"]:
        assert error["location"][0] == "body"
        assert isinstance(error["message"], str) and error["message"]
    # Nothing was changed: the ETag still holds.
    assert client.get("/v1/me/choices", headers=bearer(token)).headers["etag"] == etag


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-token-this-service-gave-out", "Basic YWRhOnNlY3JldA=="],
    ids=["missing", "empty-bearer", "unknown-token", "other-scheme"],
)
@pytest.mark.parametrize("path", ["/v1/me", "/v1/me/choices"])
def test_a_request_without_a_valid_bearer_token_answers_401_with_www_authenticate(
    client: TestClient, authorization: str | None, path: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}

    response = client.get(path, headers=headers)

    assert_problem(response, 401, code="invalid_token")
    assert response.headers["www-authenticate"].lower().startswith("bearer")


def test_the_openapi_contract_lists_every_route_the_app_relies_on(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200, response.text
    paths = response.json()["paths"]
    assert "post" in paths["/v1/auth/token"]
    assert "post" in paths["/v1/auth/revoke"]
    assert "get" in paths["/v1/catalog"]
    assert "get" in paths["/v1/me"]
    assert {"get", "patch"} <= set(paths["/v1/me/choices"])
