"""Reads that stay on the event loop: the way the routes every client calls all the time
(`GET /v1/me/choices`) reach the database without a trip to the thread pool.

A read is a Core `SELECT`, compiled once for the database's dialect and run on the
driver directly (no SQLAlchemy execution context per call); its values pass through the
columns' own result processors, so a row reads exactly as it would through a session.
Each read is one statement, so it sees one consistent snapshot on both databases.

- SQLite (a file): one plain `sqlite3` connection per process, used only on the event loop
  thread. A read of a few indexed rows takes microseconds, and in WAL mode a reader never
  waits for a writer, so running it inline costs the loop less than the hand-off to a
  thread and back would.
- PostgreSQL: psycopg's own async connection pool, in autocommit (each read its own
  snapshot, no idle transaction), sized to the admission limit (server/admission.py) so an
  admitted request never waits for a connection.
- SQLite in memory (tests, tools): the engine's pool on a thread, as every other route;
  a second connection would open a second, empty database.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import anyio.to_thread
from sqlalchemy import Dialect, Select
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect

from server.db.database import Database

Row = tuple[Any, ...]

# How long a read may wait for SQLite's lock before it fails. In WAL mode only a
# checkpoint restarting the log can make a reader wait, and then for microseconds; a
# reader on the event loop must never sit out the writers' 10 s.
SQLITE_READ_BUSY_MS = 250


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    positional: tuple[str, ...] | None  # the parameters' order for `?` styles, else None
    processors: tuple[Callable[[Any], Any] | None, ...]

    def parameters(self, values: dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
        if self.positional is None:
            return values
        return [values[name] for name in self.positional]

    def row(self, raw: Sequence[Any]) -> Row:
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(self.processors, raw, strict=True)
        )


def _compile(statement: Select[Any], dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    positional = tuple(compiled.positiontup or ()) if compiled.positional else None
    processors = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    return _Compiled(compiled.string, positional, processors)


class HotReads(Protocol):
    async def rows(self, statement: Select[Any], values: dict[str, Any]) -> list[Row]: ...

    async def close(self) -> None: ...


class _CompiledCache:
    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        # By identity: the statements are module constants, built once.
        self._compiled: dict[int, tuple[Select[Any], _Compiled]] = {}

    def __call__(self, statement: Select[Any]) -> _Compiled:
        known = self._compiled.get(id(statement))
        if known is None or known[0] is not statement:
            known = self._compiled[id(statement)] = (statement, _compile(statement, self._dialect))
        return known[1]


class SQLiteFileReads:
    """One connection, opened on first use, used only from the event loop's thread."""

    def __init__(self, database: Database) -> None:
        path = database.engine.url.database
        assert path, "an SQLite file"
        self._path = path
        self._compiled = _CompiledCache(database.engine.dialect)
        self._connection: sqlite3.Connection | None = None

    def _open(self) -> sqlite3.Connection:
        # isolation_level=None: the module opens no transaction of its own; each SELECT is
        # one implicit read transaction, ended as soon as its rows are fetched.
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA query_only=ON")
        connection.execute(f"PRAGMA busy_timeout={SQLITE_READ_BUSY_MS}")
        return connection

    async def rows(self, statement: Select[Any], values: dict[str, Any]) -> list[Row]:
        compiled = self._compiled(statement)
        if self._connection is None:
            self._connection = self._open()
        cursor = self._connection.execute(compiled.sql, compiled.parameters(values))
        try:
            return [compiled.row(raw) for raw in cursor.fetchall()]
        finally:
            cursor.close()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class PostgresReads:
    """asyncpg connections, at most `size` in use, on the event loop.

    asyncpg speaks PostgreSQL's protocol on asyncio itself and keeps each statement
    prepared per connection; the statements are compiled for SQLAlchemy's asyncpg dialect
    (`$1`). The pool is this class's few lines rather than asyncpg's own, whose acquire,
    release and per-release session reset cost more than the read itself: these reads are
    single SELECTs in autocommit that change no session state, so a connection goes back
    as it came. A connection whose read did not finish (an error, a cancelled request) is
    closed, never reused; an idle connection found broken (the server restarted) is
    replaced once. The connections belong to the loop that first reads (the server's);
    a read from another loop (a test's own) gets a connection of its own, closed after.
    """

    def __init__(self, database: Database, size: int) -> None:
        self._dsn = database.engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._size = size
        self._compiled = _CompiledCache(asyncpg_dialect.dialect())  # type: ignore[no-untyped-call]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(size)
        self._idle: list[Any] = []

    async def rows(self, statement: Select[Any], values: dict[str, Any]) -> list[Row]:
        import asyncpg

        compiled = self._compiled(statement)
        parameters = compiled.parameters(values)
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif loop is not self._loop:
            connection = await asyncpg.connect(self._dsn)
            try:
                found = await connection.fetch(compiled.sql, *parameters)
            finally:
                await connection.close()
            return [compiled.row(tuple(record)) for record in found]
        async with self._slots:
            while True:
                reused = bool(self._idle)
                connection = self._idle.pop() if reused else await asyncpg.connect(self._dsn)
                try:
                    found = await connection.fetch(compiled.sql, *parameters)
                except (OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError):
                    connection.terminate()
                    if reused:
                        continue
                    raise
                except BaseException:
                    connection.terminate()
                    raise
                self._idle.append(connection)
                return [compiled.row(tuple(record)) for record in found]

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            # RuntimeError: its loop is closed; the socket goes with the object.
            with contextlib.suppress(RuntimeError):
                connection.terminate()


class ThreadedReads:
    """The engine's pool on a thread: for an in-memory SQLite database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def rows(self, statement: Select[Any], values: dict[str, Any]) -> list[Row]:
        def run() -> list[Row]:
            with self._database.engine.connect() as connection:
                return [tuple(row) for row in connection.execute(statement, values)]

        with anyio.CancelScope(shield=True):
            found = await anyio.to_thread.run_sync(run)
        return found

    async def close(self) -> None:
        return None


def hot_reads_for(database: Database, *, concurrent_requests: int) -> HotReads:
    """The way `database` is read from the event loop; `concurrent_requests` is how many
    requests may be inside at once (each reads on at most one connection)."""
    url = database.engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresReads(database, size=max(1, concurrent_requests))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return SQLiteFileReads(database)
    return ThreadedReads(database)
