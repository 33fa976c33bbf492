"""The records of one category on Your data: a chart of collection per month, a filter,
the table that pages itself in as the user scrolls (app/ui/models/records_model.py), the
parts of a category kept in more than one table, and where the loading stands."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.data import CategorySummary, RecordPage
from app.flows.your_data import fetch_records, fetch_timeline
from app.ui.context import DeskContext
from app.ui.formatting import records_text
from app.ui.messages import describe_failure
from app.ui.models.records_model import LoadedRecordsFilter, RecordsTableModel
from app.ui.style import set_role
from app.ui.tasks import log_failure
from app.ui.widgets.collection_chart import CollectionChart
from app.ui.widgets.page_state import PageState
from app.ui.widgets.table_sizing import flat_table, measure_columns_on_a_sample

ROW_HEIGHT_PADDING = 8


def _no_category(_cursor: str | None) -> RecordPage:
    raise RuntimeError("no category selected")


class CategoryRecords(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.current: CategorySummary | None = None
        self._columns_sized = True
        self.chart = CollectionChart()
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(self.tr("Filter the loaded records"))
        self.filter_box.setAccessibleName(self.tr("Filter the loaded records"))
        self.filter_box.setClearButtonEnabled(True)
        self.copy_row_button = QPushButton(self.tr("Copy row"))
        self.copy_row_button.setAccessibleDescription(self.tr("Copy the selected record"))
        self.copy_row_button.setEnabled(False)
        self.copy_row_button.clicked.connect(self.copy_selected_row)
        # A category kept in more than one table (C6: activity and ad profile) shows one at a time.
        self.part_box = QComboBox()
        self.part_box.setAccessibleName(self.tr("Which records of this category to show"))
        self.part_box.hide()
        self.part_box.activated.connect(lambda _index: self._show_part(self.part_box.currentData()))
        self.current_part: str | None = None
        tools = QHBoxLayout()
        tools.addWidget(self.part_box)
        tools.addWidget(self.filter_box, 1)
        tools.addWidget(self.copy_row_button)

        self.records = RecordsTableModel(_no_category, parent=self, watch=context.session_watch)
        self.visible_records = LoadedRecordsFilter(self.records, self)
        self.filter_box.textChanged.connect(self._on_filter)
        self.table = QTableView()
        self.table.setObjectName("records")
        self.table.setAccessibleName(self.tr("Records"))
        self.table.setModel(self.visible_records)
        flat_table(self.table)  # the app's one table look
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(False)  # newest first, as the service pages them
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        # Fixed row heights: the view never measures a row, whatever the number of rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + ROW_HEIGHT_PADDING)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        measure_columns_on_a_sample(self.table)
        self.table.selectionModel().selectionChanged.connect(self._on_row_selection)
        copy = QAction(self.tr("Copy row"), self.table)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.triggered.connect(self.copy_selected_row)
        self.table.addAction(copy)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action = copy

        self.records_status = QLabel()
        self.records_status.setObjectName("cardStatus")
        self.records_status.setWordWrap(True)
        self.records_retry = QPushButton(self.tr("Try again"))
        self.records_retry.setAccessibleDescription(self.tr("Try loading the records again"))
        self.records_retry.clicked.connect(self._retry_records)
        self.records_retry.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.records_status, 1)
        status_row.addWidget(self.records_retry)
        self.records.page_arrived.connect(self._on_page_arrived)
        self.records.failed.connect(self._on_records_failed)
        self.records.busy_changed.connect(lambda _busy: self._show_records_status())

        # The table; the empty state when the service holds none of these records; or,
        # when not even the first page could be read, the failure with Try again.
        self.table_state = PageState(
            self.table,
            empty_icon="document-open-recent",
            empty_title=self.tr("No records"),
            empty_text=self.tr("The service holds no records of this kind about you."),
        )
        self.table_state.retry_requested.connect(self._retry_records)
        self.table_state.show_content()

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.chart)
        column.addLayout(tools)
        column.addWidget(self.table_state, 1)
        column.addLayout(status_row)

    def show_category(self, category: CategorySummary) -> None:
        """A category that holds records: its chart, its parts, its first page."""
        self.current = category
        self.chart.hide()
        self._load_timeline(category.id)
        self.part_box.clear()
        for part in category.parts:
            self.part_box.addItem(f"{part.title} ({records_text(part.count)})", part.part)
        self.part_box.setVisible(len(category.parts) > 1)
        self._show_part(category.parts[0].part if category.parts else None)

    def _show_part(self, part: str | None) -> None:
        category = self.current
        if category is None:
            return
        self.current_part = part
        self.filter_box.clear()
        self.records.set_fetcher(
            partial(fetch_records, self.context.session, category.id, part=part)
        )
        self.records_retry.hide()
        self._show_table()
        self._columns_sized = False
        self.records.start()
        self._show_records_status()

    def _load_timeline(self, category_id: str) -> None:
        session = self.context.session

        def shown(months: tuple[tuple[str, int], ...]) -> None:
            if self.current is not None and self.current.id == category_id:
                self.chart.set_months(months)
                self.chart.setVisible(bool(months))

        def failed(error: BaseException) -> None:
            # Without the chart the page still works; an ended session is the context's.
            log_failure("loading the chart")(error)
            self.chart.hide()

        self.context.run(self, lambda: fetch_timeline(session, category_id), shown, failed)

    def _on_page_arrived(self) -> None:
        if not self._columns_sized and self.records.rowCount():
            # Once per category, from the first page only: never measure a million rows.
            self.table.resizeColumnsToContents()
            self._columns_sized = True
        if self.records.started and self.records.rowCount() == 0:
            self.table_state.show_empty()
            self.filter_box.setEnabled(False)  # nothing to filter
        self.records_retry.hide()
        self._show_records_status()

    def _on_records_failed(self, error: BaseException) -> None:
        if not self.records.started:
            # Not one record read: the table's own failure face (offline or error), never
            # an empty table that reads as "none held".
            self.table_state.show_failure(
                error, describe_failure(error), title=self.tr("The records can't be shown")
            )
            self.filter_box.setEnabled(False)
            self.records_status.clear()
            return
        # Rows are shown: they stay, and the line under them says what stopped.
        self.records_status.setText(describe_failure(error))
        set_role(self.records_status, "error")
        self.records_retry.show()

    def _retry_records(self) -> None:
        self.records_retry.hide()
        self._show_table()
        self.records.retry()
        self._show_records_status()

    def _show_table(self) -> None:
        self.table_state.show_content()
        self.filter_box.setEnabled(True)

    def _show_records_status(self) -> None:
        if self.records_retry.isVisible() or self.table_state.showing_failure():
            return  # the error stays until the user tries again
        set_role(self.records_status, "")
        if not self.records.started:
            self.records_status.setText(self.tr("Loading records…"))
            return
        total = (
            self.current.count_of(self.current_part) if self.current else self.records.rowCount()
        )
        text = (
            self.tr("%1 · %2 loaded so far")
            .replace("%1", records_text(total))
            .replace("%2", records_text(self.records.rowCount()))
        )
        if self.records.at_end:
            text = records_text(self.records.rowCount())
        if self.visible_records.filter_text:
            text += " · " + self.tr("the filter searches the records loaded so far")
        if self.records.busy:
            text += " · " + self.tr("loading more…")
        self.records_status.setText(text)

    def _on_filter(self, text: str) -> None:
        self.visible_records.set_filter_text(text)
        self._show_records_status()

    def _on_row_selection(self, *_args: object) -> None:
        self.copy_row_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def selected_record_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.visible_records.source_rows([rows[0].row()])[0]

    def copy_selected_row(self) -> None:
        row = self.selected_record_row()
        clipboard = QGuiApplication.clipboard()
        if row is not None and clipboard is not None:
            clipboard.setText(self.records.row_as_text(row))
