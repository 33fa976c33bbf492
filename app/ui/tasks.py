"""The one way to run work off the GUI thread.

`run_task(owner, work, on_done, on_error)` runs `work()` on a thread pool and delivers
its result (or exception) back on the GUI thread through a queued signal. If `owner`
has been deleted by then, nothing is delivered: a closed window never gets a callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_pool = QThreadPool()
_pool.setMaxThreadCount(4)
_in_flight: set[_Relay] = set()


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues, `_deliver` runs on the GUI thread."""

    finished = Signal(bool, object)

    def __init__(
        self,
        owner: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        self._owner = owner
        self._on_done = on_done
        self._on_error = on_error
        self.finished.connect(self._deliver)

    @Slot(bool, object)
    def _deliver(self, ok: bool, payload: object) -> None:
        _in_flight.discard(self)
        if not shiboken6.isValid(self._owner):
            return
        if ok:
            self._on_done(payload)
        else:
            assert isinstance(payload, BaseException)
            self._on_error(payload)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # delivered, never swallowed
            self._relay.finished.emit(False, error)
        else:
            self._relay.finished.emit(True, result)


def run_task(
    owner: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    relay = _Relay(owner, on_done, on_error)
    _in_flight.add(relay)
    _pool.start(_Job(work, relay))


def wait_for_all_tasks(milliseconds: int = 30_000) -> bool:
    """For shutdown and tests: block until the pool is idle (never call from a slot)."""
    return _pool.waitForDone(milliseconds)
