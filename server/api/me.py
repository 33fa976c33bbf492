"""GET /v1/me: who is signed in."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from server.api.deps import CurrentUser

router = APIRouter(prefix="/v1", tags=["profile"])


class Profile(BaseModel):
    id: str
    email: str
    username: str
    created_at: datetime


@router.get("/me", response_model=Profile)
def me(user: CurrentUser) -> Profile:
    return Profile(id=user.id, email=user.email, username=user.username, created_at=user.created_at)
