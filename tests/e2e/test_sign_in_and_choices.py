"""A user signs in, flips switches, signs out and comes back: app against the real service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.auth.vault import SERVICE_NAME
from app.core.account import vault_key
from app.local.pending_changes import PendingChangesJournal
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_window import MainWindow
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import (
    DeskFactory,
    remembered,
    sign_in_through_dialog,
    start_signed_in,
    stored_choice,
    wait_for_choices,
)
from tests.support.memory_keyring import MemoryKeyring


def test_signing_in_shows_every_choice_with_its_current_value(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    cards = window.choices_page.cards
    assert list(cards) == [f"X{n}" for n in range(1, 10)]
    assert cards["X1"].switch.isChecked() is True
    assert cards["X5"].switch.isChecked() is False  # sharing with partners is off by default
    assert cards["X1"].switch.accessibleName() == cards["X1"].title.text()
    assert "Share playback" in cards["X1"].title.text()


def test_flipping_a_switch_changes_the_value_stored_by_the_service(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    card = window.choices_page.cards["X1"]
    assert stored_choice(live_service, USER_EMAIL, "X1") is None  # still the default

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    assert card.pending, "the switch shows the change as pending until the service confirms"
    qtbot.waitUntil(lambda: not card.pending, timeout=10_000)

    assert card.switch.isChecked() is False
    assert stored_choice(live_service, USER_EMAIL, "X1") is False
    assert card.status.text().startswith("Saved.")

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.pending, timeout=10_000)
    assert stored_choice(live_service, USER_EMAIL, "X1") is True


def test_a_change_made_offline_is_kept_and_reaches_the_service_after_reconnect(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    journal: PendingChangesJournal,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    card = window.choices_page.cards["X2"]
    account = window.session.account.vault_key
    live_service.stop()

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "will be sent automatically" in card.status.text(), timeout=15_000)
    assert card.switch.isChecked() is False, "the switch shows what the user asked for"
    assert "Can't reach the privacy service" in card.status.text()
    assert journal.pending(account) == {"X2": False}

    live_service.restart()
    window.choices_page.sync.retry_now()
    qtbot.waitUntil(lambda: card.status.text().startswith("Saved."), timeout=15_000)
    assert stored_choice(live_service, USER_EMAIL, "X2") is False
    qtbot.waitUntil(window.choices_page.sync.settled, timeout=5_000)  # the journal is written after
    assert journal.pending(account) == {}


def test_a_change_left_unsent_is_replayed_after_a_restart(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    journal: PendingChangesJournal,
) -> None:
    first = make_desk()
    first.start()
    window = sign_in_through_dialog(qtbot, first, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    live_service.stop()
    card = window.choices_page.cards["X4"]
    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "will be sent automatically" in card.status.text(), timeout=15_000)
    window.close()  # the user quits while offline

    live_service.restart()
    second = make_desk()
    second.start()
    qtbot.waitUntil(lambda: isinstance(second.window, MainWindow), timeout=15_000)
    assert isinstance(second.window, MainWindow)
    wait_for_choices(qtbot, second.window)
    qtbot.waitUntil(lambda: stored_choice(live_service, USER_EMAIL, "X4") is False, timeout=15_000)
    replayed = second.window.choices_page.cards["X4"]
    qtbot.waitUntil(lambda: replayed.status.text().startswith("Saved."), timeout=10_000)
    account = second.window.session.account.vault_key
    qtbot.waitUntil(lambda: journal.pending(account) == {}, timeout=5_000)


def test_a_change_made_elsewhere_meanwhile_does_not_undo_the_users_latest_intent(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    # Another device changes X7 now, so the app's ETag is stale.
    from app.api.client import PrivacyClient

    other = PrivacyClient(live_service.base_url)
    grant = other.password_grant(USER_EMAIL, USER_PASSWORD)
    fresh = other.choices(grant.access_token)
    other.change_choices(grant.access_token, fresh.etag, {"X7": False})

    card = window.choices_page.cards["X1"]
    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.status.text().startswith("Saved."), timeout=10_000)
    assert stored_choice(live_service, USER_EMAIL, "X1") is False
    assert stored_choice(live_service, USER_EMAIL, "X7") is False, "the other change stays"


def test_the_refresh_token_goes_into_the_keyring_and_never_into_the_settings_file(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    settings_file,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
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
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    assert memory_keyring.entries
    qtbot.mouseClick(window.settings_page.sign_out_button, Qt.MouseButton.LeftButton)
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
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    live_service.stop()
    qtbot.mouseClick(window.settings_page.sign_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(desk.window, SignInDialog), timeout=15_000)
    assert memory_keyring.entries == {}


def test_a_choice_changed_on_another_device_is_pointed_out_at_the_next_sync(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.choices_page
    qtbot.waitUntil(
        lambda: page.last_seen.get(window.session.account.vault_key) != {}, timeout=5_000
    )
    assert page.drift_notice.isHidden(), "nothing to point out on the first sync"

    from app.api.client import PrivacyClient

    other = PrivacyClient(live_service.base_url)
    grant = other.password_grant(USER_EMAIL, USER_PASSWORD)
    other.change_choices(grant.access_token, other.choices(grant.access_token).etag, {"X7": False})

    page.reload()
    qtbot.waitUntil(lambda: not page.drift_notice.isHidden(), timeout=10_000)
    assert "Personal recommendations" in page.drift_notice.text.text()
    assert "turned off" in page.drift_notice.text.text()

    page.reload()  # now the baseline includes it: said once, not every time
    qtbot.waitUntil(lambda: page.drift_notice.isHidden(), timeout=10_000)


def test_a_dead_session_asks_to_sign_in_again_and_keeps_the_unsent_change(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    journal: PendingChangesJournal,
) -> None:
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    session = window.session
    # The sign-in was ended elsewhere (e.g. "sign out everywhere" on the website).
    session.client.revoke(session._refresh_token)
    session._access_token = "expired"

    qtbot.mouseClick(window.choices_page.cards["X5"].switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(desk.window, SignInDialog), timeout=15_000)
    assert "sign in again" in desk.window.message.text()
    assert journal.pending(session.account.vault_key) == {"X5": True}

    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    qtbot.waitUntil(lambda: stored_choice(live_service, USER_EMAIL, "X5") is True, timeout=15_000)
    qtbot.waitUntil(lambda: journal.pending(session.account.vault_key) == {}, timeout=5_000)
