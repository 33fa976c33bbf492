"""How the app's tables look and how their columns share the width.

`flat_table` gives a table the look of a settings app's list: no grid, no row numbers, a
flat left-aligned header, whole rows selected, long values cut with "…" (the models give
the whole value in a tooltip). `fit_columns` lets the column that matters take the room
left over, so a column of short values ("—") never ends up the widest.

Column widths are measured on a sample of rows, never on every row. A table sizes a
column to its contents by asking the delegate for the size of each cell, and each ask goes
through our Python model (several roles per cell) and the style sheet. For the first page
of 200 records that was 46–72 ms of GUI-thread work, and a History page with hundreds of
kept entries re-measured all of them on every read of the log. The horizontal header's
resize-contents precision caps the rows measured per column: Qt measures the rows on
screen first, then their neighbours, and always the header text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

# About a screenful: a column fits what the user sees; a longer cell further down is
# elided, and shown whole in its tooltip.
SAMPLE_ROWS = 30

# No column sized to its contents grows wider than this many average characters: one
# long value must not push the column that matters out of sight.
WIDEST_COLUMN_CHARACTERS = 40


def measure_columns_on_a_sample(table: QTableView, rows: int = SAMPLE_ROWS) -> None:
    table.horizontalHeader().setResizeContentsPrecision(rows)


def flat_table(view: QTableView) -> None:
    """The app's one table look; call it once, after `setModel`."""
    # The header's flat line and the colours come from the one style layer (app/ui/style.py).
    view.setProperty("flat", True)  # for that layer: QTableView[flat="true"]
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    measure_columns_on_a_sample(view)


def flat_tree(view: QTreeView) -> None:
    """The same look for a tree with columns (a table whose rows fold): no bevelled header,
    alternating rows, whole rows selected, long values cut with "…"."""
    view.setProperty("flat", True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setUniformRowHeights(True)
    header = view.header()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)


def fit_columns(
    view: QTableView, stretch: int, *, widest_characters: int = WIDEST_COLUMN_CHARACTERS
) -> None:
    """Column `stretch` takes the width left over; every other column fits its contents
    (measured on a sample) but never grows past `widest_characters`. Call after `setModel`;
    the widths follow the model as rows arrive."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMaximumSectionSize(view.fontMetrics().averageCharWidth() * widest_characters)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    measure_columns_on_a_sample(view)


class ColumnsFillWidth(QObject):
    """Keeps a table's columns as wide as its viewport: each column fits its contents
    (a sample of rows, capped at `widest` pixels); room left over goes first to the columns
    whose values were cut, then to the last column. Refits when the columns change,
    when the first rows arrive and when the viewport's width changes; not on every page of
    rows, so columns do not jump while the user scrolls."""

    def __init__(self, view: QTableView, widest: int) -> None:
        super().__init__(view)
        self.view = view
        self.widest = widest
        self._width = -1
        self._settled = QTimer(self)
        self._settled.setSingleShot(True)
        self._settled.setInterval(0)
        self._settled.timeout.connect(self._refit_if_wider_or_narrower)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        measure_columns_on_a_sample(view)
        view.viewport().installEventFilter(self)
        model = view.model()
        model.modelReset.connect(self.fit)
        model.columnsInserted.connect(self.fit)
        model.columnsRemoved.connect(self.fit)
        model.rowsInserted.connect(self._on_rows_inserted)
        self.fit()

    def _on_rows_inserted(self, _parent: object, first: int, _last: int) -> None:
        if first == 0:
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._refit_if_wider_or_narrower()
            # Showing the table can settle its scroll bars, and so the viewport's width,
            # without another resize event: look again once the event loop is idle.
            self._settled.start()
        return False

    def _refit_if_wider_or_narrower(self) -> None:
        if self.view.viewport().width() != self._width:
            self.fit()

    def fit(self, *_args: object) -> None:
        header = self.view.horizontalHeader()
        columns = header.count()
        self._width = self.view.viewport().width()
        if columns == 0:
            return
        wanted = [
            max(self.view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(columns)
        ]
        widths = [min(want, self.widest) for want in wanted]
        spare = self._width - sum(widths)
        # Room to spare goes first to the columns whose values were cut, the most cut
        # first; what is still left widens the last column, so the values stay together.
        for column in sorted(range(columns), key=lambda c: widths[c] - wanted[c]):
            if spare <= 0:
                break
            grow = min(spare, wanted[column] - widths[column])
            widths[column] += grow
            spare -= grow
        if spare > 0:
            widths[-1] += spare
        for column, width in enumerate(widths):
            header.resizeSection(column, width)


def fill_width(
    view: QTableView, *, widest_characters: int = WIDEST_COLUMN_CHARACTERS
) -> ColumnsFillWidth:
    """Make the columns of `view` fill its width (see ColumnsFillWidth); after `setModel`."""
    widest = view.fontMetrics().averageCharWidth() * widest_characters
    return ColumnsFillWidth(view, widest)
