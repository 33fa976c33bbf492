"""A heartbeat on the GUI thread that measures its longest gap, and says where it happened.

A `QTimer` ticks every few milliseconds on the GUI thread; the longest time between two
ticks is the longest stretch the event loop was kept from running anything else (input,
paint, results of finished tasks). The script that drives the app names the step it is at
(`heartbeat.step = "open the largest category"`), and a watchdog thread looks at the GUI
thread's Python stack whenever a tick is late, so the longest gap comes with the step and
the code (`file:line function`) it was spent in. A watchdog sample reaches only Python:
when the GUI thread is inside Qt's own work with no slot of ours under it (layout, paint),
the sample reads "Qt's event loop".
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from PySide6.QtCore import Qt, QTimer

REPO = Path(__file__).resolve().parents[1]
OURS = (str(REPO / "app"),)
# A tick this late (beyond its interval) has the watchdog look at the GUI thread.
LATE_SECONDS = 0.015
WATCH_EVERY_SECONDS = 0.002
EVENT_LOOP = "Qt's event loop (no slot of ours under it)"


@dataclass(frozen=True)
class Gap:
    milliseconds: float
    step: str
    where: str
    # Of which the GUI thread was on a CPU (the rest it waited: for a core, or for the
    # interpreter lock held by a worker thread).
    cpu_milliseconds: float = 0.0

    def describe(self) -> str:
        return (
            f"{self.milliseconds:.0f} ms ({self.cpu_milliseconds:.0f} ms on CPU) "
            f"during '{self.step}', in {self.where}"
        )


def where_in_our_code(frame: FrameType | None, depth: int = 3) -> str:
    """The innermost frames of app/ on a stack, innermost first; else the event loop."""
    ours: list[str] = []
    while frame is not None and len(ours) < depth:
        filename = frame.f_code.co_filename
        if filename.startswith(OURS):
            relative = Path(filename).relative_to(REPO)
            ours.append(f"{relative}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back
    return " ← ".join(ours) if ours else EVENT_LOOP


class Heartbeat:
    def __init__(self, interval_ms: int = 5, keep_from_ms: float = 30.0) -> None:
        self.interval_ms = interval_ms
        self.keep_from_ms = keep_from_ms
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.step = "idle"
        self.longest = Gap(0.0, "", "")
        self.long_gaps: list[Gap] = []  # every gap from `keep_from_ms` on, in order
        self._last = 0.0
        self._last_cpu = 0.0
        self._samples: Counter[str] = Counter()
        self._gui_thread = threading.get_ident()
        self._watching = False
        self._watchdog: threading.Thread | None = None

    def start(self) -> None:
        self.longest = Gap(0.0, self.step, "")
        self.long_gaps = []
        self._samples = Counter()
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._watching = True
        self._watchdog = threading.Thread(target=self._watch, name="heartbeat-watchdog")
        self._watchdog.start()
        self.timer.start()

    def stop(self) -> Gap:
        self.timer.stop()
        self._watching = False
        if self._watchdog is not None:
            self._watchdog.join()
        return self.longest

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap = (now - self._last) * 1000.0
        samples, self._samples = self._samples, Counter()
        if gap >= self.keep_from_ms or gap > self.longest.milliseconds:
            where = samples.most_common(1)[0][0] if samples else EVENT_LOOP
            found = Gap(gap, self.step, where, (cpu - self._last_cpu) * 1000.0)
            if gap > self.longest.milliseconds:
                self.longest = found
            if gap >= self.keep_from_ms:
                self.long_gaps.append(found)
        self._last, self._last_cpu = now, cpu

    def _watch(self) -> None:
        late = self.interval_ms / 1000.0 + LATE_SECONDS
        while self._watching:
            time.sleep(WATCH_EVERY_SECONDS)
            if time.perf_counter() - self._last > late:
                frame = sys._current_frames().get(self._gui_thread)
                self._samples[where_in_our_code(frame)] += 1
