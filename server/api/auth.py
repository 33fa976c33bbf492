"""Sign-in with rotating refresh tokens (OAuth 2.0 password and refresh_token grants)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request, Response
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.accounts import find_user_by_email
from server.api.deps import CurrentUser, SessionDep, SettingsDep, client_name
from server.config import Settings
from server.db.models import AccessToken, RefreshToken, User, new_id
from server.jobs.deletion import account_was_deleted
from server.problems import Problem
from server.rate_limit import (
    TOO_MANY_ATTEMPTS,
    check_password_attempt,
    limit_sign_in_attempts,
)
from server.requests_flow import STEP_UP_WINDOW
from server.security import new_token, token_digest, verify_password

router = APIRouter(prefix="/v1/auth", tags=["auth"])

# How long after a refresh the app may present the same refresh token again and be answered
# with a fresh pair instead of ending the sign-in: the answer to the first refresh can be lost
# on the way back (a cut connection, a timeout), and the app then still holds the old token.
# Outside this window, or once the token it was exchanged for has been used, a used token
# coming back is a replay and ends the whole family.
REFRESH_RETRY_GRACE = timedelta(minutes=5)


class TokenUser(BaseModel):
    id: str
    email: str


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    refresh_token: str
    user: TokenUser


def _invalid_grant(detail: str) -> Problem:
    return Problem(400, "Sign-in refused", detail, code="invalid_grant")


def _issue_tokens(
    session: Session,
    settings: Settings,
    user: User,
    family_id: str,
    client: str,
    *,
    replacing: RefreshToken | None = None,
) -> TokenResponse:
    """A new access and refresh token; `replacing` is the refresh token exchanged for them."""
    now = settings.clock()
    access, refresh = new_token(), new_token()
    refresh_id = new_id()
    if replacing is not None:
        replacing.used_at = replacing.used_at or now  # a retry keeps the time of first use
        replacing.replaced_by_id = refresh_id
    session.add(
        AccessToken(
            token_hash=token_digest(access),
            user_id=user.id,
            family_id=family_id,
            expires_at=now + settings.access_token_lifetime,
        )
    )
    session.add(
        RefreshToken(
            id=refresh_id,
            user_id=user.id,
            family_id=family_id,
            token_hash=token_digest(refresh),
            client_name=client,
            created_at=now,
            expires_at=now + settings.refresh_token_lifetime,
        )
    )
    return TokenResponse(
        access_token=access,
        expires_in=int(settings.access_token_lifetime.total_seconds()),
        refresh_token=refresh,
        user=TokenUser(id=user.id, email=user.email),
    )


def revoke_family(session: Session, family_id: str, now: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.execute(delete(AccessToken).where(AccessToken.family_id == family_id))


def _password_grant(
    session: Session, settings: Settings, username: str, password: str, client: str
) -> TokenResponse:
    user = find_user_by_email(session, username)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        if user is None and account_was_deleted(session, username):
            raise Problem(
                400,
                "Sign-in refused",
                "This account was deleted at its owner's request; it cannot sign in any more.",
                code="account_deleted",
            )
        raise _invalid_grant("The e-mail address or the password is not right.")
    return _issue_tokens(session, settings, user, new_id(), client)


def _refresh_grant(
    session: Session, settings: Settings, refresh_token: str, client: str
) -> TokenResponse:
    now = settings.clock()
    stored = session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == token_digest(refresh_token))
        .with_for_update()
    )
    if stored is None:
        raise _invalid_grant("This sign-in is not known. Please sign in again.")
    if stored.used_at is not None and stored.revoked_at is None:
        lost = _successor_whose_answer_was_lost(session, stored, now)
        if lost is not None:
            # The same holder asking again: the pair it never received is withdrawn, so
            # whoever might present it later is caught by the reuse check below.
            lost.revoked_at = now
            return _issue_tokens_for(session, settings, stored, client)
    if stored.used_at is not None or stored.revoked_at is not None:
        # A used token coming back means two holders: end the whole family.
        revoke_family(session, stored.family_id, now)
        problem = _invalid_grant("This sign-in was ended. Please sign in again.")
        problem.commit = True
        raise problem
    if stored.expires_at <= now:
        raise _invalid_grant("This sign-in has expired. Please sign in again.")
    return _issue_tokens_for(session, settings, stored, client)


def _issue_tokens_for(
    session: Session, settings: Settings, stored: RefreshToken, client: str
) -> TokenResponse:
    user = session.get(User, stored.user_id)
    if user is None:
        raise _invalid_grant("The account no longer exists.")
    return _issue_tokens(session, settings, user, stored.family_id, client, replacing=stored)


def _successor_whose_answer_was_lost(
    session: Session, stored: RefreshToken, now: datetime
) -> RefreshToken | None:
    """The token `stored` was exchanged for, if presenting `stored` again is a retry.

    A retry comes soon after the first refresh, and the token handed out then has never
    been used, because its holder never received it. A thief replaying a token later than
    that, or after the real holder moved on, gets nothing and ends the family instead.
    """
    if stored.used_at is None or stored.replaced_by_id is None:
        return None
    if now - stored.used_at > REFRESH_RETRY_GRACE:
        return None
    successor = session.get(RefreshToken, stored.replaced_by_id, with_for_update=True)
    if successor is None or successor.used_at is not None or successor.revoked_at is not None:
        return None
    return successor


@router.post(
    "/token",
    response_model=TokenResponse,
    # Before any other dependency: a refused attempt opens no session, hashes no password.
    dependencies=[Depends(limit_sign_in_attempts)],
    responses=TOO_MANY_ATTEMPTS,
)
def token(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    grant_type: Annotated[Literal["password", "refresh_token"], Form()],
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    refresh_token: Annotated[str, Form()] = "",
) -> TokenResponse:
    # RFC 6749 section 5.1: answers carrying tokens must not be cached anywhere.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    client = client_name(request)
    if grant_type == "password":
        return _password_grant(session, settings, username, password, client)
    if not refresh_token:
        raise _invalid_grant("A refresh_token is required for this grant.")
    return _refresh_grant(session, settings, refresh_token, client)


@router.post("/revoke", status_code=200)
def revoke(
    session: SessionDep, settings: SettingsDep, token: Annotated[str, Form()]
) -> dict[str, str]:
    """RFC 7009: always 200, whether or not the token was known."""
    digest = token_digest(token)
    family = session.scalar(
        select(RefreshToken.family_id).where(RefreshToken.token_hash == digest)
    ) or session.scalar(select(AccessToken.family_id).where(AccessToken.token_hash == digest))
    if family is not None:
        revoke_family(session, family, settings.clock())
    return {"status": "revoked"}


# ---------------------------------------------------------------------------------------
# Step-up (R7): re-entering the password shortly before a deletion request.
# ---------------------------------------------------------------------------------------

_PASSWORD_BODY = {
    "type": "object",
    "required": ["password"],
    "properties": {"password": {"type": "string", "format": "password"}},
}


class StepUpResponse(BaseModel):
    stepped_up_at: datetime
    valid_until: datetime


async def _password_in_body(request: Request) -> str:
    """The password, sent as a form (like the token endpoint) or as JSON."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    password: object = None
    if content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            password = body.get("password")
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        password = (await request.form()).get("password")
    if not isinstance(password, str) or not password:
        raise Problem(422, "The request is not valid", "Send the account's password as 'password'.")
    return password


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


@router.post(
    "/step-up",
    response_model=StepUpResponse,
    responses={400: {"description": "The password is not right"}, **TOO_MANY_ATTEMPTS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": _PASSWORD_BODY},
                "application/json": {"schema": _PASSWORD_BODY},
            },
        }
    },
)
def step_up(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    password: Annotated[str, Depends(_password_in_body)],
) -> StepUpResponse:
    """Confirm the password again; for five minutes this token may file a deletion."""
    # A stolen access token must not become a way to guess the password at leisure.
    check_password_attempt(request, settings, user.email)
    if not verify_password(user.password_hash, password):
        raise Problem(
            400, "Password not right", "The password is not right.", code="wrong_password"
        )
    access = presented_access_token(request, session)
    assert access is not None, "CurrentUser accepted this token"
    now = settings.clock()
    access.stepped_up_at = now
    return StepUpResponse(stepped_up_at=now, valid_until=now + STEP_UP_WINDOW)
