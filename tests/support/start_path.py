"""What `python -m app` imports before its first window is painted, read from
`python -X importtime` (for tests/app/test_start_path.py and benchmarks/bench_start.py).

The app prints `first-paint: …` when PRIVACY_DESK_REPORT_FIRST_PAINT is set
(app/ui/first_paint.py); importtime writes to stderr. Both go through one pipe, so every
import listed before that line happened before the paint.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from tests.support.child_process import CHILD_TIMEOUT_SECONDS, REPO_ROOT

REPORT_VARIABLE = "PRIVACY_DESK_REPORT_FIRST_PAINT"


@dataclass(frozen=True)
class ImportTime:
    module: str
    own_us: int
    cumulative_us: int


@dataclass(frozen=True)
class StartPath:
    imports: tuple[ImportTime, ...]
    first_paint_line: str

    @property
    def modules(self) -> frozenset[str]:
        return frozenset(item.module for item in self.imports)


def run_until(
    command: list[str], env: dict[str, str], prefix: str, *, stderr: int = subprocess.DEVNULL
) -> tuple[float, list[str]]:
    """Start `command`, read its output up to the line starting with `prefix` (or its end),
    then end it: `time.monotonic()` just before the spawn, and the lines read."""
    lines: list[str] = []
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    watchdog = threading.Timer(CHILD_TIMEOUT_SECONDS, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith(prefix):
                break
    finally:
        watchdog.cancel()
        process.terminate()
        process.wait(timeout=30)
    return started, lines


def start_path(env: dict[str, str]) -> StartPath:
    """Run the app in `env` (isolated_env) until its first paint, then end it."""
    _started, lines = run_until(
        [sys.executable, "-X", "importtime", "-m", "app"],
        {**env, REPORT_VARIABLE: "1"},
        "first-paint:",
        stderr=subprocess.STDOUT,  # one pipe: what came before the paint stays before it
    )
    imports: list[ImportTime] = []
    for line in lines:
        if line.startswith("import time:") and "cumulative" not in line:
            own, cumulative, name = line.removeprefix("import time:").split("|")
            imports.append(ImportTime(name.strip(), int(own), int(cumulative)))
    if not lines or not lines[-1].startswith("first-paint:"):
        raise AssertionError("the app ended (or hung) without painting a window")
    return StartPath(tuple(imports), lines[-1])
