"""Starting while the service cannot be reached (issue 7, case 7): the app opens on what it
knows (the choices as last confirmed, unsent changes), keeps the stored sign-in, says it is
not connected, and reaches the service by itself once it is back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.auth.vault import SERVICE_NAME, TokenVault
from app.local.catalog_cache import CatalogCache
from app.local.last_seen_choices import LastSeenChoices
from app.local.paths import AppPaths
from app.local.pending_changes import PendingChangesJournal
from app.local.settings import SettingsFile
from app.ui import main_window
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_window import MainWindow
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import (
    DeskFactory,
    remembered,
    start_signed_in,
    stored_choice,
)
from tests.support.memory_keyring import MemoryKeyring


def _used_earlier(
    qtbot: QtBot, make_desk: DeskFactory, service: EmbeddedService, app_paths: AppPaths
) -> str:
    """A previous run signed in, showed the choices and was closed. Returns the account."""
    _desk, window = start_signed_in(qtbot, make_desk, service.base_url)
    account = window.session.account.vault_key
    qtbot.waitUntil(lambda: LastSeenChoices(app_paths.last_seen_choices_file).get(account) != {})
    qtbot.waitUntil(
        lambda: CatalogCache(app_paths.catalog_file).load(service.base_url, "en") is not None
    )
    window.close()
    return account


def _started_offline(qtbot: QtBot, make_desk: DeskFactory, **options: object) -> MainWindow:
    desk = make_desk(**options)
    desk.start()
    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=15_000)
    window = desk.window
    assert isinstance(window, MainWindow)
    window.show_page(window.choices_page)
    qtbot.waitUntil(lambda: window.choices_page.state.currentIndex() == 1, timeout=15_000)
    return window


def test_starting_offline_opens_on_the_last_known_choices_and_reconnects_by_itself(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    settings_file: SettingsFile,
    app_paths: AppPaths,
) -> None:
    _used_earlier(qtbot, make_desk, live_service, app_paths)
    kept = dict(memory_keyring.entries)
    live_service.stop()

    window = _started_offline(qtbot, make_desk, resume_retry_delays=(0.5, 1.0))
    desk_session = window.session
    assert not desk_session.connected
    cards = window.choices_page.cards
    assert list(cards) == [f"X{n}" for n in range(1, 10)], "every choice, from the last run"
    assert cards["X1"].switch.isChecked() is True and cards["X5"].switch.isChecked() is False
    assert "last time" in cards["X1"].status.text()
    assert window.choices_page.offline_notice.isVisible()
    assert window.connection_bar.isVisible()
    assert "Can't reach the privacy service" in window.connection_notice.text()
    assert "session has ended" not in window.connection_notice.text()
    assert window.settings_page.account_card.title.text() == "Signed in (not connected yet)"
    assert memory_keyring.entries == kept, "a passing failure costs no stored sign-in"
    assert remembered(settings_file).user_id != ""

    live_service.restart()
    qtbot.waitUntil(lambda: desk_session.connected, timeout=20_000)
    qtbot.waitUntil(lambda: not window.connection_bar.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.choices_page.offline_notice.isVisible(), timeout=10_000)
    assert window.session.account.email == USER_EMAIL
    assert window.settings_page.account_card.title.text() == f"Signed in as {USER_EMAIL}"
    qtbot.waitUntil(
        lambda: "last time" not in window.choices_page.cards["X1"].status.text(), timeout=10_000
    )


def test_coming_back_online_reads_the_built_pages_again_and_builds_no_other(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    app_paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Building every page in the turn the service answers again stalled the window (a
    65 ms turn in a fault run): the pages not built yet read the service when they are."""
    _used_earlier(qtbot, make_desk, live_service, app_paths)
    live_service.stop()
    monkeypatch.setattr(main_window, "BUILD_OTHERS_AFTER_MS", 600_000)  # none in the background
    window = _started_offline(qtbot, make_desk, resume_retry_delays=(0.5, 1.0))
    built = window.built_pages
    assert "data" not in built and "settings" not in built

    live_service.restart()
    qtbot.waitUntil(lambda: window.session.connected, timeout=20_000)
    qtbot.waitUntil(lambda: not window.connection_bar.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.choices_page.offline_notice.isVisible(), timeout=10_000)
    assert window.built_pages == built

    window.show_page(window.data_page)
    qtbot.waitUntil(lambda: window.data_page.state.currentIndex() == 1, timeout=15_000)
    assert window.settings_page.account_card.title.text() == f"Signed in as {USER_EMAIL}"


def test_a_change_made_after_starting_offline_reaches_the_service_when_it_is_back(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    app_paths: AppPaths,
    journal: PendingChangesJournal,
) -> None:
    account = _used_earlier(qtbot, make_desk, live_service, app_paths)
    live_service.stop()
    window = _started_offline(qtbot, make_desk, resume_retry_delays=(0.5, 1.0))
    card = window.choices_page.cards["X4"]
    before = card.switch.isChecked()

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: journal.pending(account) == {"X4": not before}, timeout=10_000)
    assert card.switch.isChecked() is (not before)
    assert card.pending

    live_service.restart()  # no click: the app finds the service by itself
    qtbot.waitUntil(
        lambda: stored_choice(live_service, USER_EMAIL, "X4") is (not before), timeout=30_000
    )
    qtbot.waitUntil(window.choices_page.sync.settled, timeout=15_000)
    card = window.choices_page.cards["X4"]  # rebuilt when the page read the service again
    assert card.switch.isChecked() is (not before)
    assert journal.pending(account) == {}


def test_try_now_reaches_the_service_without_waiting_for_the_next_automatic_try(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    app_paths: AppPaths,
) -> None:
    _used_earlier(qtbot, make_desk, live_service, app_paths)
    live_service.stop()
    window = _started_offline(qtbot, make_desk, resume_retry_delays=(600.0,))
    qtbot.waitUntil(lambda: "next try is in" in window.connection_notice.text(), timeout=10_000)

    live_service.restart()
    qtbot.mouseClick(window.try_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.connected, timeout=15_000)
    qtbot.waitUntil(lambda: not window.connection_bar.isVisible(), timeout=10_000)


def test_a_first_start_offline_with_nothing_known_says_so_and_still_reconnects(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    settings_file: SettingsFile,
) -> None:
    # Signed in by an earlier run that never showed the choices: nothing is cached.
    session, _stored = AuthSession.sign_in(
        PrivacyClient(live_service.base_url),
        TokenVault(memory_keyring),
        USER_EMAIL,
        USER_PASSWORD,
    )
    settings_file.save(
        settings_file.load().with_changes(
            service_url=live_service.base_url, user_id=session.account.user_id
        )
    )
    live_service.stop()
    desk = make_desk(resume_retry_delays=(0.5, 1.0))
    desk.start()
    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=15_000)
    window = desk.window
    assert isinstance(window, MainWindow)
    window.show_page(window.choices_page)
    page_state = window.choices_page.state
    qtbot.waitUntil(lambda: "Can't reach" in page_state.message.text(), timeout=15_000)
    assert page_state.retry.isVisibleTo(window), "the page offers Try again"
    assert window.choices_page.cards == {}

    live_service.restart()
    qtbot.waitUntil(lambda: len(window.choices_page.cards) == 9, timeout=30_000)


def test_a_stored_sign_in_refused_once_the_service_is_back_asks_for_the_password(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    app_paths: AppPaths,
    settings_file: SettingsFile,
) -> None:
    account = _used_earlier(qtbot, make_desk, live_service, app_paths)
    assert (SERVICE_NAME, account) in memory_keyring.entries
    live_service.stop()
    desk = make_desk(resume_retry_delays=(600.0,))
    desk.start()
    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=15_000)
    window = desk.window
    assert isinstance(window, MainWindow)

    _sign_out_everywhere(live_service)  # done on the service while the app was away
    live_service.restart()
    qtbot.mouseClick(window.try_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(desk.window, SignInDialog), timeout=15_000)
    assert "sign in again" in desk.window.message.text()
    qtbot.waitUntil(lambda: memory_keyring.entries == {}, timeout=5_000)
    # Settings are saved by a task: wait for the file, as for the keyring.
    qtbot.waitUntil(lambda: remembered(settings_file).user_id == "", timeout=5_000)


def _sign_out_everywhere(service: EmbeddedService) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import update

    from server.db.models import RefreshToken

    with service.database.session() as session:
        session.execute(update(RefreshToken).values(revoked_at=datetime.now(UTC)))
