"""The loading / error / content / empty switcher every page uses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QStackedWidget, QWidget

from app.api.errors import FailureKind, ServiceError
from app.ui.widgets.status_page import StatusPage

# The failures that mean "the service could not be reached or did not answer": the page
# shows the offline face rather than a generic error.
UNREACHABLE = frozenset(
    {
        FailureKind.OFFLINE,
        FailureKind.CONNECTION_LOST,
        FailureKind.TIMEOUT,
        FailureKind.SERVICE_BUSY,
    }
)


def is_unreachable(error: BaseException) -> bool:
    return isinstance(error, ServiceError) and error.kind in UNREACHABLE


SCROLL_BAR_GAP = 12  # px between a column of cards and its scroll bar


class PageState(QStackedWidget):
    """What a page or a dialog shows instead of its content while there is none to show.

    Index 0: the status page for loading, or a failure with Try again; 1: the content;
    2: the empty state, a status page saying there is nothing yet and how that changes.
    A dialog passes `compact=True`: its message sits at the top, Try again below it on
    the left, and an empty result is said there too.

    `message` and `retry` are the status page's sentence and action; `empty` is the empty
    state's status page.
    """

    retry_requested = Signal()

    def __init__(
        self,
        content: QWidget,
        parent: QWidget | None = None,
        *,
        empty_text: str = "",
        empty_title: str = "",
        empty_icon: str = "",
        compact: bool = False,
        status_name: str = "",
        retry_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.status = StatusPage(compact=compact)
        retry = self.status.set_action(self.tr("Try again"), retry_name or self.tr("Try again"))
        assert retry is not None
        self.retry: QPushButton = retry
        self.status.action_requested.connect(self.retry_requested)
        self.message: QLabel = self.status.description
        if compact:
            self.message.setAccessibleName(status_name)
        self._compact = compact
        self.empty = StatusPage()
        self.empty.show_status(empty_icon, empty_title, empty_text)
        self.addWidget(self.status)
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
        self.status.show_status("", "", text)
        self.retry.hide()
        self.setCurrentIndex(0)

    def show_error(self, text: str, *, title: str = "", icon: str = "dialog-error") -> None:
        """A failure: what went wrong (`title`, optional), why and what to do (`text`),
        and Try again."""
        self.status.show_status(icon, title, text, error=True)
        self.retry.show()
        self.setCurrentIndex(0)

    def show_failure(self, error: BaseException, text: str, *, title: str = "") -> None:
        """`error` said in `text`: the offline face when the service could not be reached
        (never an empty list that could not be read), the error face otherwise."""
        icon = "network-offline" if is_unreachable(error) else "dialog-error"
        self.show_error(text, title=title, icon=icon)

    def showing_failure(self) -> bool:
        return self.currentIndex() == 0 and not self.retry.isHidden()

    def show_content(self) -> None:
        self.setCurrentIndex(1)

    def show_empty(self, text: str = "") -> None:
        """Nothing to show: the empty state (its sentence `text`, or the one given at the
        start). A dialog says it where it says everything else, without Try again."""
        if text:
            self.empty.show_status(self.empty.icon_name(), self.empty.title.text(), text)
        if self._compact:
            self.show_loading(self.empty.description.text())
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
    # Room between the cards and the scroll bar, which would otherwise touch them (the
    # viewport's margin lies between it and the bar, whatever the content's layout).
    scroll.setViewportMargins(0, 0, SCROLL_BAR_GAP, 0)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    scroll.setAccessibleName(name)
    return scroll
