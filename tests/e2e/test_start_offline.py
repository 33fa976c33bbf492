"""Starting while the service cannot be reached: the app says so, keeps the stored sign-in,
and signs in by itself once the service is back (issue 7, case 7)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.local.settings import SettingsFile
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_window import MainWindow
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, remembered, wait_for_choices
from tests.support.memory_keyring import MemoryKeyring


def _signed_in_earlier(
    settings_file: SettingsFile, keyring_backend: MemoryKeyring, service: EmbeddedService
) -> None:
    """A previous run signed in and was closed: settings and keyring remember it."""
    session, stored = AuthSession.sign_in(
        PrivacyClient(service.base_url), TokenVault(keyring_backend), USER_EMAIL, USER_PASSWORD
    )
    assert stored.ok
    settings_file.save(
        settings_file.load().with_changes(
            service_url=service.base_url, user_id=session.account.user_id
        )
    )


def _waiting_dialog(qtbot: QtBot, desk_window: object) -> SignInDialog:
    assert isinstance(desk_window, SignInDialog)
    dialog = desk_window
    qtbot.waitUntil(lambda: "next try" in dialog.message.text(), timeout=15_000)
    return dialog


def test_starting_offline_says_so_and_signs_in_by_itself_once_the_service_is_back(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    settings_file: SettingsFile,
) -> None:
    _signed_in_earlier(settings_file, memory_keyring, live_service)
    kept = dict(memory_keyring.entries)
    live_service.stop()

    desk = make_desk(resume_retry_delays=(0.5, 1.0))
    desk.start()
    dialog = _waiting_dialog(qtbot, desk.window)

    text = dialog.message.text()
    assert "Can't reach the privacy service" in text
    assert "still kept" in text
    assert "session has ended" not in text
    assert not dialog.password.isVisible(), "a passing failure never asks for the password"
    assert not dialog.sign_in_button.isVisible()
    assert dialog.try_now_button.isVisible() and dialog.try_now_button.isEnabled()
    assert memory_keyring.entries == kept
    # It keeps trying while the service is away, and says when the next try is.
    qtbot.waitUntil(lambda: desk.resume_failures >= 3, timeout=15_000)
    assert "Can't reach the privacy service" in dialog.message.text()
    assert memory_keyring.entries == kept
    assert remembered(settings_file).user_id != ""

    live_service.restart()
    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=15_000)
    window = desk.window
    assert isinstance(window, MainWindow)
    wait_for_choices(qtbot, window)
    assert window.session.account.email == USER_EMAIL


def test_try_now_signs_in_at_once_without_waiting_for_the_next_automatic_try(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    settings_file: SettingsFile,
) -> None:
    _signed_in_earlier(settings_file, memory_keyring, live_service)
    live_service.stop()
    desk = make_desk(resume_retry_delays=(600.0,))  # the next automatic try is far away
    desk.start()
    dialog = _waiting_dialog(qtbot, desk.window)

    live_service.restart()
    qtbot.mouseClick(dialog.try_now_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=15_000)


def test_while_offline_the_user_can_still_choose_to_sign_in_with_a_password(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    settings_file: SettingsFile,
) -> None:
    _signed_in_earlier(settings_file, memory_keyring, live_service)
    kept = dict(memory_keyring.entries)
    live_service.stop()
    desk = make_desk(resume_retry_delays=(0.3,))
    desk.start()
    dialog = _waiting_dialog(qtbot, desk.window)

    qtbot.mouseClick(dialog.use_password_button, Qt.MouseButton.LeftButton)

    assert dialog.password.isVisible() and dialog.sign_in_button.isVisible()
    assert not dialog.try_now_button.isVisible()
    live_service.restart()
    qtbot.wait(1_500)
    assert desk.window is dialog, "no silent sign-in behind the user's back any more"
    assert memory_keyring.entries == kept, "choosing the form forgets nothing"
