"""Issue 14 from the user's side, the real app against the real service on loopback:
an agent the user lets file requests for them (R6), and Global Privacy Control signals
from the user's other browsers and apps, with the app showing where each change came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from app.core.requests import RequestKind, RequestStatus
from app.ui import browser_sign_in
from app.ui.main_window import MainWindow
from app.ui.models.agent_authorisations_model import Column as AgentColumn
from app.ui.models.evidence_model import Column as EvidenceColumn
from app.ui.models.requests_model import Column as RequestColumn
from app.ui.pages.settings_page import SettingsPage
from server.drp.registry import business_id, register_agent
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, start_signed_in, stored_choice
from tests.support.drp_agent import DrpAgent
from tests.support.played_browser import PlayedBrowser

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000
LAPTOP_BROWSER = "Firefox on the laptop"
AGENT_ID, AGENT_NAME = "ACME_AGENT", "Acme Rights"


class OtherDevice:
    """One of the user's browsers, signed in to the same account, that sends GPC."""

    def __init__(self, base_url: str, name: str) -> None:
        self.web = httpx.Client(base_url=base_url, timeout=15, headers={"X-Client": name})
        answer = self.web.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": USER_EMAIL, "password": USER_PASSWORD},
        )
        answer.raise_for_status()
        self.web.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def browse_with_gpc(self) -> None:
        """Any signed-in call carrying `Sec-GPC: 1` is the signal."""
        self.web.get("/v1/me/choices", headers={"Sec-GPC": "1"}).raise_for_status()

    def close(self) -> None:
        self.web.close()


@pytest.fixture
def laptop(live_service: EmbeddedService) -> Iterator[OtherDevice]:
    device = OtherDevice(live_service.base_url, LAPTOP_BROWSER)
    yield device
    device.close()


def look_at_choices(qtbot: QtBot, window: MainWindow) -> None:
    """The user opens Choices again: it reads the service's values afresh."""
    window.show_page(window.overview_page)
    window.show_page(window.choices_page)


def wait_for_card(qtbot: QtBot, window: MainWindow, choice_id: str, on: bool) -> None:
    card = window.choices_page.cards[choice_id]
    qtbot.waitUntil(lambda: card.switch.isChecked() is on and not card.pending, timeout=WAIT)


def flip(qtbot: QtBot, window: MainWindow, choice_id: str) -> None:
    card = window.choices_page.cards[choice_id]
    qtbot.mouseClick(card.switch, CLICK)
    qtbot.waitUntil(lambda: not card.pending, timeout=WAIT)


def history_lines(qtbot: QtBot, window: MainWindow) -> list[str]:
    page = window.history_page
    window.show_page(page)
    qtbot.mouseClick(page.toolbar.sync_button, CLICK)
    qtbot.waitUntil(lambda: page.toolbar.sync_button.isEnabled(), timeout=WAIT)
    model = page.model
    return [
        str(model.data(model.index(row, EvidenceColumn.WHAT))) for row in range(model.rowCount())
    ]


def test_a_gpc_signal_shows_its_origin_and_the_users_later_choice_wins(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    laptop: OtherDevice,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    ads = window.choices_page.cards["X2"]
    assert ads.switch.isChecked(), "personalised ads are on by default"

    laptop.browse_with_gpc()
    look_at_choices(qtbot, window)
    wait_for_card(qtbot, window, "X2", False)
    qtbot.waitUntil(lambda: "Global Privacy Control" in ads.status.text(), timeout=WAIT)
    assert ads.status.text().startswith(
        f"Switched off by a Global Privacy Control signal from {LAPTOP_BROWSER} on "
    )
    assert stored_choice(live_service, USER_EMAIL, "X2") is False

    flip(qtbot, window, "X2")  # the user wants them back
    assert stored_choice(live_service, USER_EMAIL, "X2") is True
    assert "Global Privacy Control" not in ads.status.text()

    laptop.browse_with_gpc()
    assert stored_choice(live_service, USER_EMAIL, "X2") is True, "the user's choice wins"
    look_at_choices(qtbot, window)
    wait_for_card(qtbot, window, "X2", True)

    lines = history_lines(qtbot, window)
    assert any(
        line.endswith(f": off · by a Global Privacy Control signal from {LAPTOP_BROWSER}")
        and line.startswith("X2 ")
        for line in lines
    ), lines
    assert any(
        line.startswith("X2 ")
        and line.endswith(": on · by you, over an earlier Global Privacy Control signal")
        for line in lines
    ), lines


def test_with_gpc_not_honoured_in_settings_signals_change_nothing(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    laptop: OtherDevice,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    settings = window.settings_page
    window.show_page(settings)
    switch = settings.gpc_switch
    qtbot.waitUntil(lambda: settings.gpc_card.isVisible() and switch.isEnabled(), timeout=WAIT)
    scroll_to(qtbot, settings, switch)
    assert switch.isChecked(), "honoured by default"
    assert switch.accessibleName() == (
        "Honour Global Privacy Control from my browsers and other apps"
    )
    titles = [window.choices_page.cards[c].choice.title for c in ("X2", "X5")]
    explanation = settings.gpc_card.text.text()
    assert all(f"\u201c{title}\u201d" in explanation for title in titles), explanation

    qtbot.mouseClick(switch, CLICK)
    assert not switch.isChecked(), "shown at once"
    qtbot.waitUntil(lambda: honours_gpc(live_service) is False, timeout=WAIT)
    qtbot.wait(200)
    assert not switch.isChecked() and settings.gpc_message.isHidden()

    laptop.browse_with_gpc()
    assert stored_choice(live_service, USER_EMAIL, "X2") in (None, True)
    look_at_choices(qtbot, window)
    wait_for_card(qtbot, window, "X2", True)


def honours_gpc(service: EmbeddedService) -> bool:
    from server.accounts import find_user_by_email

    with service.database.session() as session:
        user = find_user_by_email(session, USER_EMAIL)
        assert user is not None
        return bool(user.honour_gpc)


# -- authorised agents (R6) ------------------------------------------------------------------


@pytest.fixture
def acme(live_service: EmbeddedService) -> Iterator[DrpAgent]:
    """An agent the service's operator registered, with its DRP token set up."""
    with httpx.Client(base_url=live_service.base_url, timeout=30) as http:
        agent = DrpAgent(
            http, AGENT_ID, business_id(live_service.settings), lambda: datetime.now(UTC)
        )
        with live_service.database.session() as session:
            register_agent(
                session,
                agent_id=AGENT_ID,
                name=AGENT_NAME,
                verify_key=agent.verify_key,
                web_url="https://acme-rights.example/",
                callback_prefix="",
                now=datetime.now(UTC),
            )
        answer = agent.set_up()
        assert answer.status_code == 200, answer.text
        yield agent


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    settings = window.settings_page
    settings.confirm = lambda _parent, _title, _text, _action: True
    window.show_page(settings)
    qtbot.waitUntil(lambda: settings.authorise_button.isEnabled(), timeout=WAIT)
    scroll_to(qtbot, settings, settings.authorise_button)
    return settings


def scroll_to(qtbot: QtBot, page: SettingsPage, control: QWidget) -> None:
    """Laid out and scrolled into sight, as a user sees a control before clicking it (a
    click on a card shown a moment ago, before its layout ran, hits nothing)."""
    scroll = page.findChild(QScrollArea)
    assert scroll is not None

    def in_sight() -> bool:
        scroll.ensureWidgetVisible(control)
        return control.isVisible() and not control.visibleRegion().isEmpty()

    qtbot.waitUntil(in_sight, timeout=WAIT)


def allow_in_the_dialog(qtbot: QtBot, settings: SettingsPage, *, deletion: bool = False) -> None:
    qtbot.mouseClick(settings.authorise_button, CLICK)
    dialog = settings.agent_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.agent_choice.setCurrentIndex(dialog.agent_choice.findText(AGENT_NAME))
    assert dialog.windowTitle() == f"Let {AGENT_NAME} file requests for me"
    assert dialog.access_box.isChecked()
    if deletion:
        qtbot.mouseClick(dialog.deletion_box, CLICK, pos=dialog.deletion_box.rect().center())
        assert dialog.submit_button.text() == "Confirm in your browser and allow"
    assert AGENT_NAME in dialog.consequence.text()
    qtbot.mouseClick(dialog.submit_button, CLICK)


def agent_row(settings: SettingsPage, row: int = 0) -> list[str]:
    model = settings.agents_model
    return [str(model.data(model.index(row, column))) for column in AgentColumn]


def test_an_agent_the_user_allows_files_a_request_the_user_sees_and_cancels(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    acme: DrpAgent,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    settings = open_settings(qtbot, window)
    assert settings.agents_empty.isVisible()
    assert settings.agents_empty.text() == "No agent may file requests for you."

    allow_in_the_dialog(qtbot, settings)
    qtbot.waitUntil(lambda: settings.agents_model.rowCount() == 1, timeout=WAIT)
    name, may_ask, _until, state = agent_row(settings)
    assert (name, may_ask, state) == (AGENT_NAME, "a copy of your data", "Active")
    assert settings.agents_message.text().startswith(f"{AGENT_NAME} may now file requests")

    filed = acme.exercise("access", USER_EMAIL)
    assert filed.status_code in (200, 201), filed.text

    requests = window.requests_page
    requests.confirm = lambda _parent, _title, _text: True
    window.show_page(requests)
    requests.reload()
    qtbot.waitUntil(lambda: requests.model.rowCount() == 1, timeout=WAIT)
    request = requests.model.request(0)
    assert request.kind is RequestKind.ACCESS
    assert request.agent is not None and request.agent.name == AGENT_NAME
    kind_cell = requests.model.data(requests.model.index(0, RequestColumn.KIND))
    assert kind_cell == f"Copy of my data (by {AGENT_NAME})"
    requests.table.selectRow(0)
    qtbot.waitUntil(lambda: requests.detail.content.isVisible(), timeout=WAIT)
    assert f"Filed by {AGENT_NAME} on your behalf" in requests.detail.facts.text()

    assert requests.detail.cancel_button.isVisible()
    qtbot.mouseClick(requests.detail.cancel_button, CLICK)
    qtbot.waitUntil(
        lambda: (
            requests.model.rowCount() == 1
            and requests.model.request(0).status is RequestStatus.CANCELLED
        ),
        timeout=WAIT,
    )

    window.show_page(settings)
    settings.agents_table.selectRow(0)
    assert settings.revoke_button.isEnabled()
    assert settings.revoke_button.accessibleName() == f"Revoke the permission of {AGENT_NAME}"
    qtbot.mouseClick(settings.revoke_button, CLICK)
    qtbot.waitUntil(lambda: agent_row(settings)[3].startswith("Revoked on "), timeout=WAIT)
    assert not settings.revoke_button.isEnabled()
    assert settings.agents_message.text() == f"{AGENT_NAME} can no longer file requests for you."

    refused = acme.exercise("access", USER_EMAIL)
    assert refused.status_code >= 400, "a revoked agent files nothing more"
    requests.reload()
    qtbot.wait(500)
    assert requests.model.rowCount() == 1


def test_letting_an_agent_ask_for_a_deletion_is_confirmed_in_the_browser(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    acme: DrpAgent,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    settings = open_settings(qtbot, window)
    browser = PlayedBrowser(USER_EMAIL, USER_PASSWORD)
    monkeypatch.setattr(browser_sign_in, "open_in_browser", browser)

    allow_in_the_dialog(qtbot, settings, deletion=True)
    qtbot.waitUntil(lambda: settings.agents_model.rowCount() == 1, timeout=30_000)
    browser.finish()
    assert len(browser.opened) == 1, "the password was asked for once, on the service's page"
    assert agent_row(settings)[1] == "a copy of your data and the deletion of your account"
