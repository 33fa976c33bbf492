"""What a choice lets apps send: the last records of that kind the service stored.

A switch is abstract; ten real rows make it concrete. The records are fetched fresh from
the service (newest first, one small page) and shown read-only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Choice
from app.core.data import RecordPage
from app.ui.context import DeskContext
from app.ui.formatting import field_label
from app.ui.messages import describe_failure
from app.ui.models.records_model import Row, page_rows
from app.ui.pages.page_state import message_with_retry
from app.ui.plain_text import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
RECENT_RECORDS = 10


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


class RecentRecordsDialog(QDialog):
    def __init__(
        self,
        context: DeskContext,
        choice: Choice,
        category_id: str,
        category_title: str,
        choice_is_on: bool | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.choice = choice
        self.category_id = category_id
        self.setWindowTitle(self.tr("What this sends"))
        self.resize(760, 460)

        heading = QLabel(self.tr("What “%1” sends").replace("%1", choice.title))
        heading.setObjectName("pageTitle")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        subject = QLabel(
            self.tr("The latest records of “%1” the service stored.").replace("%1", category_title)
        )
        subject.setTextFormat(Qt.TextFormat.PlainText)
        subject.setWordWrap(True)
        if choice_is_on is False:
            explanation_text = self.tr(
                "This choice is off, so nothing new of this kind is stored. Records shown here were stored while it was on."
            )
        else:
            explanation_text = self.tr(
                "The service stored these most recently because this choice is on. Switch it off and nothing new of this kind is stored."
            )
        self.explanation = QLabel(explanation_text)
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("pageIntro")

        # Index 0: loading, empty or a failure (with Try again); index 1: the table.
        self.stack = QStackedWidget()
        message_page, self.message, self.retry_button = message_with_retry(
            self.tr("Records status"),
            self.tr("Try again"),
            self.tr("Try again to fetch the records"),
        )
        self.retry_button.clicked.connect(self.load)
        self.stack.addWidget(message_page)

        self.model = RecentRecordsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(
            self.tr("Latest records of “%1”").replace("%1", category_title)
        )
        self.table.horizontalHeader().setAccessibleName(self.tr("Columns"))
        self.table.verticalHeader().hide()  # the service's own record id is the first column
        self.stack.addWidget(self.table)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close the list of records"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(subject)
        layout.addWidget(self.explanation)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)

    def load(self) -> None:
        self._show_message(self.tr("Fetching the latest records…"), retry=False)
        session, category = self.session, self.category_id

        def fetch() -> tuple[RecordPage, list[Row]]:
            client = session.client
            page = session.call(lambda token: client.records(token, category, limit=RECENT_RECORDS))
            return page, page_rows(page)

        self.context.run(self, fetch, self._on_loaded, self._on_failed)

    def _on_loaded(self, result: tuple[RecordPage, list[Row]]) -> None:
        page, rows = result
        self.model.set_page(page, rows)
        if not rows:
            self._show_message(self.tr("The service has stored nothing of this kind."), retry=False)
            return
        self.stack.setCurrentIndex(1)

    def _on_failed(self, error: BaseException) -> None:
        self._show_message(describe_failure(error), retry=True, error=True)

    def _show_message(self, text: str, *, retry: bool, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.retry_button.setVisible(retry)
        self.stack.setCurrentIndex(0)
