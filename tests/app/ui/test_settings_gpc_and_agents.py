"""Settings › Global Privacy Control and Authorised agents, with the service played by
fakes: the switch shows the user's click at once and is put back, with a sentence, when
the service says no; a read that started before the click does not undo it; a service
that knows neither GPC nor agents shows neither."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.core.agents import GpcSetting
from app.core.catalog import Choice
from app.flows.agents import AgentsOverview, GpcOverview
from app.local.paths import AppPaths
from app.ui.context import DeskContext
from app.ui.pages import settings_page
from app.ui.pages.settings_page import SettingsPage
from app.ui.tasks import wait_for_all_tasks
from tests.support.memory_keyring import MemoryKeyring

ADS = Choice("X2", "Personalised ads", "", True, (), gpc=True)
SHARING = Choice("X5", "Share with content partners", "", False, (), gpc=True)
WAIT = 5000


class PlayedService:
    def __init__(self) -> None:
        self.honour = True
        self.refuse_changes = False
        self.offers = True
        self.hold_reads = threading.Event()
        self.hold_reads.set()

    def load_gpc(self, _session: object) -> GpcOverview:
        seen = self.honour  # read now; the answer may be held back
        self.hold_reads.wait(5)
        return GpcOverview(GpcSetting(seen) if self.offers else None, (ADS, SHARING))

    def set_gpc(self, _session: object, honour: bool) -> GpcSetting:
        if self.refuse_changes:
            raise ServiceError(FailureKind.OFFLINE)
        self.honour = honour
        return GpcSetting(honour)

    def load_agents(self, _session: object) -> AgentsOverview:
        return AgentsOverview(self.offers)


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[PlayedService]:
    played = PlayedService()
    monkeypatch.setattr(settings_page, "load_gpc", played.load_gpc)
    monkeypatch.setattr(settings_page, "set_gpc", played.set_gpc)
    monkeypatch.setattr(settings_page, "load_agents", played.load_agents)
    yield played
    played.hold_reads.set()
    wait_for_all_tasks()


def open_page(qtbot: QtBot, tmp_path: Path) -> SettingsPage:
    grant = TokenGrant("access", "refresh", 3600, "user-1", "ada@example.org")
    session = AuthSession(
        PrivacyClient("https://privacy.example"),
        TokenVault(MemoryKeyring()),
        grant,
        keep_in_keyring=True,
    )
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    page = SettingsPage(DeskContext.signed_in(session, paths), {})
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_switch_names_the_choices_a_signal_switches_off(
    qtbot: QtBot, tmp_path: Path, service: PlayedService
) -> None:
    page = open_page(qtbot, tmp_path)
    qtbot.waitUntil(lambda: page.gpc_card.isVisible(), timeout=WAIT)
    assert page.gpc_switch.isChecked()
    assert page.gpc_card.text.text() == (
        "When a browser or app you use with this account sends the Global Privacy Control "
        "signal, the service switches off \u201cPersonalised ads\u201d and \u201cShare with "
        "content partners\u201d, unless you switched them on again yourself."
    )
    assert page.gpc_switch.accessibleDescription() == page.gpc_card.text.text()


def test_a_change_the_service_refuses_is_put_back_with_a_sentence(
    qtbot: QtBot, tmp_path: Path, service: PlayedService
) -> None:
    page = open_page(qtbot, tmp_path)
    qtbot.waitUntil(lambda: page.gpc_card.isVisible(), timeout=WAIT)
    service.refuse_changes = True

    page.gpc_switch.click()
    assert not page.gpc_switch.isChecked(), "shown at once"
    qtbot.waitUntil(lambda: page.gpc_switch.isChecked(), timeout=WAIT)
    assert page.gpc_message.isVisible()
    assert page.gpc_message.text().startswith(
        "Your change was not saved, so the switch is back as it was. "
    )
    assert service.honour is True


def test_a_read_from_before_the_click_does_not_undo_it(
    qtbot: QtBot, tmp_path: Path, service: PlayedService
) -> None:
    page = open_page(qtbot, tmp_path)
    qtbot.waitUntil(lambda: page.gpc_card.isVisible(), timeout=WAIT)
    service.hold_reads.clear()
    page.reload_agents_and_gpc()  # reads "honoured", answer held back
    qtbot.wait(100)

    page.gpc_switch.click()
    qtbot.waitUntil(lambda: service.honour is False, timeout=WAIT)
    service.hold_reads.set()
    wait_for_all_tasks()
    qtbot.wait(100)
    assert not page.gpc_switch.isChecked()


def test_a_service_without_gpc_or_agents_shows_neither(
    qtbot: QtBot, tmp_path: Path, service: PlayedService
) -> None:
    service.offers = False
    page = open_page(qtbot, tmp_path)
    qtbot.wait(200)
    wait_for_all_tasks()
    qtbot.wait(50)
    assert not page.gpc_card.isVisible() and not page.gpc_heading.isVisible()
    assert not page.agents_card.isVisible() and not page.agents_heading.isVisible()
