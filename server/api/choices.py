"""The user's choices (X1-X9): read with an ETag, change with If-Match.

A change is one transaction: the new values, the audit trail, what switching a choice
does to data already held (the declared effects below) and a signed consent receipt per
changed choice all commit together, or none of them does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from sqlalchemy import delete, update
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
    ChoicesResponse,
    choice_value,
    choices_state,
    current_choices,
)
from server.config import Settings
from server.db.models import (
    AdSegment,
    ChoiceChange,
    ChoiceValue,
    ConsentReceipt,
    User,
)
from server.problems import Problem
from server.receipt_views import ReceiptView, receipt_view
from server.receipts import collection_method_for, issue_receipt
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
    stored = {row[3]: (row[4], row[5]) for row in rows if row[3] is not None}
    state = choices_state(caller.choices_version, stored)
    etag = etag_for(state.version)
    if if_none_match is not None and names(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return json_answer(state, {"ETag": etag})


# --- what a change does beyond storing the value ------------------------------------------

ChoiceEffect = Callable[[Session, User], None]


def forget_ad_profile(session: Session, user: User) -> None:
    """X2 off: the ad profile (U5) goes at once, in one statement, not row by row."""
    session.execute(
        delete(AdSegment)
        .where(AdSegment.user_id == user.id)
        .execution_options(synchronize_session=False)
    )


# (choice, new value) -> what happens to data already held, in the change's transaction.
# Choices that only gate collection need no entry: with X1 (playback statistics) or X3
# (crash reports) off, the ingest endpoints read `choice_value` and store nothing from then
# on, while records already kept stay until retention (T2, T4/T5) or a deletion request.
CHOICE_EFFECTS: dict[tuple[str, bool], ChoiceEffect] = {
    ("X2", False): forget_ad_profile,
}


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


def _lock_choices(session: Session, user: User) -> None:
    """Serialise writers on the user's row before reading the state a change is based on.

    A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so the
    version compared with If-Match, the values diffed and the version written all belong
    to one moment, also for "If-Match: *".
    """
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(choices_version=User.choices_version)
        .execution_options(synchronize_session=False)
    )
    session.refresh(user)


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
    _lock_choices(session, user)
    if not if_match_allows(if_match, user.choices_version):
        raise _stale()
    changed = {
        choice_id: (old, wanted)
        for choice_id, wanted in sorted(body.changes.items())
        if (old := choice_value(session, user.id, choice_id)) != wanted
    }
    receipts = []
    if changed:
        user.choices_version += 1
        now = settings.clock()
        client = client_name(request)
        x_client = request.headers.get("X-Client", "")[:100]
        method = collection_method_for(x_client, request.headers.get("User-Agent"))
        for choice_id, (old, wanted) in changed.items():
            session.merge(
                ChoiceValue(user_id=user.id, choice_id=choice_id, value=wanted, updated_at=now)
            )
            session.add(
                ChoiceChange(
                    user_id=user.id,
                    choice_id=choice_id,
                    old_value=old,
                    new_value=wanted,
                    changed_at=now,
                    client=client,
                )
            )
            effect = CHOICE_EFFECTS.get((choice_id, wanted))
            if effect is not None:
                effect(session, user)
            receipts.append(
                issue_receipt(
                    session,
                    settings,
                    user,
                    choice_id,
                    wanted,
                    collection_method=method,
                    client=x_client,
                )
            )
        session.flush()
    return _Changed(current_choices(session, user), receipts)
