"""Tables read like a settings app's lists, and the copy viewer speaks the user's words.

A table after `flat_table` has no grid, no row numbers and cuts long values with "…"; a
column that shows "—" never takes the room a long value needs. The copy viewer, opened on
a copy the real service made, names categories by their titles and fields by their labels
(never "C1" or `created_at`), in English and in Dutch, and its records fill the table.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from app.core.requests import RequestKind
from app.ui.context import DeskContext
from app.ui.i18n import Translations
from app.ui.pages.copy_viewer_page import CopyViewerPage
from app.ui.tasks import wait_for_all_tasks
from app.ui.widgets.table_sizing import fill_width, fit_columns, flat_table
from server.catalog.entries import CATEGORIES_BY_ID
from server.db.models import PlaybackEvent
from server.embedded import EmbeddedService
from tests.e2e import conftest as e2e
from tests.e2e.conftest import signed_in_context
from tests.e2e.test_requests_page import run_the_service_worker
from tests.support.memory_keyring import MemoryKeyring

WAIT = 20_000
LONG_DEVICE = "The projector in the attic, the one with the fan that hums all evening long"
CATEGORY_ID = re.compile(r"\bC\d{1,2}\b")
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")

# The e2e suite's fixture (autouse there, so here too): English with its plural forms, and
# `.use("nl")` to switch to Dutch as the app does.
english = e2e.english


# -- the look of any table ------------------------------------------------------------------


def _table(qtbot: QtBot, rows: list[tuple[str, str, str]]) -> QTableView:
    model = QStandardItemModel(len(rows), 3)
    model.setHorizontalHeaderLabels(["Kind", "Status", "Time left"])
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            model.setItem(row, column, QStandardItem(value))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    return table


def test_a_flat_table_has_no_grid_no_row_numbers_and_cuts_long_values(qtbot: QtBot) -> None:
    table = _table(qtbot, [("Copy of my data", "In progress", "29 days left")])

    flat_table(table)
    table.show()

    assert not table.showGrid()
    assert not table.verticalHeader().isVisible(), "no row numbers"
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    assert not table.wordWrap()
    assert table.selectionBehavior() == QTableView.SelectionBehavior.SelectRows
    header = table.horizontalHeader()
    assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft
    assert not header.highlightSections()


def test_a_column_of_dashes_is_not_the_widest(qtbot: QtBot) -> None:
    table = _table(qtbot, [("Copy of my data (by Dana's agent)", "Completed", "—")] * 3)
    flat_table(table)
    fit_columns(table, stretch=0)
    table.resize(900, 300)
    table.show()
    qtbot.waitExposed(table)

    widths = [table.columnWidth(column) for column in range(3)]
    assert max(widths) == widths[0], widths
    assert widths[2] <= table.horizontalHeader().sectionSizeHint(2), "as wide as its name"
    # What the header's sections can fill: its viewport (the style may frame the header).
    header = table.horizontalHeader()
    assert sum(widths) == header.viewport().width(), "the kind takes what is left"


def test_columns_fill_the_width_and_one_long_value_does_not_take_it_all(qtbot: QtBot) -> None:
    table = _table(qtbot, [("short", "a" * 400, "x")])
    flat_table(table)
    fill_width(table)
    table.resize(700, 300)
    table.show()
    qtbot.waitExposed(table)

    widths = [table.columnWidth(column) for column in range(3)]
    assert sum(widths) == table.viewport().width(), widths
    assert widths[1] > widths[0] and widths[1] > widths[2], "the longest value gets the room"

    table.resize(1400, 300)
    qtbot.waitUntil(lambda: sum(table.columnWidth(c) for c in range(3)) > 1200)
    assert sum(table.columnWidth(c) for c in range(3)) == table.viewport().width()


# -- the copy viewer on a copy the real service made ----------------------------------------


@pytest.fixture
def context(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring, tmp_path: Path
) -> Iterator[DeskContext]:
    yield signed_in_context(live_service.base_url, memory_keyring, tmp_path)
    wait_for_all_tasks()


@pytest.fixture
def copy_file(live_service: EmbeddedService, context: DeskContext, tmp_path: Path) -> Path:
    """The user's plays, a copy asked for, the service's worker builds it."""
    session = context.session
    start = datetime.now(UTC) - timedelta(days=3)
    with live_service.database.session() as database:
        database.add_all(
            PlaybackEvent(
                user_id=session.account.user_id,
                occurred_at=start + timedelta(minutes=number),
                device=LONG_DEVICE if number == 0 else f"Phone {number}",
                media_kind="music",
                duration_seconds=200 + number,
                bitrate_kbps=320,
                resolution="",
                file_type="flac",
                ip_address=f"198.51.100.{number}",
            )
            for number in range(20)
        )
    session.call(
        lambda token: session.client.file_request(token, str(uuid.uuid4()), RequestKind.ACCESS, {})
    )
    exports = tmp_path / "service-exports"
    assert run_the_service_worker(live_service, exports) == 1
    (built,) = exports.rglob("*.zip")
    return built


def open_viewer(qtbot: QtBot, context: DeskContext, copy_file: Path) -> CopyViewerPage:
    viewer = CopyViewerPage(context)
    qtbot.addWidget(viewer)
    viewer.resize(1100, 700)
    viewer.show()
    viewer.open_copy(copy_file)
    qtbot.waitUntil(lambda: viewer.checks is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: bool(viewer.names.titles), timeout=WAIT)
    return viewer


def rows_arrived(model: QAbstractItemModel) -> Callable[[], bool]:
    return lambda: model.rowCount() > 0


def everything_the_viewer_names(qtbot: QtBot, viewer: CopyViewerPage) -> list[str]:
    """Every category's list item and every field header of every category with records."""
    categories = viewer.categories
    assert categories is not None
    shown = []
    for row in range(categories.count()):
        item = categories.item(row)
        shown.append(item.text())
        categories.setCurrentRow(row)
        category = viewer.current_category()
        assert category is not None
        if category.data_file is not None and category.records:
            model = viewer.records.model
            qtbot.waitUntil(rows_arrived(model), timeout=WAIT)
            shown += [
                str(model.headerData(column, Qt.Orientation.Horizontal))
                for column in range(model.columnCount())
            ]
    return shown


def plays_item(viewer: CopyViewerPage) -> str:
    categories = viewer.categories
    assert categories is not None
    texts = [categories.item(row).text() for row in range(categories.count())]
    title = viewer.names.titles["C5"]
    (item,) = [text for text in texts if text.startswith(title)]
    return item


def test_the_copy_viewer_names_categories_and_fields_for_people(
    qtbot: QtBot, context: DeskContext, copy_file: Path
) -> None:
    viewer = open_viewer(qtbot, context, copy_file)

    shown = everything_the_viewer_names(qtbot, viewer)

    assert "Profile (1)" in shown
    assert "E-mail address" in shown and "Created" in shown and "IP address" in shown
    assert plays_item(viewer) == f"{CATEGORIES_BY_ID['C5'].title.en} (20)"
    for text in shown:
        assert not CATEGORY_ID.search(text), text
        assert not SNAKE_CASE.search(text), text
    categories = viewer.categories
    assert categories is not None
    assert "C1" in categories.item(0).toolTip(), "the id, for whoever looks for it"


def test_the_dutch_copy_viewer_names_them_in_dutch(
    qtbot: QtBot, context: DeskContext, copy_file: Path, english: Translations
) -> None:
    english.use("nl")
    context.language = "nl"
    context.session.client.language = "nl"

    viewer = open_viewer(qtbot, context, copy_file)
    shown = everything_the_viewer_names(qtbot, viewer)

    assert plays_item(viewer) == f"{CATEGORIES_BY_ID['C5'].title.nl} (20)"
    assert "E-mailadres" in shown, "field labels in Dutch"
    assert "E-mail address" not in shown
    for text in shown:
        assert not CATEGORY_ID.search(text), text
        assert not SNAKE_CASE.search(text), text


def test_the_records_fill_the_table_and_search_results_are_cut_with_an_ellipsis(
    qtbot: QtBot, context: DeskContext, copy_file: Path
) -> None:
    viewer = open_viewer(qtbot, context, copy_file)
    categories = viewer.categories
    assert categories is not None
    plays = plays_item(viewer)
    categories.setCurrentRow(
        next(row for row in range(categories.count()) if categories.item(row).text() == plays)
    )
    table = viewer.records.table
    model = viewer.records.model
    qtbot.waitUntil(lambda: model.rowCount() == 20, timeout=WAIT)

    widths = [table.columnWidth(column) for column in range(model.columnCount())]
    assert sum(widths) >= table.viewport().width(), "no empty band beside the columns"
    assert not table.showGrid() and not table.verticalHeader().isVisible()

    viewer.search_box.setText("attic")
    viewer.search()
    results = viewer.records.results
    qtbot.waitUntil(lambda: results.count() == 1, timeout=WAIT)
    hit = results.item(0)
    assert LONG_DEVICE in hit.text() and hit.toolTip() == hit.text()
    assert results.textElideMode() == Qt.TextElideMode.ElideRight
    assert results.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
