"""RecordsTableModel: a category's records as a table that pages itself in as the user scrolls.

A category can hold a million records, so the model never holds them all. It is fed by a
`fetch_page(cursor) -> RecordPage` callable (the page builds it from the session; the model
owns no HTTP) that it runs through `run_task`, one request at a time.

How the window of pages works, simply:

- Rows only ever grow at the bottom: `fetchMore` asks for the page after the last one
  (Qt calls it as the view nears the end) and appends its rows with `beginInsertRows`.
- Every page remembers the cursor that fetched it and how many rows it has, for good.
- At most `max_pages` pages keep their rows' text. When one more arrives, the loaded page
  farthest from it gives up its text (scrolling down drops pages at the top, scrolling
  back up drops pages at the bottom). Its rows stay in the table, so the scroll bar and
  row numbers never jump.
- When `data()` is asked for a row of such a page it answers "…" and fetches the page
  again with its cursor; the rows fill in (`dataChanged`) when it arrives. Keyset cursors
  make this stable: the page after a given (time, id) holds the same records unless some
  were deleted meanwhile, in which case the missing rows read "—".

A failed request is reported through `failed` and nothing else changes: the table keeps
what it had, and `fetchMore` or `retry` tries again. Until then no row asks for a page by
itself, so a service that is down is not asked again on every repaint.

Cell text is prepared on the worker thread together with the request (times in the
user's locale and time zone), so the GUI thread only copies strings.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from app.core.data import RecordPage
from app.ui.formatting import cell_text, field_label
from app.ui.plain_text import plain_tooltip
from app.ui.tasks import SessionWatch, run_task

AnyIndex = QModelIndex | QPersistentModelIndex
PageFetcher = Callable[[str | None], RecordPage]
Row = tuple[str, ...]

DEFAULT_MAX_PAGES = 20
NOT_LOADED = "…"
GONE = "—"
# Longer cell texts also appear whole in a tooltip.
TOOLTIP_FROM = 60
# The roles a cell answers (`_cell_data`); any other role gets None.
CELL_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ToolTipRole,
)


def page_rows(page: RecordPage) -> list[Row]:
    """A page as cell texts (run on the worker thread, with the request)."""
    fields = page.fields
    return [tuple(cell_text(name, record.get(name)) for name in fields) for record in page.records]


@dataclass
class _Page:
    cursor: str | None  # what fetched it: fetch it again with the same cursor
    first_row: int
    row_count: int
    rows: list[Row] | None  # None: dropped from the window

    @property
    def loaded(self) -> bool:
        return self.rows is not None


@dataclass(frozen=True)
class _Arrival:
    page: RecordPage
    rows: list[Row]


class RecordsTableModel(QAbstractTableModel):
    # After every page that arrives (appended or fetched again).
    page_arrived = Signal()
    # A request failed; the exception, for `describe_failure`.
    failed = Signal(object)
    # True while a request is in flight.
    busy_changed = Signal(bool)

    def __init__(
        self,
        fetch_page: PageFetcher,
        *,
        max_pages: int = DEFAULT_MAX_PAGES,
        parent: QObject | None = None,
        watch: SessionWatch | None = None,
    ) -> None:
        super().__init__(parent)
        if max_pages < 2:
            raise ValueError("keep at least two pages: the one shown and the one arriving")
        self._fetch_page = fetch_page
        self._watch = watch  # told when a page's fetch finds the session ended
        self.max_pages = max_pages
        self._fields: tuple[str, ...] = ()
        self._pages: list[_Page] = []
        self._starts: list[int] = []  # each page's first row, for bisect
        self._rows = 0
        self._next_cursor: str | None = None
        self._started = False
        self._at_end = False
        self._busy = False
        self._refilling = False
        self._halted = False  # after a failure: no automatic requests until asked
        self._wanted_page: int | None = None  # a dropped page data() asked for meanwhile
        self._append_wanted = False
        self._generation = 0
        self.requests_made = 0

    # -- what the page asks ---------------------------------------------------------------

    @property
    def fields(self) -> tuple[str, ...]:
        return self._fields

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def at_end(self) -> bool:
        return self._at_end

    @property
    def started(self) -> bool:
        """The first page has arrived."""
        return self._started

    @property
    def loaded_pages(self) -> int:
        return sum(1 for page in self._pages if page.loaded)

    @property
    def loaded_rows(self) -> int:
        return sum(page.row_count for page in self._pages if page.loaded)

    def set_fetcher(self, fetch_page: PageFetcher) -> None:
        """Another category: call `start` next."""
        self._fetch_page = fetch_page

    def start(self) -> None:
        """Forget everything and fetch the newest page."""
        self.clear()
        self._request_append()

    def clear(self) -> None:
        """Forget everything; answers still on their way are dropped when they arrive."""
        self.beginResetModel()
        self._generation += 1
        self._fields = ()
        self._pages = []
        self._starts = []
        self._rows = 0
        self._next_cursor = None
        self._started = False
        self._at_end = False
        self._halted = False
        self._wanted_page = None
        self._append_wanted = False
        self._set_busy(False)
        self.endResetModel()

    def retry(self) -> None:
        """After a failure: carry on with whatever was asked for."""
        self._halted = False
        if not self._started:
            self._request_append()
        elif self._wanted_page is not None:
            self._next_request()
        else:
            self.fetchMore(QModelIndex())

    def row_as_text(self, row: int) -> str:
        """One row for the clipboard: the cells as shown, separated by tabs."""
        return "\t".join(self._row(row))

    def rows_matching(self, needle: str) -> list[tuple[int, Row]]:
        """The loaded rows containing `needle` (lower case) in any cell, with their row
        numbers; rows of dropped pages are not searched."""
        found: list[tuple[int, Row]] = []
        for page in self._pages:
            for offset, cells in enumerate(page.rows or ()):
                if any(needle in cell.lower() for cell in cells):
                    found.append((page.first_row + offset, cells))
        return found

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(self._fields):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return field_label(self._fields[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._fields[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in CELL_ROLES:
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < self._rows or not 0 <= column < len(self._fields):
            return None
        return _cell_data(self._row(row)[column], role)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._started and not self._at_end

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid() or not self._started or self._at_end:
            return
        self._halted = False
        self._request_append()

    # -- rows -----------------------------------------------------------------------------

    def _row(self, row: int) -> Row:
        position = bisect.bisect_right(self._starts, row) - 1
        page = self._pages[position]
        if page.rows is None:
            self._want(position)
            return (NOT_LOADED,) * len(self._fields)
        offset = row - page.first_row
        if offset >= len(page.rows):
            return (GONE,) * len(self._fields)
        return page.rows[offset]

    # -- requests -------------------------------------------------------------------------

    def _want(self, position: int) -> None:
        if self._halted:
            return
        self._wanted_page = position
        if not self._busy:
            self._next_request()

    def _request_append(self) -> None:
        if self._busy:
            # Busy appending: the view asks again once the rows are in. Busy fetching a
            # dropped page again: append right after it.
            self._append_wanted = self._refilling
            return
        self._append_wanted = False
        cursor = self._next_cursor
        self._send(cursor, lambda arrival: self._appended(cursor, arrival))

    def _next_request(self) -> None:
        """When idle: fetch again the dropped page someone looked at, else append if asked."""
        position, self._wanted_page = self._wanted_page, None
        if position is not None and not self._pages[position].loaded:
            page = self._pages[position]
            self._send(
                page.cursor, lambda arrival: self._refilled(position, arrival), refill=position
            )
        elif self._append_wanted:
            self._request_append()

    def _send(
        self,
        cursor: str | None,
        on_arrival: Callable[[_Arrival], None],
        *,
        refill: int | None = None,
    ) -> None:
        """One request; `refill` is the position of the dropped page it fetches again."""
        generation = self._generation
        fetch = self._fetch_page

        def work() -> _Arrival:
            page = fetch(cursor)
            return _Arrival(page, page_rows(page))

        def done(arrival: _Arrival) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            on_arrival(arrival)
            self.page_arrived.emit()
            if not self._busy:
                self._next_request()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            self._halted = True
            if refill is not None:  # `retry` fetches it again
                self._wanted_page = refill
            self.failed.emit(error)

        self._refilling = refill is not None
        self._set_busy(True)
        self.requests_made += 1
        run_task(self, work, done, failed, watch=self._watch)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # -- arrivals -------------------------------------------------------------------------

    def _appended(self, cursor: str | None, arrival: _Arrival) -> None:
        page = arrival.page
        if not self._started:
            self.beginResetModel()
            self._fields = page.fields
            self._started = True
            self.endResetModel()
        self._next_cursor = page.next_cursor
        self._at_end = page.next_cursor is None
        if not arrival.rows:
            return
        first = self._rows
        self.beginInsertRows(QModelIndex(), first, first + len(arrival.rows) - 1)
        self._pages.append(_Page(cursor, first, len(arrival.rows), arrival.rows))
        self._starts.append(first)
        self._rows += len(arrival.rows)
        self.endInsertRows()
        self._keep_window(len(self._pages) - 1)

    def _refilled(self, position: int, arrival: _Arrival) -> None:
        page = self._pages[position]
        page.rows = arrival.rows[: page.row_count]
        self._rows_changed(page)
        self._keep_window(position)

    def _keep_window(self, newest: int) -> None:
        """Drop the text of the loaded pages farthest from `newest` beyond `max_pages`."""
        loaded = [position for position, page in enumerate(self._pages) if page.loaded]
        loaded.sort(key=lambda position: abs(position - newest), reverse=True)
        for position in loaded[: max(0, len(loaded) - self.max_pages)]:
            page = self._pages[position]
            page.rows = None
            self._rows_changed(page)

    def _rows_changed(self, page: _Page) -> None:
        if page.row_count and self._fields:
            self.dataChanged.emit(
                self.index(page.first_row, 0),
                self.index(page.first_row + page.row_count - 1, len(self._fields) - 1),
            )


class _MatchingRows(QAbstractTableModel):
    """The loaded rows that contain a filter text, copied when the filter is set."""

    def __init__(self, records: RecordsTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records = records
        self.record_rows: list[int] = []
        self._cells: list[Row] = []

    def search(self, needle: str) -> None:
        self.beginResetModel()
        found = self.records.rows_matching(needle)
        self.record_rows = [row for row, _cells in found]
        self._cells = [cells for _row, cells in found]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.records.columnCount()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return self.records.headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in CELL_ROLES or not 0 <= index.row() < len(self._cells):
            return None
        cells = self._cells[index.row()]
        return _cell_data(cells[index.column()], role) if index.column() < len(cells) else None


class LoadedRecordsFilter(QSortFilterProxyModel):
    """Narrows the table to rows containing some text, among the rows loaded right now.

    It searches the window of pages in memory, not the whole category (that would mean
    fetching a million records), and asks for no more pages while a filter is set, or an
    unmatched filter would walk the whole category in the background.

    Without a filter it passes the records through untouched. With one, its source is the
    matching rows, found by one pass over the loaded pages: a proxy that filtered the
    records themselves would call back into Python once for every row scrolled past, which
    at 50,000 rows was 50 ms of GUI thread per keystroke and grew with every page.
    """

    def __init__(self, records: RecordsTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records = records
        self._needle = ""
        self._matches = _MatchingRows(records, self)
        records.page_arrived.connect(self._search_again)  # a page that was on its way
        self.setSourceModel(records)

    @property
    def filter_text(self) -> str:
        return self._needle

    def set_filter_text(self, text: str) -> None:
        needle = text.strip().lower()
        if needle == self._needle:
            return
        self._needle = needle
        if needle:
            self._matches.search(needle)
        source = self._matches if needle else self.records
        if self.sourceModel() is not source:
            self.setSourceModel(source)

    def _search_again(self) -> None:
        if self._needle:
            self._matches.search(self._needle)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not self._needle and super().canFetchMore(parent)

    def source_rows(self, rows: Sequence[int]) -> list[int]:
        """The records' row numbers of these rows of the table."""
        found = [self.mapToSource(self.index(row, 0)).row() for row in rows]
        if self._needle:
            return [self._matches.record_rows[row] for row in found]
        return found


def _cell_data(text: str, role: int) -> str | None:
    """What a cell answers for a role `data()` serves: its text, whole in a tooltip when long."""
    if role == Qt.ItemDataRole.ToolTipRole:
        return plain_tooltip(text) if len(text) >= TOOLTIP_FROM else None
    return text
