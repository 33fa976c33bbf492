"""Request-scoped dependencies: the database session and the signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.api.language import negotiate_language
from server.config import Settings
from server.db.database import Database
from server.db.models import AccessToken, User
from server.problems import Problem
from server.security import token_digest


def get_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request, committed before the response leaves."""
    database = request.app.state.database
    assert isinstance(database, Database)
    session = database.new_session()
    try:
        yield session
        session.commit()
    except Problem as problem:
        if problem.commit:
            session.commit()
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": the commit happens before the client sees the answer.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def _unauthorized(detail: str) -> Problem:
    return Problem(
        401,
        "Not signed in",
        detail,
        code="invalid_token",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def get_current_user(request: Request, session: SessionDep, settings: SettingsDep) -> User:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Send an access token as 'Authorization: Bearer <token>'.")
    access = session.get(AccessToken, token_digest(token.strip()))
    if access is None or access.expires_at <= settings.clock():
        raise _unauthorized("The access token is unknown or has expired.")
    user = session.scalar(select(User).where(User.id == access.user_id))
    if user is None:
        raise _unauthorized("The account no longer exists.")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def client_name(request: Request) -> str:
    """Which app made the call, for the audit trail of choice changes."""
    name = request.headers.get("X-Client") or request.headers.get("User-Agent") or "unknown"
    return name[:200]


def request_language(accept_language: Annotated[str | None, Header()] = None) -> str:
    """The answer's language (en or nl) from Accept-Language."""
    return negotiate_language(accept_language)


LanguageDep = Annotated[str, Depends(request_language)]
