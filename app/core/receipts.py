"""Consent receipts (C15) and the check that the service really signed them.

A receipt is kept exactly as the service signed it: `payload` is the canonical JSON text and
the signature covers `payload.encode("utf-8")`, so verifying never re-serialises anything
and a receipt stays checkable years later with the public key alone.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core import ed25519


@dataclass(frozen=True)
class ConsentReceipt:
    id: str
    issued_at: datetime
    choice_id: str
    value: bool
    payload: str  # canonical JSON (Kantara Consent Receipt v1.1 fields), exactly as signed
    signature: str  # base64url without padding
    key_id: str

    def fields(self) -> dict[str, Any]:
        """The receipt's Kantara fields; an empty dict if the payload is not a JSON object."""
        try:
            loaded = json.loads(self.payload)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}


@dataclass(frozen=True)
class ReceiptOrigin:
    """Who made the change a receipt records, as its signed payload says.

    `gpc`: a Global Privacy Control signal, sent by `client` (a browser or an app) when
    the service knows which. `overrides_gpc`: the user's own change, undoing an earlier
    switch-off by such a signal."""

    gpc: bool
    client: str | None = None
    overrides_gpc: bool = False


def receipt_origin(fields: dict[str, Any]) -> ReceiptOrigin | None:
    """The payload's `origin`, when it has a readable one; None for receipts from before
    the service said (or with an origin this app does not know). Never raises: a receipt
    is evidence kept for years, and an odd member must not make it unreadable."""
    origin = fields.get("origin")
    if not isinstance(origin, dict):
        return None
    kind = origin.get("kind")
    if kind == "gpc":
        client = origin.get("client")
        return ReceiptOrigin(
            gpc=True, client=client if isinstance(client, str) and client else None
        )
    if kind == "user":
        return ReceiptOrigin(gpc=False, overrides_gpc=origin.get("overridesGpc") is True)
    return None


@dataclass(frozen=True)
class PublicKey:
    """One of the service's Ed25519 signing keys, as published at GET /v1/keys."""

    key_id: str
    public_key: str  # base64url without padding of the raw 32-byte key
    created_at: datetime


def b64url_decode(text: str) -> bytes:
    """base64url with or without padding; ValueError for anything else."""
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


def verify_receipt(receipt: ConsentReceipt, keys: Iterable[PublicKey]) -> bool:
    """True only when a published key with the receipt's key_id signed exactly its payload.

    Never raises: a receipt that cannot be checked (unknown key, mangled text) is simply
    not valid, which is what the user must be told.
    """
    return verify_signed(receipt.payload, receipt.signature, receipt.key_id, keys)


def verify_signed(payload: str, signature: str, key_id: str, keys: Iterable[PublicKey]) -> bool:
    """True only when the published key `key_id` signed exactly the UTF-8 bytes of `payload`
    (a receipt, a request acknowledgement). Never raises."""
    key = next((key for key in keys if key.key_id == key_id), None)
    if key is None:
        return False
    try:
        raw_key = b64url_decode(key.public_key)
        raw_signature = b64url_decode(signature)
        message = payload.encode("utf-8")
    except ValueError:  # covers UnicodeEncodeError too
        return False
    return ed25519.verify(raw_key, raw_signature, message)  # False for wrong lengths too
