"""Service settings: one frozen object, read from the environment or the command line."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs

# Connections beyond one per admitted request (see Settings.pool_size).
POOL_RESERVE = 4
# anyio's default: the thread pool FastAPI runs sync routes and dependencies on.
DEFAULT_THREAD_LIMIT = 40

# Settings an operator may set in the environment, by field name (PRIVACY_SERVER_<NAME>);
# `serve --workers N` hands them to every API process this way.
_ENVIRONMENT_INTEGERS = (
    "sign_in_attempts_per_account",
    "sign_in_attempts_per_address",
    "max_concurrent_requests",
    "max_queued_requests",
)
_ENVIRONMENT_SECONDS = ("sign_in_window", "queue_timeout")
# Switches an operator may turn on in the environment (PRIVACY_SERVER_<NAME>=1).
_ENVIRONMENT_SWITCHES = ("password_grant",)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("privacy-server", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'privacy.sqlite3'}"


def default_export_dir() -> Path:
    """Access copies live beside the default database; created when the first one is built."""
    return Path(platformdirs.user_data_dir("privacy-server", appauthor=False)) / "exports"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    access_token_lifetime: timedelta = timedelta(minutes=15)
    refresh_token_lifetime: timedelta = timedelta(days=90)
    controller_name: str = "Privacy Desk reference service"
    policy_url: str = "https://privacy-desk.example/policy/2020-01"
    # Injected so that retention and deadline tests can move time without sleeping.
    clock: Callable[[], datetime] = utc_now
    # R4: how long a deletion request waits (and can be cancelled) before it is carried out.
    deletion_grace: timedelta = timedelta(days=7)
    # Where access copies (R1/R2) are written and served from.
    export_dir: Path = field(default_factory=default_export_dir)
    # Token requests allowed per sliding window (server/rate_limit.py): password guessing
    # must be slow. Per account (the e-mail of a password grant) and per client address.
    sign_in_window: timedelta = timedelta(minutes=1)
    sign_in_attempts_per_account: int = 10
    sign_in_attempts_per_address: int = 30
    # Load (server/admission.py): at most this many requests are inside the service at once,
    # each with one database connection and at most one thread; the rest wait in a bounded
    # queue, and past its size or its timeout they are answered 503 with Retry-After. The
    # connection pool and the thread pool are sized from these numbers, so that neither can
    # run out while the other is held (see `pool_size` and `thread_limit` below).
    max_concurrent_requests: int = 16
    max_queued_requests: int = 2000
    # Well under the app's 20 s read timeout: a 503 it can act on, not a silent wait.
    queue_timeout: timedelta = timedelta(seconds=10)
    # The OAuth password grant: an app sending the user's password to POST /v1/auth/token.
    # RFC 9700 says it must not be used; users sign in on the service's own page instead
    # (server/oauth/). It stays, off unless asked for, for tests and automation that have
    # no browser: PRIVACY_SERVER_PASSWORD_GRANT=1 or `serve --password-grant`. The embedded
    # service (demo, tests, the app's self-test) turns it on (server/embedded.py).
    password_grant: bool = False
    # Browser sign-in (RFC 6749 + 7636): a code lives at most a minute.
    authorization_code_lifetime: timedelta = timedelta(seconds=60)
    # Device sign-in (RFC 8628): how long a user code can be typed in, and the pause the
    # device is told to keep between polls (five seconds more after each `slow_down`).
    device_code_lifetime: timedelta = timedelta(minutes=10)
    device_poll_interval: timedelta = timedelta(seconds=5)

    @property
    def pool_size(self) -> int:
        """Connections per process: one per admitted request, plus a reserve for work that
        runs beside requests (the sign-in limiter's own short transaction inside a request,
        an in-process job worker), so that a request never waits for a connection."""
        return self.max_concurrent_requests + POOL_RESERVE

    @property
    def thread_limit(self) -> int:
        """Threads for sync routes and dependencies: never fewer than connections, so that
        a request holding a connection always finds a thread to finish on."""
        return max(DEFAULT_THREAD_LIMIT, self.pool_size)

    @classmethod
    def from_environment(
        cls, database_url: str | None = None, export_dir: str | None = None
    ) -> Settings:
        """Command-line values win over PRIVACY_SERVER_DATABASE_URL / _EXPORT_DIR; the limits
        come from PRIVACY_SERVER_<FIELD NAME> (e.g. PRIVACY_SERVER_MAX_CONCURRENT_REQUESTS)."""
        changes: dict[str, object] = {}
        url = database_url or os.environ.get("PRIVACY_SERVER_DATABASE_URL")
        if url:
            changes["database_url"] = url
        exports = export_dir or os.environ.get("PRIVACY_SERVER_EXPORT_DIR")
        if exports:
            changes["export_dir"] = Path(exports)
        for name in (*_ENVIRONMENT_INTEGERS, *_ENVIRONMENT_SECONDS):
            text = os.environ.get(f"PRIVACY_SERVER_{name.upper()}")
            if not text:
                continue
            try:
                number = int(text) if name in _ENVIRONMENT_INTEGERS else float(text)
            except ValueError:
                raise ValueError(f"PRIVACY_SERVER_{name.upper()}: not a number: {text!r}") from None
            if number <= 0:
                raise ValueError(f"PRIVACY_SERVER_{name.upper()}: must be more than zero")
            changes[name] = number if name in _ENVIRONMENT_INTEGERS else timedelta(seconds=number)
        for name in _ENVIRONMENT_SWITCHES:
            text = os.environ.get(f"PRIVACY_SERVER_{name.upper()}", "").strip().lower()
            if text in _TRUE | _FALSE:
                changes[name] = text in _TRUE
            elif text:
                raise ValueError(f"PRIVACY_SERVER_{name.upper()}: not 1 or 0: {text!r}")
        return cls(**changes)  # type: ignore[arg-type]
