"""A user's choices as they stand: what the user set, else each choice's default.

One rule read in several places: the choices routes answer with it, and the ingest routes
ask it whether a batch may be kept (X1, X2, X3), so both see the same value.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.catalog.entries import CHOICES, CHOICES_BY_ID
from server.db.models import AccessToken, ChoiceValue, User


class ChoiceState(BaseModel):
    id: str
    value: bool
    changed_at: datetime | None


class ChoicesResponse(BaseModel):
    version: int
    choices: list[ChoiceState]


_CHOICE_VALUES = ChoiceValue.__table__
_USERS = User.__table__
_TOKENS = AccessToken.__table__

# Built once: Core on the table (no ORM entities to load), its compiled form cached.
_STORED_CHOICES = select(
    _CHOICE_VALUES.c.choice_id, _CHOICE_VALUES.c.value, _CHOICE_VALUES.c.updated_at
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
    )
    .select_from(_TOKENS)
    .outerjoin(_USERS, _USERS.c.id == _TOKENS.c.user_id)
    .outerjoin(_CHOICE_VALUES, _CHOICE_VALUES.c.user_id == _USERS.c.id)
    .where(_TOKENS.c.token_hash == bindparam("digest"))
)


def current_choices(session: Session, user: User) -> ChoicesResponse:
    """Every choice's effective value (what the user set, else the default), in one query."""
    stored = {
        choice_id: (value, updated_at)
        for choice_id, value, updated_at in session.execute(_STORED_CHOICES, {"user_id": user.id})
    }
    return choices_state(user.choices_version, stored)


def choices_state(version: int, stored: dict[str, tuple[bool, datetime]]) -> ChoicesResponse:
    """The answer from the values the user set (choice id to value and when), the rest
    at their defaults."""
    states = []
    for choice in CHOICES:
        row = stored.get(choice.id)
        states.append(
            ChoiceState(
                id=choice.id,
                value=row[0] if row else choice.default,
                changed_at=row[1] if row else None,
            )
        )
    return ChoicesResponse(version=version, choices=states)


def choice_value(session: Session, user_id: str, choice_id: str) -> bool:
    """The effective value of one choice: what the user set, else the default."""
    stored = session.get(ChoiceValue, (user_id, choice_id))
    return stored.value if stored else CHOICES_BY_ID[choice_id].default
