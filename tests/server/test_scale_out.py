"""Several API processes on one database behave as one service: the sign-in limits are one
limit, whichever process an attempt reaches (the windows live in the database).

Two `privacy-server serve` processes side by side, as behind a balancer, and one
`serve --workers 2` (uvicorn's supervisor with two processes on one port).
"""

from __future__ import annotations

import subprocess

import httpx

from tests.server.processes import Start, serve_process

__all__ = ["serve_process"]  # the fixture, for pytest

SMALL_LIMITS = {
    "PRIVACY_SERVER_SIGN_IN_ATTEMPTS_PER_ACCOUNT": "2",
    "PRIVACY_SERVER_SIGN_IN_ATTEMPTS_PER_ADDRESS": "4",
}


def _refresh(base_url: str, number: int) -> int:
    """A refresh grant with a made-up token: counted per address, and cheap (no hashing)."""
    response = httpx.post(
        f"{base_url}/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": f"made-up-{number}"},
        timeout=30,
    )
    return response.status_code


def test_two_serve_processes_enforce_one_sign_in_limit_per_address(
    serve_process: Start,
) -> None:
    _first, first = serve_process(environment=SMALL_LIMITS)
    _second, second = serve_process(environment=SMALL_LIMITS)

    statuses = [_refresh(first if n % 2 == 0 else second, n) for n in range(8)]

    # Four attempts in all, not four per process.
    assert statuses == [400] * 4 + [429] * 4


def test_two_serve_processes_enforce_one_sign_in_limit_per_account(
    serve_process: Start,
) -> None:
    # Password guesses are what this limit is for: both processes take the password grant.
    _first, first = serve_process("--password-grant", environment=SMALL_LIMITS)
    _second, second = serve_process(
        environment={**SMALL_LIMITS, "PRIVACY_SERVER_PASSWORD_GRANT": "1"}
    )

    statuses = []
    errors = []
    for attempt, base_url in enumerate((first, second, first, second)):
        response = httpx.post(
            f"{base_url}/v1/auth/token",
            data={
                "grant_type": "password",
                "username": "ada@example.org",
                "password": f"guess {attempt}",
            },
            timeout=30,
        )
        statuses.append(response.status_code)
        errors.append(response.json()["error"])

    assert statuses == [400, 400, 429, 429]
    assert errors[:2] == ["invalid_grant", "invalid_grant"]


def test_serve_with_two_workers_answers_and_shares_the_limit(serve_process: Start) -> None:
    process, base_url = serve_process("--workers", "2", environment=SMALL_LIMITS)

    # A new connection each time: the kernel spreads them over both processes.
    statuses = [_refresh(base_url, n) for n in range(10)]

    assert statuses.count(400) == 4, statuses
    assert statuses.count(429) == 6, statuses
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    assert len(children) >= 2, "uvicorn's supervisor runs two API processes"
