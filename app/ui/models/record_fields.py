"""RecordFieldsModel: the shape every table of records shares — a column per field the
service names, headed by the field's label (app/ui/formatting.py), rows numbered from 1."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui.formatting import field_label

AnyIndex = QModelIndex | QPersistentModelIndex


class RecordFieldsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: Sequence[str] = ()

    def row_total(self) -> int:
        """How many rows the model holds now (each subclass keeps its rows its own way)."""
        raise NotImplementedError

    def field_at(self, column: int) -> str:
        """The field's own name (the header shows its label)."""
        return self._fields[column] if 0 <= column < len(self._fields) else ""

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(self._fields):
            return field_label(self._fields[section])
        if orientation is Qt.Orientation.Vertical and 0 <= section < self.row_total():
            return str(section + 1)
        return None
