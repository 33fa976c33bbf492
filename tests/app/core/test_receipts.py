"""A consent receipt is the user's proof: it checks out only if the service's key signed
exactly these bytes, and checking never crashes on a receipt that is not right."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.core.receipts import ConsentReceipt, PublicKey, verify_receipt

ISSUED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PAYLOAD = json.dumps(
    {"choiceId": "X1", "value": False, "piiPrincipalId": "u1", "jurisdiction": "EU"},
    sort_keys=True,
    separators=(",", ":"),
)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _service_key(key_id: str = "key-1") -> tuple[Ed25519PrivateKey, PublicKey]:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, PublicKey(key_id=key_id, public_key=_b64url(raw), created_at=ISSUED)


def _signed(
    private: Ed25519PrivateKey, payload: str = PAYLOAD, key_id: str = "key-1"
) -> ConsentReceipt:
    return ConsentReceipt(
        id="r1",
        issued_at=ISSUED,
        choice_id="X1",
        value=False,
        payload=payload,
        signature=_b64url(private.sign(payload.encode("utf-8"))),
        key_id=key_id,
    )


def test_a_receipt_signed_by_the_published_key_is_valid() -> None:
    private, key = _service_key()
    assert verify_receipt(_signed(private), [key])


def test_a_receipt_is_checked_with_the_key_named_in_it_among_several() -> None:
    old_private, old_key = _service_key("old")
    _, new_key = _service_key("new")
    assert verify_receipt(_signed(old_private, key_id="old"), (new_key, old_key))


def test_an_edited_payload_is_not_valid() -> None:
    private, key = _service_key()
    receipt = _signed(private)
    tampered = ConsentReceipt(
        **{**receipt.__dict__, "payload": receipt.payload.replace('"value":false', '"value":true')}
    )
    assert tampered.payload != receipt.payload
    assert not verify_receipt(tampered, [key])


def test_a_receipt_signed_by_another_key_with_the_same_id_is_not_valid() -> None:
    impostor, _ = _service_key()
    _, published = _service_key()
    assert not verify_receipt(_signed(impostor), [published])


def test_an_unknown_key_id_is_not_valid() -> None:
    private, key = _service_key("key-1")
    assert not verify_receipt(_signed(private, key_id="key-2"), [key])
    assert not verify_receipt(_signed(private), [])


def test_mangled_signatures_and_keys_are_not_valid_and_never_raise() -> None:
    private, key = _service_key()
    receipt = _signed(private)
    for signature in ("", "not base64 at all!", receipt.signature[:-4], "A" * 86, "==="):
        mangled = ConsentReceipt(**{**receipt.__dict__, "signature": signature})
        assert not verify_receipt(mangled, [key]), signature
    for public_key in ("", "%%%", key.public_key[:-2], _b64url(b"\x00" * 33)):
        broken = PublicKey(key_id="key-1", public_key=public_key, created_at=ISSUED)
        assert not verify_receipt(receipt, [broken]), public_key
    unencodable = ConsentReceipt(**{**receipt.__dict__, "payload": "\ud800"})
    assert not verify_receipt(unencodable, [key])


def test_the_receipt_fields_are_its_payload_read_as_json() -> None:
    private, _ = _service_key()
    receipt = _signed(private)
    assert receipt.fields()["choiceId"] == "X1"
    assert receipt.fields()["value"] is False
    assert ConsentReceipt(**{**receipt.__dict__, "payload": "[1, 2]"}).fields() == {}
    assert ConsentReceipt(**{**receipt.__dict__, "payload": "{not json"}).fields() == {}
