"""Columns sized to their contents measure a sample of rows, not every row."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from app.ui.widgets.table_sizing import SAMPLE_ROWS, measure_columns_on_a_sample

ROWS = 600  # fewer than Qt measures by default (1,000)
LONG = "a much longer cell than any other " * 4


def _table(qtbot: QtBot, long_row: int) -> QTableView:
    model = QStandardItemModel(ROWS, 1)
    for row in range(ROWS):
        model.setItem(row, 0, QStandardItem(LONG if row == long_row else "short"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    measure_columns_on_a_sample(table)
    table.resizeColumnsToContents()
    return table


def test_a_long_cell_among_the_first_rows_widens_its_column(qtbot: QtBot) -> None:
    table = _table(qtbot, long_row=SAMPLE_ROWS // 2)
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(LONG)


def test_a_long_cell_far_down_is_not_measured(qtbot: QtBot) -> None:
    table = _table(qtbot, long_row=ROWS - 1)
    assert table.columnWidth(0) < table.fontMetrics().horizontalAdvance(LONG)
