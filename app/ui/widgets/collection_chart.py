"""CollectionChart: how many records the service collected each month, as small bars.

Drawn with QPainter in the palette's own colours (so it follows a dark theme) instead of
pulling in a chart library for twenty-four bars. A screen reader gets the same story in
words through the accessible name and description.
"""

from __future__ import annotations

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
        label_every = max(1, int((metrics.horizontalAdvance("Mmm 00") + 4) // max(slot, 1)) + 1)
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
        for position, (month, _count) in enumerate(self.months):
            if (len(self.months) - 1 - position) % label_every:
                continue  # always label the newest month, then every n-th back
            label = short_month(month)
            if month.endswith("-01") or position == 0:
                label += f" {month[2:4]}"
            painter.drawText(
                QRectF(bars.left() + position * slot - slot, labels_top, slot * 3, line),
                Qt.AlignmentFlag.AlignHCenter,
                label,
            )
        painter.setPen(faint)
        painter.drawLine(bars.bottomLeft(), bars.bottomRight())
