"""Overview at a glance, and the Settings page: language, theme, forget this device."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.local.paths import AppPaths
from app.local.pending_changes import PendingChangesJournal
from app.ui.desk import ForgetChoice
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.tasks import wait_for_all_tasks
from app.ui.theme import apply_theme
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, sign_in_through_dialog, start_signed_in
from tests.support.memory_keyring import MemoryKeyring


def _texts(widget: QLabel | MainWindow) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def _wait_for_overview(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.overview_page.data is not None, timeout=15_000)


def test_the_overview_shows_the_account_every_choice_and_no_open_requests(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    _wait_for_overview(qtbot, window)
    texts = _texts(window.overview_page)
    assert f"Signed in as {USER_EMAIL}" in texts
    assert "Share playback statistics" in texts
    assert texts.count("On") + texts.count("Off") == 9
    assert "No open requests." in texts


def test_the_overview_lists_unsent_changes_as_a_problem_with_what_happens_next(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    journal: PendingChangesJournal,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    _wait_for_overview(qtbot, window)
    live_service.stop()
    journal.record(window.session.account.vault_key, "X6", False)
    window.overview_page.reload()
    qtbot.waitUntil(lambda: "Not up to date" in _texts(window.overview_page), timeout=15_000)
    live_service.restart()
    window.overview_page.reload()
    qtbot.waitUntil(
        lambda: "1 change not confirmed yet" in _texts(window.overview_page), timeout=15_000
    )
    assert "Off (waiting to be sent)" in _texts(window.overview_page)


def test_switching_to_dutch_rebuilds_the_window_in_dutch_without_a_restart(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    english: Translations,
) -> None:
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url, translations=english)
    window.show_page(window.settings_page)
    box = window.settings_page.option_boxes["language"]
    box.setCurrentIndex(box.findData("nl"))

    qtbot.waitUntil(lambda: desk.window is not window, timeout=5_000)
    dutch = desk.window
    assert isinstance(dutch, MainWindow)
    assert dutch.stack.currentWidget() is dutch.settings_page, "the user stays where they were"
    assert dutch.sidebar.item(dutch.stack.indexOf(dutch.choices_page)).text() == "Privacykeuzes"
    qtbot.waitUntil(lambda: len(dutch.choices_page.cards) == 9, timeout=15_000)
    # The service's own explanations follow the language too.
    assert dutch.choices_page.cards["X1"].title.text() == "Afspeelstatistieken delen"
    qtbot.waitUntil(lambda: desk.settings_file.load().language == "nl", timeout=5_000)


def test_the_dark_theme_darkens_the_palette_and_light_restores_it(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    box = window.settings_page.option_boxes["theme"]
    try:
        box.setCurrentIndex(box.findData("dark"))
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        box.setCurrentIndex(box.findData("light"))
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
        qtbot.waitUntil(lambda: desk.settings_file.load().theme == "light", timeout=5_000)
    finally:
        apply_theme(app, "light")


def test_forgetting_this_device_removes_the_keyring_entry_and_every_local_file(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    app_paths: AppPaths,
    journal: PendingChangesJournal,
) -> None:
    desk = make_desk()
    desk.confirm_forget_device = lambda _parent: ForgetChoice.EVERYTHING
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    journal.record(window.session.account.vault_key, "X1", False)
    qtbot.waitUntil(lambda: app_paths.settings_file.exists(), timeout=5_000)
    assert memory_keyring.entries and app_paths.pending_changes_file.exists()

    window.settings_page.forget_button.click()
    qtbot.waitUntil(lambda: isinstance(desk.window, SignInDialog), timeout=10_000)
    assert memory_keyring.entries == {}
    assert not app_paths.data_dir.exists()
    assert not app_paths.settings_file.exists()
    assert "forgotten" in desk.window.message.text()


def test_nothing_is_forgotten_when_the_user_says_no(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
) -> None:
    desk = make_desk()
    desk.confirm_forget_device = lambda _parent: ForgetChoice.CANCEL
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    window.settings_page.forget_button.click()
    qtbot.wait(200)
    assert desk.window is window and memory_keyring.entries


def test_following_the_system_picks_up_a_switch_to_dark_while_the_app_runs(
    qtbot: QtBot, make_desk: DeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desk = make_desk()
    assert desk.settings.theme == "system"
    try:
        monkeypatch.setattr("app.ui.theme.system_prefers_dark", lambda: True)
        desk.follow_system_scheme()  # what the desktop's colorSchemeChanged signal calls
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80

        desk.settings = desk.settings.with_changes(theme="light")
        monkeypatch.setattr("app.ui.theme.system_prefers_dark", lambda: False)
        apply_theme(app, "dark")
        desk.follow_system_scheme()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80, (
            "a chosen theme is not overridden by the system"
        )
    finally:
        apply_theme(app, "light")


def test_quick_successive_changes_leave_the_last_one_saved(
    qtbot: QtBot, make_desk: DeskFactory
) -> None:
    desk = make_desk()
    for theme in ("dark", "light", "dark", "system", "light") * 4:
        desk._remember(theme=theme)
    wait_for_all_tasks()
    assert desk.settings_file.load().theme == "light"


def test_the_demo_says_it_keeps_nothing_here_not_that_the_keyring_failed(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url, remember_sign_in=False)
    window.show_page(window.overview_page)
    _wait_for_overview(qtbot, window)
    overview = " ".join(_texts(window.overview_page))  # type: ignore[arg-type]
    assert "The demo keeps nothing on this computer" in overview
    assert "could not be kept in the system keyring" not in overview
    assert "keeps nothing on this computer" in window.settings_page.account_card.text.text()
    assert memory_keyring.entries == {}
