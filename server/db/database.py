"""Engine and session factory for one database URL.

The connection pool has a fixed size and no overflow: the service admits at most
`Settings.max_concurrent_requests` requests at once (server/admission.py), each holding
one connection, and the pool is larger than that by a reserve (`Settings.pool_size`), so a
request never waits for a connection. If that promise is ever broken, a checkout gives up
after `POOL_TIMEOUT_SECONDS` with an error instead of hanging a thread for half a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

# SQLAlchemy's own default, for code that makes a Database without saying (tools, tests).
DEFAULT_POOL_SIZE = 15
POOL_TIMEOUT_SECONDS = 5.0


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """Owns the engine; hands out sessions that commit or roll back as a unit."""

    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.url = url
        self.pool_size = pool_size
        if url.startswith("sqlite"):
            # An in-memory database keeps SQLAlchemy's single-connection pool: it *is* that
            # connection.
            in_memory = url in ("sqlite://", "sqlite:///:memory:")
            sized = {} if in_memory else self._pool_options(pool_size)
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False}, **sized
            )
            event.listen(self.engine, "connect", _enable_sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, **self._pool_options(pool_size))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @staticmethod
    def _pool_options(pool_size: int) -> dict[str, Any]:
        return {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": POOL_TIMEOUT_SECONDS}

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def new_session(self) -> Session:
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()
