"""The longest GUI-thread gap while a user goes through the whole app (issue 11: ≤ 50 ms).

    make bench    (pytest collects this file through benchmarks/conftest.py)
    .venv/bin/pytest benchmarks/bench_gui_gaps.py -s     (this one alone)

The service runs in a process of its own on loopback, as a real one would: its work never
competes with the app's GUI thread for the interpreter. It is seeded once with the demo
account and 200,000 playback events (`privacy-server seed-demo --events 200000`).

The app is the real one: `DeskApp` with the theme, the style sheet and the GUI-thread
garbage collector that app/main.py sets up, offscreen. A heartbeat timer ticks every 5 ms on
the GUI thread (benchmarks/gui_heartbeat.py) while a scripted user signs in through the
dialog, visits every page of the sidebar (waiting on each until its loads are in), flips a
choice and waits for the service's confirmation, opens the largest category of Your data,
scrolls it down page by page and types a filter over the loaded records. The longest gap
between two ticks is the run's figure, with the step it happened in, where the GUI thread
was, and how much of the gap it spent on a CPU (the rest it waited: for a core, or for the
interpreter lock held by a worker thread).

Each scripted run happens twice: straight to the service, and through a proxy that holds
every request for 2 s (tests/support/fault_proxy.py, every call delayed, in a process of its
own). The reference is the same heartbeat on an idle bare QWidget for as long as the run took
(at most 10 s: a slow run takes about 40 s, and an idle window's longest gap hardly grows).

Scrolling "to the end" of 200,000 records is 1,000 pages of 200; at 2 s a page that alone
would take half an hour. The scripted user scrolls SCROLL_PAGES pages down (past the model's
window of 20 kept pages, so pages are dropped as they scroll out) on the direct run, and
SLOW_SCROLL_PAGES through the slow proxy, then drags back to the top, where dropped pages
are fetched again. Five direct runs (about 2 s each) and three slow ones (about 40 s each)
keep the benchmark at about three minutes on a two-core machine; $BENCH_GUI_RUNS,
$BENCH_GUI_SLOW_RUNS and $BENCH_GUI_EVENTS (the records seeded) change the numbers.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.auth.vault import TokenVault
from app.local.paths import AppPaths
from app.ui.desk import DeskApp
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_thread_gc import MainThreadGarbageCollector
from app.ui.main_window import SIDEBAR, MainWindow
from app.ui.style import STYLE_SHEET
from app.ui.tasks import running_task_count, wait_for_all_tasks
from app.ui.theme import apply_theme
from benchmarks.bench_seed_and_page import seed_in_own_process
from benchmarks.budgets import Comparison, Samples
from benchmarks.gui_heartbeat import Gap, Heartbeat
from benchmarks.processes import free_port
from server.demo import DEMO_EMAIL, DEMO_PASSWORD
from tests.support.memory_keyring import MemoryKeyring

EVENTS = int(os.environ.get("BENCH_GUI_EVENTS", 200_000))
RUNS = int(os.environ.get("BENCH_GUI_RUNS", 5))
SLOW_RUNS = int(os.environ.get("BENCH_GUI_SLOW_RUNS", 3))
SCROLL_PAGES = 30
SLOW_SCROLL_PAGES = 3
SLOW_SECONDS = 2.0
GAP_BUDGET_MS = 50.0
WAIT_MS = 60_000
SETTLE_MS = 100
# An idle window's longest gap hardly grows with time: the reference for a 40 s slow run
# idles this long, which keeps the whole benchmark under four minutes.
REFERENCE_SECONDS_AT_MOST = 10.0

# The service, ended with this process even if it dies: it stops when its stdin closes.
_SERVE = """
import os, sys, threading
from server.cli import main
threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
sys.exit(main(sys.argv[1:]))
"""
_SLOW_PROXY = """
import sys
from tests.support.fault_proxy import DELAY, FaultProxy
pause = float(sys.argv[2])
proxy = FaultProxy(sys.argv[1], weights={DELAY: 1.0}, delay_range=(pause, pause))
proxy.start()
proxy.faults_on(1.0)
print(proxy.base_url, flush=True)
sys.stdin.read()
"""


# -- the service and the slow proxy, each in a process of its own ---------------------------


def _wait_until_answering(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the service process ended"
        try:
            with urllib.request.urlopen(f"{url}/v1/keys", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answered at {url}")


@pytest.fixture(scope="module")
def service_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'service.sqlite3'}"
        seed_in_own_process(url, EVENTS)
        port = free_port()
        environment = {
            **os.environ,
            # The scripted user signs in with a password, once per run; the per-minute
            # limit is there for password guessing.
            "PRIVACY_SERVER_PASSWORD_GRANT": "1",
            "PRIVACY_SERVER_SIGN_IN_ATTEMPTS_PER_ACCOUNT": "1000",
        }
        command = [sys.executable, "-c", _SERVE, "--database-url", url, "--export-dir", name]
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port)],
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_answering(base_url, process)
            yield base_url
        finally:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def slow_url(service_url: str) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_PROXY, service_url, str(SLOW_SECONDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        yield process.stdout.readline().decode().strip()
    finally:
        process.stdin.close()
        process.wait(timeout=30)


# -- the scripted user ----------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    gap: Gap
    seconds: float
    long_gaps: tuple[Gap, ...] = ()


def _settle(qtbot: QtBot) -> None:
    """Until no task is running and their results had a moment to arrive."""
    qtbot.waitUntil(lambda: running_task_count() == 0, timeout=WAIT_MS)
    qtbot.wait(SETTLE_MS)
    qtbot.waitUntil(lambda: running_task_count() == 0, timeout=WAIT_MS)


def scripted_user(qtbot: QtBot, url: str, home: Path, scroll_pages: int) -> Run:
    paths = AppPaths(home / "config", home / "data", home / "logs")
    desk = DeskApp(TokenVault(MemoryKeyring()), paths)
    desk.start()
    dialog = desk.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitExposed(dialog)
    heartbeat = Heartbeat()
    started = time.perf_counter()
    heartbeat.step = "sign in"
    heartbeat.start()
    try:
        # The demo account through the password grant, as `--demo` signs in (the benchmark's
        # service has it on): the browser's part of a sign-in is not the app's GUI thread.
        dialog.sign_in_with_password(url, DEMO_EMAIL, DEMO_PASSWORD)
        try:
            qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=WAIT_MS)
        except qtbot.TimeoutError:
            raise AssertionError(f"not signed in: {dialog.message.text()!r}") from None
        window = desk.window
        assert isinstance(window, MainWindow)
        _settle(qtbot)

        for row, name in enumerate(SIDEBAR):
            heartbeat.step = f"visit {name}"
            window.sidebar.setCurrentRow(row)
            _settle(qtbot)

        heartbeat.step = "flip a choice"
        choices = window.choices_page
        window.show_page(choices)
        qtbot.waitUntil(lambda: "X5" in choices.cards, timeout=WAIT_MS)
        with qtbot.waitSignal(choices.sync.confirmed, timeout=WAIT_MS):
            qtbot.mouseClick(choices.cards["X5"].switch, Qt.MouseButton.LeftButton)
        _settle(qtbot)

        heartbeat.step = "open the largest category"
        data = window.data_page
        window.show_page(data)
        qtbot.waitUntil(lambda: data.categories.rowCount() > 0, timeout=WAIT_MS)
        largest = max(data.categories.summaries(), key=lambda category: category.count)
        data.select_category(largest.id)
        pane = data.records_pane
        records = pane.records
        qtbot.waitUntil(lambda: records.rowCount() > 0, timeout=WAIT_MS)
        _settle(qtbot)

        heartbeat.step = "scroll down"
        for _ in range(scroll_pages):
            before = records.rowCount()
            pane.table.scrollToBottom()  # the view asks for more as its last row shows
            qtbot.waitUntil(
                lambda: records.rowCount() > before or records.at_end,  # noqa: B023
                timeout=WAIT_MS,
            )
        heartbeat.step = "filter the loaded records"
        qtbot.keyClicks(pane.filter_box, "pixel")  # one search per keystroke
        qtbot.wait(SETTLE_MS)
        pane.filter_box.clear()
        heartbeat.step = "drag back to the top"
        pane.table.scrollToTop()  # pages dropped from the window are fetched again
        _settle(qtbot)
    finally:
        gap = heartbeat.stop()
        seconds = time.perf_counter() - started
        if desk.window is not None:
            desk.window.close()
            desk.window.deleteLater()
        wait_for_all_tasks()
        qtbot.wait(SETTLE_MS)
    return Run(gap, seconds, tuple(heartbeat.long_gaps))


def idle_bare_window(qtbot: QtBot, seconds: float) -> Gap:
    """The reference: the same heartbeat, for as long, on a bare window doing nothing."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1120, 800)
    window.show()
    qtbot.waitExposed(window)
    heartbeat = Heartbeat()
    heartbeat.step = "idle"
    heartbeat.start()
    qtbot.wait(int(seconds * 1000))
    gap = heartbeat.stop()
    window.close()
    return gap


def _compare(
    qtbot: QtBot, url: str, runs: int, scroll_pages: int, figure: str
) -> tuple[Comparison, list[Run]]:
    measured: list[Run] = []
    reference: list[Gap] = []
    for number in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-gui-app-") as home:
            run = scripted_user(qtbot, url, Path(home), scroll_pages)
        measured.append(run)
        reference.append(idle_bare_window(qtbot, min(run.seconds, REFERENCE_SECONDS_AT_MOST)))
        print(f"{figure} run {number + 1}: {run.gap.describe()} ({run.seconds:.1f} s)")
        for gap in run.long_gaps:
            print(f"    {gap.describe()}")
    worst = max(measured, key=lambda run: run.gap.milliseconds)
    busiest = max(
        (gap for run in measured for gap in (run.gap, *run.long_gaps)),
        key=lambda gap: gap.cpu_milliseconds,
    )
    comparison = Comparison(
        figure,
        "ms",
        "bare idle window",
        Samples.of([gap.milliseconds for gap in reference]),
        Samples.of([run.gap.milliseconds for run in measured]),
        kind="ceiling",
        limit=GAP_BUDGET_MS,
        notes=(
            f"{runs} runs of {min(r.seconds for r in measured):.0f}–"
            f"{max(r.seconds for r in measured):.0f} s; longest of all: {worst.gap.describe()}",
            "each run: "
            + "; ".join(f"{r.gap.milliseconds:.0f} ms in '{r.gap.step}'" for r in measured),
            f"most GUI-thread CPU in one gap: {busiest.describe()}",
        ),
    )
    return comparison, measured


@pytest.fixture
def real_app_look(qapp: QApplication) -> Iterator[None]:
    """What app/main.py sets up before the first window: theme, style sheet, collector."""
    apply_theme(qapp, "system")
    qapp.setStyleSheet(STYLE_SHEET)
    collector = MainThreadGarbageCollector(qapp)
    yield
    collector.stop()
    collector.deleteLater()
    gc.unfreeze()  # what the collector froze once start-up had settled
    gc.enable()  # the collector turned automatic collection off
    qapp.setStyleSheet("")


# What each test runs: the fixture with the address the app signs in to, runs, pages scrolled.
CASES = {
    "direct": ("service_url", RUNS, SCROLL_PAGES, "longest GUI-thread gap, direct"),
    "slow": (
        "slow_url",
        SLOW_RUNS,
        SLOW_SCROLL_PAGES,
        f"longest GUI-thread gap, with the service {SLOW_SECONDS:g} s slow",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_longest_gui_thread_gap(
    case: str,
    qtbot: QtBot,
    real_app_look: None,
    request: pytest.FixtureRequest,
    budget: Callable[[Comparison], None],
) -> None:
    address, runs, scroll_pages, figure = CASES[case]
    comparison, _runs = _compare(
        qtbot, request.getfixturevalue(address), runs, scroll_pages, figure
    )
    budget(comparison)
