"""Request-scoped dependencies: the database session and the signed-in user."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from server.api.language import negotiate_language
from server.config import Settings
from server.db.database import Database
from server.db.hot_reads import HotReads
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
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(lambda: _end(session, commit=commit))


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


def _token_of(request: Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Send an access token as 'Authorization: Bearer <token>'.")
    return token.strip()


async def bearer_token(request: Request) -> str:
    """The access token the request carries, not yet checked (no I/O, so on the event loop).
    A route taking it checks it itself (`caller_for_token`, `user_for_token`) in its own
    transaction (`on_connection`, `in_transaction`). Should the request be refused before
    the route runs (a missing If-Match, a bad query), `unchecked_token_refusal` checks it
    then, so that an unknown token is still answered 401 first, as on every other route."""
    token = _token_of(request)
    request.state.unchecked_bearer_token = token
    return token


async def unchecked_token_refusal(request: Request) -> Problem | None:
    """The 401 owed to a request refused before its route could check its bearer token,
    if it is owed one; None when the token is good or the route takes none."""
    token = getattr(request.state, "unchecked_bearer_token", None)
    if not isinstance(token, str):
        return None
    clock = settings_of(request).clock
    try:
        await on_connection(
            request, lambda connection: caller_for_token(connection, token, clock())
        )
    except Problem as problem:
        return problem
    return None


BearerToken = Annotated[str, Depends(bearer_token)]


def user_for_token(session: Session, token: str, now: datetime) -> User:
    """The token's account, in one indexed lookup (the token's primary key, joined to its
    user); both rows stay in the session, so routes that look at the token again (step-up)
    do not query for it. Nothing is cached between requests: a revoked token fails at once,
    in every process."""
    found = session.execute(
        select(AccessToken, User)
        .outerjoin(User, User.id == AccessToken.user_id)
        .where(AccessToken.token_hash == token_digest(token))
    ).one_or_none()
    if found is None or found[0].expires_at <= now:
        raise _unauthorized("The access token is unknown or has expired.")
    user = found[1]
    if user is None:
        raise _unauthorized("The account no longer exists.")
    return user


@dataclass(frozen=True, slots=True)
class Caller:
    """The signed-in account as the hot reads need it: no ORM object, no identity map."""

    id: str
    choices_version: int


_CALLER = (
    select(
        User.__table__.c.id, User.__table__.c.choices_version, AccessToken.__table__.c.expires_at
    )
    .select_from(AccessToken.__table__)
    .outerjoin(User.__table__, User.__table__.c.id == AccessToken.__table__.c.user_id)
    .where(AccessToken.__table__.c.token_hash == bindparam("digest"))
)


def caller_for_token(connection: Connection, token: str, now: datetime) -> Caller:
    """`user_for_token` for the hot reads: the same one indexed lookup, with Core on a
    plain connection (one cached statement, a row of three values)."""
    return caller_from_row(
        connection.execute(_CALLER, {"digest": token_digest(token)}).first(), now
    )


def caller_from_row(row: Sequence[Any] | None, now: datetime) -> Caller:
    """The caller from a token lookup's row that starts (user id, choices version, token
    expiry), whatever else the statement read beside it; None when no token matched."""
    if row is None or row[2] <= now:
        raise _unauthorized("The access token is unknown or has expired.")
    if row[0] is None:
        raise _unauthorized("The account no longer exists.")
    return Caller(row[0], row[1])


def hot_reads_of(request: Request) -> HotReads:
    """The reads that stay on the event loop (server/db/hot_reads.py)."""
    hot_reads: HotReads = request.app.state.hot_reads
    return hot_reads


def get_current_user(request: Request, session: SessionDep, settings: SettingsDep) -> User:
    """The signed-in account, for routes with a session dependency (see `user_for_token`)."""
    return user_for_token(session, _token_of(request), settings.clock())


CurrentUser = Annotated[User, Depends(get_current_user)]


def client_name(request: Request) -> str:
    """Which app made the call, for the audit trail of choice changes."""
    name = request.headers.get("X-Client") or request.headers.get("User-Agent") or "unknown"
    return name[:200]


async def request_language(accept_language: Annotated[str | None, Header()] = None) -> str:
    """The answer's language (en or nl) from Accept-Language."""
    return negotiate_language(accept_language)


LanguageDep = Annotated[str, Depends(request_language)]


# --- one trip to the thread pool --------------------------------------------------------

T = TypeVar("T")


async def in_transaction(request: Request, work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction on one trip to the thread pool, committed (or rolled
    back) before this returns: the hot routes' way to the database.

    A `def` route with `SessionDep` and `CurrentUser` costs three trips (the token check,
    the route, the commit), each a hand-off of the interpreter lock under load; this is
    one. A `Problem` commits or rolls back as `SessionDep` would (`Problem.commit`), any
    other exception rolls back. Shielded like `SessionDep`'s end: a client that hangs up
    cannot leave a transaction open or a connection checked out.
    """
    database = request.app.state.database
    assert isinstance(database, Database)

    def run() -> T:
        session = database.new_session()
        try:
            result = work(session)
        except Problem as problem:
            _end(session, commit=problem.commit)
            raise
        except BaseException:
            _end(session, commit=False)
            raise
        _end(session, commit=True)
        return result

    with anyio.CancelScope(shield=True):
        result = await anyio.to_thread.run_sync(run)
    return result


async def on_connection(request: Request, work: Callable[[Connection], T]) -> T:
    """`in_transaction` without the ORM, for reads: `work` gets a Core connection whose
    transaction is committed before this returns."""
    database = request.app.state.database
    assert isinstance(database, Database)

    def run() -> T:
        with database.engine.connect() as connection:
            result = work(connection)
            connection.commit()
            return result

    with anyio.CancelScope(shield=True):
        result = await anyio.to_thread.run_sync(run)
    return result


def json_answer(model: BaseModel, headers: dict[str, str]) -> Response:
    """The answer FastAPI would send for `model` under its `response_model`, the same bytes,
    without validating again a model this service just built."""
    return Response(model.model_dump_json(), media_type="application/json", headers=headers)


def _end(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


# --- reading again: ETag and If-None-Match ----------------------------------------------------
# Reads an app repeats (the requests, a request, the choices, the catalog) carry an ETag, and
# answer an empty 304 when the caller's If-None-Match names the current one (RFC 9110
# section 13.1.2). The app's watcher looks every so often; most looks cost a header.

ETAG_HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "A digest of this answer: send it as If-None-Match to read again "
        "for free (304) while nothing changed",
        "required": True,
        "schema": {"type": "string"},
    }
}
READ_AGAIN: dict[int | str, dict[str, Any]] = {
    200: {"headers": ETAG_HEADERS},
    304: {
        "description": "Not modified: the answer would be the one the ETag in If-None-Match "
        "names (no body)",
        "headers": ETAG_HEADERS,
    },
}
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        max_length=2000,
        description="ETags of earlier answers (RFC 9110 section 13.1.2): 304 when one of "
        "them is still current",
    ),
]


def answer_with_etag(
    model: BaseModel, if_none_match: str | None, headers: dict[str, str] | None = None
) -> Response:
    """The JSON answer with a strong ETag over its bytes, or 304 when the caller has it."""
    body = model.model_dump_json()
    return answer_or_not_modified(body, etag_of(body), if_none_match, headers)


def etag_of(body: str) -> str:
    """A strong ETag: a digest of the answer's bytes."""
    return '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:40] + '"'


def answer_or_not_modified(
    body: str, etag: str, if_none_match: str | None, headers: dict[str, str] | None = None
) -> Response:
    """`body` (JSON) under `etag`, or an empty 304 when If-None-Match names it."""
    sent = {"ETag": etag, "Vary": "Accept-Language", **(headers or {})}
    if if_none_match is not None and names(if_none_match, etag):
        return Response(status_code=304, headers=sent)
    return Response(body, media_type="application/json", headers=sent)


def names(if_none_match: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: `W/` does not matter, `*` matches anything."""
    wanted = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", etag.removeprefix("W/")) for tag in wanted)
