"""An on/off switch like the ones in the desktop's own settings apps."""

from __future__ import annotations

from PySide6.QtCore import Property, QPropertyAnimation, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget


class ToggleSwitch(QAbstractButton):
    """Checkable, keyboard-operable (Space), drawn from the palette so themes apply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._offset = 0.0
        self._animation = QPropertyAnimation(self, b"offset", self)
        self._animation.setDuration(120)
        self.toggled.connect(self._animate)

    def sizeHint(self) -> QSize:
        return QSize(46, 26)

    def _get_offset(self) -> float:
        return self._offset

    def _set_offset(self, value: float) -> None:
        self._offset = value
        self.update()

    offset = Property(float, _get_offset, _set_offset)

    def setChecked(self, checked: bool) -> None:
        super().setChecked(checked)
        self._animation.stop()
        self._set_offset(1.0 if checked else 0.0)

    def _animate(self, checked: bool) -> None:
        self._animation.stop()
        self._animation.setStartValue(self._offset)
        self._animation.setEndValue(1.0 if checked else 0.0)
        self._animation.start()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        enabled = self.isEnabled()
        track = QRectF(1, 3, self.width() - 2, self.height() - 6)
        radius = track.height() / 2
        on_colour = palette.color(QPalette.ColorRole.Highlight)
        off_colour = palette.color(QPalette.ColorRole.Mid)
        colour = _blend(off_colour, on_colour, self._offset)
        if not enabled:
            colour.setAlphaF(0.45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(track, radius, radius)
        knob_diameter = self.height() - 4
        travel = self.width() - knob_diameter - 4
        knob = QRectF(2 + travel * self._offset, 2, knob_diameter, knob_diameter)
        painter.setBrush(QColor("#ffffff") if enabled else palette.color(QPalette.ColorRole.Button))
        painter.setPen(QColor(0, 0, 0, 60))
        painter.drawEllipse(knob)
        if self.hasFocus():
            focus_pen = painter.pen()
            focus_pen.setColor(palette.color(QPalette.ColorRole.Highlight))
            focus_pen.setWidthF(2)
            painter.setPen(focus_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(
                QRectF(self.rect()).adjusted(0.5, 2, -0.5, -2), radius + 1, radius + 1
            )
        painter.end()


def _blend(start: QColor, end: QColor, amount: float) -> QColor:
    return QColor(
        round(start.red() + (end.red() - start.red()) * amount),
        round(start.green() + (end.green() - start.green()) * amount),
        round(start.blue() + (end.blue() - start.blue()) * amount),
    )
