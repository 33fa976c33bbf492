"""One small style sheet on top of the native style: cards, headings, message colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

STYLE_SHEET = """
QFrame#card {
    background: palette(base);
    border: 1px solid palette(midlight);
    border-radius: 10px;
}
QLabel#pageTitle { font-size: 20pt; font-weight: 600; }
QLabel#deviceCode { font-size: 22pt; font-weight: 600; letter-spacing: 3px; padding: 8px; }
QLabel#pageIntro { color: palette(placeholder-text); }
QLabel#cardTitle { font-size: 11pt; font-weight: 600; }
QLabel#cardText { color: palette(placeholder-text); }
QLabel#cardStatus { font-size: 9pt; color: palette(placeholder-text); }
QLabel[role="pending"] { color: palette(highlight); }
QLabel[role="error"] { color: #c01c28; }
QLabel#stateMessage { font-size: 12pt; }
QLabel#sectionTitle { font-size: 12pt; font-weight: 600; }
QListWidget#sidebar {
    border: none;
    border-right: 1px solid palette(midlight);
    background: palette(window);
    padding: 12px 8px;
    font-size: 11pt;
}
QListWidget#sidebar::item { padding: 9px 12px; border-radius: 6px; }
QListWidget#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }
"""


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a style role ("error", "pending", "" for plain) and restyle it now:
    Qt applies a changed property to the style sheet only after a re-polish."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def say(label: QLabel, text: str, *, error: bool = False) -> None:
    """Show a sentence in a status label, red when it reports a failure. As plain text: a
    failure can quote the service (a certificate's names), never to be taken as markup."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    set_role(label, "error" if error else "")
    label.show()
