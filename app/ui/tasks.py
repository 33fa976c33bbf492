"""The one way to run work off the GUI thread.

`run_task(owner, work, on_done, on_error)` runs `work()` on a thread pool and delivers
its result (or exception) back on the GUI thread through a queued signal. If `owner`
has been deleted by then, nothing is delivered: a closed window never gets a callback.
It is generic over the result, so `on_done` is checked against what `work` returns.

`latest="name"`: of the tasks an owner started under that name, only the newest one's
outcome is delivered, whatever order they finish in (a page reloaded twice shows the
second answer). `watch=`: a failure that says the session has ended is reported to that
`SessionWatch` (one per signed-in session, on the `DeskContext`), besides `on_error`;
no widget checks for it itself.

Every failure is shown or deliberately logged: a task with nothing to show passes
`log_failure("what it was")` as its `on_error`.

Worker threads touch no QObject of their own: they emit one long-lived relay's signal
with a task number, and everything else (callbacks, owners) stays on the GUI thread.
That way no QObject is ever created or destroyed on a worker thread.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from app.api.errors import FailureKind, ServiceError

T = TypeVar("T")
_log = logging.getLogger(__name__)


class SessionWatch(QObject):
    """Hears "your session has ended" for one signed-in session, and says it once."""

    ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.has_ended = False

    def report(self) -> None:
        if not self.has_ended:
            self.has_ended = True
            self.ended.emit()


def session_has_ended(error: BaseException) -> bool:
    return isinstance(error, ServiceError) and error.kind is FailureKind.SESSION_EXPIRED


def log_failure(what: str) -> Callable[[BaseException], None]:
    """An `on_error` for work whose failure has nothing to show: it is logged (its kind
    only: no detail, which might hold personal data), never silently dropped."""

    def log(error: BaseException) -> None:
        kind = error.kind.value if isinstance(error, ServiceError) else type(error).__name__
        _log.warning("%s failed: %s", what, kind)

    return log


def ignore_result(_result: object) -> None:
    """An `on_done` for work whose success needs no answer on screen."""


@dataclass
class _Pending:
    owner: QObject
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    latest: tuple[int, str] | None
    watch: SessionWatch | None


class _Relay(QObject):
    """Lives on the GUI thread; workers emit `finished`, Qt queues it to `_deliver`."""

    finished = Signal(int, bool, object)

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, _Pending] = {}
        # (id of the owner, name) -> the number of the newest task started under it.
        self.newest: dict[tuple[int, str], int] = {}
        self.finished.connect(self._deliver)

    @Slot(int, bool, object)
    def _deliver(self, number: int, ok: bool, payload: object) -> None:
        task = self.pending.pop(number, None)
        if task is None:
            return
        watch = task.watch
        ended = not ok and isinstance(payload, BaseException) and session_has_ended(payload)
        if ended and watch is not None and shiboken6.isValid(watch):
            watch.report()  # whoever asked, and even if the owner is gone by now
        if task.latest is not None:
            if self.newest.get(task.latest) != number:
                return  # a newer task of the same name was started: its answer counts
            del self.newest[task.latest]
        if not shiboken6.isValid(task.owner):
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
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    *,
    latest: str | None = None,
    watch: SessionWatch | None = None,
) -> None:
    """Call from the GUI thread."""
    relay = _the_relay()
    number = next(_numbers)
    newest = None if latest is None else (id(owner), latest)
    if newest is not None:
        relay.newest[newest] = number
    relay.pending[number] = _Pending(owner, on_done, on_error, newest, watch)
    _pool.start(_Job(work, number, relay.finished))


def running_task_count() -> int:
    """How many tasks are running now (queued ones wait only while all threads are busy)."""
    return _pool.activeThreadCount()


def wait_for_all_tasks(milliseconds: int = 30_000) -> bool:
    """For shutdown and tests: block until the pool is idle (never call from a slot)."""
    return _pool.waitForDone(milliseconds)
