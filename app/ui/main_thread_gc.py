"""Run Python's cycle collector on the GUI thread only.

Left alone, the collector runs in whichever thread happens to allocate when a threshold
is crossed — often a worker. If it then frees a cycle holding Qt widgets, their C++
side is destroyed off the GUI thread, and Qt crashes. So automatic collection is turned
off and the same generational rule is applied from a timer on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(interval_ms)

    def collect_if_due(self) -> None:
        young, middle, old = gc.get_count()
        if young < self.thresholds[0]:
            return
        generation = 0
        if middle >= self.thresholds[1]:
            generation = 2 if old >= self.thresholds[2] else 1
        gc.collect(generation)
