"""The service on a real loopback port, and several HTTP requests sent at the same moment.

Races are only real over real connections: each caller gets its own connection, every
caller waits at a barrier, and all of them send at once into uvicorn's thread pool, where
the service's own transactions meet on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import httpx

from server.config import Settings
from server.embedded import EmbeddedService

T = TypeVar("T")


@contextmanager
def running_service(settings: Settings) -> Iterator[EmbeddedService]:
    service = EmbeddedService(settings)
    service.start()
    try:
        yield service
    finally:
        service.stop()


def all_at_once(calls: Sequence[Callable[[], T]], timeout: float = 30.0) -> list[T]:
    """Run every call on its own thread, released together; their results in order."""
    barrier = threading.Barrier(len(calls), timeout=timeout)

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result(timeout=timeout) for future in futures]


def post_form(base_url: str, path: str, form: dict[str, str]) -> Callable[[], httpx.Response]:
    """A call that POSTs `form` on a connection of its own."""

    def call() -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=30.0) as client:
            return client.post(path, data=form)

    return call
