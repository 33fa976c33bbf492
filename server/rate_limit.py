"""Sign-in attempts limited per account and per client address (`POST /v1/auth/token`).

Guessing passwords must be slow: each account, and each client address, gets a fixed number
of token requests per sliding window (Settings.sign_in_*; 10 per account and 30 per address
per minute by default). Successful sign-ins count as well, so a correct guess does not reset
anything. A refused attempt is not counted, so `Retry-After` is exact: after that many
seconds the oldest attempt has left the window and the next one goes through. The check is
a dependency of the route, so a refusal costs no password hash.

The windows live in the database (table `sign_in_windows`), so every API process, on every
machine, enforces one limit: with N processes behind a balancer an attacker still gets the
limit once, not N times. Each attempt is one short transaction of its own, committed whether
or not the sign-in then succeeds: it locks the window rows of the address and the account
(always in that order, so two attempts never wait for each other in a circle), decides, and
appends the attempt. On PostgreSQL the rows are locked with SELECT ... FOR UPDATE; on SQLite
the insert that makes sure the row exists already takes the database's write lock.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.accounts import normalise_email
from server.api.deps import settings_of
from server.config import Settings
from server.db.database import Database
from server.db.models import SignInWindow
from server.problems import PROBLEM_JSON, Problem

log = logging.getLogger(__name__)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _to_micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _from_micros(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def wait_before_next(
    times: list[datetime], limit: int, window: timedelta, now: datetime
) -> timedelta:
    """Zero when one more attempt fits among `times` (oldest first); else how long until it
    will: until the attempt that must leave the window to make room has left it."""
    recent = [moment for moment in times if moment > now - window]
    if len(recent) < limit:
        return timedelta(0)
    return recent[len(recent) - limit] + window - now


@dataclass(frozen=True)
class Refusal:
    """Too many attempts: try again in `retry_after_seconds` (whole seconds, at least 1)."""

    retry_after_seconds: int
    scope: str  # "account" or "address": which limit was reached (the longer wait wins)


class SignInLimiter:
    """The two windows of the token endpoint, checked and recorded as one transaction."""

    def __init__(
        self, database: Database, per_account: int, per_address: int, window: timedelta
    ) -> None:
        self.database = database
        self.limits = {"address": per_address, "account": per_account}
        self.window = window
        self._last_sweep: datetime | None = None
        self._sweep_lock = threading.Lock()

    @classmethod
    def from_settings(cls, database: Database, settings: Settings) -> SignInLimiter:
        return cls(
            database,
            settings.sign_in_attempts_per_account,
            settings.sign_in_attempts_per_address,
            settings.sign_in_window,
        )

    def attempt(self, *, account: str | None, address: str, now: datetime) -> Refusal | None:
        """Count this attempt, or refuse it (and then count nothing)."""
        keys = [("address", address)]
        if account is not None:
            keys.append(("account", account))
        with self.database.new_session() as session:
            windows = [
                (scope, self._locked_window(session, scope, key, now)) for scope, key in keys
            ]
            waits = [
                (scope, wait_before_next(self._times(row), self.limits[scope], self.window, now))
                for scope, row in windows
            ]
            scope, wait = max(waits, key=lambda pair: pair[1])
            if wait > timedelta(0):
                session.rollback()
                return Refusal(max(1, math.ceil(wait.total_seconds())), scope)
            for scope, row in windows:
                kept = [*self._times(row), now][-self.limits[scope] :]
                row.attempts = " ".join(str(_to_micros(moment)) for moment in kept)
                row.last_attempt_at = now
            session.commit()
        self._sweep(now)
        return None

    def _locked_window(self, session: Session, scope: str, key: str, now: datetime) -> SignInWindow:
        digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()
        values = {"scope": scope, "key_digest": digest, "attempts": "", "last_attempt_at": now}
        insert = (
            postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        )
        session.execute(insert(SignInWindow).values(**values).on_conflict_do_nothing())
        row = session.scalars(
            select(SignInWindow)
            .where(SignInWindow.scope == scope, SignInWindow.key_digest == digest)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        return row

    @staticmethod
    def _times(row: SignInWindow) -> list[datetime]:
        return [_from_micros(int(part)) for part in row.attempts.split()]

    def _sweep(self, now: datetime) -> None:
        """Once a window, drop the rows nobody used for a whole window, so a spray of made-up
        names cannot fill the table."""
        with self._sweep_lock:
            if self._last_sweep is not None and now - self._last_sweep < self.window:
                return
            self._last_sweep = now
        with self.database.session() as session:
            session.execute(
                delete(SignInWindow).where(SignInWindow.last_attempt_at <= now - self.window)
            )

    def windows(self) -> int:
        """How many accounts and addresses have a window right now (for tests)."""
        with self.database.session() as session:
            return len(session.scalars(select(SignInWindow.key_digest)).all())


_creating = threading.Lock()


def limiter_of(app: FastAPI, settings: Settings) -> SignInLimiter:
    """The application's limiter; its state is in the application's database."""
    limiter = getattr(app.state, "sign_in_limiter", None)
    if limiter is None:
        with _creating:
            limiter = getattr(app.state, "sign_in_limiter", None)
            if limiter is None:
                database = app.state.database
                assert isinstance(database, Database)
                limiter = SignInLimiter.from_settings(database, settings)
                app.state.sign_in_limiter = limiter
    assert isinstance(limiter, SignInLimiter)
    return limiter


def client_address(request: Request) -> str:
    """The peer's address. Behind a reverse proxy, run uvicorn with --proxy-headers and
    --forwarded-allow-ips so that this is the real client, not the proxy."""
    return request.client.host if request.client else "unknown"


async def limit_sign_in_attempts(request: Request) -> None:
    """Dependency of `POST /v1/auth/token`: refuse with 429 before any password is hashed."""
    settings = settings_of(request)
    # FastAPI has already parsed the form for the route; Starlette hands back the same one.
    form = await request.form()
    account: str | None = None
    if form.get("grant_type") == "password":
        username = form.get("username")
        account = normalise_email(username if isinstance(username, str) else "")
    # The check is a short transaction of its own: on the thread pool, not the event loop.
    await anyio.to_thread.run_sync(check_password_attempt, request, settings, account)


def check_password_attempt(request: Request, settings: Settings, account: str | None) -> None:
    """Count one password attempt (sign-in or step-up) and refuse with 429 past the limit."""
    refusal = limiter_of(request.app, settings).attempt(
        account=account, address=client_address(request), now=settings.clock()
    )
    if refusal is None:
        return
    log.info("password attempt refused: too many per %s", refusal.scope)
    raise Problem(
        429,
        "Too many sign-in attempts",
        f"Please wait {refusal.retry_after_seconds} seconds before trying again.",
        code="rate_limited",
        headers={"Retry-After": str(refusal.retry_after_seconds)},
    )


# For the route's `responses=`: the refusal is part of the published contract.
TOO_MANY_ATTEMPTS: dict[int | str, dict[str, Any]] = {
    429: {
        "description": "Too many sign-in attempts for this account or from this address",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before the next attempt can succeed",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
        "content": {
            PROBLEM_JSON: {
                "schema": {
                    "type": "object",
                    "required": ["type", "title", "status"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "code": {"type": "string", "enum": ["rate_limited"]},
                    },
                }
            }
        },
    }
}
