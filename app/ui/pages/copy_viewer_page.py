"""Copy viewer: read a downloaded copy of my data inside the app, and check it is intact.

The copy is a ZIP the service built (see app/local/access_copy.py). The page lists its
categories, shows one category's records in a table that loads more as the user
scrolls, searches every category, and says whether each file still matches the
manifest the service put in. Everything happens on this computer; reading and checking
run on worker threads, so a copy with a million records never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.flows.copy_reading import CopyReading, mismatched
from app.flows.your_data import DataOverview, load_data_overview
from app.local.access_copy import AccessCopy, CopyCategory, FileCheck, SearchHit
from app.ui.context import DeskContext
from app.ui.messages import describe_failure
from app.ui.plain_text import plain_tooltip
from app.ui.style import say
from app.ui.tasks import run_task
from app.ui.widgets.copy_records import CopyRecords, elided_list
from app.ui.widgets.headings import page_heading
from app.ui.widgets.page_state import PageState

CopyFileChooser = Callable[[QWidget], Path | None]


def ask_for_a_copy(parent: QWidget) -> Path | None:
    """The native open dialog; None when the user cancels."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("CopyViewerPage", "Open a copy of your data"),
        "",
        QCoreApplication.translate("CopyViewerPage", "ZIP archives (*.zip)"),
    )
    return Path(chosen) if chosen else None


class CategoryNames:
    """The copy's categories as the service names them in the user's language.

    The copy's manifest names each category once, in English, for any reader; in the app
    the user reads the titles (and why a category holds nothing) from the service's catalog
    and data summary, in their language. Until those arrive, or when the service cannot be
    reached, the copy's own words stand in. A category kept in several parts (C6: activity,
    ad profile) is listed once per part; each part's title is found by the category's and
    the part's ids, which the copy and the summary both give, never by where it is listed."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.part_titles: dict[tuple[str, str], str] = {}  # (category id, part id): title
        self.empty_reasons: dict[str, str] = {}

    def learn(self, overview: DataOverview) -> None:
        for entry in overview.catalog.categories:
            self.titles[entry.id] = entry.title
            if entry.empty_reason:
                self.empty_reasons[entry.id] = entry.empty_reason
        for summary in overview.categories:
            self.titles[summary.id] = summary.title
            if summary.empty_reason:
                self.empty_reasons[summary.id] = summary.empty_reason
            for part in summary.parts:
                self.part_titles[(summary.id, part.part)] = part.title

    def title(self, category: CopyCategory) -> str:
        main = self.titles.get(category.id)
        if main is None:
            return category.title
        if not category.part_title:
            return main  # the whole category
        part = self.part_titles.get((category.id, category.part), category.part_title)
        return (
            QCoreApplication.translate(
                "CopyViewerPage", "%1 — %2", "a category's title, then its part's"
            )
            .replace("%2", part)
            .replace("%1", main)
        )

    def empty_reason(self, category: CopyCategory) -> str:
        return self.empty_reasons.get(category.id) or category.empty_reason


class CopyViewerPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copy")
        self.context = context
        # Replaced in tests; the real one opens the native file dialog.
        self.choose_copy_file: CopyFileChooser = ask_for_a_copy
        # Which copy and category are shown; drops answers meant for earlier ones.
        self.reading = CopyReading()
        self.names = CategoryNames()
        self._names_asked = False

        heading, intro = page_heading(
            self.tr("Copy of your data"),
            self.tr(
                "Open a copy of your data you downloaded, to read and search it here and check that it is complete. Nothing leaves this computer."
            ),
        )

        self.open_button = QPushButton(self.tr("Open a copy…"))
        self.open_button.setAccessibleName(self.tr("Open a copy of your data"))
        self.open_button.clicked.connect(self.choose_and_open)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search all categories"))
        self.search_box.setAccessibleName(self.tr("Search all categories"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setAccessibleName(self.tr("Search the copy"))
        self.search_button.clicked.connect(self.search)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        actions.addWidget(self.search_box, 2)
        actions.addWidget(self.search_button)

        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName(self.tr("Integrity of the copy"))
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.hide()

        # The categories and records beside them are built when a copy is first opened: the
        # page is built while the app is idle, and a table under the style sheet is costly.
        self.categories: QListWidget | None = None
        self._records: CopyRecords | None = None
        self.state = PageState(
            QWidget(),
            empty_icon="folder-documents",
            empty_title=self.tr("No copy open yet"),
            empty_text=self.tr(
                "Download one under Requests, or choose Open a copy… to pick a file."
            ),
        )
        self.state.retry_requested.connect(self._reopen)
        self.state.show_empty()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addLayout(actions)
        layout.addWidget(self.verdict)
        layout.addWidget(self.state, 1)
        self._enable_search(False)

    @property
    def checks(self) -> list[FileCheck] | None:
        """The manifest check of the open copy, once done."""
        return self.reading.checks

    # -- opening --------------------------------------------------------------------------

    def choose_and_open(self) -> None:
        chosen = self.choose_copy_file(self)
        if chosen is not None:
            self.open_copy(chosen)

    @property
    def records(self) -> CopyRecords:
        """The records of the chosen category and the search results (built on first use)."""
        return self._reading_area()[1]

    def _reading_area(self) -> tuple[QListWidget, CopyRecords]:
        if self.categories is None or self._records is None:
            self.categories = QListWidget()
            self.categories.setAccessibleName(self.tr("Categories in the copy"))
            # Cut in the middle: C6's two parts share their start, and the count ends each.
            elided_list(self.categories, Qt.TextElideMode.ElideMiddle)
            self.categories.setSpacing(2)  # a list to read, not a dense grid
            self.categories.currentRowChanged.connect(self._on_category_changed)
            self._records = CopyRecords(self.reading)
            self._records.category_title = self.names.title
            self._records.empty_reason = self.names.empty_reason
            self._records.hit_chosen.connect(self.jump_to)
            self._records.failed.connect(self._on_records_failed)
            splitter = QSplitter(Qt.Orientation.Horizontal)
            splitter.addWidget(self.categories)
            splitter.addWidget(self._records)
            splitter.setStretchFactor(0, 1)
            splitter.setStretchFactor(1, 3)
            splitter.setChildrenCollapsible(False)
            splitter.setSizes([320, 700])  # room for the category names; the user can drag it
            self.state.set_content(splitter)
        return self.categories, self._records

    def open_copy(self, path: Path) -> None:
        """Open the copy at `path` (the Requests page's "Open in Privacy Desk" lands here)."""
        generation, work = self.reading.start_opening(path)
        self._reading_area()[0].clear()
        self.records.model.show_category(None)
        self.records.clear_results()
        self.verdict.hide()
        self._enable_search(False)
        self.state.show_loading(self.tr("Opening the copy…"))
        run_task(
            self,
            work,
            lambda copy: self._on_opened(generation, copy),
            lambda error: self._on_open_failed(generation, error),
        )
        self._ask_for_names()

    def _ask_for_names(self) -> None:
        """The categories' titles in the user's language, once per page (the page is rebuilt
        when the language changes). Without them the copy's own titles stay: no message."""
        if self._names_asked:
            return
        self._names_asked = True
        run_task(
            self,
            partial(load_data_overview, self.context.session),
            self._on_names,
            lambda _error: None,
        )

    def _on_names(self, overview: DataOverview) -> None:
        self.names.learn(overview)
        if self.categories is not None:
            for row in range(self.categories.count()):
                self._label(self.categories.item(row))
        current = self.current_category()
        if current is not None and current.data_file is None:
            self.records.show_category(current)  # its note, in the user's language

    def _label(self, item: QListWidgetItem) -> None:
        category = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(category, CopyCategory):
            return
        title = self.names.title(category)
        if category.records is None:
            text = self.tr("%1 (nothing kept)").replace("%1", title)
        else:
            text = self.tr("%1 (%2)").replace("%2", QLocale().toString(category.records))
            text = text.replace("%1", title)
        item.setText(text)
        tooltip = self.tr("%1 (category %2)").replace("%2", category.id).replace("%1", title)
        item.setToolTip(plain_tooltip(tooltip))

    def _reopen(self) -> None:
        if self.reading.path is not None:
            self.open_copy(self.reading.path)
        else:
            self.choose_and_open()

    def _on_opened(self, generation: int, copy: AccessCopy) -> None:
        if not self.reading.opened(generation, copy):
            return
        categories, _ = self._reading_area()
        for category in copy.categories():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, category)
            self._label(item)
            categories.addItem(item)
        self.state.show_content()
        self._enable_search(True)
        first = next((i for i, c in enumerate(copy.categories()) if c.data_file), 0)
        if categories.count():
            categories.setCurrentRow(first)
        self._say(self.tr("Checking every file against the manifest…"))
        run_task(
            self,
            copy.verify,
            lambda checks: self._on_verified(generation, checks),
            lambda error: self._on_verify_failed(generation, error),
        )

    def _on_open_failed(self, generation: int, error: BaseException) -> None:
        if self.reading.is_current(generation):
            self._fail(error, self.tr("This copy can't be opened"))

    def _on_verified(self, generation: int, checks: list[FileCheck]) -> None:
        if not self.reading.verified(generation, checks):
            return
        bad = mismatched(checks)
        if bad:
            self._say(
                self.tr(
                    "These files do not match the manifest, so they were changed or damaged after the service made the copy: %1"
                ).replace("%1", ", ".join(bad)),
                error=True,
            )
        elif len(checks) == 1:
            self._say(self.tr("The one file in the copy matches the manifest."))
        else:
            self._say(self.tr("All %1 files match the manifest.").replace("%1", str(len(checks))))

    def _on_verify_failed(self, generation: int, error: BaseException) -> None:
        if self.reading.is_current(generation):
            self._fail(error, self.tr("This copy can't be checked"))

    # -- one category ---------------------------------------------------------------------

    def current_category(self) -> CopyCategory | None:
        item = None if self.categories is None else self.categories.currentItem()
        if item is None:
            return None
        category = item.data(Qt.ItemDataRole.UserRole)
        return category if isinstance(category, CopyCategory) else None

    def _on_category_changed(self, _row: int) -> None:
        self.records.show_category(self.current_category())

    # -- search ---------------------------------------------------------------------------

    def search(self) -> None:
        text = self.search_box.text().strip()
        work = self.reading.search_work(text)
        if work is None:
            self.records.clear_results()
            return
        self.search_button.setEnabled(False)
        self.records.show_searching()
        searched = self.reading.copy
        run_task(
            self,
            work,
            lambda hits: self._on_found(searched, text, hits),
            lambda error: self._on_search_failed(searched, error),
        )

    def _on_found(self, searched: AccessCopy | None, text: str, hits: list[SearchHit]) -> None:
        if self.reading.copy is not searched:
            return  # another copy was opened meanwhile
        self.search_button.setEnabled(True)
        self.records.show_hits(text, hits)

    def _on_search_failed(self, searched: AccessCopy | None, error: BaseException) -> None:
        if self.reading.copy is searched:
            self._fail(error, self.tr("This copy can't be searched"))

    def jump_to(self, hit: SearchHit) -> None:
        """Show the record a search result points at, loading up to it if needed."""
        categories, records = self._reading_area()
        for row in range(categories.count()):
            category = categories.item(row).data(Qt.ItemDataRole.UserRole)
            if category == hit.category:  # the part the hit is in, not just its category
                if categories.currentRow() != row:
                    categories.setCurrentRow(row)  # loads the first page, then jumps
                    return
                break
        records.select_row(hit.row, hit.field)

    # -- helpers --------------------------------------------------------------------------

    def _enable_search(self, enabled: bool) -> None:
        self.search_box.setEnabled(enabled)
        self.search_button.setEnabled(enabled)

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.verdict, text, error=error)

    def _fail(self, error: BaseException, title: str) -> None:
        """The copy can't be read (any more): what went wrong, what to do, and Try again,
        which opens it afresh."""
        self.verdict.hide()
        self._enable_search(False)
        self.state.show_failure(error, describe_failure(error), title=title)

    def _on_records_failed(self, error: BaseException) -> None:
        self._fail(error, self.tr("Part of this copy can't be read"))
