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
    """What a page or a dialog shows instead of its content while there is none to show.

    Index 0: a message (loading, or a failure with Try again); 1: the content; 2: the empty
    state, a centred sentence saying there is nothing yet and how that changes. A dialog
    passes `compact=True`: its message sits at the top, Try again below it on the left.
    """

    retry_requested = Signal()

    def __init__(
        self,
        content: QWidget,
        parent: QWidget | None = None,
        *,
        empty_text: str = "",
        compact: bool = False,
        status_name: str = "",
        retry_name: str = "",
    ) -> None:
        super().__init__(parent)
        message_page = QWidget()
        self.message = QLabel()
        self.message.setObjectName("stateMessage")
        self.message.setWordWrap(True)
        self.retry = QPushButton(self.tr("Try again"))
        self.retry.setAccessibleName(retry_name or self.tr("Try again"))
        self.retry.clicked.connect(self.retry_requested)
        layout = QVBoxLayout(message_page)
        if compact:
            self.message.setAccessibleName(status_name)
            layout.addWidget(self.message)
            layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addStretch(1)
        else:
            self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addStretch(1)
            layout.addWidget(self.message)
            layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addStretch(2)
        self._compact = compact
        self.empty = empty_message(empty_text)
        self.addWidget(message_page)
        self.addWidget(content)
        self.addWidget(self.empty)

    def set_content(self, content: QWidget) -> None:
        """Put `content` in place of the one given at the start (a page that builds its
        content when first needed)."""
        old = self.widget(1)
        showing = self.currentIndex()
        self.insertWidget(1, content)
        if old is not None:
            self.removeWidget(old)
            old.deleteLater()
        self.setCurrentIndex(showing)

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

    def show_empty(self, text: str = "") -> None:
        """Nothing to show: the empty sentence (`text`, or the one given at the start).
        A dialog says it where it says everything else, without Try again."""
        if text:
            self.empty.setText(text)
        if self._compact:
            self.show_loading(self.empty.text())
            return
        self.setCurrentIndex(2)

    def show_result(self, has_content: bool) -> None:
        """The content when there is some, the empty state otherwise."""
        if has_content:
            self.show_content()
        else:
            self.show_empty()

    def showing_result(self) -> bool:
        """Content or the empty state is shown: something was loaded (pages; a dialog
        says "nothing there" on its message face)."""
        return self.currentIndex() in (1, 2)


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
