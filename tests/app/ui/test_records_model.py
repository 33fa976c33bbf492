"""The records table, paged in as the user scrolls, read without a window.

The pages come from a plain function that makes them up deterministically, as the
service would page a category newest first: the model's paging, its window of pages and
its error handling are what is under test here; the real service is in tests/e2e.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.api.errors import FailureKind, ServiceError
from app.core.data import RecordPage
from app.ui.formatting import format_timestamp
from app.ui.models.records_model import NOT_LOADED, LoadedRecordsFilter, RecordsTableModel
from app.ui.tasks import wait_for_all_tasks

WAIT = 5_000


NEWEST = datetime(2026, 5, 31, 21, 0, tzinfo=UTC)
FIELDS = ("id", "occurred_at", "device", "summary")


class MadeUpCategory:
    """`total` records, newest first, `size` per page; the cursor is the next offset."""

    def __init__(self, total: int, size: int) -> None:
        self.total = total
        self.size = size
        self.asked: list[str | None] = []
        self.fail_next = 0
        self.gate = threading.Event()
        self.gate.set()

    def record(self, number: int) -> dict[str, object]:
        return {
            "id": self.total - number,
            "occurred_at": (NEWEST - timedelta(minutes=number)).isoformat().replace("+00:00", "Z"),
            "device": ("Living room TV", "Pixel 8", "iPad")[number % 3],
            "summary": "stopped\twhile\nresuming" if number == 1 else "",
        }

    def __call__(self, cursor: str | None) -> RecordPage:
        self.asked.append(cursor)
        assert self.gate.wait(WAIT / 1000)
        if self.fail_next:
            self.fail_next -= 1
            raise ServiceError(FailureKind.OFFLINE)
        start = int(cursor or 0)
        end = min(start + self.size, self.total)
        return RecordPage(
            category="C5",
            fields=FIELDS,
            records=tuple(self.record(n) for n in range(start, end)),
            next_cursor=str(end) if end < self.total else None,
        )


@pytest.fixture
def category() -> MadeUpCategory:
    return MadeUpCategory(total=95, size=10)


@pytest.fixture
def model(qtbot: QtBot, category: MadeUpCategory) -> RecordsTableModel:
    records = RecordsTableModel(category, max_pages=3)
    yield records  # type: ignore[misc]
    category.gate.set()
    wait_for_all_tasks()


def cell(model: RecordsTableModel, row: int, column: int) -> object:
    return model.data(model.index(row, column))


def opened(qtbot: QtBot, model: RecordsTableModel) -> RecordsTableModel:
    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        model.start()
    return model


def scroll_to_end_of_loaded(qtbot: QtBot, model: RecordsTableModel) -> None:
    """What the view does when its last row comes into sight."""
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        model.fetchMore(QModelIndex())


def test_the_first_page_shows_its_fields_with_readable_headers(
    qtbot: QtBot, model: RecordsTableModel
) -> None:
    opened(qtbot, model)

    assert model.rowCount() == 10
    assert model.columnCount() == 4
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Record", "When", "Device", "Summary"]
    assert cell(model, 0, 0) == "95"
    assert cell(model, 0, 1) == format_timestamp(NEWEST), "times in the user's locale"
    assert cell(model, 2, 2) == "iPad"
    assert model.canFetchMore(QModelIndex())


def test_scrolling_appends_the_next_page_until_the_last(
    qtbot: QtBot, model: RecordsTableModel, category: MadeUpCategory
) -> None:
    opened(qtbot, model)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))

    scroll_to_end_of_loaded(qtbot, model)

    assert inserted == [(10, 19)]
    assert model.rowCount() == 20
    assert cell(model, 10, 0) == "85"
    assert category.asked == [None, "10"]

    while model.canFetchMore(QModelIndex()):
        scroll_to_end_of_loaded(qtbot, model)
    assert model.rowCount() == 95
    assert model.at_end


def test_no_second_request_while_one_is_in_flight(
    qtbot: QtBot, model: RecordsTableModel, category: MadeUpCategory
) -> None:
    opened(qtbot, model)
    category.gate.clear()

    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.busy

    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        category.gate.set()
    wait_for_all_tasks()
    assert category.asked == [None, "10"]
    assert model.rowCount() == 20
    assert not model.busy


def test_memory_stays_bounded_and_dropped_pages_come_back_when_looked_at(
    qtbot: QtBot, model: RecordsTableModel, category: MadeUpCategory
) -> None:
    opened(qtbot, model)
    for _ in range(4):
        scroll_to_end_of_loaded(qtbot, model)

    assert model.rowCount() == 50, "rows never disappear: the scroll bar doesn't jump"
    assert model.loaded_pages == 3, "only the three pages nearest the last one keep their text"
    assert cell(model, 45, 0) == "50"
    asked_before = len(category.asked)

    # Scrolling back to the top: the first page was dropped, so it says "…" and is fetched.
    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        assert cell(model, 0, 0) == NOT_LOADED
        assert cell(model, 5, 2) == NOT_LOADED  # no second request for the same page
    wait_for_all_tasks()
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT)

    assert category.asked[asked_before:] == [None], "fetched again with its own cursor"
    assert cell(model, 0, 0) == "95"
    assert cell(model, 5, 2) == "iPad"
    assert model.loaded_pages == 3
    assert cell(model, 45, 0) == NOT_LOADED, "the farthest page (the bottom) gave way"


def test_a_failed_request_is_reported_and_the_table_stays_usable(
    qtbot: QtBot, model: RecordsTableModel, category: MadeUpCategory
) -> None:
    opened(qtbot, model)
    category.fail_next = 1

    with qtbot.waitSignal(model.failed, timeout=WAIT) as failure:
        model.fetchMore(QModelIndex())

    error = failure.args[0]
    assert isinstance(error, ServiceError) and error.kind is FailureKind.OFFLINE
    assert model.rowCount() == 10 and cell(model, 9, 2) == "Living room TV"
    assert not model.busy and model.canFetchMore(QModelIndex())

    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        model.retry()
    assert model.rowCount() == 20


def test_a_failed_first_page_can_be_tried_again(
    qtbot: QtBot, model: RecordsTableModel, category: MadeUpCategory
) -> None:
    category.fail_next = 1
    with qtbot.waitSignal(model.failed, timeout=WAIT):
        model.start()
    assert model.rowCount() == 0 and not model.started

    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        model.retry()
    assert model.rowCount() == 10


def test_a_dropped_page_that_fails_to_come_back_is_not_asked_for_on_every_repaint(
    qtbot: QtBot, model: RecordsTableModel, category: MadeUpCategory
) -> None:
    opened(qtbot, model)
    for _ in range(3):
        scroll_to_end_of_loaded(qtbot, model)
    category.fail_next = 1
    with qtbot.waitSignal(model.failed, timeout=WAIT):
        assert cell(model, 0, 0) == NOT_LOADED
    asked = len(category.asked)

    for _ in range(5):
        assert cell(model, 0, 0) == NOT_LOADED
    assert len(category.asked) == asked

    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        model.retry()
    assert cell(model, 0, 0) == "95"


def test_a_copied_row_is_the_cells_as_shown_separated_by_tabs(
    qtbot: QtBot, model: RecordsTableModel
) -> None:
    opened(qtbot, model)

    line = model.row_as_text(1)

    when = format_timestamp(NEWEST - timedelta(minutes=1))
    assert line == f"94\t{when}\tPixel 8\tstopped while resuming"


def test_the_filter_narrows_the_loaded_rows_and_stops_paging(
    qtbot: QtBot, model: RecordsTableModel
) -> None:
    opened(qtbot, model)
    scroll_to_end_of_loaded(qtbot, model)
    visible = LoadedRecordsFilter(model)

    visible.set_filter_text("  PIXEL ")

    assert visible.rowCount() == 7
    assert {visible.data(visible.index(r, 2)) for r in range(7)} == {"Pixel 8"}
    assert not visible.canFetchMore(QModelIndex()), "a filter searches what is loaded"
    assert visible.source_rows([0]) == [1]

    visible.set_filter_text("")
    assert visible.rowCount() == 20
    assert visible.canFetchMore(QModelIndex())


def test_the_filter_searches_only_the_pages_still_loaded_and_finds_their_record_rows(
    qtbot: QtBot, model: RecordsTableModel
) -> None:
    opened(qtbot, model)
    for _ in range(4):  # five pages of ten rows; the window keeps three
        scroll_to_end_of_loaded(qtbot, model)
    assert model.rowCount() == 50 and model.loaded_pages == 3
    visible = LoadedRecordsFilter(model)

    visible.set_filter_text("ipad")

    # Record numbers 20..49 are loaded; iPad is every third one from 2 on.
    expected = [row for row in range(20, 50) if row % 3 == 2]
    assert visible.rowCount() == len(expected)
    assert visible.source_rows(range(len(expected))) == expected
    assert {visible.data(visible.index(r, 2)) for r in range(len(expected))} == {"iPad"}
    assert visible.headerData(2, Qt.Orientation.Horizontal) == "Device"
    assert visible.data(visible.index(0, 2), Qt.ItemDataRole.FontRole) is None

    visible.set_filter_text("")
    assert visible.rowCount() == 50
    assert visible.source_rows([7]) == [7]


def test_a_page_arriving_while_a_filter_is_set_is_searched_too(
    qtbot: QtBot, model: RecordsTableModel
) -> None:
    opened(qtbot, model)
    visible = LoadedRecordsFilter(model)
    model.fetchMore(QModelIndex())  # the view asked just before the user typed
    visible.set_filter_text("pixel")
    before = visible.rowCount()

    qtbot.waitUntil(lambda: model.rowCount() == 20, timeout=WAIT)

    assert visible.rowCount() > before
    assert visible.source_rows([visible.rowCount() - 1]) == [19]


def test_starting_again_forgets_the_old_pages_and_late_answers(
    qtbot: QtBot, model: RecordsTableModel, category: MadeUpCategory
) -> None:
    opened(qtbot, model)
    category.gate.clear()
    model.fetchMore(QModelIndex())  # in flight while the user picks another category

    model.start()
    with qtbot.waitSignal(model.page_arrived, timeout=WAIT):
        category.gate.set()
    wait_for_all_tasks()
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT)

    assert model.rowCount() == 10
    assert cell(model, 0, 0) == "95"


def test_the_model_keeps_qt_s_rules(qtbot: QtBot, model: RecordsTableModel) -> None:
    opened(qtbot, model)
    scroll_to_end_of_loaded(qtbot, model)

    ModelTester(None).check(model)  # type: ignore[no-untyped-call]
