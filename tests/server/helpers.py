"""Small steps the server tests repeat: signing in, refreshing, reading problem documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

PROBLEM_JSON = "application/problem+json"

# policy-facts.md, "Choices the user has (X)": only X5 (sharing what you watch with content
# partners) needs explicit consent, so it is the one switch that starts off.
DEFAULTS_FROM_POLICY = {
    "X1": True,
    "X2": True,
    "X3": True,
    "X4": True,
    "X5": False,
    "X6": True,
    "X7": True,
    "X8": True,
    "X9": True,
}

# A Monday morning, so that "fifteen minutes later" never crosses a day by accident.
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


class FakeClock:
    """Stands in for `Settings.clock`: returns `now`, which only moves when a test says so."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        self.now += delta if delta is not None else timedelta(**parts)
        return self.now


@dataclass(frozen=True)
class Account:
    id: str
    email: str
    password: str


def sign_in(client: TestClient, account: Account, *, device: str = "tests") -> dict[str, Any]:
    response = password_grant(client, account.email, account.password, device=device)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def password_grant(
    client: TestClient, email: str, password: str, *, device: str = "tests"
) -> httpx.Response:
    return client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": password},
        headers={"X-Client": device},
    )


def refresh(client: TestClient, refresh_token: str) -> httpx.Response:
    return client.post(
        "/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": refresh_token}
    )


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def who_am_i(client: TestClient, access_token: str) -> httpx.Response:
    return client.get("/v1/me", headers=bearer(access_token))


def assert_problem(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    """The answer is an RFC 9457 problem document with this status (and this code)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0].strip() == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["type"], str) and body["type"]
    assert isinstance(body["title"], str) and body["title"].strip()
    if code is not None:
        assert body.get("code") == code, body
    return body


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def database_files(path: Path) -> list[Path]:
    """The SQLite file and its journal companions (WAL mode keeps fresh pages in -wal)."""
    return sorted(path.parent.glob(path.name + "*"))


def playback_history(user_id: str, minutes: int) -> list[Any]:
    """A play a minute before START for `minutes` minutes: enough rows to make an access
    copy of some size (varied so that it does not compress to nothing)."""
    from server.db.models import PlaybackEvent

    return [
        PlaybackEvent(
            user_id=user_id,
            occurred_at=START - timedelta(minutes=minute),
            device=f"Device {minute % 7}",
            media_kind="music",
            duration_seconds=minute * 13 % 600,
            bitrate_kbps=320,
            resolution="",
            file_type="flac",
            ip_address=f"192.0.2.{minute % 250}",
        )
        for minute in range(1, minutes)
    ]
