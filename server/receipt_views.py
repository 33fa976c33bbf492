"""A signed consent receipt as the API shows it: in the receipts listing, and beside every
choice change that issued one."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from server.db.models import ConsentReceipt


class ReceiptView(BaseModel):
    id: str
    issued_at: datetime
    choice_id: str
    value: bool
    payload: str  # canonical JSON: exactly the bytes that were signed, as UTF-8
    signature: str  # base64url (no padding) Ed25519 signature
    key_id: str


def receipt_view(receipt: ConsentReceipt) -> ReceiptView:
    return ReceiptView(
        id=receipt.id,
        issued_at=receipt.issued_at,
        choice_id=receipt.choice_id,
        value=receipt.value,
        payload=receipt.payload,
        signature=receipt.signature,
        key_id=receipt.key_id,
    )
