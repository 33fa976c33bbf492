"""A user looks at what the service holds about them: categories, records, the chart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from app.flows.your_data import PAGE_SIZE
from app.ui.context import DeskContext
from app.ui.pages.data_page import DataPage
from server.db.models import PlaybackEvent, User
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL

WAIT = 15_000
DEVICES = ("Living room TV", "Pixel 8", "iPad")
PER_MONTH = 500
MONTHS = 6


def months_back(now: datetime, count: int) -> datetime:
    """The first instant of the month `count` months before this one."""
    index = now.year * 12 + now.month - 1 - count
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def played_for_six_months(service: EmbeddedService, email: str) -> int:
    """500 playback events in each of the last six months (this one included), in bulk."""
    now = datetime.now(UTC)
    rows = []
    for back in range(MONTHS):
        start = months_back(now, back)
        end = now if back == 0 else months_back(now, back - 1)
        step = (end - start) / PER_MONTH
        for n in range(PER_MONTH):
            rows.append(
                {
                    "occurred_at": start + step * n,
                    "device": DEVICES[(back * PER_MONTH + n) % len(DEVICES)],
                    "media_kind": "video",
                    "duration_seconds": 600 + n,
                    "bitrate_kbps": 8000,
                    "resolution": "1080p",
                    "file_type": "mkv",
                    "ip_address": "203.0.113.24",
                }
            )
    with service.database.session() as session:
        user_id = session.scalar(select(User.id).where(User.email == email))
        session.execute(insert(PlaybackEvent), [{**row, "user_id": user_id} for row in rows])
    return len(rows)


@pytest.fixture
def played(live_service: EmbeddedService) -> int:
    return played_for_six_months(live_service, USER_EMAIL)


@pytest.fixture
def page(qtbot: QtBot, context: DeskContext, played: int) -> DataPage:
    data = DataPage(context)
    qtbot.addWidget(data)
    data.resize(1100, 760)
    data.show()
    data.reload()
    qtbot.waitUntil(lambda: data.state.currentIndex() == 1, timeout=WAIT)
    return data


def list_text(page: DataPage, category_id: str) -> str:
    model = page.categories
    return str(model.data(model.index(model.row_of(category_id))))


def open_category(qtbot: QtBot, page: DataPage, category_id: str) -> None:
    page.select_category(category_id)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == category_id)


def cell(page: DataPage, row: int, column: int) -> str:
    model = page.records_pane.visible_records
    return str(model.data(model.index(row, column)))


def test_the_user_browses_their_playback_history_page_by_page(
    qtbot: QtBot, page: DataPage, played: int
) -> None:
    assert list_text(page, "C5").endswith(f"— {played:,}")
    assert list_text(page, "C1").endswith("— 1")

    open_category(qtbot, page, "C5")
    qtbot.waitUntil(lambda: page.records_pane.records.rowCount() == PAGE_SIZE, timeout=WAIT)
    assert page.records_pane.table.isVisible()
    header = page.records_pane.table.model().headerData(1, Qt.Orientation.Horizontal)
    assert header == "When"
    assert page.details.title.text() == page.current.title  # type: ignore[union-attr]
    assert page.details.facts["retention"].text()
    assert "3,000" in page.records_pane.records_status.text()

    page.records_pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.records_pane.records.rowCount() > PAGE_SIZE, timeout=WAIT)
    assert page.records_pane.records.rowCount() <= played

    page.records_pane.filter_box.setText("pixel")
    shown = page.records_pane.visible_records.rowCount()
    assert 0 < shown < page.records_pane.records.rowCount()
    assert {cell(page, row, 2) for row in range(shown)} == {"Pixel 8"}

    page.records_pane.table.selectRow(0)
    assert page.records_pane.copy_row_button.isEnabled()
    qtbot.mouseClick(page.records_pane.copy_row_button, Qt.MouseButton.LeftButton)
    clipboard = QGuiApplication.clipboard()
    copied = clipboard.text().split("\t")
    assert copied[2] == "Pixel 8"
    assert copied == [
        cell(page, 0, column) for column in range(page.records_pane.records.columnCount())
    ]


def test_the_chart_shows_six_months_of_collection(qtbot: QtBot, page: DataPage) -> None:
    open_category(qtbot, page, "C5")

    qtbot.waitUntil(lambda: page.records_pane.chart.isVisible(), timeout=WAIT)
    assert len(page.records_pane.chart.months) == MONTHS
    assert all(count == PER_MONTH for _month, count in page.records_pane.chart.months)
    assert "500 records" in page.records_pane.chart.accessibleDescription()


def test_a_category_empty_by_design_says_why(qtbot: QtBot, page: DataPage) -> None:
    summary = page.categories.category(page.categories.row_of("C13"))
    assert not summary.holds_records and summary.empty_reason

    open_category(qtbot, page, "C13")

    assert page.records_area.currentWidget() is page.none_by_design
    assert page.none_by_design.text() == summary.empty_reason
    tooltip = page.categories.data(
        page.categories.index(page.categories.row_of("C13")), Qt.ItemDataRole.ToolTipRole
    )
    assert tooltip == summary.empty_reason


def test_asking_for_a_copy_of_everything_goes_to_requests(qtbot: QtBot, page: DataPage) -> None:
    with qtbot.waitSignal(page.copy_requested, timeout=WAIT):
        qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)


def test_the_ad_profile_built_about_the_user_can_be_looked_at(
    qtbot: QtBot, live_service: EmbeddedService, page: DataPage
) -> None:
    """R1: the inferences (interest segments) are data held about the user, so they show."""
    from server.db.models import AdSegment

    with live_service.database.session() as session:
        user_id = session.scalar(select(User.id).where(User.email == USER_EMAIL))
        for segment, score in (("interest:sports", 7), ("interest:food", 3)):
            session.add(
                AdSegment(
                    user_id=user_id, segment=segment, score=score, updated_at=datetime.now(UTC)
                )
            )
    page.reload()
    qtbot.waitUntil(lambda: page.state.currentIndex() == 1, timeout=WAIT)
    open_category(qtbot, page, "C6")
    assert page.records_pane.part_box.isVisibleTo(page) and page.records_pane.part_box.count() == 2

    page.records_pane.part_box.setCurrentIndex(page.records_pane.part_box.findData("ad-profile"))
    page.records_pane.part_box.activated.emit(page.records_pane.part_box.currentIndex())
    qtbot.waitUntil(lambda: page.records_pane.records.rowCount() == 2, timeout=WAIT)
    shown = {
        str(page.records_pane.records.data(page.records_pane.records.index(row, column)))
        for row in range(2)
        for column in range(page.records_pane.records.columnCount())
    }
    assert {"interest:sports", "interest:food"} <= shown


def test_coming_back_to_your_data_shows_records_collected_meanwhile(
    qtbot: QtBot, page: DataPage, live_service: EmbeddedService, played: int
) -> None:
    open_category(qtbot, page, "C5")
    assert page.current is not None and page.current.count == played
    page.hide()
    played_for_six_months(live_service, USER_EMAIL)  # the apps kept playing meanwhile
    page.show()
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.count == 2 * played, timeout=WAIT
    )
    assert page.current is not None and page.current.id == "C5", "the same category stays open"


def test_coming_back_when_nothing_changed_reads_no_records_again(
    qtbot: QtBot, page: DataPage
) -> None:
    open_category(qtbot, page, "C5")
    shown = page.current
    page.hide()
    page.show()
    qtbot.wait(1_000)
    assert page.current is shown, "nothing changed: the category was not shown afresh"
