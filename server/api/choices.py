"""The user's choices (X1-X9): read with an ETag, change with If-Match.

A change is one transaction: the new values, the audit trail, what switching a choice
does to data already held (the declared effects, `server/choices_state.py`) and a signed
consent receipt per changed choice all commit together, or none of them does. A Global
Privacy Control signal (server/gpc.py) changes choices the same way, through the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from sqlalchemy.orm import Session

from server.api.deps import (
    BearerToken,
    IfNoneMatch,
    caller_from_row,
    client_name,
    hot_reads_of,
    in_transaction,
    json_answer,
    names,
    settings_of,
    user_for_token,
)
from server.catalog.entries import CHOICES, CHOICES_BY_ID
from server.choices_state import (
    CHOICES_OF_TOKEN,
    ChangeSource,
    ChoicesResponse,
    choices_state,
    current_choices,
    lock_choices,
    record_changes,
    stored_choices_of_token,
)
from server.config import Settings
from server.db.models import ConsentReceipt, User
from server.problems import Problem
from server.receipt_views import ReceiptView, receipt_view
from server.receipts import collection_method_for
from server.security import token_digest

router = APIRouter(prefix="/v1/me", tags=["choices"])


class ChoicesChanged(ChoicesResponse):
    """The state after a PATCH, plus one signed receipt per choice that really changed."""

    receipts: list[ReceiptView]


class ChoicesPatch(BaseModel):
    """Choice id to wanted value, e.g. {"changes": {"X1": false}}."""

    # A member the service does not know is refused, not silently dropped.
    model_config = ConfigDict(extra="forbid")

    # The contract names the choices there are (an unknown id is refused with 422).
    # Strict: "yes", 1, "true" or "off" is not a boolean (nor a wish anyone can hold to).
    changes: dict[str, StrictBool] = Field(
        json_schema_extra={"propertyNames": {"enum": [choice.id for choice in CHOICES]}}
    )


def etag_for(version: int) -> str:
    return f'"{version}"'


# The ETag of the choices (their version), to send back as If-Match with a change, and as
# If-None-Match to read them again for nothing while they did not change.
_ETAG_HEADER = {
    "ETag": {
        "description": "The version of the choices, for If-Match (a change) and If-None-Match "
        "(reading again: 304 while it is current)",
        "required": True,
        "schema": {"type": "string"},
    }
}


@router.get(
    "/choices",
    response_model=ChoicesResponse,
    responses={
        200: {"headers": _ETAG_HEADER},
        304: {
            "description": "Not modified: the choices are still at the version If-None-Match "
            "names (no body)",
            "headers": _ETAG_HEADER,
        },
    },
)
async def get_choices(
    request: Request, token: BearerToken, if_none_match: IfNoneMatch = None
) -> Response:
    """The hot read: the token check and the read in one statement, on the event loop
    (server/db/hot_reads.py)."""
    rows = await hot_reads_of(request).rows(CHOICES_OF_TOKEN, {"digest": token_digest(token)})
    caller = caller_from_row(rows[0] if rows else None, settings_of(request).clock())
    state = choices_state(caller.choices_version, stored_choices_of_token(rows))
    etag = etag_for(state.version)
    if if_none_match is not None and names(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return json_answer(state, {"ETag": etag})


# --- If-Match ----------------------------------------------------------------------------


def _stale() -> Problem:
    return Problem(
        412, "Choices changed elsewhere", "Read them again, then retry.", code="stale_etag"
    )


def if_match_allows(header: str, version: int) -> bool:
    """RFC 9110 section 13.1.1: "*" or a list of entity tags, compared strongly."""
    value = header.strip()
    if value == "*":
        return True
    current = etag_for(version)
    return any(tag.strip() == current for tag in value.split(","))


@dataclass(frozen=True)
class _Changed:
    state: ChoicesResponse
    receipts: list[ConsentReceipt]


@router.patch(
    "/choices",
    response_model=ChoicesChanged,
    responses={
        200: {"headers": _ETAG_HEADER},
        412: {"description": "The ETag in If-Match is stale (`stale_etag`): read them again"},
        422: {"description": "The body is not valid, or names a choice that does not exist"},
        428: {"description": "The If-Match header is missing (`if_match_required`)"},
    },
)
async def patch_choices(
    body: ChoicesPatch,
    request: Request,
    token: BearerToken,
    if_match: Annotated[
        str,
        Header(
            alias="If-Match",
            min_length=1,
            description='The ETag of GET /v1/me/choices (e.g. `"3"`), or `*` for any version',
        ),
    ],
) -> Response:
    """Change choices; `If-Match: *` means "whatever the current version is".

    A request that changes nothing (every value already as asked) keeps the version and
    the ETag and issues no receipt: there is no new consent to record.

    Switching back on a choice a Global Privacy Control signal switched off is the user's
    later, explicit choice: it wins over later signals, and its receipt says so.

    The token check, the change and its commit are one transaction on one trip to the
    thread pool (`in_transaction`), so the user's row lock is held only while the thread
    works, never while the request waits for the event loop.
    """
    settings = settings_of(request)

    def change(session: Session) -> _Changed:
        user = user_for_token(session, token, settings.clock())
        return apply_changes(session, settings, request, user, body, if_match)

    changed = await in_transaction(request, change)
    answer = ChoicesChanged(
        version=changed.state.version,
        choices=changed.state.choices,
        receipts=[receipt_view(receipt) for receipt in changed.receipts],
    )
    return json_answer(answer, {"ETag": etag_for(answer.version)})


def apply_changes(
    session: Session,
    settings: Settings,
    request: Request,
    user: User,
    body: ChoicesPatch,
    if_match: str,
) -> _Changed:
    if not if_match:
        raise Problem(
            428,
            "If-Match required",
            "Send the ETag from GET /v1/me/choices.",
            code="if_match_required",
        )
    unknown = sorted(set(body.changes) - set(CHOICES_BY_ID))
    if unknown:
        raise Problem(422, "Unknown choice", f"No such choice: {', '.join(unknown)}.")
    lock_choices(session, user)
    if not if_match_allows(if_match, user.choices_version):
        raise _stale()
    x_client = request.headers.get("X-Client", "")[:100]
    source = ChangeSource(
        kind="user",
        client=client_name(request),
        collection_method=collection_method_for(x_client, request.headers.get("User-Agent")),
        receipt_client=x_client,
    )
    receipts = record_changes(session, settings, user, body.changes, source)
    return _Changed(current_choices(session, user), receipts)
