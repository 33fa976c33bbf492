"""Service settings: one frozen object, read from the environment or the command line."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs


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

    @classmethod
    def from_environment(
        cls, database_url: str | None = None, export_dir: str | None = None
    ) -> Settings:
        """Command-line values win over PRIVACY_SERVER_DATABASE_URL / _EXPORT_DIR."""
        changes: dict[str, object] = {}
        url = database_url or os.environ.get("PRIVACY_SERVER_DATABASE_URL")
        if url:
            changes["database_url"] = url
        exports = export_dir or os.environ.get("PRIVACY_SERVER_EXPORT_DIR")
        if exports:
            changes["export_dir"] = Path(exports)
        return cls(**changes)  # type: ignore[arg-type]
