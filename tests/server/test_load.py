"""Under load the service answers everyone: a burst of clients never deadlocks it.

A hundred clients at once against a real `privacy-server serve` process used to get nothing
for twenty seconds and more: every thread of the pool waited for a database connection
while the requests holding the connections waited for a thread. Now at most
`max_concurrent_requests` requests are inside at once, the connection pool and the thread
pool are both larger than that, and the rest wait in a bounded queue that answers 503 with
Retry-After when it is full or has kept a request too long (server/admission.py).

The figures (throughput at 100 and 1,000 connections, beside a bare FastAPI endpoint) are
measured by `make bench` (benchmarks/bench_load.py), never asserted here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

import server.api.choices
from server.app import admission_limits
from server.config import POOL_RESERVE, Settings
from server.db.database import Database
from server.db.hot_reads import HotReads
from server.embedded import EmbeddedService
from tests.server.helpers import PROBLEM_JSON, Account, bearer, sign_in
from tests.server.processes import Start, issue_access_token, serve_process

__all__ = ["serve_process"]  # the fixture, for pytest
CLIENTS = 100
REQUESTS_PER_CLIENT = 5
# Generous: on a loaded two-core machine the 500 answers take a second or two.
ALL_ANSWERED_WITHIN = 45.0


def _hammer(base_url: str, token: str, clients: int, requests: int) -> list[tuple[int, str]]:
    """`clients` threads, each on its own keep-alive connection, released at once."""
    barrier = threading.Barrier(clients, timeout=30)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=ALL_ANSWERED_WITHIN,
        ) as http:
            barrier.wait()
            for _ in range(requests):
                try:
                    response = http.get("/v1/me/choices")
                    outcome = (response.status_code, response.headers.get("Retry-After", ""))
                except httpx.HTTPError as error:
                    outcome = (0, type(error).__name__)
                with lock:
                    answers.append(outcome)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=ALL_ANSWERED_WITHIN + 30)
    return answers


def test_a_hundred_clients_at_once_are_all_answered_by_a_real_serve_process(
    serve_process: Start,
    database: Database,
    ada: Account,
) -> None:
    _process, base_url = serve_process()
    token = issue_access_token(database, ada)

    started = time.monotonic()
    answers = _hammer(base_url, token, CLIENTS, REQUESTS_PER_CLIENT)
    took = time.monotonic() - started

    assert len(answers) == CLIENTS * REQUESTS_PER_CLIENT, "some clients never finished"
    assert took < ALL_ANSWERED_WITHIN, f"the burst took {took:.1f} s"
    # Everything answered 200, or, at worst, the queue's own 503 that says when to come back.
    unexpected = [(status, why) for status, why in answers if status != 200]
    assert all(status == 503 and why for status, why in unexpected), unexpected[:10]
    assert len(unexpected) == 0, "the default queue holds a burst of this size"


def test_the_connection_pool_and_the_thread_pool_cannot_starve_each_other() -> None:
    """Whatever the settings or whoever made the pool: fewer requests inside than connections
    (with a reserve for the sign-in limiter and an in-process worker), and at least as many
    threads as connections."""
    for concurrent in (1, 2, 16, 50, 200):
        settings = Settings(database_url="sqlite://", max_concurrent_requests=concurrent)
        for pool_size in (1, POOL_RESERVE, 5, 15, settings.pool_size, 500):
            database = Database("sqlite://", pool_size=pool_size)
            database.pool_size = pool_size  # an in-memory pool is not sized; the rule is
            limits = admission_limits(settings, database)
            assert limits.limit >= 1
            if pool_size > POOL_RESERVE:
                assert limits.limit + POOL_RESERVE <= pool_size
            assert limits.limit <= concurrent
            assert limits.thread_limit >= limits.limit + POOL_RESERVE
        assert settings.pool_size == concurrent + POOL_RESERVE
        assert settings.thread_limit >= settings.pool_size


def test_the_database_pool_has_no_overflow_and_gives_up_quickly(database_url: str) -> None:
    """A fixed pool: its size is the promise the admission limit is built on."""
    database = Database(database_url, pool_size=7)
    try:
        pool = database.engine.pool
        assert pool.size() == 7  # type: ignore[attr-defined]
        assert pool._max_overflow == 0  # type: ignore[attr-defined]
        assert pool._timeout <= 10  # type: ignore[attr-defined]
    finally:
        database.dispose()


# --- The bounded queue ---------------------------------------------------------------------


@pytest.fixture
def held_choices_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """`GET /v1/me/choices` waits (inside the service, holding its slot) until released;
    it waits as a read does, without holding up the event loop."""
    release = threading.Event()
    real = server.api.choices.hot_reads_of

    class Held:
        def __init__(self, reads: HotReads) -> None:
            self.reads = reads

        async def rows(self, statement: Any, values: dict[str, Any]) -> list[Any]:
            await anyio.to_thread.run_sync(release.wait, 30)
            return await self.reads.rows(statement, values)

    monkeypatch.setattr(server.api.choices, "hot_reads_of", lambda request: Held(real(request)))
    yield release
    release.set()


def test_a_request_beyond_the_queue_is_answered_503_with_retry_after_at_once(
    settings: Settings, database: Database, ada: Account, held_choices_reads: threading.Event
) -> None:
    tight = replace(
        settings,
        max_concurrent_requests=1,
        max_queued_requests=1,
        queue_timeout=timedelta(seconds=20),
        clock=lambda: datetime.now(UTC),
    )
    token = issue_access_token(database, ada)
    headers = {"Authorization": f"Bearer {token}"}
    with EmbeddedService(tight) as service:
        results: dict[str, httpx.Response] = {}

        def read(name: str) -> None:
            results[name] = httpx.get(
                f"{service.base_url}/v1/me/choices", headers=headers, timeout=30
            )

        inside = threading.Thread(target=read, args=("inside",))
        inside.start()
        time.sleep(0.5)  # the first one holds the only slot
        queued = threading.Thread(target=read, args=("queued",))
        queued.start()
        time.sleep(0.5)  # the second one waits in the queue of one

        started = time.monotonic()
        shed = httpx.get(f"{service.base_url}/v1/me/choices", headers=headers, timeout=30)
        assert time.monotonic() - started < 5, "a full queue answers at once"
        health = httpx.get(f"{service.base_url}/v1/health", timeout=5)

        held_choices_reads.set()
        inside.join(timeout=30)
        queued.join(timeout=30)

    assert shed.status_code == 503
    assert shed.headers["content-type"].startswith(PROBLEM_JSON)
    assert shed.json()["code"] == "overloaded"
    assert int(shed.headers["Retry-After"]) >= 1
    assert health.status_code == 200, "the load balancer's check is never queued"
    assert results["inside"].status_code == 200
    assert results["queued"].status_code == 200, "a queued request is served once a slot frees"


def test_a_request_that_waited_too_long_in_the_queue_is_answered_503(
    settings: Settings, database: Database, ada: Account, held_choices_reads: threading.Event
) -> None:
    tight = replace(
        settings,
        max_concurrent_requests=1,
        max_queued_requests=10,
        queue_timeout=timedelta(seconds=0.5),
        clock=lambda: datetime.now(UTC),
    )
    token = issue_access_token(database, ada)
    headers = {"Authorization": f"Bearer {token}"}
    with EmbeddedService(tight) as service:
        inside = threading.Thread(
            target=httpx.get,
            args=(f"{service.base_url}/v1/me/choices",),
            kwargs={"headers": headers, "timeout": 30},
        )
        inside.start()
        time.sleep(0.5)

        waited = httpx.get(f"{service.base_url}/v1/me/choices", headers=headers, timeout=30)

        held_choices_reads.set()
        inside.join(timeout=30)
        after = httpx.get(f"{service.base_url}/v1/me/choices", headers=headers, timeout=30)

    assert waited.status_code == 503
    assert waited.json()["code"] == "overloaded"
    assert "Retry-After" in waited.headers
    assert after.status_code == 200, "the slot comes back once the answer is out"


# --- Cheap token checks --------------------------------------------------------------------


def test_a_signed_in_request_costs_one_query_to_check_its_token(
    client: TestClient, database: Database, ada: Account
) -> None:
    """GET /v1/me reads nothing but the caller: the token and its account, one indexed lookup
    (it used to be two queries before the route's own)."""
    token = sign_in(client, ada)["access_token"]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        assert client.get("/v1/me", headers=bearer(token)).status_code == 200
    finally:
        event.remove(database.engine, "before_cursor_execute", count)

    assert len(statements) == 1, statements
    assert "access_tokens" in statements[0] and "users" in statements[0]


def test_a_revoked_token_is_refused_at_once(client: TestClient, ada: Account) -> None:
    """No cache stands between a revocation and the next request."""
    token = sign_in(client, ada)["access_token"]
    assert client.get("/v1/me", headers=bearer(token)).status_code == 200

    assert client.post("/v1/auth/revoke", data={"token": token}).status_code == 200

    assert client.get("/v1/me", headers=bearer(token)).status_code == 401
