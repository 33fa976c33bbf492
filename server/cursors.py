"""Keyset cursors: "the records older than this one", handed out as an opaque token.

The record listings (GET /v1/me/data/{category}) and the receipts (GET /v1/me/receipts,
the rows of C15) page the same way, on the (user_id, time, id) index: no OFFSET, no count
per page. A cursor names the listing it belongs to, so it cannot be replayed against
another, and anything the service did not issue is refused with 400 `invalid_cursor`.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime

from server.input_limits import storable_text
from server.problems import Problem

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def invalid_cursor() -> Problem:
    return Problem(
        400,
        "Invalid cursor",
        "Use the next_cursor of a previous page of this category unchanged, or leave it out "
        "to start at the newest record.",
        code="invalid_cursor",
    )


def encode_cursor(scope: str, time: datetime, record_id: int | str) -> str:
    """An opaque token for "the records older than this one" in one category (and part:
    `CategoryStore.cursor_scope`), so it cannot be replayed against another."""
    payload = json.dumps(
        {"c": scope, "t": time.astimezone(UTC).isoformat(), "i": record_id},
        separators=(",", ":"),
    )
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(
    token: str, scope: str, id_type: type[int] | type[str]
) -> tuple[datetime, int | str]:
    """The (time, id) a cursor points after; a Problem 400 for anything we did not issue."""
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError):
        raise invalid_cursor() from None
    if not isinstance(payload, dict) or payload.get("c") != scope:
        raise invalid_cursor()
    time_text, record_id = payload.get("t"), payload.get("i")
    # bool is an int in Python; a cursor never carries one.
    if not isinstance(time_text, str) or isinstance(record_id, bool):
        raise invalid_cursor()
    if not isinstance(record_id, id_type):
        raise invalid_cursor()
    # The cursor is decoded here, past the checks of the request's own text.
    if isinstance(record_id, str) and not storable_text(record_id):
        raise invalid_cursor()
    # Ids are 64-bit at most; a bigger number cannot be a row's and would not bind.
    if isinstance(record_id, int) and not -(2**63) <= record_id < 2**63:
        raise invalid_cursor()
    try:
        time = datetime.fromisoformat(time_text)
        if time.tzinfo is None:
            raise ValueError("a cursor's time carries its offset")
        return time.astimezone(UTC), record_id
    except (ValueError, OverflowError):
        raise invalid_cursor() from None
