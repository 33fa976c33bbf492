"""Admission: a fixed number of requests inside the service, a bounded queue before it.

Routes are plain functions that FastAPI runs on a thread pool, and each request holds one
database connection from its first query until its transaction is committed. Without a
bound, a burst of clients deadlocks: every thread blocks waiting for a connection, while
the requests that hold the connections wait for a thread to finish on. So:

- at most `limit` requests are admitted at once; the connection pool is larger than that
  (`Settings.pool_size`) and so is the thread pool (`Settings.thread_limit`), so an
  admitted request never waits for a connection and always finds a thread;
- the others wait here, in arrival order, without a thread or a connection (a waiting
  request costs a coroutine and a socket);
- a request that would make the queue longer than `queue_limit`, or that has waited
  `queue_timeout`, is answered 503 with `Retry-After` (a problem document, code
  `overloaded`), which the app already treats as "busy, try again then".

A slot is given back when the answer starts: by then the request's transaction is committed
and its connection back in the pool (the session dependency ends before the answer), so a
slow client reading a long download does not keep others out. `GET /v1/health` is never
queued: a load balancer must see a live process even while it is busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from dataclasses import dataclass

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.problems import problem_response

log = logging.getLogger(__name__)

NEVER_QUEUED = frozenset({"/v1/health"})


@dataclass(frozen=True)
class AdmissionLimits:
    limit: int  # requests inside the service at once
    queue_limit: int  # requests waiting for a slot
    queue_timeout: float  # seconds a request may wait before it is answered 503
    thread_limit: int  # tokens of the thread pool sync routes run on


class _Slots:
    """A counting semaphore with a FIFO queue of bounded length. One event loop only."""

    def __init__(self, limit: int, queue_limit: int) -> None:
        self.free = limit
        self.queue_limit = queue_limit
        self.waiting: deque[asyncio.Future[None]] = deque()

    async def take(self, timeout: float) -> bool:
        """True once a slot is ours; False when the queue is full or the wait ran out."""
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return True
        if len(self.waiting) >= self.queue_limit:
            return False
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            async with asyncio.timeout(timeout):
                await turn
        except TimeoutError:
            # Handed a slot in the very moment the wait ran out: keep it.
            return turn.done() and not turn.cancelled()
        except BaseException:
            if turn.done() and not turn.cancelled():
                self.give_back()  # cancelled after a slot was handed over: pass it on
            raise
        finally:
            if not turn.done():
                turn.cancel()
            with contextlib.suppress(ValueError):
                self.waiting.remove(turn)
        return True

    def give_back(self) -> None:
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot goes straight to the longest waiter
                return
        self.free += 1


class AdmissionControl:
    """ASGI middleware: admits `limit` requests at once, queues a bounded number, sheds the
    rest with 503 + Retry-After."""

    def __init__(self, app: ASGIApp, limits: AdmissionLimits) -> None:
        self.app = app
        self.limits = limits
        self._slots: _Slots | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.shed = 0  # requests answered 503 by this middleware, for tests and logs

    def _slots_for_this_loop(self) -> _Slots:
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            # First request on this event loop (a server, or a test client, starting).
            self._loop = loop
            self._slots = _Slots(self.limits.limit, self.limits.queue_limit)
            limiter = anyio.to_thread.current_default_thread_limiter()
            limiter.total_tokens = max(limiter.total_tokens, self.limits.thread_limit)
        return self._slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NEVER_QUEUED:
            await self.app(scope, receive, send)
            return
        slots = self._slots_for_this_loop()
        if not await slots.take(self.limits.queue_timeout):
            self.shed += 1
            await self._overloaded(scope, receive, send)
            return
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                slots.give_back()

        async def send_and_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                release()
            await send(message)

        try:
            await self.app(scope, receive, send_and_release)
        finally:
            release()

    async def _overloaded(self, scope: Scope, receive: Receive, send: Send) -> None:
        retry_after = max(1, math.ceil(self.limits.queue_timeout / 4))
        if self.shed == 1 or self.shed % 1000 == 0:
            log.warning("overloaded: %d request(s) answered 503 so far", self.shed)
        response = problem_response(
            503,
            "Service busy",
            f"Too many requests at once. Please try again in {retry_after} seconds.",
            code="overloaded",
            headers={"Retry-After": str(retry_after)},
        )
        await response(scope, receive, send)
