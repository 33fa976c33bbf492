"""CategoriesListModel: the categories the service holds, as the list on the left of Your data.

Each row reads "title — count" with the count in the user's locale. A category that holds
nothing by design (C3, C9, C13, C16) stays in the list — the user should see that the
service says so, and why — but greyed, with its reason as the tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QPalette

from app.core.data import CategorySummary
from app.ui.formatting import records_text
from app.ui.plain_text import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1


class CategoriesListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._categories: list[CategorySummary] = []

    def set_categories(self, categories: Sequence[CategorySummary]) -> None:
        self.beginResetModel()
        self._categories = list(categories)
        self.endResetModel()

    def summaries(self) -> tuple[CategorySummary, ...]:
        return tuple(self._categories)

    def category(self, row: int) -> CategorySummary:
        return self._categories[row]

    def row_of(self, category_id: str) -> int:
        for row, category in enumerate(self._categories):
            if category.id == category_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._categories)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._categories):
            return None
        category = self._categories[index.row()]
        by_design = not category.holds_records
        if role == Qt.ItemDataRole.DisplayRole:
            if by_design:
                return category.title
            return f"{category.title} — {QLocale().toString(category.count)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if by_design:
                return QCoreApplication.translate(
                    "Categories", "%1: holds nothing by design"
                ).replace("%1", category.title)
            return f"{category.title}: {records_text(category.count)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if by_design:
                reason = category.empty_reason
                return None if reason is None else plain_tooltip(reason)
            return records_text(category.count)
        if role == Qt.ItemDataRole.ForegroundRole and by_design:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == SUMMARY_ROLE:
            return category
        return None
