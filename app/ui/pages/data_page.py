"""Your data: what the service holds about the user, category by category, record by record.

Left, the categories with their counts; right, for the one selected, what it is and why it
is kept, a chart of collection per month, and the records themselves in a table that
pages itself in as the user scrolls (app/ui/models/records_model.py). The reading is
`app/flows/your_data.py`, run through the context's tasks; the page only shows what comes back.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Catalog
from app.core.data import CategorySummary
from app.flows.your_data import (
    DataOverview,
    load_data_overview,
)
from app.ui.context import DeskContext
from app.ui.messages import describe_failure
from app.ui.models.categories_model import CategoriesListModel
from app.ui.tasks import log_failure
from app.ui.widgets.category_details import CategoryDetails
from app.ui.widgets.category_records import CategoryRecords
from app.ui.widgets.page_state import PageState, scrolling_column

CATEGORY_LIST_MIN_WIDTH = 190
CATEGORY_LIST_MAX_WIDTH = 290
RECORDS_MIN_HEIGHT = 260


class DataPage(QWidget):
    copy_requested = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("data")
        self.context = context
        self.session = context.session
        self.catalog: Catalog | None = None
        self.current: CategorySummary | None = None

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
        # As wide as the titles need on a wide window, narrower (they end in "…") on a narrow one.
        self.category_list.setMinimumWidth(CATEGORY_LIST_MIN_WIDTH)
        self.category_list.setMaximumWidth(CATEGORY_LIST_MAX_WIDTH)
        self.category_list.setUniformItemSizes(True)
        # Cut in the middle: the count at the end of each title stays in sight.
        self.category_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.category_list.setSpacing(2)
        self.category_list.selectionModel().selectionChanged.connect(self._on_selection)

        # Right: details, then records (or the reason there are none).
        self.details = CategoryDetails()
        self.records_area = QStackedWidget()
        self.records_pane = CategoryRecords(context)
        self.records_area.addWidget(self.records_pane)
        self.none_by_design = QLabel()
        self.none_by_design.setObjectName("cardText")
        self.none_by_design.setTextFormat(Qt.TextFormat.PlainText)
        self.none_by_design.setWordWrap(True)
        self.none_by_design.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.records_area.addWidget(self.none_by_design)
        # The records keep room for a few rows; on a low window the column scrolls instead of
        # squashing the details' sentences into one cut-off line.
        self.records_area.setMinimumHeight(RECORDS_MIN_HEIGHT)
        right_column = QWidget()
        right = QVBoxLayout(right_column)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(12)
        right.addWidget(self.details)
        right.addWidget(self.records_area, 1)
        self.right_scroll = scrolling_column(right_column, self.tr("Category details"))

        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(18)
        columns.addWidget(self.category_list, 1)
        columns.addWidget(self.right_scroll, 2)

        self.state = PageState(
            content,
            empty_icon="drive-harddisk",
            empty_title=self.tr("No data categories"),
            empty_text=self.tr("The service lists no data categories."),
        )
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
            self.state.show_empty()
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
        """The categories could not be read: said as such, with Try again; never an empty
        list that may not be what the service holds."""
        self.state.show_failure(
            error, describe_failure(error), title=self.tr("Your data can't be shown")
        )

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
            self.records_pane.records.clear()
            self.none_by_design.setText(category.empty_reason or "")
            self.records_area.setCurrentWidget(self.none_by_design)
            return
        self.records_area.setCurrentIndex(0)
        self.records_pane.show_category(category)

    # -- helpers --------------------------------------------------------------------------

    def current_index(self) -> QModelIndex:
        return self.category_list.currentIndex()
