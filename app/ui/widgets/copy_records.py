"""The right side of the copy viewer: one category's records in a table that loads more as
the user scrolls, a note when the copy holds none of them, and the places a search found,
each of which jumps to its record (loading up to it if needed).

Reading runs on worker threads through `CopyReading` (app/flows/copy_reading.py), which
says whether an answer still belongs to the category shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.flows.copy_reading import SEARCH_LIMIT, CopyReading
from app.local.access_copy import CopyCategory, SearchHit
from app.ui.formatting import field_label
from app.ui.models.copy_records_model import CopyRecordsModel
from app.ui.plain_text import plain_tooltip
from app.ui.style import say
from app.ui.tasks import run_task
from app.ui.widgets.table_sizing import fill_width, flat_table

# How a category is named to the user, and why it holds nothing (the page knows the
# catalog's words in the user's language; without them, the copy's own).
CategoryTitle = Callable[[CopyCategory], str]


def elided_list(view: QListWidget, cut: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
    """Items cut with "…" (at the list's edge, or where `cut` says) instead of a sideways
    scroll bar; each item carries its whole text in a tooltip."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(cut)
    view.setWordWrap(False)
    view.setUniformItemSizes(True)


class CopyRecords(QWidget):
    """`hit_chosen` (a SearchHit) asks the page to show the hit's category; the widget
    selects the record once it is loaded."""

    hit_chosen = Signal(object)
    # A category's records could not be read (the exception): the page says so.
    failed = Signal(object)

    def __init__(self, reading: CopyReading, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading = reading
        self.category_title: CategoryTitle = lambda category: category.title
        self.empty_reason: CategoryTitle = lambda category: category.empty_reason
        self._jump_row: int | None = None
        self._jump_field = ""
        self.category_note = QLabel()
        self.category_note.setObjectName("cardText")
        self.category_note.setTextFormat(Qt.TextFormat.PlainText)
        self.category_note.setWordWrap(True)
        self.category_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.model = CopyRecordsModel(self)
        self.model.more_wanted.connect(self._load_more)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Records"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        flat_table(self.table)
        self.columns = fill_width(self.table)
        self.table.horizontalHeader().setAccessibleName(self.tr("Fields"))
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(self.tr("Select all records"))
        self.results_title = QLabel()
        self.results_title.setObjectName("cardTitle")
        self.results_title.setTextFormat(Qt.TextFormat.PlainText)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        elided_list(self.results)
        self.results.itemActivated.connect(self._on_result)
        self.results.itemClicked.connect(self._on_result)
        for widget in (self.results_title, self.results):
            widget.hide()

        records_column = QVBoxLayout(self)
        records_column.setContentsMargins(0, 0, 0, 0)
        records_column.addWidget(self.category_note)
        records_column.addWidget(self.table, 3)
        records_column.addWidget(self.results_title)
        records_column.addWidget(self.results, 1)

    # -- one category ---------------------------------------------------------------------

    def show_category(self, category: CopyCategory | None) -> None:
        """A category was chosen (None: none): answers for the one before no longer count."""
        self.reading.show_category()
        self.model.show_category(category)
        if category is None:
            self.category_note.hide()
            return
        # A category without records says so, and no empty table stands beneath it.
        has_records = category.data_file is not None and category.records != 0
        self.table.setVisible(has_records)
        if has_records:
            self.category_note.hide()
            self.model.fetchMore()
        else:
            reason = self.empty_reason(category) or self.tr("The copy has no records of this kind.")
            say(self.category_note, reason)

    def _load_more(self, up_to_row: int | None = None) -> None:
        category = self.model.category
        asked = (
            None
            if category is None
            else self.reading.records_work(category, self.model.loaded(), up_to_row)
        )
        if asked is None:
            self.model.fetching = False
            return
        self.model.fetching = True
        count, work = asked
        generation = self.reading.category_turn()
        run_task(
            self,
            work,
            lambda rows: self._on_rows(generation, rows, count),
            lambda error: self._on_rows_failed(generation, error),
        )

    def _on_rows(self, generation: int, rows: list[dict[str, Any]], asked: int) -> None:
        if not self.reading.is_current_category(generation):
            return
        self.model.append(rows, asked=asked)
        if self._jump_row is not None:
            self.select_row(self._jump_row, self._jump_field)

    def _on_rows_failed(self, generation: int, error: BaseException) -> None:
        if not self.reading.is_current_category(generation):
            return
        self.model.fetching = False
        self.failed.emit(error)

    # -- search results -------------------------------------------------------------------

    def show_searching(self) -> None:
        self.results_title.setText(self.tr("Searching…"))
        self.results_title.show()

    def show_hits(self, text: str, hits: list[SearchHit]) -> None:
        self.results.clear()
        if not hits:
            self.results_title.setText(self.tr("Nothing found for “%1”.").replace("%1", text))
            self.results.hide()
            return
        if len(hits) >= SEARCH_LIMIT:
            title = self.tr("The first %1 places where “%2” appears:")
        else:
            title = self.tr("Found in %1 places:") if len(hits) > 1 else self.tr("Found once:")
        self.results_title.setText(title.replace("%1", str(len(hits))).replace("%2", text))
        for hit in hits:
            label = (
                self.tr("%1 · record %2 · %3: %4")
                .replace("%1", self.category_title(hit.category))
                .replace("%2", QLocale().toString(hit.row + 1))
                .replace("%3", field_label(hit.field))
                .replace("%4", " ".join(hit.value.split()))
            )
            item = QListWidgetItem(label)
            item.setToolTip(plain_tooltip(label))
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        self.results.show()

    def clear_results(self) -> None:
        self.results.clear()
        self.results.hide()
        self.results_title.hide()

    def _on_result(self, item: QListWidgetItem) -> None:
        """Remember the record a search result points at; the page shows its category."""
        hit = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(hit, SearchHit):
            return
        self._jump_row, self._jump_field = hit.row, hit.field
        self.hit_chosen.emit(hit)

    def select_row(self, row: int, field: str = "") -> None:
        """Select the record at `row` (its `field`'s cell), loading up to it if needed."""
        if row < self.model.rowCount():
            self._jump_row, self._jump_field = None, ""
            column = 0
            for section in range(self.model.columnCount()):
                if self.model.field_at(section) == field:
                    column = section
            index = self.model.index(row, column)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            return
        if not self.model.complete() and not self.model.fetching:
            self._load_more(up_to_row=row)
