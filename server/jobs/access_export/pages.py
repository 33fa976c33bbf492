"""Reading a user's records for the copy: every part of every category, in keyset pages.

A user may hold a million playback events; the copy reads them in pages keyed on
(time, id), never OFFSET, on the (user_id, time, id) index, all in one transaction (one
snapshot on PostgreSQL), so the categories agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select, tuple_

from server.data_stores import CategoryStore
from server.db.database import Database

# Rows per keyset page: large enough that per-query overhead vanishes, small enough that
# a page of crash reports with long bodies still fits comfortably in memory.
PAGE_SIZE = 5_000


def stored_rows(
    connection: Connection, store: CategoryStore, user_id: str
) -> Iterator[tuple[Any, ...]]:
    """The user's records, oldest first, in pages keyed on (time, id): no OFFSET, index-backed."""
    time_column, id_column = store.column(store.time_column), store.column("id")
    columns = [store.column(name) for name in ("id", *store.fields)]
    query = (
        select(*columns, time_column)
        .where(store.column("user_id") == user_id)
        .order_by(time_column, id_column)
        .limit(PAGE_SIZE)
    )
    after: tuple[Any, Any] | None = None
    while True:
        page_query = query if after is None else query.where(tuple_(time_column, id_column) > after)
        page = connection.execute(page_query).all()
        for row in page:
            yield tuple(row)[:-1]
        if len(page) < PAGE_SIZE:
            return
        last = page[-1]
        after = (last[-1], last[0])


def snapshot_options(database: Database) -> dict[str, Any]:
    if database.engine.dialect.name == "postgresql":
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    return {}
