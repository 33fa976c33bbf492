"""The user's choices (X1-X9): read with an ETag, change with If-Match."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.api.deps import CurrentUser, SessionDep, SettingsDep, client_name
from server.catalog.entries import CHOICES, CHOICES_BY_ID
from server.db.models import ChoiceChange, ChoiceValue, User
from server.problems import Problem

router = APIRouter(prefix="/v1/me", tags=["choices"])


class ChoiceState(BaseModel):
    id: str
    value: bool
    changed_at: datetime | None


class ChoicesResponse(BaseModel):
    version: int
    choices: list[ChoiceState]


class ChoicesPatch(BaseModel):
    """Choice id to wanted value, e.g. {"changes": {"X1": false}}."""

    changes: dict[str, bool]


def etag_for(version: int) -> str:
    return f'"{version}"'


def current_choices(session: Session, user: User) -> ChoicesResponse:
    stored = {
        row.choice_id: row
        for row in session.scalars(select(ChoiceValue).where(ChoiceValue.user_id == user.id))
    }
    states = []
    for choice in CHOICES:
        row = stored.get(choice.id)
        states.append(
            ChoiceState(
                id=choice.id,
                value=row.value if row else choice.default,
                changed_at=row.updated_at if row else None,
            )
        )
    return ChoicesResponse(version=user.choices_version, choices=states)


def choice_value(session: Session, user_id: str, choice_id: str) -> bool:
    """The effective value of one choice: what the user set, else the default."""
    stored = session.get(ChoiceValue, (user_id, choice_id))
    return stored.value if stored else CHOICES_BY_ID[choice_id].default


@router.get("/choices", response_model=ChoicesResponse)
def get_choices(user: CurrentUser, session: SessionDep, response: Response) -> ChoicesResponse:
    response.headers["ETag"] = etag_for(user.choices_version)
    response.headers["Cache-Control"] = "no-store"
    return current_choices(session, user)


@router.patch(
    "/choices",
    response_model=ChoicesResponse,
    responses={412: {"description": "The ETag in If-Match is stale"}, 428: {}},
)
def patch_choices(
    body: ChoicesPatch,
    request: Request,
    response: Response,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    if_match: Annotated[str | None, Header()] = None,
) -> ChoicesResponse:
    if not if_match:
        raise Problem(428, "If-Match required", "Send the ETag from GET /v1/me/choices.")
    unknown = sorted(set(body.changes) - set(CHOICES_BY_ID))
    if unknown:
        raise Problem(422, "Unknown choice", f"No such choice: {', '.join(unknown)}.")
    expected = user.choices_version
    if if_match.strip() != etag_for(expected):
        raise Problem(
            412, "Choices changed elsewhere", "Read them again, then retry.", code="stale_etag"
        )
    # Compare-and-swap on the version so that two concurrent writers cannot both win.
    swapped = session.execute(
        update(User)
        .where(User.id == user.id, User.choices_version == expected)
        .values(choices_version=expected + 1)
        .execution_options(synchronize_session=False)
    )
    if swapped.rowcount != 1:  # type: ignore[attr-defined]
        raise Problem(
            412, "Choices changed elsewhere", "Read them again, then retry.", code="stale_etag"
        )
    session.refresh(user)
    now = settings.clock()
    client = client_name(request)
    for choice_id, wanted in sorted(body.changes.items()):
        old = choice_value(session, user.id, choice_id)
        if old == wanted:
            continue
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
    session.flush()
    response.headers["ETag"] = etag_for(user.choices_version)
    return current_choices(session, user)
