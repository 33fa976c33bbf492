"""A user's choices as they stand, and how a change of them is recorded.

One rule read in several places: the choices routes answer with it, the ingest routes ask
it whether a batch may be kept (X1, X2, X3), and a change made by the user in an app
(PATCH /v1/me/choices) or by a Global Privacy Control signal (server/gpc.py) is written
the same way: the values, the audit trail, the declared effects, the version and one
signed receipt per changed choice, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, Field
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from server.catalog.entries import CHOICES, CHOICES_BY_ID
from server.config import Settings
from server.db.models import (
    AccessToken,
    AdSegment,
    ChoiceChange,
    ChoiceValue,
    ConsentReceipt,
    User,
)
from server.receipts import (
    GPC_COLLECTION_METHOD,
    OVERRIDES_GPC_ORIGIN,
    gpc_origin,
    issue_receipt,
)

Origin = Literal["default", "user", "gpc"]


class ChoiceState(BaseModel):
    id: str
    value: bool
    changed_at: datetime | None
    origin: Origin = Field(
        description="Who set the value: `default` (nobody yet), `user` (the account holder, "
        "in an app) or `gpc` (a Global Privacy Control signal)."
    )
    origin_client: str | None = Field(
        description="The app or device the value was set from (its X-Client, else its "
        "User-Agent); null for a default."
    )


class ChoicesResponse(BaseModel):
    version: int
    choices: list[ChoiceState]


class StoredChoice(NamedTuple):
    """A value the user (or a signal) set, as `choice_values` holds it."""

    value: bool
    updated_at: datetime
    origin: str
    origin_client: str | None


_CHOICE_VALUES = ChoiceValue.__table__
_USERS = User.__table__
_TOKENS = AccessToken.__table__

# Built once: Core on the table (no ORM entities to load), its compiled form cached.
_STORED_CHOICES = select(
    _CHOICE_VALUES.c.choice_id,
    _CHOICE_VALUES.c.value,
    _CHOICE_VALUES.c.updated_at,
    _CHOICE_VALUES.c.origin,
    _CHOICE_VALUES.c.origin_client,
).where(_CHOICE_VALUES.c.user_id == bindparam("user_id"))

# The hot read in one statement, so one snapshot on both databases: the token's account
# (user id, choices version, token expiry, as `caller_from_row` reads them) and every
# choice the user has set, one row each (one row of NULLs there when none is set).
CHOICES_OF_TOKEN = (
    select(
        _USERS.c.id,
        _USERS.c.choices_version,
        _TOKENS.c.expires_at,
        _CHOICE_VALUES.c.choice_id,
        _CHOICE_VALUES.c.value,
        _CHOICE_VALUES.c.updated_at,
        _CHOICE_VALUES.c.origin,
        _CHOICE_VALUES.c.origin_client,
    )
    .select_from(_TOKENS)
    .outerjoin(_USERS, _USERS.c.id == _TOKENS.c.user_id)
    .outerjoin(_CHOICE_VALUES, _CHOICE_VALUES.c.user_id == _USERS.c.id)
    .where(_TOKENS.c.token_hash == bindparam("digest"))
)


def stored_choices_of_token(rows: Iterable[Sequence[Any]]) -> dict[str, StoredChoice]:
    """The values set, from the rows of `CHOICES_OF_TOKEN`."""
    return {
        row[3]: StoredChoice(row[4], row[5], row[6], row[7]) for row in rows if row[3] is not None
    }


def current_choices(session: Session, user: User) -> ChoicesResponse:
    """Every choice's effective value (what was set, else the default), in one query."""
    stored = {
        row[0]: StoredChoice(row[1], row[2], row[3], row[4])
        for row in session.execute(_STORED_CHOICES, {"user_id": user.id})
    }
    return choices_state(user.choices_version, stored)


def choices_state(version: int, stored: Mapping[str, StoredChoice]) -> ChoicesResponse:
    """The answer from the values set (choice id to what `choice_values` holds), the rest
    at their defaults."""
    states = []
    for choice in CHOICES:
        row = stored.get(choice.id)
        if row is None:
            states.append(
                ChoiceState(
                    id=choice.id,
                    value=choice.default,
                    changed_at=None,
                    origin="default",
                    origin_client=None,
                )
            )
        else:
            states.append(
                ChoiceState(
                    id=choice.id,
                    value=row.value,
                    changed_at=row.updated_at,
                    origin="gpc" if row.origin == "gpc" else "user",
                    origin_client=row.origin_client,
                )
            )
    return ChoicesResponse(version=version, choices=states)


def choice_value(session: Session, user_id: str, choice_id: str) -> bool:
    """The effective value of one choice: what was set, else the default."""
    stored = session.get(ChoiceValue, (user_id, choice_id))
    return stored.value if stored else CHOICES_BY_ID[choice_id].default


# --- changing them ----------------------------------------------------------------------


def lock_choices(session: Session, user: User) -> None:
    """Serialise writers on the user's row before reading the state a change is based on.

    A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so the
    version compared with If-Match, the values diffed and the version written all belong
    to one moment, also for "If-Match: *", and a GPC signal and the user's own change
    never interleave.
    """
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(choices_version=User.choices_version)
        .execution_options(synchronize_session=False)
    )
    session.refresh(user)


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


@dataclass(frozen=True)
class ChangeSource:
    """Who asks for a change, and through what.

    `kind` is "user" (the account holder, in an app) or "gpc" (a Global Privacy Control
    signal); `client` names the calling app or device for the audit trail and the value's
    `origin_client` (X-Client, else User-Agent, 200 characters); `collection_method` and
    `receipt_client` are what the receipt's collectionMethod says.
    """

    kind: Literal["user", "gpc"]
    client: str
    collection_method: str
    receipt_client: str

    @classmethod
    def gpc_signal(cls, client: str) -> ChangeSource:
        # The receipt's collectionMethod holds 200 characters: the name in brackets is cut
        # to fit whole; the receipt's `origin` names the client in full.
        room = 200 - len(GPC_COLLECTION_METHOD) - len(" ()")
        return cls("gpc", client, GPC_COLLECTION_METHOD, client[:room])


def gpc_stands_for(choice_id: str) -> bool:
    """Does a GPC signal stand for opting out of this choice (the catalog says so)?"""
    return CHOICES_BY_ID[choice_id].gpc_opts_out


def record_changes(
    session: Session,
    settings: Settings,
    user: User,
    wanted: Mapping[str, bool],
    source: ChangeSource,
) -> list[ConsentReceipt]:
    """Write the choices in `wanted` that differ from their current value; their receipts.

    The caller holds the user's row lock (`lock_choices`) and commits. Values already as
    wanted change nothing: no version, no audit row, no receipt. A user who switches back
    on a choice a GPC signal had switched off (or one they had already kept on against
    GPC) overrides GPC for it: the row remembers (`gpc_overridden`), later signals leave it
    alone, and the receipt says so.
    """
    rows = {choice_id: session.get(ChoiceValue, (user.id, choice_id)) for choice_id in wanted}
    changed = {
        choice_id: value
        for choice_id, value in sorted(wanted.items())
        if _effective(rows[choice_id], choice_id) != value
    }
    if not changed:
        return []
    user.choices_version += 1
    now = settings.clock()
    receipts = []
    for choice_id, value in changed.items():
        row = rows[choice_id]
        old = _effective(row, choice_id)
        was_overridden = row is not None and row.gpc_overridden
        overrides_gpc = (
            source.kind == "user"
            and value
            and gpc_stands_for(choice_id)
            and row is not None
            and (row.origin == "gpc" or was_overridden)
        )
        if row is None:
            row = ChoiceValue(user_id=user.id, choice_id=choice_id)
            session.add(row)
        row.value = value
        row.updated_at = now
        row.origin = source.kind
        row.origin_client = source.client
        # Switching it off again themselves, the user keeps their say over later signals.
        row.gpc_overridden = overrides_gpc or (source.kind == "user" and was_overridden)
        session.add(
            ChoiceChange(
                user_id=user.id,
                choice_id=choice_id,
                old_value=old,
                new_value=value,
                changed_at=now,
                client=source.client,
                origin=source.kind,
            )
        )
        effect = CHOICE_EFFECTS.get((choice_id, value))
        if effect is not None:
            effect(session, user)
        receipts.append(
            issue_receipt(
                session,
                settings,
                user,
                choice_id,
                value,
                collection_method=source.collection_method,
                client=source.receipt_client,
                origin=_receipt_origin(source, overrides_gpc),
            )
        )
    session.flush()
    return receipts


def _effective(row: ChoiceValue | None, choice_id: str) -> bool:
    return row.value if row is not None else CHOICES_BY_ID[choice_id].default


def _receipt_origin(source: ChangeSource, overrides_gpc: bool) -> dict[str, Any] | None:
    if source.kind == "gpc":
        return gpc_origin(source.client)
    return dict(OVERRIDES_GPC_ORIGIN) if overrides_gpc else None
