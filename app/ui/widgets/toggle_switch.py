"""An on/off switch like the ones in the desktop's own settings apps."""

from __future__ import annotations

from PySide6.QtCore import Property, QPropertyAnimation, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from app.ui.style import FOCUS_RING_WIDTH, focus_colour

# The keyboard focus ring around the track, and the gap between them.
RING_WIDTH = FOCUS_RING_WIDTH
RING_GAP = 1


class ToggleSwitch(QAbstractButton):
    """Checkable, keyboard-operable (Space), drawn from the palette so themes apply; with the
    keyboard focus, a ring in the style layer's focus colour around it."""

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
        margin = 2 * (RING_WIDTH + RING_GAP)
        return QSize(44 + margin, 22 + margin)

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
        # The track sits inside a margin that holds the focus ring, a gap of the window's
        # colour between them: the ring stays its own colour whatever the track's.
        margin = RING_WIDTH + RING_GAP
        track = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
        radius = track.height() / 2
        on_colour = palette.color(QPalette.ColorRole.Highlight)
        off_colour = palette.color(QPalette.ColorRole.Mid)
        colour = _blend(off_colour, on_colour, self._offset)
        if not enabled:
            colour.setAlphaF(0.45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(track, radius, radius)
        knob_diameter = track.height() - 4
        travel = track.width() - knob_diameter - 4
        knob = QRectF(
            track.left() + 2 + travel * self._offset, track.top() + 2, knob_diameter, knob_diameter
        )
        painter.setBrush(QColor("#ffffff") if enabled else palette.color(QPalette.ColorRole.Button))
        painter.setPen(QColor(0, 0, 0, 60))
        painter.drawEllipse(knob)
        if self.hasFocus():
            half = RING_WIDTH / 2
            ring = QRectF(self.rect()).adjusted(half, half, -half, -half)
            painter.setPen(QPen(focus_colour(), RING_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            ring_radius = ring.height() / 2
            painter.drawRoundedRect(ring, ring_radius, ring_radius)
        painter.end()


def _blend(start: QColor, end: QColor, amount: float) -> QColor:
    return QColor(
        round(start.red() + (end.red() - start.red()) * amount),
        round(start.green() + (end.green() - start.green()) * amount),
        round(start.blue() + (end.blue() - start.blue()) * amount),
    )
