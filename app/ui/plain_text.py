"""Text that comes from the service is shown exactly as written, never as markup.

A QLabel or a tooltip guesses: text that looks like HTML is rendered as rich text, so an
operator's `<b>`, `<i>` or `<a href>` would become formatting and a live link. Every label
that can show the service's text (a catalog title, an extension reason, a record) is made a
plain-text label, and such a tooltip is escaped.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A label that shows `text` (and whatever is set later) as written."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def as_plain_text(*labels: QLabel) -> None:
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written: escaped only when Qt would take it for HTML."""
    if QtGui.Qt.mightBeRichText(text):
        return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
    return text
