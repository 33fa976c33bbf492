"""Every page can be walked with Tab alone, and every control it reaches has a name."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from server.embedded import EmbeddedService
from tests.e2e.conftest import DeskFactory, start_signed_in


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _reading_position(widget: QWidget, page: QWidget) -> int:
    """Top edge on the page as laid out, whatever a scroll area currently shows."""
    area = widget.parentWidget()
    while area is not None and area is not page and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if (
        isinstance(area, QScrollArea)
        and area.widget() is not None
        and area.widget().isAncestorOf(widget)
    ):
        return area.mapTo(page, QPoint(0, 0)).y() + widget.mapTo(area.widget(), QPoint(0, 0)).y()
    return widget.mapTo(page, QPoint(0, 0)).y()


def _walk_with_tab(qtbot: QtBot, window: MainWindow, limit: int = 200) -> list[QWidget]:
    """Press Tab until focus comes back to where it started."""
    window.sidebar.setFocus()
    start = QApplication.focusWidget()
    reached: list[QWidget] = []
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is None or current is start:
            break
        reached.append(current)
    return reached


def test_every_page_is_reachable_by_keyboard_and_every_control_has_a_name(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.wait(300)  # let every page finish loading
    assert window.sidebar.count() >= 4

    for row in range(window.sidebar.count()):
        # Arrow keys in the sidebar move between pages, as in the desktop's settings apps.
        window.sidebar.setFocus()
        window.sidebar.setCurrentRow(row)
        page = window.stack.currentWidget()
        qtbot.wait(200)
        reached = _walk_with_tab(qtbot, window)
        on_page = [w for w in reached if page.isAncestorOf(w)]
        assert on_page, f"Tab never reaches anything on page {page.objectName()}"
        nameless = [
            f"{type(w).__name__} {w.objectName()!r}" for w in on_page if not _accessible_name(w)
        ]
        assert nameless == [], f"controls without a name on {page.objectName()}: {nameless}"
        # Focus follows reading order: top to bottom within the page.
        leaves = [w for w in on_page if not any(w.isAncestorOf(other) for other in on_page)]
        tops = [_reading_position(w, page) for w in leaves]
        assert tops == sorted(tops), f"focus jumps upwards on {page.objectName()}: {tops}"


def test_the_sidebar_switches_pages_with_the_arrow_keys(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    window.sidebar.setCurrentRow(0)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.stack.currentIndex() == 1
