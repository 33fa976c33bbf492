"""A heartbeat on the GUI thread that measures its longest gap, and says where it happened.

A `QTimer` ticks every few milliseconds on the GUI thread; the longest time between two
ticks is the longest stretch the event loop was kept from running anything else (input,
paint, results of finished tasks). The script that drives the app names the step it is at
(`heartbeat.step = "open the largest category"`), and a watchdog thread looks at the GUI
thread's Python stack whenever a tick is late, so the longest gap comes with the step and
the code (`file:line function`) it was spent in. A watchdog sample reaches only Python:
when the GUI thread is inside Qt's own work with no slot of ours under it (layout, paint),
the sample reads "Qt's event loop".

The watchdog reads the GUI thread's stack through `faulthandler.dump_traceback`, which
walks the interpreter's frames without making frame objects of them. Walking
`sys._current_frames()` from another thread instead crashed the process now and then
(a segmentation fault in the GUI thread on CPython 3.11, twice in a few hundred runs).
"""

from __future__ import annotations

import faulthandler
import re
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

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


# faulthandler's lines: a thread's header, then its frames, innermost first.
_THREAD = re.compile(r"^(?:Current thread|Thread) (0x[0-9a-f]+) ")
_FRAME = re.compile(r'^  File "(.*)", line (\d+) in (.*)$')


def stack_of(dump: str, thread: int) -> list[tuple[str, int, str]]:
    """(file, line, function) of `thread` in a faulthandler dump, innermost first."""
    frames: list[tuple[str, int, str]] = []
    inside = False
    for line in dump.splitlines():
        header = _THREAD.match(line)
        if header:
            inside = int(header.group(1), 16) == thread
            continue
        frame = _FRAME.match(line)
        if inside and frame:
            frames.append((frame.group(1), int(frame.group(2)), frame.group(3)))
    return frames


def where_in_our_code(frames: list[tuple[str, int, str]], depth: int = 3) -> str:
    """The innermost frames of app/ on a stack, innermost first; else the event loop."""
    ours = [
        f"{Path(filename).relative_to(REPO)}:{line} {function}"
        for filename, line, function in frames
        if filename.startswith(OURS)
    ][:depth]
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
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as dump:
            while self._watching:
                time.sleep(WATCH_EVERY_SECONDS)
                if time.perf_counter() - self._last > late:
                    dump.seek(0)
                    dump.truncate()
                    faulthandler.dump_traceback(dump, all_threads=True)
                    dump.seek(0)
                    frames = stack_of(dump.read(), self._gui_thread)
                    self._samples[where_in_our_code(frames)] += 1
