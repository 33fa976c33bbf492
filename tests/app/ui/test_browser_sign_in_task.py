"""BrowserSignInTask and DeviceSignInTask on the real Qt event loop, against the real
service; the browser (and the other device) played by the test."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient, TokenGrant
from app.auth.oauth import SignInStopped, StopReason
from app.ui import browser_sign_in
from app.ui.browser_sign_in import BrowserSignInTask, DeviceSignInTask
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.server.helpers import Account
from tests.server.oauth_flow import decide_on_device_page
from tests.support.played_browser import PlayedBrowser


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_browser_sign_in_reports_the_grant(
    qtbot: QtBot, live_service: EmbeddedService, owner: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = PlayedBrowser(USER_EMAIL, USER_PASSWORD)
    monkeypatch.setattr(browser_sign_in, "open_in_browser", browser)
    task = BrowserSignInTask(owner, PrivacyClient(live_service.base_url), language="nl")

    with qtbot.waitSignal(task.succeeded, timeout=30_000) as signed_in:
        task.start()

    browser.finish()
    grant = signed_in.args[0]
    assert isinstance(grant, TokenGrant) and grant.email == USER_EMAIL
    assert browser.opened == [task.url] and "lang=nl" in task.url


def test_cancel_ends_the_wait_at_once(
    qtbot: QtBot, live_service: EmbeddedService, owner: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(browser_sign_in, "open_in_browser", lambda url: opened.append(url) or True)
    task = BrowserSignInTask(owner, PrivacyClient(live_service.base_url), language="en")
    task.start()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)

    with qtbot.waitSignal(task.failed, timeout=5_000) as failed:
        task.cancel()

    assert isinstance(failed.args[0], SignInStopped)
    assert failed.args[0].reason is StopReason.CANCELLED


def test_no_browser_to_open_is_its_own_failure(
    qtbot: QtBot, live_service: EmbeddedService, owner: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser_sign_in, "open_in_browser", lambda _url: False)
    task = BrowserSignInTask(owner, PrivacyClient(live_service.base_url), language="en")

    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        task.start()

    assert failed.args[0].reason is StopReason.NO_BROWSER


def test_a_device_sign_in_shows_its_code_then_reports_the_grant(
    qtbot: QtBot, live_service: EmbeddedService, owner: QWidget
) -> None:
    task = DeviceSignInTask(owner, PrivacyClient(live_service.base_url))
    with qtbot.waitSignal(task.started, timeout=10_000) as started:
        task.start()
    authorization = started.args[0]

    with httpx.Client(base_url=live_service.base_url, timeout=10) as other_device:
        account = Account(id="", email=USER_EMAIL, password=USER_PASSWORD)
        decide_on_device_page(other_device, authorization.user_code, account, "allow")
        with qtbot.waitSignal(task.succeeded, timeout=30_000) as signed_in:
            pass

    assert signed_in.args[0].email == USER_EMAIL
