"""Scrolling a million records in Your data: is the first page quick, does the window stall,
does memory stay bounded?

    make bench    (pytest collects this file through benchmarks/conftest.py)

A real embedded service on a temporary SQLite file, seeded with 1,000,000 playback events
for one account (server.seeding, Core bulk inserts; $BENCH_EVENTS overrides the number).
The app's RecordsTableModel, behind a real QTableView (offscreen), signed in through
AuthSession like the app. Measured:

- the time from `start()` to the first page in the model;
- the time per `fetchMore` page while the view is scrolled to the bottom again and again
  until 50,000 rows are in the table (median and worst);
- the longest GUI-thread stall meanwhile: a QTimer ticks every 10 ms, and the largest gap
  between two ticks is reported;
- resident memory after 5,000 rows and after 50,000 rows. The service runs in this process
  too (its SQLite cache counts), so the figure is an upper bound for the app's share; the
  model's own window is reported as the number of rows whose text it keeps.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.flows.your_data import PAGE_SIZE, fetch_records
from app.ui.models.records_model import RecordsTableModel
from app.ui.tasks import wait_for_all_tasks
from server.accounts import create_user
from server.config import Settings
from server.db.models import PlaybackEvent, User
from server.embedded import EmbeddedService
from server.seeding import seed_account_history
from tests.support.memory_keyring import MemoryKeyring

DEFAULT_EVENTS = 1_000_000
SCROLL_ROWS = 50_000
FIRST_ROWS = 5_000
EMAIL, PASSWORD = "heavy@example.org", "a long enough password"

FIRST_PAGE_BUDGET_SECONDS = 2.0
STALL_BUDGET_SECONDS = 0.25
# Memory after ten times the rows may grow by this much at most (the window is bounded).
GROWTH_BUDGET_BYTES = 60 * 2**20


def resident_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def seeded_service(folder: Path, events: int) -> EmbeddedService:
    service = EmbeddedService(Settings(database_url=f"sqlite:///{folder / 'bench.sqlite3'}"))
    service.start()
    with service.database.session() as session:
        create_user(session, service.settings, email=EMAIL, password=PASSWORD)
    with service.database.session() as session:
        user_id = session.scalar(select(User.id).where(User.email == EMAIL))
        assert user_id is not None
        seed_account_history(
            session.connection(), user_id, datetime.now(UTC), events=events, seed=7
        )
        held = session.scalar(
            select(func.count()).select_from(PlaybackEvent).where(PlaybackEvent.user_id == user_id)
        )
        assert held == events
    return service


class StallWatch:
    """A 10 ms timer on the GUI thread; the longest gap between ticks is the worst stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0

    def start(self) -> None:
        self.clock.start()
        self._last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, (now - self._last) / 1000.0)
        self._last = now

    def stop(self) -> None:
        self.timer.stop()


def test_scrolling_a_million_records_stays_smooth_and_bounded(
    qtbot: QtBot, qapp: QApplication, report_figure: Callable[[str], None]
) -> None:
    events = int(os.environ.get("BENCH_EVENTS", DEFAULT_EVENTS))
    with tempfile.TemporaryDirectory(prefix="bench-records-") as name:
        started = time.perf_counter()
        service = seeded_service(Path(name), events)
        seeding = time.perf_counter() - started
        try:
            session, _stored = AuthSession.sign_in(
                PrivacyClient(service.base_url), TokenVault(MemoryKeyring()), EMAIL, PASSWORD
            )
            model = RecordsTableModel(partial(fetch_records, session, "C5"))
            view = QTableView()
            qtbot.addWidget(view)
            view.setModel(model)
            view.resize(1000, 700)
            view.show()

            started = time.perf_counter()
            with qtbot.waitSignal(model.page_arrived, timeout=30_000):
                model.start()
            first_page = time.perf_counter() - started
            view.resizeColumnsToContents()

            watch = StallWatch()
            watch.start()
            timings: list[float] = []
            rss_at_first = 0
            while model.rowCount() < SCROLL_ROWS and not model.at_end:
                before = model.rowCount()
                started = time.perf_counter()
                view.scrollToBottom()  # the view calls fetchMore when its last row shows
                qtbot.waitUntil(lambda: model.rowCount() > before, timeout=30_000)  # noqa: B023
                timings.append(time.perf_counter() - started)
                if not rss_at_first and model.rowCount() >= FIRST_ROWS:
                    rss_at_first = resident_bytes()
            qtbot.wait(50)
            watch.stop()
            rss_at_end = resident_bytes()
            kept_rows = model.loaded_rows
            scrolled = model.rowCount()
            wait_for_all_tasks()
        finally:
            service.stop()

    ms = 1000.0
    report_figure(
        f"records model, {events:,} playback events (seeded in {seeding:.0f} s): "
        f"first page of {PAGE_SIZE} in {first_page * ms:.0f} ms"
    )
    report_figure(
        f"records model: scrolled to {scrolled:,} rows in {len(timings)} pages, "
        f"fetchMore median {statistics.median(timings) * ms:.0f} ms, "
        f"worst {max(timings) * ms:.0f} ms, total {sum(timings):.1f} s"
    )
    report_figure(
        f"records model: longest GUI-thread stall while scrolling {watch.longest * ms:.0f} ms"
    )
    report_figure(
        f"records model: RSS {rss_at_first / 2**20:.0f} MiB at {FIRST_ROWS:,} rows, "
        f"{rss_at_end / 2**20:.0f} MiB at {scrolled:,} rows; "
        f"the model keeps the text of {kept_rows:,} rows"
    )
    assert first_page < FIRST_PAGE_BUDGET_SECONDS
    assert watch.longest < STALL_BUDGET_SECONDS
    assert kept_rows <= model.max_pages * PAGE_SIZE
    assert rss_at_end - rss_at_first < GROWTH_BUDGET_BYTES
