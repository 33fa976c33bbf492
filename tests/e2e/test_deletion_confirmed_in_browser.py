"""Deleting the account from the dialog: the e-mail typed out, then a confirmation in the
browser, so the app never handles the password. Against the real service on loopback;
the user's browser is played by the test on the service's real page."""

from __future__ import annotations

import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.api.errors import FailureKind, ServiceError
from app.core.requests import PrivacyRequest, RequestKind
from app.ui import browser_sign_in
from app.ui.context import DeskContext
from app.ui.dialogs.new_request_dialog import NewRequestDialog
from app.ui.tasks import wait_for_all_tasks
from server.db.models import PrivacyRequest as StoredRequest
from server.db.models import RefreshToken, User
from server.embedded import EmbeddedService
from tests.conftest import OTHER_EMAIL, OTHER_PASSWORD, USER_EMAIL, USER_PASSWORD
from tests.support.played_browser import PlayedBrowser

CLICK = Qt.MouseButton.LeftButton
WAIT = 30_000


@pytest.fixture
def dialog(qtbot: QtBot, context: DeskContext) -> NewRequestDialog:
    opened = NewRequestDialog(context, RequestKind.DELETION)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    return opened


def use_browser(monkeypatch: pytest.MonkeyPatch, browser: object) -> None:
    monkeypatch.setattr(browser_sign_in, "open_in_browser", browser)


def type_the_address_and_press_delete(qtbot: QtBot, dialog: NewRequestDialog) -> None:
    qtbot.keyClicks(dialog.email_confirmation, USER_EMAIL)
    assert dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.submit_button, CLICK)


def wait_for_message(qtbot: QtBot, dialog: NewRequestDialog, start: str) -> None:
    qtbot.waitUntil(
        lambda: not dialog.waiting_for_browser() and dialog.message.text().startswith(start),
        timeout=WAIT,
    )
    wait_for_all_tasks()


def stored_requests(service: EmbeddedService) -> list[tuple[str, str]]:
    with service.database.session() as session:
        return [(r.kind, r.status) for r in session.scalars(select(StoredRequest))]


def live_sign_ins(service: EmbeddedService, email: str) -> int:
    """How many of the account's refresh tokens still work."""
    with service.database.session() as session:
        user_id = session.scalar(select(User.id).where(User.email == email))
        tokens = session.scalars(select(RefreshToken).where(RefreshToken.user_id == user_id))
        return sum(1 for token in tokens if token.revoked_at is None and token.used_at is None)


def listener_is_closed(url: str) -> bool:
    redirect = urlsplit(parse_qs(urlsplit(url).query)["redirect_uri"][0])
    assert redirect.hostname and redirect.port
    try:
        socket.create_connection((redirect.hostname, redirect.port), timeout=2).close()
    except OSError:
        return True
    return False


def test_the_deletion_asks_for_the_typed_address_and_no_password(
    qtbot: QtBot, dialog: NewRequestDialog
) -> None:
    fields = dialog.findChildren(QLineEdit)
    assert fields == [dialog.email_confirmation]
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.email_confirmation
    address = field.fontMetrics().horizontalAdvance(field.placeholderText())
    assert field.width() > address + 20, "the whole address fits in the field"
    assert field.width() > dialog.width() * 0.8, "the dialog's width, not beside its label"
    assert all(field.echoMode() is QLineEdit.EchoMode.Normal for field in fields)
    assert dialog.submit_button.text() == "Confirm in your browser and delete"
    assert dialog.submit_button.accessibleName() == dialog.submit_button.text()
    assert "Privacy Desk never sees it" in dialog.browser_note.text()
    assert not dialog.submit_button.isEnabled()
    dialog.email_confirmation.setText(USER_EMAIL.upper())
    assert not dialog.submit_button.isEnabled(), "the address must be typed exactly"


def test_a_deletion_confirmed_in_the_browser_is_filed(
    qtbot: QtBot,
    dialog: NewRequestDialog,
    live_service: EmbeddedService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    browser = PlayedBrowser(USER_EMAIL, USER_PASSWORD)
    browser_window = QWidget()
    qtbot.addWidget(browser_window)
    browser_window.show()

    def browser_comes_to_the_front(url: str) -> bool:
        browser_window.activateWindow()
        return browser(url)

    use_browser(monkeypatch, browser_comes_to_the_front)
    filed: list[PrivacyRequest] = []
    dialog.filed.connect(filed.append)
    sign_ins_before = live_sign_ins(live_service, USER_EMAIL)

    type_the_address_and_press_delete(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT)

    assert dialog.isActiveWindow(), "back in front once the browser confirmed"
    browser.finish()
    (url,) = browser.opened
    query = parse_qs(urlsplit(url).query)
    assert query["prompt"] == ["login"] and query["login_hint"] == [USER_EMAIL]
    (request,) = filed
    assert request.kind is RequestKind.DELETION and request.grace_until is not None
    assert "Cancel deletion" in dialog.done_text.text()
    assert stored_requests(live_service) == [("deletion", "in_progress")]
    wait_for_all_tasks()
    assert live_sign_ins(live_service, USER_EMAIL) == sign_ins_before, (
        "the confirmation's sign-in was given back; the app's own one stays"
    )


def test_cancel_on_the_service_s_page_files_nothing(
    qtbot: QtBot,
    dialog: NewRequestDialog,
    live_service: EmbeddedService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    browser = PlayedBrowser(USER_EMAIL, USER_PASSWORD, action="cancel")
    use_browser(monkeypatch, browser)

    type_the_address_and_press_delete(qtbot, dialog)
    wait_for_message(qtbot, dialog, "You chose Cancel on the service's page")

    browser.finish()
    assert dialog.message.property("role") == "error"
    assert dialog.pages.currentIndex() == 0 and dialog.isVisible()
    assert dialog.email_confirmation.text() == USER_EMAIL, "what was typed stays"
    assert dialog.submit_button.isEnabled() and dialog.cancel_button.isVisible()
    assert stored_requests(live_service) == []


def test_cancel_while_waiting_for_the_browser_ends_the_wait_not_the_dialog(
    qtbot: QtBot,
    dialog: NewRequestDialog,
    live_service: EmbeddedService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    use_browser(monkeypatch, lambda url: opened.append(url) or True)  # the user never looks

    type_the_address_and_press_delete(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
    assert dialog.message.text().startswith("Waiting for your browser…")
    assert dialog.stop_waiting_button.isVisible() and not dialog.cancel_button.isVisible()
    assert not dialog.submit_button.isEnabled()
    assert not dialog.email_confirmation.isEnabled()

    qtbot.mouseClick(dialog.stop_waiting_button, CLICK)

    wait_for_message(qtbot, dialog, "You stopped waiting.")
    assert dialog.message.property("role") != "error"
    assert dialog.isVisible() and dialog.pages.currentIndex() == 0
    assert dialog.cancel_button.isVisible() and not dialog.stop_waiting_button.isVisible()
    assert dialog.submit_button.isEnabled()
    assert listener_is_closed(opened[0]), "nothing waits for the browser any more"
    assert stored_requests(live_service) == []


def test_closing_the_dialog_while_waiting_ends_the_wait(
    qtbot: QtBot, dialog: NewRequestDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    use_browser(monkeypatch, lambda url: opened.append(url) or True)
    type_the_address_and_press_delete(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)

    dialog.reject()

    qtbot.waitUntil(lambda: listener_is_closed(opened[0]), timeout=WAIT)


def test_another_account_confirming_in_the_browser_files_nothing(
    qtbot: QtBot,
    dialog: NewRequestDialog,
    live_service: EmbeddedService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    browser = PlayedBrowser(OTHER_EMAIL, OTHER_PASSWORD)
    use_browser(monkeypatch, browser)

    type_the_address_and_press_delete(qtbot, dialog)
    wait_for_message(qtbot, dialog, "You confirmed with another account")

    browser.finish()
    assert dialog.message.property("role") == "error"
    assert dialog.pages.currentIndex() == 0 and dialog.submit_button.isEnabled()
    assert stored_requests(live_service) == []
    assert live_sign_ins(live_service, OTHER_EMAIL) == 0, "the other account's tokens are revoked"


def test_a_confirmation_the_service_finds_too_old_asks_to_confirm_again(
    dialog: NewRequestDialog,
) -> None:
    """What the flow raises when the confirmation is older than the service's five minutes
    (tests/app/flows/test_filing.py): the dialog asks for a new one, not for a password."""
    stale = ServiceError(FailureKind.STEP_UP_REQUIRED, "", 403, code="step_up_required")

    text = dialog.failure_text(stale)

    assert "confirm in your browser" in text and "password" not in text
