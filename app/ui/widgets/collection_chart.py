"""CollectionChart: how many records the service collected each month, as small bars.

Drawn with QPainter in the palette's own colours (so it follows a dark theme) instead of
pulling in a chart library for twenty-four bars. A screen reader gets the same story in
words through the accessible name and description.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QDate, QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.plurals import PLURALS

MonthCount = tuple[str, int]  # ("2026-05", 12345)


def month_date(month: str) -> QDate:
    year, number = month.split("-")
    return QDate(int(year), int(number), 1)


def long_month(month: str) -> str:
    """ "May 2026" in the user's language."""
    return QLocale().toString(month_date(month), "MMMM yyyy")


def short_month(month: str) -> str:
    return QLocale().monthName(month_date(month).month(), QLocale.FormatType.ShortFormat)


def number(value: int) -> str:
    return QLocale().toString(value)


class CollectionChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[MonthCount] = []
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(120)
        self.set_months([])

    def sizeHint(self) -> QSize:
        return QSize(480, 130)

    def set_months(self, months: Sequence[MonthCount]) -> None:
        self.months = list(months)
        self.setAccessibleName(self.tr("Records collected per month"))
        self.setAccessibleDescription(self.description())
        self.setToolTip(self.description())
        self.update()

    def description(self) -> str:
        """The chart in words: the busiest month, and the whole span."""
        if not any(count for _month, count in self.months):
            return self.tr("Nothing was collected in this category in the last two years.")
        busiest, most = max(self.months, key=lambda item: item[1])
        total = sum(count for _month, count in self.months)
        # Counted texts go through the plural machinery: "1 record", never "1 records".
        return (
            PLURALS.most_collected_in(long_month(busiest), most)
            + " "
            + PLURALS.collected_in_all(
                long_month(self.months[0][0]), long_month(self.months[-1][0]), total
            )
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        faint = palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = QFontMetrics(self.font())
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        if not any(count for _month, count in self.months):
            painter.setPen(faint)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.description())
            return
        line = metrics.height()
        most = max(count for _month, count in self.months)
        painter.setPen(faint)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            self.tr("Most in a month: %1").replace("%1", number(most)),
        )
        bars = QRectF(
            area.left(), area.top() + line + 4, area.width(), area.height() - 2 * line - 8
        )
        slot = bars.width() / len(self.months)
        gap = min(6.0, slot * 0.25)
        bar_colour = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar_colour)
        for position, (_month, count) in enumerate(self.months):
            height = bars.height() * count / most if most else 0.0
            if count and height < 2:
                height = 2.0  # a month with a few records is still visible
            painter.drawRoundedRect(
                QRectF(
                    bars.left() + position * slot + gap / 2,
                    bars.bottom() - height,
                    slot - gap,
                    height,
                ),
                2,
                2,
            )
        painter.setPen(text_colour)
        labels_top = bars.bottom() + 4
        for position, label in month_labels(self.months, slot, metrics):
            # Centred under its bar, never cut by the chart's edges.
            width = metrics.horizontalAdvance(label) + 4
            left = bars.left() + (position + 0.5) * slot - width / 2
            left = max(area.left(), min(left, area.right() - width))
            painter.drawText(
                QRectF(left, labels_top, width, line), Qt.AlignmentFlag.AlignHCenter, label
            )
        painter.setPen(faint)
        painter.drawLine(bars.bottomLeft(), bars.bottomRight())


def month_labels(
    months: Sequence[MonthCount], slot: float, metrics: QFontMetrics
) -> list[tuple[int, str]]:
    """The month labels that fit under bars `slot` pixels wide: the newest month always,
    then every n-th back, n as large as the widest label needs (fewer labels, never none)."""
    if not months:
        return []
    texts = [short_month(month) for month, _count in months]
    texts = [
        f"{text} {month[2:4]}" if month.endswith("-01") or position == 0 else text
        for position, (text, (month, _count)) in enumerate(zip(texts, months, strict=True))
    ]
    widest = max(metrics.horizontalAdvance(text) for text in texts) + 12
    every = max(1, math.ceil(widest / max(slot, 1.0)))
    newest = len(months) - 1
    return [
        (position, text) for position, text in enumerate(texts) if (newest - position) % every == 0
    ]
