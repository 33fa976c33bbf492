"""Run Python's cycle collector on the GUI thread only, and not over what start-up built.

Left alone, the collector runs in whichever thread happens to allocate when a threshold
is crossed — often a worker. If it then frees a cycle holding Qt widgets, their C++
side is destroyed off the GUI thread, and Qt crashes. So automatic collection is turned
off and the same generational rule is applied from a timer on the GUI thread.

Start-up imports a great deal (Qt's bindings, the HTTP client, the main window; in the demo
the whole service) that lives as long as the process. Collecting while that is being
built scans the same young objects again and again (a generation-0 pass took 33 ms in the
demo's start), and every later full collection would scan all of it too (one took 143 ms
in benchmarks/bench_gui_gaps.py). So for the first `settle_ms` nothing is collected; then
everything alive is frozen (`gc.freeze()`: out of the collector's sight, still freed by
reference counting) and collection starts. What start-up made into cyclic garbage in
those seconds is kept: a few hundred kilobytes, measured against time on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

SETTLE_MS = 3000


class MainThreadGarbageCollector(QObject):
    def __init__(
        self, parent: QObject | None = None, interval_ms: int = 500, settle_ms: int = SETTLE_MS
    ) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_if_due)
        self.settling = QTimer(self)
        self.settling.setSingleShot(True)
        self.settling.timeout.connect(self.settle)
        self.settling.start(settle_ms)

    def settle(self) -> None:
        """Start-up is over: freeze what it built, and collect from now on."""
        self.settling.stop()
        gc.freeze()
        self.timer.start()

    def stop(self) -> None:
        self.settling.stop()
        self.timer.stop()

    def collect_if_due(self) -> None:
        young, middle, old = gc.get_count()
        if young < self.thresholds[0]:
            return
        generation = 0
        if middle >= self.thresholds[1]:
            generation = 2 if old >= self.thresholds[2] else 1
        gc.collect(generation)
