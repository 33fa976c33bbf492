"""The reads that stay on the event loop (server/db/hot_reads.py): the same rows as through
SQLAlchemy, every change seen at once, broken and cancelled connections never reused."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import bindparam, func, select

from server.choices_state import CHOICES_OF_TOKEN
from server.db.database import Database
from server.db.hot_reads import PostgresReads, SQLiteFileReads, ThreadedReads, hot_reads_for
from server.db.models import ChoiceValue, User
from server.security import token_digest
from tests.server.helpers import Account, FakeClock, bearer, sign_in

_USERS = User.__table__
_ALL_USERS = select(_USERS.c.id, _USERS.c.email, _USERS.c.choices_version).order_by(_USERS.c.id)
_PG_SLEEP = select(func.pg_sleep(bindparam("seconds")))
_VALUES = ChoiceValue.__table__
_VALUES_OF = select(_VALUES.c.choice_id, _VALUES.c.value, _VALUES.c.updated_at).where(
    _VALUES.c.user_id == bindparam("user_id")
)


def _through_sqlalchemy(database: Database, statement: Any, values: dict[str, Any]) -> list[Any]:
    with database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(statement, values)]


def _read(database: Database, statement: Any, values: dict[str, Any]) -> list[Any]:
    async def run() -> list[Any]:
        reads = hot_reads_for(database, concurrent_requests=4)
        try:
            return await reads.rows(statement, values)
        finally:
            await reads.close()

    return asyncio.run(run())


def test_each_backend_gets_its_own_kind_of_reader(
    database: Database, database_backend: str
) -> None:
    reads = hot_reads_for(database, concurrent_requests=4)
    expected = SQLiteFileReads if database_backend == "sqlite" else PostgresReads
    assert type(reads) is expected
    assert type(hot_reads_for(Database("sqlite://"), concurrent_requests=4)) is ThreadedReads


def test_rows_read_exactly_as_through_sqlalchemy(
    client: TestClient, database: Database, ada: Account
) -> None:
    """Types included: booleans stay booleans on SQLite, times come back aware, in UTC."""
    token = sign_in(client, ada)["access_token"]
    changed = client.patch(
        "/v1/me/choices",
        json={"changes": {"X1": False, "X2": True}},
        headers={**bearer(token), "If-Match": "*"},
    )
    assert changed.status_code == 200, changed.text
    for statement, values in (
        (_ALL_USERS, {}),
        (_VALUES_OF, {"user_id": ada.id}),
        (CHOICES_OF_TOKEN, {"digest": token_digest(token)}),
        (CHOICES_OF_TOKEN, {"digest": token_digest("no such token")}),
    ):
        hot = _read(database, statement, values)
        assert hot == _through_sqlalchemy(database, statement, values)
    values_read = _read(database, _VALUES_OF, {"user_id": ada.id})
    assert ("X1", False) in {(row[0], row[1]) for row in values_read}
    assert all(type(row[1]) is bool for row in values_read)
    assert all(row[2].utcoffset() == timedelta(0) for row in values_read)


def test_the_choices_read_sees_each_change_and_revocation_at_once(
    client: TestClient, ada: Account
) -> None:
    """Nothing is cached between requests: a change shows on the very next read, and a
    revoked token is refused on the very next read."""
    token = sign_in(client, ada)["access_token"]
    for value in (False, True, False):
        read = client.get("/v1/me/choices", headers=bearer(token))
        changed = client.patch(
            "/v1/me/choices",
            json={"changes": {"X3": value}},
            headers={**bearer(token), "If-Match": read.headers["ETag"]},
        )
        assert changed.status_code == 200, changed.text
        again = client.get("/v1/me/choices", headers=bearer(token))
        assert again.json() == {key: changed.json()[key] for key in ("version", "choices")}
        assert again.headers["ETag"] == f'"{changed.json()["version"]}"'
    revoked = client.post("/v1/auth/revoke", data={"token": token})
    assert revoked.status_code == 200, revoked.text
    assert client.get("/v1/me/choices", headers=bearer(token)).status_code == 401


def test_the_choices_read_refuses_unknown_expired_and_orphaned_tokens(
    client: TestClient, database: Database, clock: FakeClock, ada: Account
) -> None:
    token = sign_in(client, ada)["access_token"]
    assert client.get("/v1/me/choices", headers=bearer("not-a-token")).status_code == 401
    assert client.get("/v1/me/choices", headers=bearer(token)).status_code == 200
    clock.advance(hours=1)
    expired = client.get("/v1/me/choices", headers=bearer(token))
    assert expired.status_code == 401
    assert expired.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.sqlite_only
def test_sqlite_reader_cannot_write(database: Database) -> None:
    """It runs on the event loop: a write there would wait for the writers' lock."""
    reads = SQLiteFileReads(database)
    connection = reads._open()
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("UPDATE users SET choices_version = 99")
    finally:
        connection.close()


def _postgres_backend_ids(database: Database) -> set[int]:
    with database.engine.connect() as connection:
        return {
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        }


def _wait_for_backends(database: Database, wanted: Callable[[set[int]], bool]) -> None:
    """A closed connection's server process ends a moment after the socket closes."""
    deadline = time.monotonic() + 10
    while not wanted(pids := _postgres_backend_ids(database)):
        assert time.monotonic() < deadline, pids
        time.sleep(0.05)


def _terminate_others(database: Database) -> None:
    with database.engine.connect() as connection:
        connection.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.mark.postgresql_only
def test_postgres_reader_replaces_a_connection_the_server_closed(database: Database) -> None:
    expected = _through_sqlalchemy(database, _ALL_USERS, {})

    async def run() -> None:
        reads = PostgresReads(database, size=2)
        try:
            assert await reads.rows(_ALL_USERS, {}) == expected
            _terminate_others(database)  # as a server restart or an idle timeout would
            assert await reads.rows(_ALL_USERS, {}) == expected
        finally:
            await reads.close()

    asyncio.run(run())


@pytest.mark.postgresql_only
def test_postgres_reader_never_reuses_a_cancelled_connection(database: Database) -> None:
    """A read cancelled mid-way (the client hung up) leaves its connection in an unknown
    state: it is closed, and the next read runs on a new one."""

    async def run() -> None:
        reads = PostgresReads(database, size=1)
        try:
            await reads.rows(_ALL_USERS, {})
            first = _postgres_backend_ids(database)
            assert len(first) == 1
            task = asyncio.ensure_future(reads.rows(_PG_SLEEP, {"seconds": 5.0}))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert await reads.rows(_ALL_USERS, {}) == _through_sqlalchemy(database, _ALL_USERS, {})
            _wait_for_backends(database, lambda pids: len(pids) == 1 and pids.isdisjoint(first))
        finally:
            await reads.close()

    asyncio.run(run())


@pytest.mark.postgresql_only
def test_postgres_reader_holds_at_most_its_size(database: Database) -> None:
    expected = _through_sqlalchemy(database, _ALL_USERS, {})

    async def run() -> None:
        reads = PostgresReads(database, size=3)
        try:
            results = await asyncio.gather(*(reads.rows(_ALL_USERS, {}) for _ in range(30)))
            assert all(result == expected for result in results)
            # The reader's connections; the engine's one is the one asking.
            assert 1 <= len(_postgres_backend_ids(database)) <= 3
        finally:
            await reads.close()

    asyncio.run(run())
    _wait_for_backends(database, lambda pids: pids == set())


@pytest.mark.postgresql_only
def test_postgres_reader_called_from_another_loop_uses_a_connection_of_its_own(
    database: Database,
) -> None:
    expected = _through_sqlalchemy(database, _ALL_USERS, {})
    reads = PostgresReads(database, size=2)

    async def read() -> list[Any]:
        return await reads.rows(_ALL_USERS, {})

    async def read_and_close() -> list[Any]:
        try:
            return await read()
        finally:
            await reads.close()

    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(read()) == expected  # the reader's own loop
        assert asyncio.run(read()) == expected  # another one, while the first lives
        _wait_for_backends(database, lambda pids: len(pids) == 1)
        assert loop.run_until_complete(read_and_close()) == expected
    finally:
        loop.close()
    _wait_for_backends(database, lambda pids: pids == set())
