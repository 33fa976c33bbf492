"""Issue 14 from the user's side, the real app against the real service on loopback:
an agent the user lets file requests for them (R6), and Global Privacy Control signals
from the user's other browsers and apps, with the app showing where each change came from.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.models.evidence_model import Column as EvidenceColumn
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, start_signed_in, stored_choice

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000
LAPTOP_BROWSER = "Firefox on the laptop"


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
    qtbot.waitUntil(lambda: settings.gpc_card.isVisible(), timeout=WAIT)
    switch = settings.gpc_switch
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
