"""The first paint: the moment start-up may do what the first window does not need.

Start-up shows its first window before anything else (the crash reporter, the keyring, the
HTTP client, the main window and its pages come after), because a window that takes long
to appear looks like an app that did not start. `after_first_paint(window, then)` calls
`then` in the event-loop turn after `window`'s first paint event: by then the frame is on
screen. Should the window never be painted (started minimised, say), `then` runs after
`FALLBACK_MS` anyway.

With PRIVACY_DESK_REPORT_FIRST_PAINT set, the same moment is printed on stdout as one line,
`first-paint: <time.monotonic()> rss-kib: <resident memory> window: <class>`, for
benchmarks/bench_start.py, which compares it with a bare PySide6 window measured the same way.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

REPORT_VARIABLE = "PRIVACY_DESK_REPORT_FIRST_PAINT"
FALLBACK_MS = 1000


def reporting() -> bool:
    return bool(os.environ.get(REPORT_VARIABLE))


def resident_kib() -> int:
    """This process's resident memory (VmRSS), or -1 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return -1


def report(event: str, widget: QObject | None) -> None:
    """One line for the start-up benchmark (only when it asked for it)."""
    if reporting():
        now = time.monotonic()
        print(
            f"{event}: {now:.6f} rss-kib: {resident_kib()} window: {type(widget).__name__}",
            file=sys.stdout,
            flush=True,
        )


class _PaintWatch(QObject):
    """Hears the first paint event of a widget `wanted` accepts among those `watched` sees
    (the window itself, or all of the application's), then calls `then` one turn later."""

    def __init__(
        self, watched: QObject, wanted: Callable[[QObject], bool], then: Callable[[], None]
    ) -> None:
        super().__init__(watched)
        self._watched = watched
        self._wanted = wanted
        self._then = then
        self._painted = False
        self.fallback = QTimer(self)
        self.fallback.setSingleShot(True)
        self.fallback.timeout.connect(self._finish)
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint and self._wanted(watched):
            self._painted = True
            # The rest of the frame (the children, the flush to the screen) is painted in
            # this same turn; a zero timer fires once that is done.
            QTimer.singleShot(0, self, self._finish)
        return False

    def _finish(self) -> None:
        self._painted = True
        self.fallback.stop()
        self._watched.removeEventFilter(self)
        then, self._then = self._then, _nothing
        then()
        self.deleteLater()


def _nothing() -> None:
    return None


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call `then` once, in the event-loop turn after `window` was first painted (or after
    FALLBACK_MS, should it never be)."""
    watch = _PaintWatch(window, lambda watched: watched is window, then)
    watch.fallback.start(FALLBACK_MS)


def after_first_paint_of(kind: type[QWidget], then: Callable[[], None]) -> None:
    """Call `then` once, in the turn after the first paint of any widget of `kind` (the
    demo's choice cards, for the benchmark). Watches every event of the application until
    then: for measuring only."""
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    _PaintWatch(app, lambda watched: isinstance(watched, kind), then)
