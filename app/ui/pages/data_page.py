"""Your data: what the service holds about the user, category by category, record by record.

Left, the categories with their counts; right, for the one selected, what it is and why it
is kept, a chart of collection per month, and the records themselves in a table that
pages itself in as the user scrolls (app/ui/models/records_model.py). The reading is
`app/flows/your_data.py`, run through the context's tasks; the page only shows what comes back.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Catalog
from app.core.data import CategorySummary, RecordPage
from app.flows.your_data import (
    DataOverview,
    fetch_records,
    fetch_timeline,
    load_data_overview,
)
from app.ui.context import DeskContext
from app.ui.formatting import records_text
from app.ui.messages import describe_failure
from app.ui.models.categories_model import CategoriesListModel
from app.ui.models.records_model import LoadedRecordsFilter, RecordsTableModel
from app.ui.style import set_role
from app.ui.tasks import log_failure
from app.ui.widgets.category_details import CategoryDetails
from app.ui.widgets.collection_chart import CollectionChart
from app.ui.widgets.page_state import PageState

ROW_HEIGHT_PADDING = 8


class DataPage(QWidget):
    copy_requested = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("data")
        self.context = context
        self.session = context.session
        self.catalog: Catalog | None = None
        self.current: CategorySummary | None = None
        self._columns_sized = True

        heading = QLabel(self.tr("Your data"))
        heading.setObjectName("pageTitle")
        self.copy_button = QPushButton(self.tr("Request a copy of all my data"))
        self.copy_button.setAccessibleName(self.tr("Request a copy of all my data"))
        self.copy_button.setAccessibleDescription(
            self.tr("Opens Requests to ask the service for a copy of everything it holds.")
        )
        self.copy_button.clicked.connect(self.copy_requested)
        title_row = QHBoxLayout()
        title_row.addWidget(heading, 1)
        title_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignVCenter)
        intro = QLabel(
            self.tr(
                "What the service holds about you, where it came from, why it is kept and for how long. Pick a category to see its records."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("pageIntro")

        # Left: the categories.
        self.categories = CategoriesListModel(self)
        self.category_list = QListView()
        self.category_list.setObjectName("categoryList")
        self.category_list.setModel(self.categories)
        self.category_list.setAccessibleName(self.tr("Data categories"))
        self.category_list.setFixedWidth(290)
        self.category_list.setUniformItemSizes(True)
        self.category_list.setSpacing(2)
        self.category_list.selectionModel().selectionChanged.connect(self._on_selection)

        # Right: details, then records (or the reason there are none).
        self.details = CategoryDetails()
        self.records_area = QStackedWidget()
        self.records_area.addWidget(self._build_records())
        self.none_by_design = QLabel()
        self.none_by_design.setObjectName("cardText")
        self.none_by_design.setTextFormat(Qt.TextFormat.PlainText)
        self.none_by_design.setWordWrap(True)
        self.none_by_design.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.records_area.addWidget(self.none_by_design)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.details)
        right.addWidget(self.records_area, 1)

        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(18)
        columns.addWidget(self.category_list)
        columns.addLayout(right, 1)

        self.state = PageState(content)
        self.state.retry_requested.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(8)
        layout.addLayout(title_row)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addWidget(self.state, 1)
        self.details.hide()
        self.records_area.hide()

    # -- building -------------------------------------------------------------------------

    def _build_records(self) -> QWidget:
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

        self.records = RecordsTableModel(
            self._no_category, parent=self, watch=self.context.session_watch
        )
        self.visible_records = LoadedRecordsFilter(self.records, self)
        self.filter_box.textChanged.connect(self._on_filter)
        self.table = QTableView()
        self.table.setObjectName("records")
        self.table.setAccessibleName(self.tr("Records"))
        self.table.setModel(self.visible_records)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)  # newest first, as the service pages them
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.hide()
        # Fixed row heights: the view never measures a row, whatever the number of rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + ROW_HEIGHT_PADDING)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
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

        self.empty_records = QLabel()
        self.empty_records.setObjectName("cardText")
        self.empty_records.setWordWrap(True)
        self.empty_records.hide()

        pane = QWidget()
        column = QVBoxLayout(pane)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.chart)
        column.addLayout(tools)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty_records)
        column.addLayout(status_row)
        return pane

    @staticmethod
    def _no_category(_cursor: str | None) -> RecordPage:
        raise RuntimeError("no category selected")

    # -- the summary ----------------------------------------------------------------------

    def reload(self) -> None:
        self.state.show_loading(self.tr("Loading what the service holds about you…"))
        session = self.session

        self.context.run(
            self, lambda: load_data_overview(session), self._on_loaded, self._on_load_failed
        )

    def _on_loaded(self, overview: DataOverview) -> None:
        self.catalog = overview.catalog
        keep = self.current.id if self.current else None
        self.categories.set_categories(overview.categories)
        if not overview.categories:
            self.state.show_error(self.tr("The service lists no data categories."))
            return
        self.state.show_content()
        row = self.categories.row_of(keep) if keep else -1
        self.select_category(self.categories.category(max(row, 0)).id)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: ask the service whether anything changed (new records, a deletion);
        only if it did are the list and the open category read again."""
        super().showEvent(event)
        if self.current is not None:
            session = self.session
            self.context.run(
                self,
                lambda: session.call(session.client.data_summary),
                self._on_refreshed,
                # The page keeps what it shows; an ended session is the context's to tell.
                log_failure("asking whether the data changed"),
            )

    def _on_refreshed(self, categories: tuple[CategorySummary, ...]) -> None:
        if self.current is None or tuple(categories) == self.categories.summaries():
            return
        keep = self.current.id
        self.current = None  # the reselection below shows the category afresh
        self.categories.set_categories(categories)
        row = self.categories.row_of(keep)
        if categories:
            self.select_category(self.categories.category(max(row, 0)).id)

    def _on_load_failed(self, error: BaseException) -> None:
        self.state.show_error(describe_failure(error))

    def select_category(self, category_id: str) -> None:
        row = self.categories.row_of(category_id)
        if row >= 0:
            self.category_list.setCurrentIndex(self.categories.index(row))

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show_category(self.categories.category(indexes[0].row()))

    # -- one category ---------------------------------------------------------------------

    def _show_category(self, category: CategorySummary) -> None:
        self.current = category
        self.details.show()
        self.records_area.show()
        described = next(
            (
                entry
                for entry in (self.catalog.categories if self.catalog else ())
                if entry.id == category.id
            ),
            None,
        )
        self.details.show_category(category, described.explanation if described else "")
        if not category.holds_records:
            self.records.clear()
            self.none_by_design.setText(category.empty_reason or "")
            self.records_area.setCurrentWidget(self.none_by_design)
            return
        self.records_area.setCurrentIndex(0)
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
        self.records.set_fetcher(partial(fetch_records, self.session, category.id, part=part))
        self.records_retry.hide()
        self.table.show()
        self.empty_records.hide()
        self._columns_sized = False
        self.records.start()
        self._show_records_status()

    def _load_timeline(self, category_id: str) -> None:
        session = self.session

        def shown(months: tuple[tuple[str, int], ...]) -> None:
            if self.current is not None and self.current.id == category_id:
                self.chart.set_months(months)
                self.chart.setVisible(bool(months))

        def failed(error: BaseException) -> None:
            # Without the chart the page still works; an ended session is the context's.
            log_failure("loading the chart")(error)
            self.chart.hide()

        self.context.run(self, lambda: fetch_timeline(session, category_id), shown, failed)

    # -- records --------------------------------------------------------------------------

    def _on_page_arrived(self) -> None:
        if not self._columns_sized and self.records.rowCount():
            # Once per category, from the first page only: never measure a million rows.
            self.table.resizeColumnsToContents()
            self._columns_sized = True
        if self.records.started and self.records.rowCount() == 0:
            self.table.hide()
            self.empty_records.setText(
                self.tr("The service holds no records of this kind about you.")
            )
            self.empty_records.show()
        self.records_retry.hide()
        self._show_records_status()

    def _on_records_failed(self, error: BaseException) -> None:
        self.records_status.setText(describe_failure(error))
        set_role(self.records_status, "error")
        self.records_retry.show()

    def _retry_records(self) -> None:
        self.records_retry.hide()
        self.records.retry()
        self._show_records_status()

    def _show_records_status(self) -> None:
        if self.records_retry.isVisible():
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
        return self.visible_records.mapToSource(rows[0]).row()

    def copy_selected_row(self) -> None:
        row = self.selected_record_row()
        clipboard = QGuiApplication.clipboard()
        if row is not None and clipboard is not None:
            clipboard.setText(self.records.row_as_text(row))

    # -- helpers --------------------------------------------------------------------------

    def current_index(self) -> QModelIndex:
        return self.category_list.currentIndex()
