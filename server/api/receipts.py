"""The service's public keys and the user's signed consent receipts (C15).

Receipts are listed exactly as they were signed: `payload` is the canonical JSON string,
so a client checks the signature over `payload.encode("utf-8")` without re-serialising
anything. Paging is the same keyset scheme as `GET /v1/me/data/C15`, which lists the same
rows: a cursor of one works for the other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel
from sqlalchemy import and_, or_, select

from server.api.deps import CurrentUser, SessionDep, SettingsDep
from server.cursors import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decode_cursor, encode_cursor
from server.db.models import ConsentReceipt
from server.input_limits import WholeNumberText
from server.problems import Problem
from server.receipt_views import ReceiptView, receipt_view
from server.receipts import ALGORITHM, published_keys

router = APIRouter(prefix="/v1", tags=["receipts"])

# Receipts are the rows of category C15; sharing its cursor keeps the two listings aligned.
RECEIPT_CATEGORY = "C15"


class PublicKeyView(BaseModel):
    key_id: str
    algorithm: str
    public_key: str  # base64url (no padding) of the raw 32-byte Ed25519 public key
    created_at: datetime


class PublicKeys(BaseModel):
    keys: list[PublicKeyView]


class ReceiptPage(BaseModel):
    receipts: list[ReceiptView]
    # Pass it back as ?cursor= for the next (older) page; null on the last page.
    next_cursor: str | None


@router.get("/keys", response_model=PublicKeys)
def public_keys(session: SessionDep, settings: SettingsDep, response: Response) -> PublicKeys:
    """Every key that signed receipts, newest first; public, so anyone can verify."""
    # Short enough that a new key reaches verifiers soon, long enough to spare the service.
    response.headers["Cache-Control"] = "public, max-age=300"
    return PublicKeys(
        keys=[
            PublicKeyView(
                key_id=key.key_id,
                algorithm=ALGORITHM,
                public_key=key.public_key,
                created_at=key.created_at,
            )
            for key in published_keys(session, settings)
        ]
    )


@router.get(
    "/me/receipts",
    response_model=ReceiptPage,
    responses={400: {"description": "The cursor is not one this service issued"}},
)
def list_receipts(
    user: CurrentUser,
    session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE), WholeNumberText] = DEFAULT_PAGE_SIZE,
) -> ReceiptPage:
    """The user's receipts, newest first; follow next_cursor for older ones."""
    statement = select(ConsentReceipt).where(ConsentReceipt.user_id == user.id)
    if cursor is not None:
        after_time, after_id = decode_cursor(cursor, RECEIPT_CATEGORY, str)
        statement = statement.where(
            and_(
                ConsentReceipt.issued_at <= after_time,
                or_(ConsentReceipt.issued_at < after_time, ConsentReceipt.id < after_id),
            )
        )
    statement = statement.order_by(ConsentReceipt.issued_at.desc(), ConsentReceipt.id.desc()).limit(
        limit + 1
    )
    rows = list(session.scalars(statement))
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(RECEIPT_CATEGORY, page[-1].issued_at, page[-1].id)
    return ReceiptPage(receipts=[receipt_view(row) for row in page], next_cursor=next_cursor)


@router.get(
    "/me/receipts/{receipt_id}",
    response_model=ReceiptView,
    responses={404: {"description": "No such receipt for this account (`unknown_receipt`)"}},
)
def get_receipt(receipt_id: str, user: CurrentUser, session: SessionDep) -> ReceiptView:
    receipt = session.get(ConsentReceipt, receipt_id)
    # Someone else's receipt is answered exactly like one that does not exist.
    if receipt is None or receipt.user_id != user.id:
        raise Problem(
            404,
            "No such receipt",
            "GET /v1/me/receipts lists your receipts.",
            code="unknown_receipt",
        )
    return receipt_view(receipt)
