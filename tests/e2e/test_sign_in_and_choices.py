"""A user signs in, flips switches, signs out and comes back: app against the real service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.auth.vault import SERVICE_NAME
from app.core.account import vault_key
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_window import MainWindow
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import (
    DeskFactory,
    remembered,
    sign_in_through_dialog,
    stored_choice,
    wait_for_choices,
)
from tests.support.memory_keyring import MemoryKeyring


def test_signing_in_shows_every_choice_with_its_current_value(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    desk = make_desk()
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    cards = window.choices_page.cards
    assert list(cards) == [f"X{n}" for n in range(1, 10)]
    assert cards["X1"].switch.isChecked() is True
    assert cards["X5"].switch.isChecked() is False  # sharing with partners is off by default
    assert cards["X1"].switch.accessibleName() == cards["X1"].title.text()
    assert "Share playback" in cards["X1"].title.text()


def test_flipping_a_switch_changes_the_value_stored_by_the_service(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    desk = make_desk()
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    card = window.choices_page.cards["X1"]
    assert stored_choice(live_service, USER_EMAIL, "X1") is None  # still the default

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    assert card.pending, "the switch shows the change as pending until the service confirms"
    qtbot.waitUntil(lambda: not card.pending, timeout=10_000)

    assert card.switch.isChecked() is False
    assert stored_choice(live_service, USER_EMAIL, "X1") is False
    assert "confirmed" in card.status.text()

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.pending, timeout=10_000)
    assert stored_choice(live_service, USER_EMAIL, "X1") is True


def test_a_switch_flipped_while_the_service_is_down_returns_to_its_real_value(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    desk = make_desk()
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    card = window.choices_page.cards["X2"]
    live_service.stop()

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.pending, timeout=15_000)

    assert card.switch.isChecked() is True, "the switch shows the value the service holds"
    assert "Can't reach the privacy service" in card.status.text()
    assert card.status.property("role") == "error"


def test_the_refresh_token_goes_into_the_keyring_and_never_into_the_settings_file(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    settings_file,
) -> None:
    desk = make_desk()
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    account = window.session.account
    key = (SERVICE_NAME, vault_key(live_service.base_url, account.user_id))
    assert key in memory_keyring.entries
    token = memory_keyring.entries[key]
    qtbot.waitUntil(lambda: settings_file.path.exists(), timeout=5_000)
    text = settings_file.path.read_text()
    assert token not in text
    assert USER_EMAIL not in text and USER_PASSWORD not in text
    assert remembered(settings_file).user_id == account.user_id


def test_a_restart_signs_in_silently_from_the_keyring(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    first = make_desk()
    first.start()
    sign_in_through_dialog(qtbot, first, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    qtbot.waitUntil(lambda: remembered(first.settings_file).user_id != "", timeout=5_000)
    assert first.window is not None
    first.window.close()

    second = make_desk()  # a new run: same settings file, same keyring
    second.start()
    qtbot.waitUntil(lambda: isinstance(second.window, MainWindow), timeout=15_000)
    window = second.window
    assert isinstance(window, MainWindow)
    wait_for_choices(qtbot, window)
    assert window.session.account.email == USER_EMAIL


def test_signing_out_removes_the_keyring_entry_and_returns_to_sign_in(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
) -> None:
    desk = make_desk()
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    assert memory_keyring.entries
    qtbot.mouseClick(window.account_page.sign_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(desk.window, SignInDialog), timeout=10_000)
    assert memory_keyring.entries == {}
    qtbot.waitUntil(lambda: remembered(desk.settings_file).user_id == "", timeout=5_000)

    restarted = make_desk()
    restarted.start()
    assert isinstance(restarted.window, SignInDialog), "no silent sign-in after signing out"


def test_signing_out_while_offline_still_forgets_the_sign_in(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
) -> None:
    desk = make_desk()
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    live_service.stop()
    qtbot.mouseClick(window.account_page.sign_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(desk.window, SignInDialog), timeout=15_000)
    assert memory_keyring.entries == {}
