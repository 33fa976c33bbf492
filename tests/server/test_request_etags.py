"""Reading requests again costs nothing while nothing changed (issue 15): `GET
/v1/me/requests` and `GET /v1/me/requests/{id}` answer with an ETag, and an empty 304 to an
If-None-Match that names the current one; an operator's extension makes a new one. Both as
the published contract documents them."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from fastapi.testclient import TestClient

from server.db.database import Database
from server.db.models import PrivacyRequest
from server.requests_flow import extend
from tests.server.helpers import START, Account, bearer, sign_in
from tests.server.test_openapi_exact import assert_as_documented


def _filed(client: TestClient, headers: dict[str, str]) -> str:
    answer = client.post(
        "/v1/me/requests",
        json={"kind": "access"},
        headers={**headers, "Idempotency-Key": str(uuid4())},
    )
    assert answer.status_code == 201, answer.text
    request_id: str = answer.json()["id"]
    return request_id


def _extend(database: Database, request_id: str) -> None:
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None
        extend(request, 2, "Your archive spans many servers.", now=START)


def test_requests_read_again_unchanged_are_an_empty_304_and_an_extension_is_news(
    client: TestClient, database: Database, ada: Account
) -> None:
    spec: dict[str, Any] = client.get("/openapi.json").json()
    headers = bearer(sign_in(client, ada)["access_token"])
    request_id = _filed(client, headers)

    for path in ("/v1/me/requests", f"/v1/me/requests/{request_id}"):
        documented_path = path if path == "/v1/me/requests" else "/v1/me/requests/{request_id}"
        first = client.get(path, headers=headers)
        assert first.status_code == 200
        etag = first.headers["ETag"]
        assert etag.startswith('"') and etag.endswith('"')
        assert_as_documented(spec, "GET", documented_path, first)

        again = client.get(path, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["ETag"] == etag
        assert_as_documented(spec, "GET", documented_path, again)
        weak = client.get(path, headers={**headers, "If-None-Match": f'"other", W/{etag}'})
        assert weak.status_code == 304

        other = client.get(path, headers={**headers, "If-None-Match": '"not-this-one"'})
        assert other.status_code == 200 and other.headers["ETag"] == etag

    etags = {
        path: client.get(path, headers=headers).headers["ETag"]
        for path in ("/v1/me/requests", f"/v1/me/requests/{request_id}")
    }
    _extend(database, request_id)
    for path, etag in etags.items():
        changed = client.get(path, headers={**headers, "If-None-Match": etag})
        assert changed.status_code == 200
        assert changed.headers["ETag"] != etag
        assert "Your archive spans many servers." in changed.text


def test_the_contract_names_if_none_match_and_304_for_the_request_reads(
    client: TestClient,
) -> None:
    spec: dict[str, Any] = client.get("/openapi.json").json()
    for path in ("/v1/me/requests", "/v1/me/requests/{request_id}"):
        operation = spec["paths"][path]["get"]
        names = [parameter["name"] for parameter in operation["parameters"]]
        assert "If-None-Match" in names
        assert "304" in operation["responses"]
        assert operation["responses"]["200"]["headers"]["ETag"]["required"] is True
        assert operation["responses"]["304"]["headers"]["ETag"]["required"] is True


def test_the_choices_and_the_catalog_answer_304_while_unchanged_and_in_full_after(
    client: TestClient, ada: Account
) -> None:
    headers = bearer(sign_in(client, ada)["access_token"])
    for path, asked in (
        ("/v1/me/choices", headers),
        ("/v1/catalog", {"Accept-Language": "en"}),
    ):
        first = client.get(path, headers=asked)
        etag = first.headers["ETag"]
        for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            again = client.get(path, headers={**asked, "If-None-Match": sent})
            assert (again.status_code, again.content) == (304, b""), sent
            assert again.headers["ETag"] == etag
        assert client.get(path, headers={**asked, "If-None-Match": '"x"'}).status_code == 200

    dutch = client.get("/v1/catalog", headers={"Accept-Language": "nl"})
    english = client.get("/v1/catalog", headers={"Accept-Language": "en"})
    assert dutch.headers["ETag"] != english.headers["ETag"]
    assert dutch.headers["Content-Language"] == "nl"
    assert (
        client.get(
            "/v1/catalog",
            headers={"Accept-Language": "nl", "If-None-Match": english.headers["ETag"]},
        ).status_code
        == 200
    ), "the English answer's ETag does not stand for the Dutch one"

    version = client.get("/v1/me/choices", headers=headers).headers["ETag"]
    changed = client.patch(
        "/v1/me/choices",
        json={"changes": {"X1": False}},
        headers={**headers, "If-Match": version},
    )
    assert changed.status_code == 200, changed.text
    after = client.get("/v1/me/choices", headers={**headers, "If-None-Match": version})
    assert after.status_code == 200 and after.headers["ETag"] != version


def test_the_contract_names_if_none_match_and_304_for_the_choices_and_the_catalog(
    client: TestClient,
) -> None:
    spec: dict[str, Any] = client.get("/openapi.json").json()
    for path in ("/v1/me/choices", "/v1/catalog"):
        operation = spec["paths"][path]["get"]
        names = [parameter["name"] for parameter in operation["parameters"]]
        assert "If-None-Match" in names
        assert operation["responses"]["304"]["headers"]["ETag"]["required"] is True
