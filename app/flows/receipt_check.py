"""Checking a consent receipt on this computer: the newest one for a choice, its Ed25519
signature against the service's published keys, and whether the listing agrees with
what was signed (the signature covers only the payload)."""

from __future__ import annotations

from dataclasses import dataclass

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.core.receipts import ConsentReceipt, PublicKey, verify_receipt

RECEIPTS_PER_PAGE = 100


@dataclass(frozen=True)
class CheckedReceipt:
    receipt: ConsentReceipt
    signature_valid: bool
    # The signed text names this choice and this value, as the listing says.
    matches_listing: bool

    @property
    def valid(self) -> bool:
        return self.signature_valid and self.matches_listing


def newest_receipt_for(
    client: PrivacyClient, access_token: str, choice_id: str
) -> ConsentReceipt | None:
    """Pages through the receipts (newest first) and stops at the first one for the choice."""
    cursor: str | None = None
    while True:
        receipts, cursor = client.receipts(access_token, cursor, RECEIPTS_PER_PAGE)
        found = next((receipt for receipt in receipts if receipt.choice_id == choice_id), None)
        if found is not None or cursor is None:
            return found


def check_receipt(receipt: ConsentReceipt, keys: tuple[PublicKey, ...]) -> CheckedReceipt:
    """The signature covers only the payload, so the listing's own fields must agree with it."""
    fields = receipt.fields()
    matches = (
        fields.get("choiceId", receipt.choice_id) == receipt.choice_id
        and fields.get("value", receipt.value) is receipt.value
    )
    return CheckedReceipt(receipt, verify_receipt(receipt, keys), matches)


def fetch_checked_receipt(session: AuthSession, choice_id: str) -> CheckedReceipt | None:
    """The newest receipt for the choice, checked; None when the service has none yet."""
    client = session.client
    receipt = session.call(lambda token: newest_receipt_for(client, token, choice_id))
    if receipt is None:
        return None
    return check_receipt(receipt, client.public_keys())
