"""Settings › About: what someone helping the user asks first (which version, which Qt,
which keyring), and where the third-party licences are."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring.backends.fail
import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTranslator, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient, TokenGrant
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.local.paths import AppPaths
from app.ui.context import DeskContext
from app.ui.i18n import resources_dir
from app.ui.pages import settings_page
from app.ui.pages.settings_page import SettingsPage
from tests.support.memory_keyring import MemoryKeyring

REPO_ROOT = Path(__file__).resolve().parents[3]
MEMORY_KEYRING = "tests.support.memory_keyring.MemoryKeyring"


class CountingVault(TokenVault):
    """Counts how often the page asks which backend is in use; can fail when asked."""

    def __init__(self, backend: Any, failure: Exception | None = None) -> None:
        super().__init__(backend)
        self.asked = 0
        self.failure = failure

    def backend_name(self) -> str:
        self.asked += 1
        if self.failure is not None:
            raise self.failure
        return super().backend_name()


def context_with(vault: TokenVault, tmp_path: Path) -> DeskContext:
    grant = TokenGrant("access", "refresh", 3600, "user-1", "ada@example.org")
    session = AuthSession(
        PrivacyClient("https://privacy.example"), vault, grant, keep_in_keyring=True
    )
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    return DeskContext.signed_in(session, paths)


@pytest.fixture
def no_licences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    missing = tmp_path / "not-shipped"
    monkeypatch.setattr(settings_page, "licences_dir", lambda: missing)
    return missing


@pytest.fixture
def dutch(qapp: QCoreApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "privacy_desk_nl.qm"))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def open_page(qtbot: QtBot, vault: TokenVault, tmp_path: Path) -> SettingsPage:
    page = SettingsPage(context_with(vault, tmp_path), {"language": "en", "theme": "system"})
    qtbot.addWidget(page)
    return page


def about_labels(page: SettingsPage) -> list[QLabel]:
    cards = (page.version_card, page.keyring_card, page.licences_card)
    return [label for card in cards for label in (card.title, card.text)]


def test_about_shows_the_version_qt_and_the_keyring_in_use(
    qtbot: QtBot, tmp_path: Path, no_licences: Path
) -> None:
    with (REPO_ROOT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]

    page = open_page(qtbot, TokenVault(MemoryKeyring()), tmp_path)

    assert page.version_card.title.text() == f"Privacy Desk {version}"
    assert page.version_card.text.text() == (
        f"Built with Qt {qVersion()} and PySide6 {pyside_version}."
    )
    qtbot.waitUntil(lambda: MEMORY_KEYRING in page.keyring_card.text.text(), timeout=5000)
    assert page.keyring_card.text.text() == f"The keyring in use: {MEMORY_KEYRING}"
    assert all(label.textFormat() is Qt.TextFormat.PlainText for label in about_labels(page))


def test_about_says_when_the_keyring_keeps_nothing(
    qtbot: QtBot, tmp_path: Path, no_licences: Path
) -> None:
    page = open_page(qtbot, TokenVault(keyring.backends.fail.Keyring()), tmp_path)

    qtbot.waitUntil(lambda: "fail" in page.keyring_card.text.text(), timeout=5000)
    assert page.keyring_card.text.text() == (
        "No usable keyring was found (keyring.backends.fail.Keyring), "
        "so nothing can be kept between sessions."
    )


def test_about_says_so_when_the_keyring_cannot_be_asked(
    qtbot: QtBot, tmp_path: Path, no_licences: Path
) -> None:
    vault = CountingVault(MemoryKeyring(), failure=RuntimeError("D-Bus went away"))
    page = open_page(qtbot, vault, tmp_path)

    qtbot.waitUntil(lambda: vault.asked == 1, timeout=5000)
    qtbot.waitUntil(
        lambda: page.keyring_card.text.text() == "Could not find out which keyring is in use.",
        timeout=5000,
    )


def test_the_demo_never_asks_the_keyring(qtbot: QtBot, tmp_path: Path, no_licences: Path) -> None:
    vault = CountingVault(MemoryKeyring())
    context = context_with(vault, tmp_path)
    context.session.keep_nothing_on_this_computer()

    page = SettingsPage(context, {})
    qtbot.addWidget(page)
    qtbot.wait(50)

    assert page.keyring_card.text.text() == "Not used: the demo keeps nothing on this computer."
    assert vault.asked == 0


def test_the_licence_texts_open_in_the_file_manager_when_shipped(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "licenses"
    shipped.mkdir()
    monkeypatch.setattr(settings_page, "licences_dir", lambda: shipped)
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)

    page = open_page(qtbot, TokenVault(MemoryKeyring()), tmp_path)
    assert page.licences_button is not None
    assert page.licences_button.text() == "Open licences folder"
    assert page.licences_card.title.text() == "Third-party licences"
    page.licences_button.click()

    assert opened == [QUrl.fromLocalFile(str(shipped))]


def test_without_licence_texts_the_page_says_so_instead_of_offering_a_button(
    qtbot: QtBot, tmp_path: Path, no_licences: Path
) -> None:
    page = open_page(qtbot, TokenVault(MemoryKeyring()), tmp_path)

    assert page.licences_button is None
    assert page.licences_card.controls == []
    assert "not part of this copy" in page.licences_card.text.text()


def test_about_speaks_dutch(qtbot: QtBot, tmp_path: Path, no_licences: Path, dutch: None) -> None:
    page = open_page(qtbot, TokenVault(MemoryKeyring()), tmp_path)

    assert page.version_card.text.text().startswith("Gemaakt met Qt ")
    assert page.licences_card.title.text() == "Licenties van derden"
    assert "niet in deze kopie" in page.licences_card.text.text()
    assert page.keyring_card.title.text() == "Sleutelbos"
    qtbot.waitUntil(lambda: MEMORY_KEYRING in page.keyring_card.text.text(), timeout=5000)
    assert page.keyring_card.text.text() == f"De gebruikte sleutelbos: {MEMORY_KEYRING}"
    headings = [label.text() for label in page.findChildren(QLabel, "sectionTitle")]
    assert "Over Privacy Desk" in headings


@pytest.mark.parametrize("place", ["resources/licenses", "licenses"])
def test_the_licence_texts_are_found_beside_or_above_the_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: str
) -> None:
    bundle = tmp_path / "_internal"
    (bundle / "resources").mkdir(parents=True)
    (bundle / place).mkdir(parents=True)
    monkeypatch.setattr(settings_page, "resources_dir", lambda: bundle / "resources")

    assert settings_page.licences_dir() == bundle / place


def test_the_sections_below_the_fold_follow_one_turn_later_in_reading_order(
    qtbot: QtBot, tmp_path: Path, no_licences: Path
) -> None:
    page = open_page(qtbot, TokenVault(MemoryKeyring()), tmp_path)
    page.resize(900, 1400)
    page.show()
    assert not page.version_card.isVisible(), "not laid out in the turn the page is built"

    qtbot.waitUntil(page.licences_card.isVisible, timeout=5000)

    def top(widget: QWidget) -> int:
        return widget.mapTo(page, QPoint(0, 0)).y()

    below = (page.version_card, page.keyring_card, page.licences_card)
    assert top(page.forget_button) < top(below[0]) < top(below[1]) < top(below[2])


def test_notification_switches_show_the_settings_and_say_each_change(
    qtbot: QtBot, tmp_path: Path, no_licences: Path
) -> None:
    from app.notify.events import NoticeKind

    current = {
        "language": "en",
        "theme": "system",
        "notifications_off": "choice_changed,new_choice",
        "keep_in_tray": "off",
        "start_at_login": "on",
    }
    page = SettingsPage(context_with(TokenVault(MemoryKeyring()), tmp_path), current)
    qtbot.addWidget(page)
    on = {kind for kind, switch in page.notice_switches.items() if switch.isChecked()}
    assert on == set(NoticeKind) - {NoticeKind.CHOICE_CHANGED, NoticeKind.NEW_CHOICE}
    assert not page.tray_switch.isChecked()
    assert page.login_switch.isChecked()
    said: list[tuple[str, str]] = []
    page.option_changed.connect(lambda key, value: said.append((key, value)))
    page.notice_switches[NoticeKind.DEADLINE_NEAR].click()
    page.notice_switches[NoticeKind.NEW_CHOICE].click()
    page.tray_switch.click()
    page.login_switch.click()
    assert said == [
        ("notify:deadline_near", "off"),
        ("notify:new_choice", "on"),
        ("keep_in_tray", "on"),
        ("start_at_login", "off"),
    ]
    assert page.tray_switch.accessibleName() == "Keep running in the tray when the window is closed"


def test_without_notification_settings_every_kind_is_on_and_tray_and_login_are_off(
    qtbot: QtBot, tmp_path: Path, no_licences: Path
) -> None:
    page = open_page(qtbot, TokenVault(MemoryKeyring()), tmp_path)
    assert all(switch.isChecked() for switch in page.notice_switches.values())
    assert not page.tray_switch.isChecked()
    assert not page.login_switch.isChecked()
