"""Sign-in attempts limited per account and per client address (`POST /v1/auth/token`).

Guessing passwords must be slow: each account, and each client address, gets a fixed number
of token requests per sliding window (Settings.sign_in_*; 10 per account and 30 per address
per minute by default). Successful sign-ins count as well, so a correct guess does not reset
anything. A refused attempt is not counted, so `Retry-After` is exact: after that many
seconds the oldest attempt has left the window and the next one goes through. The check is
a dependency of the route, so a refusal costs no password hash and no database session.

The windows live in this process's memory. Several API processes each keep their own, so
with N processes behind a balancer a patient attacker gets up to N times the limit; the
upgrade path is a shared store (a table keyed by account and address, or Redis with a
sorted set per key) behind the same `attempt()` call.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI, Request

from server.accounts import normalise_email
from server.api.deps import get_settings
from server.config import Settings
from server.problems import PROBLEM_JSON, Problem

log = logging.getLogger(__name__)


class SlidingWindow:
    """When each key was last seen within `window`. Not locked: its owner holds the lock."""

    def __init__(self, limit: int, window: timedelta) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._seen.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._seen[key]
        return times

    def wait_before_next(self, key: str, now: datetime) -> timedelta:
        """Zero when one more attempt fits; else how long until it will."""
        times = self._recent(key, now)
        if len(times) < self.limit:
            return timedelta(0)
        # The attempt that must leave the window to make room for one more.
        leaving = times[len(times) - self.limit]
        return leaving + self.window - now

    def add(self, key: str, now: datetime) -> None:
        self._seen.setdefault(key, deque()).append(now)

    def forget_expired(self, now: datetime) -> None:
        """Drop keys nobody tried lately, so a spray of made-up names cannot fill memory."""
        for key in [key for key, times in self._seen.items() if times[-1] <= now - self.window]:
            del self._seen[key]

    def __len__(self) -> int:
        return len(self._seen)


@dataclass(frozen=True)
class Refusal:
    """Too many attempts: try again in `retry_after_seconds` (whole seconds, at least 1)."""

    retry_after_seconds: int
    scope: str  # "account" or "address": which limit was reached (the longer wait wins)


class SignInLimiter:
    """The two windows of the token endpoint, checked and recorded as one step."""

    def __init__(self, per_account: int, per_address: int, window: timedelta) -> None:
        self.accounts = SlidingWindow(per_account, window)
        self.addresses = SlidingWindow(per_address, window)
        self._window = window
        self._lock = threading.Lock()
        self._last_sweep: datetime | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SignInLimiter:
        return cls(
            settings.sign_in_attempts_per_account,
            settings.sign_in_attempts_per_address,
            settings.sign_in_window,
        )

    def attempt(self, *, account: str | None, address: str, now: datetime) -> Refusal | None:
        """Count this attempt, or refuse it (and then count nothing)."""
        with self._lock:
            self._sweep(now)
            waits = [("address", self.addresses.wait_before_next(address, now))]
            if account is not None:
                waits.append(("account", self.accounts.wait_before_next(account, now)))
            scope, wait = max(waits, key=lambda pair: pair[1])
            if wait > timedelta(0):
                return Refusal(max(1, math.ceil(wait.total_seconds())), scope)
            self.addresses.add(address, now)
            if account is not None:
                self.accounts.add(account, now)
            return None

    def _sweep(self, now: datetime) -> None:
        if self._last_sweep is None or now - self._last_sweep >= self._window:
            self.accounts.forget_expired(now)
            self.addresses.forget_expired(now)
            self._last_sweep = now


_creating = threading.Lock()


def limiter_of(app: FastAPI, settings: Settings) -> SignInLimiter:
    """One limiter per application object (so each test's app starts with empty windows)."""
    limiter = getattr(app.state, "sign_in_limiter", None)
    if limiter is None:
        with _creating:
            limiter = getattr(app.state, "sign_in_limiter", None)
            if limiter is None:
                limiter = SignInLimiter.from_settings(settings)
                app.state.sign_in_limiter = limiter
    assert isinstance(limiter, SignInLimiter)
    return limiter


def client_address(request: Request) -> str:
    """The peer's address. Behind a reverse proxy, run uvicorn with --proxy-headers and
    --forwarded-allow-ips so that this is the real client, not the proxy."""
    return request.client.host if request.client else "unknown"


async def limit_sign_in_attempts(request: Request) -> None:
    """Dependency of `POST /v1/auth/token`: refuse with 429 before any password is hashed."""
    settings = get_settings(request)
    # FastAPI has already parsed the form for the route; Starlette hands back the same one.
    form = await request.form()
    account: str | None = None
    if form.get("grant_type") == "password":
        username = form.get("username")
        account = normalise_email(username if isinstance(username, str) else "")
    check_password_attempt(request, settings, account)


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
