"""The one way to run work off the GUI thread.

`run_task(owner, work, on_done, on_error)` runs `work()` on a thread pool and delivers
its result (or exception) back on the GUI thread through a queued signal. If `owner`
has been deleted by then, nothing is delivered: a closed window never gets a callback.

Worker threads touch no QObject of their own: they emit one long-lived relay's signal
with a task number, and everything else (callbacks, owners) stays on the GUI thread.
That way no QObject is ever created or destroyed on a worker thread.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot


@dataclass
class _Pending:
    owner: QObject
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; workers emit `finished`, Qt queues it to `_deliver`."""

    finished = Signal(int, bool, object)

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, _Pending] = {}
        self.finished.connect(self._deliver)

    @Slot(int, bool, object)
    def _deliver(self, number: int, ok: bool, payload: object) -> None:
        task = self.pending.pop(number, None)
        if task is None or not shiboken6.isValid(task.owner):
            return
        if ok:
            task.on_done(payload)
        else:
            assert isinstance(payload, BaseException)
            task.on_error(payload)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], number: int, relay_signal: Any) -> None:
        super().__init__()
        self._work = work
        self._number = number
        self._signal = relay_signal

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # delivered, never swallowed
            self._signal.emit(self._number, False, error)
        else:
            self._signal.emit(self._number, True, result)
        self._work = _nothing  # drop references held by the work's closure here and now


def _nothing() -> None:
    return None


_numbers = itertools.count(1)
_relay: _Relay | None = None
_pool = QThreadPool()
_pool.setMaxThreadCount(4)


def _the_relay() -> _Relay:
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        app = QCoreApplication.instance()
        assert app is not None, "create the QApplication first"
        _relay = _Relay()
        _relay.moveToThread(app.thread())
    return _relay


def run_task(
    owner: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Call from the GUI thread."""
    relay = _the_relay()
    number = next(_numbers)
    relay.pending[number] = _Pending(owner, on_done, on_error)
    _pool.start(_Job(work, number, relay.finished))


def running_task_count() -> int:
    """How many tasks are running now (queued ones wait only while all threads are busy)."""
    return _pool.activeThreadCount()


def wait_for_all_tasks(milliseconds: int = 30_000) -> bool:
    """For shutdown and tests: block until the pool is idle (never call from a slot)."""
    return _pool.waitForDone(milliseconds)
