"""--demo: the window first, the service beside it, the choices once it answers (issue 11)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.demo import DemoService, start_demo_service
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_window import MainWindow
from tests.e2e.conftest import DeskFactory


def test_the_demo_shows_its_window_at_once_and_opens_on_the_choices_its_service_answers(
    qtbot: QtBot, make_desk: DeskFactory, tmp_path: Path
) -> None:
    started: list[DemoService] = []

    def start_service() -> DemoService:
        demo = start_demo_service(tmp_path / "cache")
        started.append(demo)
        return demo

    desk = make_desk(remember_sign_in=False)
    try:
        desk.start_demo(start_service)
        dialog = desk.window
        assert isinstance(dialog, SignInDialog)
        assert started == [], "the service starts after the window, not before it"
        assert dialog.message.text() == "Starting the demo service…"

        qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=60_000)
        window = desk.window
        assert isinstance(window, MainWindow)
        assert window.stack.currentWidget() is window.choices_page
        qtbot.waitUntil(lambda: len(window.choices_page.cards) > 0, timeout=15_000)
        assert window.choices_page.state.currentIndex() == 1  # the cards, not an error
    finally:
        for demo in started:
            demo.stop()


def test_a_demo_service_that_does_not_start_is_said_in_the_window(
    qtbot: QtBot, make_desk: DeskFactory
) -> None:
    def start_service() -> DemoService:
        raise RuntimeError("demo mode needs the service: pip install 'privacy-desk[server]'")

    desk = make_desk(remember_sign_in=False)
    desk.start_demo(start_service)

    dialog = desk.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitUntil(
        lambda: (
            dialog.message.text() == "The demo service could not be started. See the log for why."
        ),
        timeout=15_000,
    )
    assert desk.window is dialog
