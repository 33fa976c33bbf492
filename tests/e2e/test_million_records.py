"""A category of 1,000,000 records opens at once, scrolls without stalls, in bounded memory.

The service is seeded once for this module (about 20 s); the timings are not asserted
here (benchmarks/ measures them), only that the page keeps working and stays responsive.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.local.paths import AppPaths
from app.ui.context import DeskContext
from app.ui.pages.data_page import DataPage
from app.ui.tasks import wait_for_all_tasks
from server.accounts import create_user
from server.config import Settings
from server.embedded import EmbeddedService
from server.seeding import seed_account_history
from tests.support.memory_keyring import MemoryKeyring

MILLION = 1_000_000
EMAIL, PASSWORD = "million@example.org", "a long enough password"


@pytest.fixture(scope="module")
def million_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedService]:
    folder = tmp_path_factory.mktemp("million")
    service = EmbeddedService(
        Settings(database_url=f"sqlite:///{folder / 'service.sqlite3'}", export_dir=folder)
    )
    service.start()
    with service.database.session() as session:
        user = create_user(session, service.settings, email=EMAIL, password=PASSWORD)
        seed_account_history(
            session.connection(), user.id, datetime.now(UTC), events=MILLION, seed=7
        )
    yield service
    service.stop()


@pytest.fixture
def page(qtbot: QtBot, million_service: EmbeddedService, tmp_path: Path) -> Iterator[DataPage]:
    client = PrivacyClient(million_service.base_url)
    session, _ = AuthSession.sign_in(client, TokenVault(MemoryKeyring()), EMAIL, PASSWORD)
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    data = DataPage(DeskContext.signed_in(session, paths))
    qtbot.addWidget(data)
    data.resize(1100, 760)
    data.show()
    data.reload()
    qtbot.waitUntil(lambda: data.state.currentIndex() == 1, timeout=30_000)
    yield data
    wait_for_all_tasks()


def test_a_category_of_a_million_records_opens_and_scrolls_without_freezing(
    qtbot: QtBot, page: DataPage
) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)

    page.select_category("C5")
    qtbot.waitUntil(lambda: page.records_pane.records.rowCount() > 0, timeout=30_000)
    assert page.current is not None and page.current.count == MILLION
    assert "1,000,000" in page.records_pane.records_status.text()

    # Scroll down through 3,000 rows the way a user drags the scroll bar to the bottom.
    while page.records_pane.records.rowCount() < 3_000:
        page.records_pane.table.scrollToBottom()
        before = page.records_pane.records.rowCount()
        qtbot.waitUntil(
            lambda before=before: page.records_pane.records.rowCount() > before, timeout=30_000
        )
    timer.stop()

    newest_first = [
        page.records_pane.records.data(page.records_pane.records.index(row, 1))
        for row in (0, 2_999)
    ]
    assert all(newest_first), "rows far down the list carry real values"
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert max(gaps) < 1.0, "the event loop kept running while pages arrived"
    assert page.records_pane.records.rowCount() < MILLION, "only what was scrolled to is loaded"
