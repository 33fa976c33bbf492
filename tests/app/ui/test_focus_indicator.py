"""Every control a keyboard user can reach shows where the focus is: a ring of at least
2 px along its border, painted by the style layer (app/ui/style.py) or by the control.

The real app, signed in to the real service, page by page: each focusable control is
grabbed without and with the keyboard focus, and the two pictures must differ in a band
at least 2 px deep along the control's edge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.auth.vault import TokenVault
from app.local.paths import AppPaths
from app.ui.desk import DeskApp
from app.ui.main_window import SIDEBAR, MainWindow
from app.ui.tasks import wait_for_all_tasks
from app.ui.theme import apply_theme
from server.embedded import EmbeddedService
from tests.e2e.conftest import start_signed_in
from tests.support.memory_keyring import MemoryKeyring

# How far in from the edge the ring may start, and how deep it must be.
RING_SEARCH_DEPTH = 4
RING_DEPTH = 2
# The share of a side's length the ring must cover (less than all: rounded corners).
RING_COVERAGE = 0.6
# A channel difference smaller than this is antialiasing noise, not a ring.
COLOUR_TOLERANCE = 40


@pytest.fixture(params=["light", "dark"])
def main_window(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[MainWindow]:
    """The app's main window in the look of one scheme, as the app applies it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, request.param)
    root = tmp_path / "app"
    desks: list[DeskApp] = []

    def make_desk(**options: object) -> DeskApp:
        desk = DeskApp(
            TokenVault(memory_keyring),
            AppPaths(root / "config", root / "data", root / "logs"),
            **options,  # type: ignore[arg-type]
        )
        desks.append(desk)
        return desk

    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    yield window
    for desk in desks:
        desk.shut_down()
        if desk.window is not None:
            desk.window.close()
            desk.window.deleteLater()
    wait_for_all_tasks()
    apply_theme(app, "light")


def test_every_focusable_control_on_every_page_paints_a_focus_ring(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    window = main_window
    checked: set[int] = set()
    unmarked: list[str] = []
    for row, name in enumerate(SIDEBAR):
        window.sidebar.setCurrentRow(row)
        page = window.stack.widget(row)
        qtbot.waitUntil(page.isVisible, timeout=5_000)
        for control in focusable_controls(window):
            if id(control) in checked:
                continue
            checked.add(id(control))
            if not paints_a_focus_ring(control):
                unmarked.append(f"{name}: {describe(control)}")
    assert len(checked) > 20, "the walk found the pages' controls"
    assert not unmarked, "no visible keyboard focus on:\n" + "\n".join(unmarked)


def focusable_controls(root: QWidget) -> list[QWidget]:
    """What Tab can reach now: tab-focusable, visible, enabled; a control whose focus
    goes to an inner widget (a combo box's line edit) counts once, as the outer one."""
    found = []
    for widget in root.findChildren(QWidget):
        if not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        parent = widget.parentWidget()
        if parent is not None and parent.focusProxy() is widget:
            continue
        found.append(widget)
    return found


def paints_a_focus_ring(control: QWidget) -> bool:
    control.clearFocus()
    QApplication.processEvents()
    without = control.grab().toImage()
    control.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert control.hasFocus(), describe(control)
    with_focus = control.grab().toImage()
    control.clearFocus()
    if has_ring_along_an_edge(without, with_focus):
        return True
    # A list may ring its current item instead (the sidebar: a ring around the whole
    # window-high list read as a frame, not as focus).
    if isinstance(control, QAbstractItemView) and control.currentIndex().isValid():
        item = control.visualRect(control.currentIndex())
        item.moveTopLeft(control.viewport().mapTo(control, item.topLeft()))
        return has_ring_along_an_edge(without.copy(item), with_focus.copy(item))
    return False


def has_ring_along_an_edge(before: QImage, after: QImage) -> bool:
    """True when, on at least two sides, RING_DEPTH neighbouring pixel lines within
    RING_SEARCH_DEPTH of the edge changed along most of their length."""
    if before.size() != after.size():
        return False
    width, height = before.width(), before.height()

    def changed(x: int, y: int) -> bool:
        a, b = before.pixelColor(x, y), after.pixelColor(x, y)
        return (
            max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))
            > COLOUR_TOLERANCE
        )

    def line_changed(points: list[tuple[int, int]]) -> bool:
        return sum(changed(x, y) for x, y in points) >= RING_COVERAGE * len(points)

    sides = {
        "top": [[(x, d) for x in range(width)] for d in range(RING_SEARCH_DEPTH)],
        "bottom": [[(x, height - 1 - d) for x in range(width)] for d in range(RING_SEARCH_DEPTH)],
        "left": [[(d, y) for y in range(height)] for d in range(RING_SEARCH_DEPTH)],
        "right": [[(width - 1 - d, y) for y in range(height)] for d in range(RING_SEARCH_DEPTH)],
    }
    ringed = 0
    for lines in sides.values():
        marks = [line_changed(line) for line in lines]
        if any(all(marks[d : d + RING_DEPTH]) for d in range(len(marks) - RING_DEPTH + 1)):
            ringed += 1
    return ringed >= 2


def describe(control: QWidget) -> str:
    text = getattr(control, "text", None)
    label = text() if callable(text) else control.accessibleName()
    return f"{type(control).__name__} {control.objectName()!r} {label!r}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_default_button_without_the_focus_does_not_look_focused(
    qtbot: QtBot, scheme: str
) -> None:
    """Fusion rims the default button in the accent colour, which reads as focus."""
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, scheme)
    try:
        window = QWidget()
        qtbot.addWidget(window)
        field, plain, default = QLineEdit(), QPushButton("Sign in"), QPushButton("Sign in")
        default.setDefault(True)
        layout = QVBoxLayout(window)
        for widget in (field, plain, default):
            layout.addWidget(widget)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        field.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert not default.hasFocus()
        assert default.grab().toImage() == plain.grab().toImage()
        default.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert has_ring_along_an_edge(plain.grab().toImage(), default.grab().toImage())
    finally:
        apply_theme(app, "light")
