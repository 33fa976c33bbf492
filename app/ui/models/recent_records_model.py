"""RecentRecordsModel: one small page of records as a read-only table (What this sends)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from app.core.data import RecordPage
from app.ui.models.record_fields import AnyIndex, RecordFieldsModel
from app.ui.models.records_model import Row, page_rows
from app.ui.plain_text import plain_tooltip


class RecentRecordsModel(RecordFieldsModel):
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

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._rows[index.row()][index.column()])
        return None
