"""Global Privacy Control: `Sec-GPC: 1` on a signed-in call is the user opting out.

The GPC specification has a browser (or any app) send `Sec-GPC: 1` when its user does not
want their data sold or shared, nor used for targeted ads. This service honours it where
that is what a choice does: the catalog declares which choices a signal stands for
(`ChoiceEntry.gpc_opts_out`: X2, personalised ads; X5, sharing with content partners).

A call with a valid access token and the signal switches each of those choices off while
it is on, as a change made by the signal: its own audit row, the choice's effects (X2 off
forgets the ad profile), a new version and a signed receipt naming GPC and the app or
device the call came from. What is already off stays as it is, so a browser sending the
signal with every call changes things once. Two things stop a signal:

- the user's explicit later choice: switching a covered choice back on in an app after a
  signal switched it off marks it `gpc_overridden`, and signals leave it alone from then on;
- the user's setting `honour_gpc` (GET/PUT /v1/me/gpc): off, signals change nothing.

`GpcSignals` is a pure ASGI middleware inside admission control, so a call with the
signal counts against the same limits as any other and sees the effect in its own
answer. A call without the header costs a scan of its header names. With it, one read on
the event loop (the hot reads' path, server/db/hot_reads.py) decides whether anything
would change; only then does a write transaction run, which takes the user's row lock and
decides again, so a signal racing the user's own change never undoes what the user did
after the signal. An unknown or expired token does nothing here; the route answers it as
before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import Request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from server.api.deps import caller_from_row, client_name, in_transaction, user_for_token
from server.catalog.entries import CHOICES
from server.choices_state import ChangeSource, lock_choices, record_changes
from server.config import Settings
from server.db.hot_reads import HotReads
from server.db.models import AccessToken, ChoiceValue, User
from server.problems import Problem
from server.security import token_digest

HEADER = b"sec-gpc"
# The specification's one value: "1" means the user asks not to be shared or sold; any
# other value (or none) says nothing.
SIGNAL = b"1"

# The choices a signal stands for, in catalog order.
GPC_CHOICES: tuple[str, ...] = tuple(choice.id for choice in CHOICES if choice.gpc_opts_out)
_DEFAULTS = {choice.id: choice.default for choice in CHOICES}

_USERS = User.__table__
_TOKENS = AccessToken.__table__
_CHOICE_VALUES = ChoiceValue.__table__

# The cheap check, one statement: the token's account (user id, choices version, token
# expiry, as `caller_from_row` reads them), whether it honours GPC, and each value set, with
# whether the user overrode GPC for it (one row of NULLs there when none is set). Every
# set value comes back, not only the covered ones: at most one row per choice, and no IN
# list for the hot reads to expand.
GPC_STATE_OF_TOKEN = (
    select(
        _USERS.c.id,
        _USERS.c.choices_version,
        _TOKENS.c.expires_at,
        _USERS.c.honour_gpc,
        _CHOICE_VALUES.c.choice_id,
        _CHOICE_VALUES.c.value,
        _CHOICE_VALUES.c.gpc_overridden,
    )
    .select_from(_TOKENS)
    .outerjoin(_USERS, _USERS.c.id == _TOKENS.c.user_id)
    .outerjoin(_CHOICE_VALUES, _CHOICE_VALUES.c.user_id == _USERS.c.id)
    .where(_TOKENS.c.token_hash == bindparam("digest"))
)


def carries_signal(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Does the request say `Sec-GPC: 1`? ASGI header names are lower-case bytes."""
    return any(name == HEADER and value.strip() == SIGNAL for name, value in headers)


def bearer_token_of(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The access token of `Authorization: Bearer <token>`, unchecked; None without one."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


def choices_to_switch_off(honour: bool, stored: dict[str, tuple[bool, bool]]) -> list[str]:
    """The choices a signal switches off now: those it stands for that are on and that the
    user has not kept on against GPC, when the user honours signals at all. `stored` maps
    a choice id to (value, gpc_overridden) for the values set; the rest are at default."""
    if not honour:
        return []
    switched_off = []
    for choice_id in GPC_CHOICES:
        value, overridden = stored.get(choice_id, (_DEFAULTS[choice_id], False))
        if value and not overridden:
            switched_off.append(choice_id)
    return switched_off


def _would_change(rows: Sequence[Sequence[Any]]) -> bool:
    """From the rows of `GPC_STATE_OF_TOKEN` (a valid token's): would a signal change
    anything?"""
    honour = bool(rows[0][3])
    stored = {row[4]: (bool(row[5]), bool(row[6])) for row in rows if row[4] is not None}
    return bool(choices_to_switch_off(honour, stored))


def honour_signal(session: Session, settings: Settings, user: User, client: str) -> list[str]:
    """Apply a signal to `user` in the caller's transaction: the choice ids it switched off.

    Decided again under the user's row lock, from the state the change is based on: what
    the cheap check saw may have changed since (the user's own change, another signal).
    """
    lock_choices(session, user)
    stored = {
        row.choice_id: (row.value, row.gpc_overridden)
        for row in session.scalars(select(ChoiceValue).where(ChoiceValue.user_id == user.id))
    }
    switched_off = choices_to_switch_off(user.honour_gpc, stored)
    if switched_off:
        record_changes(
            session,
            settings,
            user,
            dict.fromkeys(switched_off, False),
            ChangeSource.gpc_signal(client),
        )
    return switched_off


class GpcSignals:
    """ASGI middleware: honours `Sec-GPC: 1` on signed-in calls before they are answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and carries_signal(scope["headers"]):
            token = bearer_token_of(scope["headers"])
            if token is not None:
                await _honour(Request(scope), token)
        await self.app(scope, receive, send)


async def _honour(request: Request, token: str) -> None:
    settings: Settings = request.app.state.settings
    hot_reads: HotReads = request.app.state.hot_reads
    rows = await hot_reads.rows(GPC_STATE_OF_TOKEN, {"digest": token_digest(token)})
    try:
        caller_from_row(rows[0] if rows else None, settings.clock())
    except Problem:
        return  # not signed in: the route answers that as it always has
    if not _would_change(rows):
        return
    client = client_name(request)

    def apply(session: Session) -> None:
        user = user_for_token(session, token, settings.clock())
        honour_signal(session, settings, user, client)

    try:
        await in_transaction(request, apply)
    except Problem:
        return  # the token ran out or its account went in the meantime
