"""The real window at 800 x 600 and at 1600 x 1000: every page usable on a small screen
(sidebar icons only, nothing cut off), readable lines on a wide one (content capped)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui.main_window import PAGE_MAX_WIDTH, SIDEBAR, SIDEBAR_ICON_SIZE, MainWindow
from app.ui.tasks import wait_for_all_tasks
from app.ui.theme import apply_theme
from server.embedded import EmbeddedService
from tests.e2e.conftest import DeskFactory, start_signed_in

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QLabel)


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "light")


def _resize(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    """As a user drags the window's edge: the sidebar turns to icons on the way, which lets
    the window narrow further."""
    for _step in range(3):
        window.resize(width, height)
        QApplication.processEvents()
        if window.width() == width and window.height() == height:
            break
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)


def _show_loaded(qtbot: QtBot, window: MainWindow, name: str) -> QWidget:
    """Show a page and let what it loads arrive (the loads are tasks; their answers queued)."""
    window.show_page_named(name)
    page = window.stack.currentWidget()
    assert page is not None and page.objectName() == name
    for _round in range(3):
        assert wait_for_all_tasks()
        qtbot.wait(50)
    return page


def _can_scroll_sideways(widget: QWidget) -> bool:
    """`widget` is the viewport of a scroll area that scrolls horizontally."""
    area = widget.parentWidget()
    return (
        isinstance(area, QAbstractScrollArea)
        and area.viewport() is widget
        and area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    )


def _cut_off(control: QWidget, window: MainWindow) -> str | None:
    """Where a control runs past the side of something that shows it and cannot scroll."""
    ancestor = control.parentWidget()
    while ancestor is not None:
        if _can_scroll_sideways(ancestor):
            return None
        shown = QRect(control.mapTo(ancestor, QPoint(0, 0)), control.size())
        if shown.left() < 0 or shown.right() > ancestor.width():
            return (
                f"{type(control).__name__} {_describe(control)!r} spans "
                f"{shown.left()}..{shown.right()} in a {type(ancestor).__name__} "
                f"{ancestor.width()} wide"
            )
        if ancestor is window:
            return None
        ancestor = ancestor.parentWidget()
    return None


def _describe(control: QWidget) -> str:
    text = getattr(type(control), "text", None)
    return str(text(control)) if callable(text) else control.accessibleName()


def _sidebar_is_reachable(window: MainWindow) -> None:
    sidebar = window.sidebar
    assert sidebar.isVisible() and sidebar.width() > 0
    viewport = sidebar.viewport()
    for row in range(sidebar.count()):
        item = sidebar.item(row)
        assert item is not None
        assert not item.icon().isNull(), f"row {row} has no icon"
        shown = sidebar.visualItemRect(item)
        assert viewport.rect().contains(shown), f"row {row} is cut off: {shown}"
        # A title not shown in the row is still there for a screen reader and as a tooltip.
        assert item.text() and item.data(Qt.ItemDataRole.AccessibleTextRole) == item.text()
        assert item.toolTip() == item.text()


def test_every_page_is_usable_at_800_by_600(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory, theme: str
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    for name in SIDEBAR:  # every page built, the widest included
        _show_loaded(qtbot, window, name)
    _resize(qtbot, window, 800, 600)

    assert window.minimumSizeHint().width() <= 800
    assert window.sidebar_compact, "the sidebar shows its icons only"
    assert window.sidebar.width() < 100
    _sidebar_is_reachable(window)
    problems: list[str] = []
    for name in SIDEBAR:
        page = _show_loaded(qtbot, window, name)
        assert window.minimumSizeHint().width() <= 800, name
        for control in page.findChildren(QWidget):
            if isinstance(control, CONTROLS) and control.isVisible():
                problem = _cut_off(control, window)
                if problem:
                    problems.append(f"{name}: {problem}")
    assert problems == []

    # Your data's category titles end with their count, which a cut keeps in sight.
    categories = window.data_page.category_list
    metrics = categories.fontMetrics()
    room = categories.viewport().width() - 4 * categories.spacing() - 8
    model = categories.model()
    for row in range(model.rowCount()):
        title = str(model.index(row, 0).data())
        if " — " in title:
            count = title.rsplit(" — ", 1)[1]
            shown = metrics.elidedText(title, categories.textElideMode(), room)
            assert shown.endswith(count), (title, shown)

    # Wide again: the titles come back.
    _resize(qtbot, window, 1200, 800)
    assert not window.sidebar_compact
    assert window.sidebar.item(0).text() == "Overview"


def test_the_sidebar_icons_follow_the_theme(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory, theme: str
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    other = "light" if theme == "dark" else "dark"
    for shown in (theme, other):
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, shown)
        QApplication.processEvents()
        text = window.palette().color(QPalette.ColorRole.WindowText).name()
        for row in range(window.sidebar.count()):
            item = window.sidebar.item(row)
            assert item is not None and not item.icon().isNull()
            if QIcon.fromTheme("view-grid").isNull():  # our own icons: in the text colour
                image = item.icon().pixmap(SIDEBAR_ICON_SIZE).toImage()
                opaque = {
                    image.pixelColor(x, y).name()
                    for x in range(image.width())
                    for y in range(image.height())
                    if image.pixelColor(x, y).alpha() == 255
                }
                assert opaque == {text}, (shown, row)


def test_on_a_wide_screen_the_pages_are_capped_and_centred(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    _resize(qtbot, window, 1600, 1000)

    assert not window.sidebar_compact
    room = QRect(
        window.sidebar.mapTo(window, QPoint(window.sidebar.width(), 0)),
        window.rect().bottomRight(),
    )
    for name in SIDEBAR:
        page = _show_loaded(qtbot, window, name)
        shown = QRect(page.mapTo(window, QPoint(0, 0)), page.size())
        assert shown.width() <= PAGE_MAX_WIDTH, name
        left, right = shown.left() - room.left(), room.right() - shown.right()
        assert abs(left - right) <= 2, (name, left, right)
