"""`/openapi.json` says exactly what the service does (issue 8, "an exact contract").

One test per mismatch a fuzzer found: each provokes the answer for real and checks that the
contract documents it for that operation, with that media type, those headers and a body
its schema accepts. `test_openapi_contract.py` then sweeps everything with schemathesis.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.config import Settings
from server.db.database import Database
from tests.server.helpers import PROBLEM_JSON, Account, bearer, sign_in

Spec = dict[str, Any]


@pytest.fixture
def spec(client: TestClient) -> Spec:
    answer = client.get("/openapi.json")
    assert answer.status_code == 200
    document: Spec = answer.json()
    return document


@pytest.fixture
def ada_headers(client: TestClient, ada: Account) -> dict[str, str]:
    return bearer(sign_in(client, ada)["access_token"])


def _operations(spec: Spec) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def assert_as_documented(spec: Spec, method: str, path: str, answer: httpx.Response) -> None:
    """The answer's status, media type, required headers and body are the documented ones."""
    operation = spec["paths"][path][method.lower()]
    documented = operation["responses"].get(str(answer.status_code))
    assert documented is not None, (
        f"{method} {path} answered {answer.status_code}, documented: "
        f"{sorted(operation['responses'])}\n{answer.text}"
    )
    for name, header in documented.get("headers", {}).items():
        if header.get("required"):
            assert name in answer.headers, f"{method} {path} {answer.status_code}: no {name}"
    content = documented.get("content", {})
    if not answer.content:
        return
    media_type = answer.headers["content-type"].split(";")[0].strip()
    assert media_type in content, f"{method} {path} {answer.status_code}: {media_type}"
    schema = content[media_type].get("schema")
    if schema and media_type.endswith("json"):
        validator = jsonschema_rs.validator_for({**schema, "components": spec["components"]})
        errors = [error.message for error in validator.iter_errors(answer.json())]
        assert errors == [], f"{method} {path} {answer.status_code}: {errors}"


# --- error answers are application/problem+json, and documented so -------------------------


def test_every_error_answer_is_documented_as_a_problem_document(spec: Spec) -> None:
    wrong = [
        f"{method} {path} {status}: {sorted(response.get('content', {}))}"
        for method, path, operation in _operations(spec)
        for status, response in operation["responses"].items()
        if int(status) >= 400 and list(response.get("content", {})) != [PROBLEM_JSON]
    ]
    assert wrong == []
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_a_validation_error_is_answered_as_documented(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    answer = client.get("/v1/me/receipts?limit=0", headers=ada_headers)
    assert answer.status_code == 422
    assert_as_documented(spec, "GET", "/v1/me/receipts", answer)


# --- If-Match and Idempotency-Key are required, and their absence is 428 ---------------------


def _parameter(spec: Spec, method: str, path: str, name: str) -> dict[str, Any]:
    [parameter] = [
        parameter
        for parameter in spec["paths"][path][method]["parameters"]
        if parameter["name"].lower() == name.lower()
    ]
    return parameter


def test_if_match_is_required_and_its_absence_is_428(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    assert _parameter(spec, "patch", "/v1/me/choices", "If-Match")["required"] is True
    answer = client.patch("/v1/me/choices", json={"changes": {"X2": False}}, headers=ada_headers)
    assert answer.status_code == 428
    assert answer.json()["code"] == "if_match_required"
    assert_as_documented(spec, "PATCH", "/v1/me/choices", answer)


def test_idempotency_key_is_required_and_its_absence_is_428(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    assert _parameter(spec, "post", "/v1/me/requests", "Idempotency-Key")["required"] is True
    answer = client.post("/v1/me/requests", json={"kind": "access"}, headers=ada_headers)
    assert answer.status_code == 428
    assert answer.json()["code"] == "idempotency_key_required"
    assert_as_documented(spec, "POST", "/v1/me/requests", answer)


# --- who may call what: securitySchemes, security and 401 ------------------------------------


def test_security_schemes_are_published(spec: Spec) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["appId"]["in"] == "header"
    public = {
        f"{method} {path}"
        for method, path, operation in _operations(spec)
        if "security" not in operation
    }
    assert public == {
        "POST /v1/auth/token",
        "POST /v1/auth/revoke",
        "GET /.well-known/oauth-authorization-server",
        "POST /v1/oauth/device_authorization",
        "GET /v1/catalog",
        "GET /v1/keys",
        "GET /v1/health",
        # The Data Rights Protocol (R6): agents authenticate with its own signed messages
        # and pair-wise tokens, not with the service's sign-in (server/api/drp.py).
        "GET /.well-known/data-rights.json",
        "POST /drp/v1/agent/{agent_id}",
        "GET /drp/v1/agent/{agent_id}",
        "POST /drp/v1/data-rights-request",
        "GET /drp/v1/data-rights-request/{request_id}",
        "DELETE /drp/v1/data-rights-request/{request_id}",
    }


def test_every_secured_operation_answers_401_as_documented(client: TestClient, spec: Spec) -> None:
    secured = [(m, p, o) for m, p, o in _operations(spec) if "security" in o]
    assert len(secured) == len(_operations(spec)) - 13
    for method, path, _operation in secured:
        url = (
            path.replace("{category}", "C5")
            .replace("{receipt_id}", "r")
            .replace("{request_id}", "q")
        )
        answer = client.request(method, url, headers={"Authorization": "Bearer made-up"})
        assert answer.status_code == 401, f"{method} {path}: {answer.status_code}"
        assert_as_documented(spec, method, path, answer)


# --- the statuses each operation answers for its own reasons ---------------------------------


def test_not_found_is_documented_where_it_occurs(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    for method, path, url in [
        ("GET", "/v1/me/receipts/{receipt_id}", "/v1/me/receipts/nope"),
        ("GET", "/v1/me/requests/{request_id}", "/v1/me/requests/nope"),
        ("POST", "/v1/me/requests/{request_id}/cancel", "/v1/me/requests/nope/cancel"),
        ("GET", "/v1/me/requests/{request_id}/export", "/v1/me/requests/nope/export"),
        ("GET", "/v1/me/data/{category}", "/v1/me/data/C99"),
        ("GET", "/v1/me/data/{category}/timeline", "/v1/me/data/C99/timeline"),
    ]:
        answer = client.request(method, url, headers=ada_headers)
        assert answer.status_code == 404, url
        assert_as_documented(spec, method, path, answer)


def test_conflicts_and_replays_are_documented_where_they_occur(
    client: TestClient, spec: Spec, ada_headers: dict[str, str], ada: Account
) -> None:
    path = "/v1/me/requests"
    filed = client.post(
        path, json={"kind": "access"}, headers={**ada_headers, "Idempotency-Key": "k1"}
    )
    assert filed.status_code == 201
    assert_as_documented(spec, "POST", path, filed)
    replayed = client.post(
        path, json={"kind": "access"}, headers={**ada_headers, "Idempotency-Key": "k1"}
    )
    assert replayed.status_code == 200
    assert_as_documented(spec, "POST", path, replayed)
    reused = client.post(
        path,
        json={"kind": "deletion"},
        headers={**ada_headers, "Idempotency-Key": "k1"},
    )
    assert reused.status_code == 422
    assert_as_documented(spec, "POST", path, reused)
    request_id = filed.json()["id"]
    not_ready = client.get(f"{path}/{request_id}/export", headers=ada_headers)
    assert not_ready.status_code == 409
    assert_as_documented(spec, "GET", "/v1/me/requests/{request_id}/export", not_ready)
    assert client.post(f"{path}/{request_id}/cancel", headers=ada_headers).status_code == 200
    again = client.post(f"{path}/{request_id}/cancel", headers=ada_headers)
    assert again.status_code == 409
    assert_as_documented(spec, "POST", "/v1/me/requests/{request_id}/cancel", again)
    no_step_up = client.post(
        path, json={"kind": "deletion"}, headers={**ada_headers, "Idempotency-Key": "k2"}
    )
    assert no_step_up.status_code == 403
    assert_as_documented(spec, "POST", path, no_step_up)
    stepped = client.post("/v1/auth/step-up", data={"password": ada.password}, headers=ada_headers)
    assert stepped.status_code == 200
    for key, status in (("k3", 201), ("k4", 409)):
        deletion = client.post(
            path, json={"kind": "deletion"}, headers={**ada_headers, "Idempotency-Key": key}
        )
        assert deletion.status_code == status, deletion.text
        assert_as_documented(spec, "POST", path, deletion)


def test_a_stale_etag_is_412_as_documented(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    read = client.get("/v1/me/choices", headers=ada_headers)
    assert_as_documented(spec, "GET", "/v1/me/choices", read)
    changed = client.patch(
        "/v1/me/choices",
        json={"changes": {"X2": False}},
        headers={**ada_headers, "If-Match": read.headers["etag"]},
    )
    assert_as_documented(spec, "PATCH", "/v1/me/choices", changed)
    stale = client.patch(
        "/v1/me/choices",
        json={"changes": {"X2": True}},
        headers={**ada_headers, "If-Match": read.headers["etag"]},
    )
    assert stale.status_code == 412
    assert_as_documented(spec, "PATCH", "/v1/me/choices", stale)


def test_bad_requests_are_400_as_documented(
    client: TestClient, spec: Spec, ada_headers: dict[str, str], ada: Account
) -> None:
    wrong_password = client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": ada.email, "password": "not it at all"},
    )
    assert wrong_password.status_code == 400
    assert_as_documented(spec, "POST", "/v1/auth/token", wrong_password)
    wrong_step_up = client.post(
        "/v1/auth/step-up", data={"password": "not it at all"}, headers=ada_headers
    )
    assert wrong_step_up.status_code == 400
    assert_as_documented(spec, "POST", "/v1/auth/step-up", wrong_step_up)
    for path, url in [
        ("/v1/me/receipts", "/v1/me/receipts?cursor=bm90LWEtY3Vyc29y"),
        ("/v1/me/data/{category}", "/v1/me/data/C5?cursor=bm90LWEtY3Vyc29y"),
    ]:
        answer = client.get(url, headers=ada_headers)
        assert answer.status_code == 400
        assert_as_documented(spec, "GET", path, answer)


def test_a_body_that_is_not_json_is_422_as_documented(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    not_json = client.patch(
        "/v1/me/choices",
        content=b'{"changes": ',
        headers={**ada_headers, "If-Match": "*", "Content-Type": "application/json"},
    )
    assert not_json.status_code == 422
    assert_as_documented(spec, "PATCH", "/v1/me/choices", not_json)


def test_a_missing_password_for_step_up_is_422_as_documented(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    answer = client.post("/v1/auth/step-up", data={"password": ""}, headers=ada_headers)
    assert answer.status_code == 422
    assert_as_documented(spec, "POST", "/v1/auth/step-up", answer)
    body = spec["paths"]["/v1/auth/step-up"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["properties"]["password"]["minLength"] == 1


def test_too_many_attempts_are_429_as_documented(
    settings: Settings, database: Database, ada: Account
) -> None:
    cheap = replace(settings, sign_in_attempts_per_account=1, sign_in_attempts_per_address=2)
    with TestClient(create_app(cheap, database)) as client:
        spec = client.get("/openapi.json").json()
        headers = bearer(sign_in(client, ada)["access_token"])
        refused = client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": ada.email, "password": ada.password},
        )
        assert refused.status_code == 429
        assert_as_documented(spec, "POST", "/v1/auth/token", refused)
        client.post("/v1/auth/step-up", data={"password": "x"}, headers=headers)
        step_up = client.post("/v1/auth/step-up", data={"password": "x"}, headers=headers)
        assert step_up.status_code == 429
        assert_as_documented(spec, "POST", "/v1/auth/step-up", step_up)


# --- what a request may be: the schemas refuse what the service refuses ---------------------


def _request_schema(spec: Spec, path: str, media_type: str, method: str = "post") -> Any:
    schema = spec["paths"][path][method]["requestBody"]["content"][media_type]["schema"]
    return jsonschema_rs.validator_for({**schema, "components": spec["components"]})


def test_request_schemas_refuse_what_the_service_refuses(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    revoke = _request_schema(spec, "/v1/auth/revoke", "application/x-www-form-urlencoded")
    assert not revoke.is_valid({"token": ""})
    assert client.post("/v1/auth/revoke", data={"token": ""}).status_code == 422

    choices = _request_schema(spec, "/v1/me/choices", "application/json", "patch")
    assert choices.is_valid({"changes": {"X1": True}})
    assert not choices.is_valid({"changes": {"X99": True}})
    unknown = client.patch(
        "/v1/me/choices",
        json={"changes": {"X99": True}},
        headers={**ada_headers, "If-Match": "*"},
    )
    assert unknown.status_code == 422

    batch = {"events": [{"app": "a\u0000", "app_version": "1", "device": "d", "summary": "s"}]}
    crash_reports = _request_schema(spec, "/v1/ingest/crash-reports", "application/json")
    assert not crash_reports.is_valid(batch)
    assert client.post("/v1/ingest/crash-reports", json=batch, headers=ada_headers).status_code == (
        422
    )


def _closed_objects(schema: Any, components: dict[str, Any]) -> list[bool]:
    """For each object schema reachable from `schema` (refs followed, once each): whether
    it is closed — no members beyond those it names (`additionalProperties: false`), or a
    map whose values have a declared type (PATCH's choice id → boolean) — rather than open
    to any JSON."""
    found: list[bool] = []
    seen: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(components[name])
            return
        if node.get("type") == "object" or "properties" in node:
            extra = node.get("additionalProperties", True)
            found.append(extra is False or (isinstance(extra, dict) and "type" in extra))
        for key in ("properties", "items", "additionalProperties", "oneOf", "anyOf", "allOf"):
            value = node.get(key)
            walk(list(value.values()) if key == "properties" and isinstance(value, dict) else value)

    walk(schema)
    return found


def test_every_json_request_body_is_closed(
    client: TestClient, spec: Spec, ada_headers: dict[str, str]
) -> None:
    """An open body promises to take any JSON beside what the route reads, at any depth,
    while the input gate refuses text with a NUL wherever it sits; a closed body promises
    only what the service takes. Every JSON body, and every object in it, is closed, and the
    service refuses a member it does not know."""
    bodies = [
        (method.upper(), path, content["application/json"]["schema"])
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if "application/json" in (content := operation.get("requestBody", {}).get("content", {}))
    ]
    assert len(bodies) >= 5
    for method, path, schema in bodies:
        closed = _closed_objects(schema, spec["components"]["schemas"])
        assert closed and all(closed), f"{method} {path} takes members it does not name"

    headers = {**ada_headers, "Idempotency-Key": "closed-body-1"}
    extra = client.post("/v1/me/requests", json={"kind": "access", "also": 1}, headers=headers)
    assert extra.status_code == 422, extra.text


# --- OPTIONS and 405 name every method of a path ---------------------------------------------


def test_options_names_every_method_of_the_path(client: TestClient) -> None:
    answer = client.options("/v1/me/choices")
    assert answer.status_code == 204
    assert answer.headers["allow"] == "GET, PATCH, OPTIONS"
    assert client.options("/v1/me/requests/some-id").headers["allow"] == "GET, OPTIONS"
    assert client.options("/v1/no-such-thing").status_code == 404


def test_a_method_not_allowed_names_every_method_of_the_path(client: TestClient) -> None:
    answer = client.delete("/v1/me/choices")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, PATCH, OPTIONS"
    assert answer.headers["content-type"] == PROBLEM_JSON


# --- names and links --------------------------------------------------------------------------


def test_operation_ids_are_the_handler_names_and_links_point_at_them(spec: Spec) -> None:
    operations = {operation["operationId"]: operation for _m, _p, operation in _operations(spec)}
    assert {"token", "get_choices", "patch_choices", "file_request"} <= set(operations)
    links = [
        link
        for _m, _p, operation in _operations(spec)
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert links
    for link in links:
        target = operations[link["operationId"]]
        names = {f"{p['in']}.{p['name']}" for p in target.get("parameters", [])}
        assert set(link.get("parameters", {})) <= names, link
