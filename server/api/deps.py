"""Request-scoped dependencies: the database session and the signed-in user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, Header, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.api.language import negotiate_language
from server.config import Settings
from server.db.database import Database
from server.db.models import AccessToken, User
from server.problems import Problem
from server.security import token_digest


def settings_of(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency on the
# thread pool, and a trip there and back costs more than reading the settings.
async def get_settings(request: Request) -> Settings:
    return settings_of(request)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request, committed before the response leaves.

    Opening a session does no I/O (it connects on its first query, in a route or
    dependency running on the thread pool), so this runs on the event loop and costs no
    thread; only the commit or rollback at the end goes to a thread. That end is shielded:
    a client that hangs up cannot leave a transaction open or a connection checked out.
    """
    database = request.app.state.database
    assert isinstance(database, Database)
    session = database.new_session()
    try:
        yield session
    except Problem as problem:
        await _finish(session, commit=problem.commit)
        raise
    except BaseException:
        await _finish(session, commit=False)
        raise
    else:
        await _finish(session, commit=True)


async def _finish(session: Session, *, commit: bool) -> None:
    def end() -> None:
        try:
            if commit:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()

    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(end)


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
    """The token's account, in one indexed lookup (the token's primary key, joined to its
    user); both rows stay in the session, so routes that look at the token again (step-up)
    do not query for it. Nothing is cached between requests: a revoked token fails at once,
    in every process."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Send an access token as 'Authorization: Bearer <token>'.")
    found = session.execute(
        select(AccessToken, User)
        .outerjoin(User, User.id == AccessToken.user_id)
        .where(AccessToken.token_hash == token_digest(token.strip()))
    ).one_or_none()
    if found is None or found[0].expires_at <= settings.clock():
        raise _unauthorized("The access token is unknown or has expired.")
    user = found[1]
    if user is None:
        raise _unauthorized("The account no longer exists.")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def client_name(request: Request) -> str:
    """Which app made the call, for the audit trail of choice changes."""
    name = request.headers.get("X-Client") or request.headers.get("User-Agent") or "unknown"
    return name[:200]


async def request_language(accept_language: Annotated[str | None, Header()] = None) -> str:
    """The answer's language (en or nl) from Accept-Language."""
    return negotiate_language(accept_language)


LanguageDep = Annotated[str, Depends(request_language)]
