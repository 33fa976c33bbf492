"""Signed consent receipts: every change of a choice leaves proof the user can check alone.

The checks use `cryptography` directly against the key from GET /v1/keys, so they hold
even if the service's own verify function were wrong.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server.catalog.entries import CATEGORIES_BY_ID, CHOICES
from server.config import Settings
from server.db.database import Database
from server.db.models import ConsentReceipt
from server.receipts import RECEIPT_PURPOSES, verify_receipt
from tests.server.helpers import Account, FakeClock, assert_problem, bearer, sign_in

APP = "PrivacyDesk/0.1.0"


@pytest.fixture
def ada_token(client: TestClient, ada: Account) -> str:
    token: str = sign_in(client, ada)["access_token"]
    return token


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _change(
    client: TestClient, token: str, changes: dict[str, bool], *, client_name: str = APP
) -> dict[str, Any]:
    """Read the ETag, change the choices, return the PATCH answer."""
    etag = client.get("/v1/me/choices", headers=bearer(token)).headers["etag"]
    response = client.patch(
        "/v1/me/choices",
        json={"changes": changes},
        headers={**bearer(token), "If-Match": etag, "X-Client": client_name},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _published_keys(client: TestClient) -> dict[str, str]:
    response = client.get("/v1/keys")
    assert response.status_code == 200, response.text
    keys = response.json()["keys"]
    assert all(key["algorithm"] == "Ed25519" for key in keys)
    return {key["key_id"]: key["public_key"] for key in keys}


def _verifies_with_cryptography(public_key: str, payload: str, signature: str) -> bool:
    key = Ed25519PublicKey.from_public_bytes(_decode(public_key))
    try:
        key.verify(_decode(signature), payload.encode("utf-8"))
    except InvalidSignature:
        return False
    return True


def _list(client: TestClient, token: str, **params: Any) -> httpx.Response:
    return client.get("/v1/me/receipts", headers=bearer(token), params=params)


def test_switching_ads_off_returns_a_receipt_that_verifies_with_the_published_key(
    client: TestClient, ada_token: str, clock: FakeClock
) -> None:
    clock.advance(minutes=5)
    body = _change(client, ada_token, {"X2": False})

    [receipt] = body["receipts"]
    assert (receipt["choice_id"], receipt["value"]) == ("X2", False)
    public_keys = _published_keys(client)
    assert list(public_keys) == [receipt["key_id"]]
    public_key = public_keys[receipt["key_id"]]
    assert len(_decode(public_key)) == 32
    assert _verifies_with_cryptography(public_key, receipt["payload"], receipt["signature"])
    assert verify_receipt(receipt["payload"], receipt["signature"], public_key)
    document = json.loads(receipt["payload"])
    assert (document["choiceId"], document["value"]) == ("X2", False)
    assert document["consentTimestamp"] == int(clock.now.timestamp())
    assert document["publicKey"] == public_key
    assert document["consentReceiptID"] == receipt["id"]
    # The list holds the very same receipt, byte for byte.
    listed = _list(client, ada_token).json()["receipts"]
    assert listed == [receipt]


def test_a_receipt_with_one_changed_byte_no_longer_verifies(
    client: TestClient, ada_token: str
) -> None:
    [receipt] = _change(client, ada_token, {"X2": False})["receipts"]
    public_key = _published_keys(client)[receipt["key_id"]]
    payload, signature = receipt["payload"], receipt["signature"]
    assert payload.count('"value":false') == 1

    # Someone rewrites the receipt to claim Ada agreed to personalised ads.
    forged = payload.replace('"value":false', '"value":true')
    assert not _verifies_with_cryptography(public_key, forged, signature)
    assert not verify_receipt(forged, signature, public_key)
    # Or keeps the payload and damages one byte of the signature.
    raw = bytearray(_decode(signature))
    raw[10] ^= 0x01
    damaged = base64.urlsafe_b64encode(bytes(raw)).decode("ascii").rstrip("=")
    assert not _verifies_with_cryptography(public_key, payload, damaged)
    assert not verify_receipt(payload, damaged, public_key)
    # The untouched receipt still verifies, so the failures above are the edits' doing.
    assert verify_receipt(payload, signature, public_key)


def test_the_signed_bytes_are_canonical_json(client: TestClient, ada_token: str) -> None:
    [receipt] = _change(client, ada_token, {"X3": False})["receipts"]

    document = json.loads(receipt["payload"])
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert receipt["payload"] == canonical


def test_every_kantara_field_is_present_with_the_right_type(
    client: TestClient, ada: Account, ada_token: str, settings: Settings
) -> None:
    [receipt] = _change(client, ada_token, {"X5": True})["receipts"]
    document = json.loads(receipt["payload"])

    assert document["version"] == "KI-CR-v1.1.0"
    assert document["jurisdiction"] == "EU"
    assert isinstance(document["consentTimestamp"], int)
    assert document["collectionMethod"] == f"Privacy Desk app ({APP})"
    assert isinstance(document["consentReceiptID"], str) and len(document["consentReceiptID"]) == 36
    assert isinstance(document["publicKey"], str) and document["publicKey"]
    assert document["language"] == "en"
    assert document["piiPrincipalId"] == ada.id
    assert document["policyUrl"] == settings.policy_url
    assert document["sensitive"] is False
    assert document["spiCat"] == []
    [controller] = document["piiControllers"]
    assert controller["piiController"] == settings.controller_name
    for name in ("contact", "email", "phone"):
        assert isinstance(controller[name], str) and controller[name], name
    assert isinstance(controller["address"], dict) and controller["address"]
    [service] = document["services"]
    assert service["service"] == "Share what you watch with content partners"
    [purpose] = service["purposes"]
    assert isinstance(purpose["purpose"], str) and purpose["purpose"]
    assert isinstance(purpose["purposeCategory"], list) and purpose["purposeCategory"]
    assert all(isinstance(category, str) for category in purpose["purposeCategory"])
    assert purpose["consentType"] == "EXPLICIT"
    # X5 is about C6 and C7: their titles, as the catalog writes them.
    assert purpose["piiCategory"] == [
        CATEGORIES_BY_ID["C6"].title.en,
        CATEGORIES_BY_ID["C7"].title.en,
    ]
    assert isinstance(purpose["primaryPurpose"], bool)
    assert isinstance(purpose["termination"], str) and purpose["termination"]
    # Sharing with content partners is the disclosure this choice is about.
    assert purpose["thirdPartyDisclosure"] is True
    assert purpose["thirdPartyName"] == "Content partners"
    assert (document["choiceId"], document["value"]) == ("X5", True)


def test_a_change_from_a_browser_is_recorded_as_made_through_a_web_form(
    client: TestClient, ada_token: str
) -> None:
    etag = client.get("/v1/me/choices", headers=bearer(ada_token)).headers["etag"]
    response = client.patch(
        "/v1/me/choices",
        json={"changes": {"X4": False}},
        headers={
            **bearer(ada_token),
            "If-Match": etag,
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        },
    )

    assert response.status_code == 200, response.text
    [receipt] = response.json()["receipts"]
    assert json.loads(receipt["payload"])["collectionMethod"] == "web form"


def test_every_choice_in_the_catalog_produces_a_receipt_describing_it(
    client: TestClient, ada_token: str
) -> None:
    assert set(RECEIPT_PURPOSES) == {choice.id for choice in CHOICES}
    flipped = {choice.id: not choice.default for choice in CHOICES}

    receipts = _change(client, ada_token, flipped)["receipts"]

    by_choice = {receipt["choice_id"]: receipt for receipt in receipts}
    assert set(by_choice) == set(flipped)
    public_keys = _published_keys(client)
    for choice in CHOICES:
        receipt = by_choice[choice.id]
        [service] = json.loads(receipt["payload"])["services"]
        assert service["service"] == choice.title.en
        assert service["purposes"][0]["piiCategory"] == [
            CATEGORIES_BY_ID[category].title.en for category in choice.categories
        ]
        assert receipt["value"] is flipped[choice.id]
        assert verify_receipt(
            receipt["payload"], receipt["signature"], public_keys[receipt["key_id"]]
        )


def test_a_receipt_names_ada_by_id_and_never_carries_her_email(
    client: TestClient, ada: Account, ada_token: str, database: Database
) -> None:
    receipts = _change(client, ada_token, {"X1": False, "X2": False})["receipts"]

    assert len(receipts) == 2
    for receipt in receipts:
        assert json.loads(receipt["payload"])["piiPrincipalId"] == ada.id
        assert ada.email not in json.dumps(receipt)
        # Ids are hex, and "ada" is three hex digits: look at the text around them.
        without_ids = re.sub(r"[0-9a-f]{16,}", "", receipt["payload"])
        assert ada.email.split("@")[0] not in without_ids
    with database.session() as session:
        stored = list(session.scalars(select(ConsentReceipt)))
    assert {row.user_id for row in stored} == {ada.id}
    assert all(ada.email not in row.payload for row in stored)


def test_one_receipt_can_be_read_by_its_id(client: TestClient, ada_token: str) -> None:
    [receipt] = _change(client, ada_token, {"X7": False})["receipts"]

    response = client.get(f"/v1/me/receipts/{receipt['id']}", headers=bearer(ada_token))

    assert response.status_code == 200, response.text
    assert response.json() == receipt


def test_bob_never_sees_adas_receipts(
    client: TestClient, ada_token: str, bob: Account, database: Database
) -> None:
    [adas] = _change(client, ada_token, {"X2": False})["receipts"]
    bob_token = sign_in(client, bob)["access_token"]
    [bobs] = _change(client, bob_token, {"X4": False})["receipts"]

    listed = _list(client, bob_token)
    assert listed.status_code == 200, listed.text
    assert [receipt["id"] for receipt in listed.json()["receipts"]] == [bobs["id"]]
    # Ada's receipt by id is, for Bob, a receipt that does not exist: 404, not 403.
    assert_problem(client.get(f"/v1/me/receipts/{adas['id']}", headers=bearer(bob_token)), 404)
    assert_problem(client.get("/v1/me/receipts/no-such-receipt", headers=bearer(bob_token)), 404)
    # And Ada still has hers, untouched.
    assert [receipt["id"] for receipt in _list(client, ada_token).json()["receipts"]] == [
        adas["id"]
    ]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ConsentReceipt)) == 2


def test_receipts_need_a_signed_in_user_but_the_keys_are_public(client: TestClient) -> None:
    assert_problem(client.get("/v1/me/receipts"), 401)
    assert_problem(client.get("/v1/me/receipts/anything"), 401)
    assert client.get("/v1/keys").status_code == 200


def test_receipts_come_newest_first_in_pages_that_join_without_gaps(
    client: TestClient, ada_token: str, clock: FakeClock
) -> None:
    # Seven changes a minute apart: X2 off, on, off, ... ; then X3 off once more.
    issued = []
    for step in range(6):
        clock.advance(minutes=1)
        issued += _change(client, ada_token, {"X2": step % 2 == 1})["receipts"]
    clock.advance(minutes=1)
    issued += _change(client, ada_token, {"X3": False})["receipts"]
    newest_first = [receipt["id"] for receipt in reversed(issued)]

    pages, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        response = _list(client, ada_token, **params)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append([receipt["id"] for receipt in page["receipts"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [receipt_id for page in pages for receipt_id in page] == newest_first


def test_the_receipt_list_pages_by_100_by_default_and_500_at_most(
    client: TestClient, ada: Account, ada_token: str, database: Database, clock: FakeClock
) -> None:
    # Stored directly: what is paged here is the list, not the signing.
    with database.session() as session:
        session.add_all(
            ConsentReceipt(
                id=f"00000000-0000-4000-8000-{number:012d}",
                user_id=ada.id,
                issued_at=clock.now - timedelta(seconds=number // 2),
                choice_id="X2",
                value=number % 2 == 0,
                payload="{}",
                signature="",
                key_id="",
            )
            for number in range(501)
        )

    default = _list(client, ada_token).json()
    assert len(default["receipts"]) == 100 and default["next_cursor"]
    largest = _list(client, ada_token, limit=500).json()
    assert len(largest["receipts"]) == 500
    rest = _list(client, ada_token, limit=500, cursor=largest["next_cursor"]).json()
    assert len(rest["receipts"]) == 1 and rest["next_cursor"] is None
    ids = [receipt["id"] for receipt in largest["receipts"] + rest["receipts"]]
    assert len(set(ids)) == 501
    assert_problem(_list(client, ada_token, limit=501), 422)
    assert_problem(_list(client, ada_token, limit=0), 422)


def test_a_cursor_the_service_never_issued_is_refused(client: TestClient, ada_token: str) -> None:
    assert_problem(_list(client, ada_token, cursor="not-a-cursor"), 400, code="invalid_cursor")
