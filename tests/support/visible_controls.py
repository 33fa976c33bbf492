"""What a sighted user sees on each control the Tab key can reach: the other half of the
accessibility walk (tests/e2e/test_accessible_names.py).

The AT-SPI tree says what a screen reader announces; only the widgets know what is
painted on screen (a button's text may differ from its accessible name). Each control is
tagged with an accessible id (`QWidget.setAccessibleIdentifier`, which changes nothing a
screen reader says) so the walk can find the same control on the accessibility bus.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

ID_PREFIX = "a11y-probe-"
_numbers = itertools.count(1)  # ids stay unique across pages and calls


def _without_mnemonic(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def describe(widget: QWidget) -> dict[str, Any]:
    """kind, the text painted on the control itself (None when it shows none), its value."""
    kind = "other"
    visible: str | None = None
    value: str | None = None
    if isinstance(widget, QAbstractButton):
        kind = "button"
        visible = _without_mnemonic(widget.text()).strip() or None
    elif isinstance(widget, QComboBox):
        kind = "combo"
        value = widget.currentText()
    elif isinstance(widget, QLineEdit):
        kind = "entry"
        value = widget.text()
    elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
        kind = "text"
        value = widget.toPlainText()
    elif isinstance(widget, QAbstractSpinBox):
        kind = "entry"
        value = widget.text()
    elif isinstance(widget, QAbstractItemView):
        kind = "view"
    elif isinstance(widget, QAbstractScrollArea):
        kind = "region"
    elif isinstance(widget, QLabel):
        kind = "label"
        visible = widget.text().strip() or None
    return {"kind": kind, "visible": visible, "value": value}


def tab_stops(window: QWidget) -> list[QWidget]:
    """Every widget on screen in `window` that the Tab key can land on (or will, once it is
    enabled: a screen reader reads disabled controls too)."""
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisible()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]


def tag_and_describe(window: QWidget) -> list[dict[str, Any]]:
    """Tag every Tab stop with an accessible id and say what is painted on it."""
    controls = []
    for widget in tab_stops(window):
        identifier = f"{ID_PREFIX}{next(_numbers)}"
        widget.setAccessibleIdentifier(identifier)
        controls.append(
            {
                "id": identifier,
                "class": type(widget).__name__,
                "object_name": widget.objectName(),
                **describe(widget),
            }
        )
    return controls
