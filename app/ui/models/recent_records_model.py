"""RecentRecordsModel: one small page of records as a read-only table (What this sends)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.core.data import RecordPage
from app.ui.formatting import field_label
from app.ui.models.records_model import Row, page_rows
from app.ui.plain_text import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex


class RecentRecordsModel(QAbstractTableModel):
    """One page of records as a table: a column per field the service names, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: tuple[str, ...] = ()
        self._rows: list[Row] = []

    def set_page(self, page: RecordPage, rows: list[Row] | None = None) -> None:
        """`rows` are the page's cell texts when already prepared off the GUI thread."""
        self.beginResetModel()
        self._fields = page.fields
        self._rows = rows if rows is not None else page_rows(page)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(self._fields):
            return field_label(self._fields[section])
        if orientation is Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._rows[index.row()][index.column()])
        return None
