"""The app, driven through its widgets, against the real service on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.local.paths import AppPaths
from app.local.pending_changes import PendingChangesJournal
from app.local.settings import AppSettings, SettingsFile
from app.ui import browser_sign_in
from app.ui.context import DeskContext
from app.ui.desk import DeskApp
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.tasks import wait_for_all_tasks
from server.embedded import EmbeddedService
from tests.support.memory_keyring import MemoryKeyring
from tests.support.played_browser import PlayedBrowser

DeskFactory = Callable[..., DeskApp]


@pytest.fixture(autouse=True)
def english(qapp: object) -> Iterator[Translations]:
    """As the app does at start: English, whose .qm carries the plural forms."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    assert app is not None
    translations = Translations(app)
    translations.use("en")
    yield translations
    translations.use("en")
    for translator in list(translations._installed):
        app.removeTranslator(translator)


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    root = tmp_path / "app"
    return AppPaths(root / "config", root / "data", root / "logs")


@pytest.fixture
def settings_file(app_paths: AppPaths) -> SettingsFile:
    return SettingsFile(app_paths.settings_file)


@pytest.fixture
def journal(app_paths: AppPaths) -> PendingChangesJournal:
    return PendingChangesJournal(app_paths.pending_changes_file)


@pytest.fixture
def make_desk(
    qtbot: QtBot,
    app_paths: AppPaths,
    memory_keyring: MemoryKeyring,
) -> Iterator[DeskFactory]:
    desks: list[DeskApp] = []

    def make(**options: object) -> DeskApp:
        vault = options.pop("vault", None) or TokenVault(memory_keyring)
        desk = DeskApp(vault, app_paths, **options)  # type: ignore[arg-type]
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.shut_down()  # no timer of this desk fires in the next test
        if desk.window is not None:
            desk.window.close()
            desk.window.deleteLater()
    wait_for_all_tasks()


def sign_in_through_dialog(
    qtbot: QtBot, desk: DeskApp, service_url: str, email: str, password: str
) -> MainWindow:
    dialog = desk.window
    assert isinstance(dialog, SignInDialog)
    dialog.address.setText(service_url)
    # The user's browser, played: signs in on the service's page as this account.
    browser = PlayedBrowser(email, password)
    with patch.object(browser_sign_in, "open_in_browser", browser):
        qtbot.mouseClick(dialog.sign_in_button, _left())
        qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=15_000)
    browser.finish()
    window = desk.window
    assert isinstance(window, MainWindow)
    wait_for_choices(qtbot, window)
    return window


@pytest.fixture
def context(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring, tmp_path: Path
) -> Iterator[DeskContext]:
    """A page's or a dialog's context, signed in to the live service as the test user."""
    yield signed_in_context(live_service.base_url, memory_keyring, tmp_path)
    wait_for_all_tasks()


def signed_in_context(service_url: str, keyring: MemoryKeyring, tmp_path: Path) -> DeskContext:
    """What a page is given, signed in as the test user, with fresh storage: for pages
    tested on their own, without the whole app around them."""
    from tests.conftest import USER_EMAIL, USER_PASSWORD

    client = PrivacyClient(service_url)
    session, _stored = AuthSession.sign_in(client, TokenVault(keyring), USER_EMAIL, USER_PASSWORD)
    root = tmp_path / "app-home"
    paths = AppPaths(root / "config", root / "data", root / "logs")
    return DeskContext.signed_in(session, paths)


def start_signed_in(
    qtbot: QtBot, make_desk: DeskFactory, service_url: str, **options: object
) -> tuple[DeskApp, MainWindow]:
    """A fresh app run, signed in through the dialog as the test user."""
    from tests.conftest import USER_EMAIL, USER_PASSWORD

    desk = make_desk(**options)
    desk.start()
    return desk, sign_in_through_dialog(qtbot, desk, service_url, USER_EMAIL, USER_PASSWORD)


def wait_for_choices(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(window.choices_page)
    qtbot.waitUntil(lambda: len(window.choices_page.cards) > 0, timeout=15_000)
    qtbot.waitUntil(lambda: window.choices_page.state.currentIndex() == 1, timeout=15_000)


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def stored_choice(service: EmbeddedService, email: str, choice_id: str) -> bool | None:
    """Read the service's own database, not the app's idea of it."""
    from server.accounts import find_user_by_email
    from server.db.models import ChoiceValue

    with service.database.session() as session:
        user = find_user_by_email(session, email)
        assert user is not None
        row = session.get(ChoiceValue, (user.id, choice_id))
        return None if row is None else row.value


def remembered(settings_file: SettingsFile) -> AppSettings:
    return settings_file.load()
