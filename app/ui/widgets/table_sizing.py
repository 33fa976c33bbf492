"""Column widths measured on a sample of rows, never on every row.

A table sizes a column to its contents by asking the delegate for the size of each cell,
and each ask goes through our Python model (several roles per cell) and the style sheet.
For the first page of 200 records that was 46–72 ms of GUI-thread work, and a History
page with hundreds of kept entries re-measured all of them on every read of the log.
The horizontal header's resize-contents precision caps the rows measured per column:
Qt measures the rows on screen first, then their neighbours, and always the header text.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

# About a screenful: a column fits what the user sees; a longer cell further down is
# elided, and shown whole in its tooltip.
SAMPLE_ROWS = 30


def measure_columns_on_a_sample(table: QTableView, rows: int = SAMPLE_ROWS) -> None:
    table.horizontalHeader().setResizeContentsPrecision(rows)
