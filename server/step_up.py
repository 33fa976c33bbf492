"""Step-up (R7): the password re-entered on this very access token moments ago.

Re-entering it is the auth routes' business (POST /v1/auth/step-up); whether it is still
fresh is asked where a deletion is filed (POST /v1/me/requests), so both read it here.
"""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import AccessToken
from server.requests_flow import STEP_UP_WINDOW
from server.security import token_digest


def presented_access_token(request: Request, session: Session) -> AccessToken | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return session.get(AccessToken, token_digest(token.strip()))


def has_fresh_step_up(request: Request, session: Session, settings: Settings) -> bool:
    """Was the password re-entered on this very access token within the step-up window?"""
    access = presented_access_token(request, session)
    if access is None or access.stepped_up_at is None:
        return False
    return settings.clock() - access.stepped_up_at <= STEP_UP_WINDOW
