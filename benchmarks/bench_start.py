"""Issue 11's start-up budgets, each measured beside a bare PySide6 window in the same run:

- start → first window painted: `python -m app` (the sign-in dialog) against a script that
  shows one empty QWidget; at most 1.5× the bare window;
- `python -m app --demo` → the choices painted (the Choices page's cards, with the values
  the in-process demo service answered); at most 8× the bare window. Measured with the demo
  database template already built (one warm-up run builds it); the cold first build is a note;
- resident memory (VmRSS) at the first paint; at most 1.6× the bare window's.

How a paint is timed, the same way on both sides: with PRIVACY_DESK_REPORT_FIRST_PAINT set,
an event filter sees the window's first QEvent.Paint, and a zero timer (which fires once the
rest of that frame has been painted) prints `first-paint: <time.monotonic()> rss-kib: <VmRSS>`
(app/ui/first_paint.py; the bare script below does exactly this). The time is taken from
just before `Popen` to that timestamp: CLOCK_MONOTONIC is one clock for every process on
Linux. Every run gets fresh HOME and XDG folders (tests/support/child_process.py), Qt
offscreen; the samples alternate (bare, app, bare, app, …) so that both sides meet the same
load. Plus `python -X importtime` of the start path up to the first paint: its 15 largest
imports (cumulative) are the start figure's notes, so a heavy import there is seen at once.

    .venv/bin/pytest -q benchmarks/bench_start.py      (or make bench)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.budgets import Comparison, Samples
from tests.support.child_process import isolated_env
from tests.support.start_path import REPORT_VARIABLE, run_until, start_path

SAMPLES = int(os.environ.get("PRIVACY_DESK_BENCH_STARTS", "7"))
START_BUDGET = 1.5
DEMO_BUDGET = 8.0
MEMORY_BUDGET = 1.6
IMPORTS_SHOWN = 15

BARE_WINDOW = """\
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def resident_kib():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def report():
    now = time.monotonic()
    print(f"first-paint: {now:.6f} rss-kib: {resident_kib()} window: QWidget", flush=True)


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False


app = QApplication(sys.argv[:1])
window = QWidget()
watch = FirstPaint()
window.installEventFilter(watch)
window.show()
sys.exit(app.exec())
"""


# The demo's service alone, started as --demo starts it (app/demo.py), in an interpreter of
# its own: what the demo figure cannot go below, as the app shares its interpreter lock with
# it. Collection is off, as in the app's start-up (app/main.py).
SERVICE_ALONE = """\
import gc
import time

gc.disable()
from app.demo import start_demo_service

service = start_demo_service()
print(f"service-ready: {time.monotonic():.6f} rss-kib: 0 window: none", flush=True)
service.stop()
"""


@dataclass(frozen=True)
class Paint:
    """One run: milliseconds from spawning to the awaited paint, and VmRSS at the first."""

    milliseconds: float
    first_paint_rss_kib: int


class Runs:
    """Spawns the runs of one benchmark, each in folders of its own under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0
        self.bare_script = root / "bare_window.py"
        self.bare_script.write_text(BARE_WINDOW, encoding="utf-8")
        self.service_script = root / "service_alone.py"
        self.service_script.write_text(SERVICE_ALONE, encoding="utf-8")

    def env(self, **extra: str) -> dict[str, str]:
        self.count += 1
        folder = self.root / f"run-{self.count}"
        folder.mkdir()
        (folder / "tmp").mkdir()
        # TMPDIR too: a run is ended with SIGTERM, which leaves the demo's database copy.
        env = isolated_env(folder, TMPDIR=str(folder / "tmp"), **{REPORT_VARIABLE: "1"}, **extra)
        # As installed: compiled modules are cached (the warm-up run writes what is missing),
        # not compiled again by every run, whatever the caller's environment says.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def bare(self) -> Paint:
        return paint([sys.executable, str(self.bare_script)], self.env(), "first-paint")

    def service_alone(self, **extra: str) -> Paint:
        command = [sys.executable, str(self.service_script)]
        return paint(command, self.env(**extra), "service-ready")

    def app(self, *arguments: str, until: str = "first-paint", **extra: str) -> Paint:
        return paint([sys.executable, "-m", "app", *arguments], self.env(**extra), until)


def paint(command: list[str], env: dict[str, str], until: str) -> Paint:
    """Start `command`, wait for its `until:` line, end it; the time is from just before
    the spawn to the timestamp in that line."""
    started, lines = run_until(command, env, f"{until}:")
    fields = {line.split(":", 1)[0]: _fields(line) for line in lines if " rss-kib: " in line}
    if until not in fields:
        raise AssertionError(f"{command} never printed '{until}:'; it printed {lines}")
    moment = float(fields[until][until])
    return Paint(
        (moment - started) * 1000.0, int(fields.get("first-paint", {}).get("rss-kib", "-1"))
    )


def _fields(line: str) -> dict[str, str]:
    """`first-paint: 12.5 rss-kib: 51234 window: X` → {"first-paint": "12.5", ...}."""
    words = line.split()
    return {words[i].rstrip(":"): words[i + 1] for i in range(0, len(words) - 1, 2)}


def alternate(
    reference: Callable[[], Paint], measured: Callable[[], Paint]
) -> tuple[list[Paint], list[Paint]]:
    """SAMPLES of each, one warm-up each first (the page cache, the .pyc files)."""
    reference()
    measured()
    references, measurements = [], []
    for _ in range(SAMPLES):
        references.append(reference())
        measurements.append(measured())
    return references, measurements


def import_profile(runs: Runs) -> list[str]:
    """`python -X importtime -m app` up to its first paint: the largest imports, as lines."""
    imports = start_path(runs.env()).imports
    total = sum(item.own_us for item in imports) / 1000
    largest = sorted(imports, key=lambda item: item.cumulative_us, reverse=True)
    return [
        f"python -X importtime, start path to the first paint: {len(imports)} modules, "
        f"{total:.0f} ms in all; the {IMPORTS_SHOWN} largest (cumulative):",
        *(
            f"{item.cumulative_us / 1000:7.1f} ms cumulative {item.own_us / 1000:6.1f} ms own  "
            f"{item.module}"
            for item in largest[:IMPORTS_SHOWN]
        ),
    ]


def against_the_bare_window(
    figure: str,
    unit: str,
    bare: Samples,
    measured: Samples,
    limit: float,
    notes: tuple[str, ...] = (),
) -> Comparison:
    return Comparison(
        figure=figure,
        unit=unit,
        reference_name="bare PySide6 window",
        reference=bare,
        measured=measured,
        kind="at_most",
        limit=limit,
        notes=notes,
    )


def _milliseconds(paints: list[Paint]) -> Samples:
    return Samples.of([p.milliseconds for p in paints])


def _mebibytes(paints: list[Paint]) -> Samples:
    return Samples.of([p.first_paint_rss_kib / 1024 for p in paints])


def test_start_to_the_sign_in_dialog_and_its_memory(
    tmp_path: Path, budget: Callable[[Comparison], None]
) -> None:
    runs = Runs(tmp_path)
    bare, started = alternate(runs.bare, runs.app)
    assert all(p.first_paint_rss_kib > 0 for p in bare + started), "VmRSS was not reported"
    budget(
        against_the_bare_window(
            "start → sign-in dialog painted",
            "ms",
            _milliseconds(bare),
            _milliseconds(started),
            START_BUDGET,
            tuple(import_profile(runs)),
        )
    )
    budget(
        against_the_bare_window(
            "RSS at the sign-in dialog",
            "MiB",
            _mebibytes(bare),
            _mebibytes(started),
            MEMORY_BUDGET,
        )
    )


def test_demo_to_its_choices_painted(tmp_path: Path, budget: Callable[[Comparison], None]) -> None:
    runs = Runs(tmp_path)
    # Every demo run has fresh folders but this one cache folder, where the template lives.
    cache = tmp_path / "demo-cache"
    cold = runs.app("--demo", until="choices-painted", XDG_CACHE_HOME=str(cache))
    templates = sorted(cache.glob("privacy-desk/demo/demo-*.sqlite3"))
    assert len(templates) == 1, f"the first demo run left no template: {templates}"

    def demo() -> Paint:
        return runs.app("--demo", until="choices-painted", XDG_CACHE_HOME=str(cache))

    bare, demos = alternate(runs.bare, demo)
    alone = Samples.of(
        [runs.service_alone(XDG_CACHE_HOME=str(cache)).milliseconds for _ in range(SAMPLES)]
    )
    bare_median = _milliseconds(bare).median
    demo_median = _milliseconds(demos).median
    budget(
        against_the_bare_window(
            "--demo → choices painted",
            "ms",
            _milliseconds(bare),
            _milliseconds(demos),
            DEMO_BUDGET,
            (
                "measured with the demo database template built (by the first, cold run);",
                f"the cold run that built it: {cold.milliseconds:,.0f} ms to the choices painted",
                "the service alone, started as --demo starts it, in an interpreter of its own: "
                f"{alone} ms, "
                f"{alone.median / bare_median:.1f}× the bare window;",
                "in --demo it shares one interpreter lock with the app, so the app's own part "
                f"(start, sign-in, main window, choices) is about {demo_median - alone.median:,.0f}"
                f" ms, {(demo_median - alone.median) / bare_median:.1f}× the bare window",
            ),
        )
    )
