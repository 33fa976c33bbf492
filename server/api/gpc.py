"""GET/PUT /v1/me/gpc: whether Global Privacy Control signals are honoured for the user.

A signal (`Sec-GPC: 1`) from the user's browsers and other apps switches off the choices
the catalog says it stands for (server/gpc.py). The user decides whether it does: on by
default; switched off, signals change nothing. Changing this setting changes no choice:
what a signal switched off stays off until the user switches it on.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from server.api.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/v1/me", tags=["gpc"])


class GpcSetting(BaseModel):
    """Whether a GPC signal on the user's signed-in calls switches choices off."""

    model_config = ConfigDict(extra="forbid")

    honour_signals: StrictBool = Field(
        description="True: a call with `Sec-GPC: 1` switches off the choices whose catalog "
        "entry has `gpc: true` (unless the user switched one back on after a signal). "
        "False: signals change nothing."
    )


@router.get("/gpc", response_model=GpcSetting)
def get_gpc(user: CurrentUser) -> GpcSetting:
    return GpcSetting(honour_signals=user.honour_gpc)


@router.put(
    "/gpc",
    response_model=GpcSetting,
    responses={422: {"description": 'The body is not `{"honour_signals": true|false}`'}},
)
def put_gpc(setting: GpcSetting, user: CurrentUser, session: SessionDep) -> GpcSetting:
    """Say whether GPC signals are honoured; the same setting sent again changes nothing."""
    user.honour_gpc = setting.honour_signals
    session.flush()
    return GpcSetting(honour_signals=user.honour_gpc)
