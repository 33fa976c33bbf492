"""CopyRecordsModel: one category of a downloaded copy, as many rows as loaded so far.

The copy viewer asks for the next rows (`more_wanted`) as the user scrolls; the model only
holds what arrived. Fields and cells read as on the Your data page (app/ui/formatting.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from app.local.access_copy import CopyCategory
from app.ui.formatting import cell_text
from app.ui.models.record_fields import AnyIndex, RecordFieldsModel
from app.ui.plain_text import plain_tooltip


class CopyRecordsModel(RecordFieldsModel):
    """The records of one category loaded so far; asks for the next page as the user scrolls."""

    more_wanted = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.category: CopyCategory | None = None
        self._rows: list[dict[str, Any]] = []
        self._fields: list[str] = []
        self._complete = True
        self.fetching = False

    def show_category(self, category: CopyCategory | None) -> None:
        self.beginResetModel()
        self.category = category
        self._rows, self._fields = [], []
        self._complete = category is None or category.data_file is None
        self.fetching = False
        self.endResetModel()

    def append(self, rows: list[dict[str, Any]], *, asked: int) -> None:
        self.fetching = False
        if len(rows) < asked:
            self._complete = True
        if not rows:
            return
        new_fields = [name for row in rows for name in row if name not in self._fields]
        new_fields = list(dict.fromkeys(new_fields))
        if new_fields:
            first = len(self._fields)
            self.beginInsertColumns(QModelIndex(), first, first + len(new_fields) - 1)
            self._fields.extend(new_fields)
            self.endInsertColumns()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def loaded(self) -> int:
        return len(self._rows)

    def complete(self) -> bool:
        return self._complete

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            name = self._fields[index.column()]
            text = cell_text(name, self._rows[index.row()].get(name))
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        return None

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete and not self.fetching

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.more_wanted.emit()
