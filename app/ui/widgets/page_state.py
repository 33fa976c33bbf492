"""The loading / error / content switcher every page uses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.style import set_role


class PageState(QStackedWidget):
    """Index 0: a message (loading or error, with Retry); index 1: the page's content."""

    retry_requested = Signal()

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        message_page = QWidget()
        self.message = QLabel()
        self.message.setObjectName("stateMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retry = QPushButton(self.tr("Try again"))
        self.retry.setAccessibleName(self.tr("Try again"))
        self.retry.clicked.connect(self.retry_requested)
        layout = QVBoxLayout(message_page)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.addWidget(message_page)
        self.addWidget(content)

    def show_loading(self, text: str) -> None:
        self.message.setText(text)
        set_role(self.message, "")
        self.retry.hide()
        self.setCurrentIndex(0)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        set_role(self.message, "error")
        self.retry.show()
        self.setCurrentIndex(0)

    def show_content(self) -> None:
        self.setCurrentIndex(1)


def scrolling_column(content: QWidget, name: str) -> QScrollArea:
    """The page's column of cards in a frameless, vertically scrolling area.

    It takes keyboard focus (arrow keys scroll), so it carries the page's name."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    scroll.setAccessibleName(name)
    return scroll


def empty_message(text: str) -> QLabel:
    """The centred sentence a list shows while it has nothing in it."""
    label = QLabel(text)
    label.setObjectName("stateMessage")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def message_with_retry(
    status_name: str, retry_text: str, retry_name: str
) -> tuple[QWidget, QLabel, QPushButton]:
    """A dialog's loading / nothing-found / failure panel: a sentence and Try again below it."""
    panel = QWidget()
    message = QLabel()
    message.setWordWrap(True)
    message.setObjectName("stateMessage")
    message.setAccessibleName(status_name)
    retry = QPushButton(retry_text)
    retry.setAccessibleName(retry_name)
    column = QVBoxLayout(panel)
    column.addWidget(message)
    column.addWidget(retry, 0, Qt.AlignmentFlag.AlignLeft)
    column.addStretch(1)
    return panel, message, retry
