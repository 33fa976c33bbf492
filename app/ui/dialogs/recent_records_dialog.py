"""What a choice lets apps send: the last records of that kind the service stored.

A switch is abstract; ten real rows make it concrete. The records are fetched fresh from
the service (newest first, one small page) and shown read-only.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Choice
from app.core.data import RecordPage
from app.ui.context import DeskContext
from app.ui.messages import describe_failure
from app.ui.models.recent_records_model import RecentRecordsModel
from app.ui.models.records_model import Row, page_rows
from app.ui.widgets.page_state import PageState
from app.ui.widgets.table_sizing import fill_width, flat_table

AnyIndex = QModelIndex | QPersistentModelIndex
RECENT_RECORDS = 10


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

        self.model = RecentRecordsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        flat_table(self.table)  # the service's own record id is the first column
        self.columns = fill_width(self.table)
        self.table.setAccessibleName(
            self.tr("Latest records of “%1”").replace("%1", category_title)
        )
        self.table.horizontalHeader().setAccessibleName(self.tr("Columns"))
        # Loading, nothing there yet, or a failure with Try again; then the table.
        self.stack = PageState(
            self.table,
            compact=True,
            status_name=self.tr("Records status"),
            retry_name=self.tr("Try again to fetch the records"),
        )
        self.message, self.retry_button = self.stack.message, self.stack.retry
        self.stack.retry_requested.connect(self.load)

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
        self.stack.show_loading(self.tr("Fetching the latest records…"))
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
            self.stack.show_empty(self.tr("The service has stored nothing of this kind."))
            return
        self.stack.show_content()

    def _on_failed(self, error: BaseException) -> None:
        """No title: the dialog's heading already says what could not be shown."""
        self.stack.show_failure(error, describe_failure(error))
