"""`privacy-server serve` in processes of their own, on the test's database (both backends)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from server.db.database import Database
from server.db.models import AccessToken
from server.security import token_digest
from tests.server.helpers import Account

REPOSITORY = Path(__file__).resolve().parents[2]

Start = Callable[..., tuple[subprocess.Popen[bytes], str]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def issue_access_token(database: Database, account: Account, *, hours: int = 2) -> str:
    """An access token for `account`, valid by the wall clock (a real server has no fake one)."""
    token = secrets.token_urlsafe(32)
    with database.session() as session:
        session.add(
            AccessToken(
                token_hash=token_digest(token),
                user_id=account.id,
                family_id=secrets.token_hex(16),
                expires_at=datetime.now(UTC) + timedelta(hours=hours),
            )
        )
    return token


def serve_command(database_url: str, export_dir: Path, *serve_options: str) -> list[str]:
    """The command line of `privacy-server serve` on this database, as a process runs it."""
    return [
        sys.executable,
        "-m",
        "server.cli",
        "--database-url",
        database_url,
        "--export-dir",
        str(export_dir),
        "serve",
        *serve_options,
    ]


def start_serve(
    database_url: str, log: Path, *extra: str, environment: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`privacy-server serve` in a process of its own; returns it once it answers."""
    port = _free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            serve_command(database_url, log.parent / "exports", "--port", str(port), *extra),
            cwd=REPOSITORY,
            env={**os.environ, **(environment or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base_url}/v1/health", timeout=2).status_code == 200:
                return process, base_url
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"serve did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def serve_process(
    database_url: str, tmp_path: Path
) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], str]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(
        *extra: str, environment: dict[str, str] | None = None
    ) -> tuple[subprocess.Popen[bytes], str]:
        log = tmp_path / f"serve-{len(started)}.log"
        process, base_url = start_serve(database_url, log, *extra, environment=environment)
        started.append(process)
        return process, base_url

    yield start
    for process in started:
        stop(process)
