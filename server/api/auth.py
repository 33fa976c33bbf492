"""Sign-in with rotating refresh tokens: the OAuth 2.0 token endpoint (authorization code
with PKCE, device code, refresh token and, behind `Settings.password_grant`, password), revoke
and step-up. Codes come from the sign-in pages (server/api/oauth.py, server/oauth/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.accounts import account_was_deleted, find_user_by_email, lock_account
from server.api.deps import CurrentUser, SessionDep, SettingsDep, client_name
from server.config import Settings
from server.db.models import AccessToken, RefreshToken, User, new_id
from server.oauth import device
from server.oauth.clients import registered_client
from server.oauth.codes import CodeReplayed, redeem_code
from server.oauth.device import DEVICE_CODE_GRANT
from server.oauth_errors import OAuthEndpoint, oauth_refusal
from server.problems import Problem
from server.rate_limit import (
    TOO_MANY_ATTEMPTS,
    check_password_attempt,
    limit_sign_in_attempts,
)
from server.requests_flow import STEP_UP_WINDOW
from server.security import new_token, token_digest, verify_password
from server.step_up import presented_access_token

router = APIRouter(prefix="/v1/auth", tags=["auth"])
# The OAuth endpoints: refusals carry RFC 6749's `error` (none of their answers is cached:
# server/no_store.py).
tokens = APIRouter(route_class=OAuthEndpoint)

# How long after a refresh the app may present the same refresh token again and be answered
# with a fresh pair instead of ending the sign-in: the answer to the first refresh can be lost
# on the way back (a cut connection, a timeout), and the app then still holds the old token.
# Outside this window, or once the token it was exchanged for has been used, a used token
# coming back is a replay and ends the whole family.
REFRESH_RETRY_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class CodeGrantForm:
    code: str
    redirect_uri: str
    client_id: str
    code_verifier: str


class TokenUser(BaseModel):
    id: str
    email: str


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    refresh_token: str
    user: TokenUser


GrantType = Literal[
    "authorization_code",
    "urn:ietf:params:oauth:grant-type:device_code",
    "refresh_token",
    "password",
]


def _invalid_grant(detail: str) -> Problem:
    return oauth_refusal("invalid_grant", detail)


def _issue_tokens(
    session: Session,
    settings: Settings,
    user: User,
    family_id: str,
    client: str,
    *,
    refresh_id: str | None = None,
    stepped_up_at: datetime | None = None,
) -> TokenResponse:
    """A new access and refresh token; `refresh_id` is the id a redemption already recorded
    as the successor of the token it exchanged; `stepped_up_at` the moment the password was
    typed on the sign-in page, when the app asked for a step-up there."""
    now = settings.clock()
    access, refresh = new_token(), new_token()
    session.add(
        AccessToken(
            token_hash=token_digest(access),
            user_id=user.id,
            family_id=family_id,
            expires_at=now + settings.access_token_lifetime,
            stepped_up_at=stepped_up_at,
        )
    )
    session.add(
        RefreshToken(
            id=refresh_id or new_id(),
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
    """End every token of one sign-in. The caller holds `lock_account` for its account, so
    no redemption can add a token to the family while this runs."""
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


def _code_grant(
    session: Session,
    settings: Settings,
    form: CodeGrantForm,
    client: str,
) -> TokenResponse:
    """RFC 6749 section 4.1.3 with PKCE (RFC 7636 section 4.6)."""
    _known_client(form.client_id)
    try:
        redeemed = redeem_code(
            session,
            settings,
            code=form.code,
            client_id=form.client_id,
            redirect_uri=form.redirect_uri,
            code_verifier=form.code_verifier,
        )
    except CodeReplayed as replay:
        # Section 4.1.2: a code used twice was seen by someone else; every token it was
        # exchanged for ends.
        lock_account(session, replay.user_id)
        revoke_family(session, replay.family_id, settings.clock())
        raise oauth_refusal(
            "invalid_grant", "This sign-in code was already used.", commit=True
        ) from None
    user = lock_account(session, redeemed.user_id)
    if user is None:
        raise _invalid_grant("The account no longer exists.")
    return _issue_tokens(
        session,
        settings,
        user,
        redeemed.family_id,
        client,
        stepped_up_at=redeemed.stepped_up_at,
    )


def _device_grant(
    session: Session, settings: Settings, device_code: str, client_id: str, client: str
) -> TokenResponse:
    """RFC 8628 section 3.4: one poll; the tokens once the user said yes elsewhere."""
    _known_client(client_id)
    approved = device.collect(session, settings, device_code=device_code, client_id=client_id)
    user = lock_account(session, approved.user_id) if approved.user_id else None
    if user is None:
        raise _invalid_grant("The account no longer exists.")
    return _issue_tokens(session, settings, user, approved.family_id, client)


def _known_client(client_id: str) -> None:
    if registered_client(client_id) is None:
        raise oauth_refusal("invalid_client", "This client is not known to the service.")


def _refresh_grant(
    session: Session, settings: Settings, refresh_token: str, client: str
) -> TokenResponse:
    """Exchange a refresh token, race-free on both databases.

    Every change to a family (a redemption, a retry, a revocation) first locks the account
    row (`lock_account`), so on PostgreSQL the decisions below read a state nobody else is
    changing, and on SQLite that first write holds the database's write lock. Redemption
    itself is one compare-and-swap (`_claim`): of two requests presenting the same unused
    token, exactly one marks it used. The other then finds it used a moment ago, with a
    successor nobody has used, and is answered like a retry after a lost answer: a fresh
    pair, and the pair handed out just before is withdrawn. So at any moment at most one
    token of a family can be exchanged; whoever holds a withdrawn one and presents it is a
    second holder, and the whole family ends.
    """
    now = settings.clock()
    digest = token_digest(refresh_token)
    owner = session.scalar(select(RefreshToken.user_id).where(RefreshToken.token_hash == digest))
    if owner is None:
        raise _invalid_grant("This sign-in is not known. Please sign in again.")
    user = lock_account(session, owner)
    if user is None:
        raise _invalid_grant("The account no longer exists.")
    successor_id = new_id()
    if _claim(session, digest, now, successor_id):
        family_id = session.scalar(
            select(RefreshToken.family_id).where(RefreshToken.token_hash == digest)
        )
        assert family_id is not None, "the token was claimed a moment ago"
        return _issue_tokens(session, settings, user, family_id, client, refresh_id=successor_id)
    stored = session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == digest)
        .execution_options(populate_existing=True)
    )
    if stored is None:
        raise _invalid_grant("This sign-in is not known. Please sign in again.")
    if stored.used_at is None and stored.revoked_at is None:
        raise _invalid_grant("This sign-in has expired. Please sign in again.")
    lost = _successor_whose_answer_was_lost(session, stored, now)
    if lost is not None and _withdraw(session, lost, now):
        # The same holder asking again: the pair it never received is withdrawn, so
        # whoever might present it later is caught as a second holder.
        _point_to_successor(session, stored.id, lost, successor_id)
        return _issue_tokens(
            session, settings, user, stored.family_id, client, refresh_id=successor_id
        )
    # A used token coming back means two holders: end the whole family.
    revoke_family(session, stored.family_id, now)
    problem = _invalid_grant("This sign-in was ended. Please sign in again.")
    problem.commit = True
    raise problem


def _claim(session: Session, digest: str, now: datetime, successor_id: str) -> bool:
    """Mark the token used, if it is still unused, unrevoked and unexpired: the one
    compare-and-swap that decides which of several presentations redeems it."""
    result = session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == digest,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .values(used_at=now, replaced_by_id=successor_id)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def _withdraw(session: Session, token_id: str, now: datetime) -> bool:
    """Revoke a token nobody has used yet; False when it was used (or revoked) meanwhile."""
    result = session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.id == token_id,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def _point_to_successor(session: Session, token_id: str, old: str, new: str) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.replaced_by_id == old)
        .values(replaced_by_id=new)
        .execution_options(synchronize_session=False)
    )


def _rowcount(result: object) -> int:
    count = getattr(result, "rowcount", -1)
    return count if isinstance(count, int) else -1


def _successor_whose_answer_was_lost(
    session: Session, stored: RefreshToken, now: datetime
) -> str | None:
    """The id of the token `stored` was exchanged for, if presenting `stored` again is a
    retry.

    A retry comes soon after the first refresh, and the token handed out then has never
    been used, because its holder never received it. A thief replaying a token later than
    that, or after the real holder moved on, gets nothing and ends the family instead.
    """
    if stored.used_at is None or stored.revoked_at is not None or stored.replaced_by_id is None:
        return None
    if now - stored.used_at > REFRESH_RETRY_GRACE:
        return None
    successor = session.get(RefreshToken, stored.replaced_by_id, populate_existing=True)
    if successor is None or successor.used_at is not None or successor.revoked_at is not None:
        return None
    return successor.id


@tokens.post(
    "/token",
    response_model=TokenResponse,
    # Before any other dependency: a refused attempt opens no session, hashes no password.
    dependencies=[Depends(limit_sign_in_attempts)],
    responses={
        400: {
            "description": "Sign-in refused (RFC 6749 section 5.2, RFC 8628 section 3.5): an "
            "unknown, used or expired code, refresh token or device code, a wrong code "
            "verifier or password (`invalid_grant`), a deleted account (`account_deleted`), "
            "an unknown client (`invalid_client`), the password grant while it is off "
            "(`unsupported_grant_type`); while a device waits: `authorization_pending`, "
            "`slow_down`, `expired_token`, `access_denied`"
        },
        **TOO_MANY_ATTEMPTS,
    },
)
def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    grant_type: Annotated[GrantType, Form()],
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    refresh_token: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    redirect_uri: Annotated[str, Form()] = "",
    client_id: Annotated[str, Form()] = "",
    code_verifier: Annotated[str, Form()] = "",
    device_code: Annotated[str, Form()] = "",
) -> TokenResponse:
    client = client_name(request)
    if grant_type == "authorization_code":
        form = CodeGrantForm(code, redirect_uri, client_id, code_verifier)
        return _code_grant(session, settings, form, client)
    if grant_type == DEVICE_CODE_GRANT:
        return _device_grant(session, settings, device_code, client_id, client)
    if grant_type == "password":
        if not settings.password_grant:
            raise oauth_refusal(
                "unsupported_grant_type",
                "The password grant is off: sign in through the browser "
                "(/.well-known/oauth-authorization-server).",
            )
        return _password_grant(session, settings, username, password, client)
    if not refresh_token:
        raise _invalid_grant("A refresh_token is required for this grant.")
    return _refresh_grant(session, settings, refresh_token, client)


@tokens.post("/revoke", status_code=200)
def revoke(
    session: SessionDep, settings: SettingsDep, token: Annotated[str, Form(min_length=1)]
) -> dict[str, str]:
    """RFC 7009: always 200, whether or not the token was known."""
    digest = token_digest(token)
    found = (
        session.execute(
            select(RefreshToken.family_id, RefreshToken.user_id).where(
                RefreshToken.token_hash == digest
            )
        ).one_or_none()
        or session.execute(
            select(AccessToken.family_id, AccessToken.user_id).where(
                AccessToken.token_hash == digest
            )
        ).one_or_none()
    )
    if found is not None:
        # In turn with any refresh of the same account, so none can slip a token past this.
        lock_account(session, found.user_id)
        revoke_family(session, found.family_id, settings.clock())
    return {"status": "revoked"}


# ---------------------------------------------------------------------------------------
# Step-up (R7): re-entering the password shortly before a deletion request.
# ---------------------------------------------------------------------------------------

# Closed, like every other JSON body: the password and nothing else. An open body would
# promise to take any JSON beside it, text with a NUL at any depth included, which the
# service refuses (server/input_limits.py).
_PASSWORD_BODY = {
    "type": "object",
    "required": ["password"],
    "properties": {"password": {"type": "string", "format": "password", "minLength": 1}},
    "additionalProperties": False,
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
        except (ValueError, RecursionError):  # server/input_limits.py refuses both first
            body = None
        if isinstance(body, dict):
            if set(body) - {"password"}:
                raise Problem(
                    422,
                    "The request is not valid",
                    "Send the password as 'password' and nothing else.",
                )
            password = body.get("password")
    elif content_type == "application/x-www-form-urlencoded":
        password = (await request.form()).get("password")
    if not isinstance(password, str) or not password:
        raise Problem(422, "The request is not valid", "Send the account's password as 'password'.")
    return password


@router.post(
    "/step-up",
    response_model=StepUpResponse,
    responses={
        400: {"description": "The password is not right (`wrong_password`)"},
        422: {"description": "No password in the body"},
        **TOO_MANY_ATTEMPTS,
    },
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


# Last, once both routers hold their routes.
router.include_router(tokens)
