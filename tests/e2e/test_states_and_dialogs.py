"""States and dialogs that hold up (issue 18, findings 1, 9, 10 and 13), in the real app
against the real service on loopback: an empty History says so and offers nothing to verify
or export; Requests with the service stopped says the service cannot be reached, with Try
again, and shows the list once it is back; "Forget this device?" asks in the dialog itself
with buttons that say what they do; the sign-in dialog grows for a long certificate error
and never squeezes its field, at 100 % and with a 1.5× font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.requests import RequestKind
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_window import MainWindow
from server.embedded import EmbeddedService
from tests.e2e.conftest import DeskFactory, start_signed_in
from tests.e2e.https_service import Services, trust_nothing_of_ours
from tests.support.certificates import self_signed

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000


def test_an_empty_history_says_so_and_offers_nothing_to_verify_or_export(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.history_page
    window.show_page(page)
    page.reload()
    qtbot.waitUntil(page.state.showing_result, timeout=WAIT)
    qtbot.waitUntil(page.toolbar.sync_button.isEnabled, timeout=WAIT)  # its first sync done

    assert page.empty.isVisible() and not page.table.isVisible()
    assert page.empty.icon.isVisible() and not page.empty.icon.pixmap().isNull()
    assert page.empty.title.text() == "No receipts yet"
    assert "signed receipt" in page.empty.description.text()
    assert not page.toolbar.verify_button.isEnabled(), "nothing to verify"
    assert not page.toolbar.export_button.isEnabled(), "nothing to export"
    assert page.toolbar.sync_button.isEnabled()

    # A choice changed: a receipt is kept, and there is something to verify and export.
    card = window.choices_page.cards["X2"]
    window.show_page(window.choices_page)
    card.switch.click()
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    qtbot.waitUntil(page.toolbar.verify_button.isEnabled, timeout=WAIT)
    assert page.toolbar.export_button.isEnabled() and page.table.isVisible()


def test_requests_say_the_service_cannot_be_reached_and_show_the_list_once_it_is_back(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    session = window.session
    filed = session.call(
        lambda token: session.client.file_request(token, "k-states", RequestKind.ACCESS, {})
    )
    page = window.requests_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.row_of(filed.id) is not None, timeout=WAIT)

    live_service.stop()
    qtbot.mouseClick(page.toolbar.refresh_button, CLICK)

    qtbot.waitUntil(page.state.showing_failure, timeout=WAIT)
    status = page.state.status
    assert status.isVisible() and not page.splitter.isVisible()
    assert not page.empty.isVisible(), "never 'nothing asked for yet' for a list not read"
    assert status.icon_name() == "network-offline" and status.icon.isVisible()
    assert status.title.text() == "Your requests can't be shown"
    assert "Can't reach the privacy service" in status.description.text()
    assert page.state.retry.isVisible() and page.state.retry.text() == "Try again"

    live_service.restart()
    qtbot.mouseClick(page.state.retry, CLICK)

    qtbot.waitUntil(page.splitter.isVisible, timeout=WAIT)
    assert page.model.rowCount() == 1 and page.model.row_of(filed.id) == 0
    facts = page.detail.facts
    assert facts.value("Status") == "Verifying your identity"
    # A form: names in one column, values beside them, selectable and wrapping.
    names = facts.names()
    assert [name.text() for name in names] == ["Status", "Filed", "Due"]
    for name in names:
        value = name.buddy()
        assert isinstance(value, QLabel) and value.wordWrap()
        assert value.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        assert value.x() > name.x() + name.width(), "values in their own column"
    assert max(name.buddy().x() for name in names) == min(name.buddy().x() for name in names)


def test_forget_this_device_asks_in_the_dialog_with_buttons_that_say_what_they_do(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    window.show_page(window.settings_page)
    assert window.settings_page.forget_button.property("role") == "destructive"
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        buttons: list[QAbstractButton] = box.buttons()
        seen["text"] = box.text()
        seen["explanation"] = box.informativeText()
        seen["buttons"] = {button.text(): button.property("role") for button in buttons}
        seen["default"] = box.defaultButton().text()
        (cancel,) = [button for button in buttons if button.text() == "Cancel"]
        cancel.click()

    QTimer.singleShot(0, answer)
    window.settings_page.forget_button.click()
    qtbot.waitUntil(lambda: "buttons" in seen, timeout=WAIT)

    assert seen["text"] == "Forget this device?", "the question is the dialog's own text"
    assert "saved receipts, crash reports and logs" in str(seen["explanation"])
    assert "Your account and your data on the service stay" in str(seen["explanation"])
    assert seen["buttons"] == {"Forget this device": "destructive", "Cancel": None}
    assert seen["default"] == "Cancel"
    assert desk.window is window, "cancelled: still signed in"


@pytest.fixture
def self_signed_service(tmp_path: Path, _service_template: Path) -> Iterator[str]:
    """The real service over HTTPS with a certificate that vouches for itself."""
    services = Services(tmp_path / "services", _service_template)
    service = services.start(self_signed(tmp_path / "self-signed"))
    yield service.base_url
    services.stop_all()


@pytest.fixture(params=[1.0, 1.5], ids=["100%", "150%"])
def font_scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    """The app's font as the user has it, and 1.5 times that (a stand-in for 150 %)."""
    font = qapp.font()
    scaled = qapp.font()
    scaled.setPointSizeF(font.pointSizeF() * request.param)
    qapp.setFont(scaled)
    yield request.param
    qapp.setFont(font)


def test_the_sign_in_dialog_grows_for_a_long_certificate_error_and_keeps_its_field(
    qtbot: QtBot,
    make_desk: DeskFactory,
    self_signed_service: str,
    font_scale: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trust_nothing_of_ours(monkeypatch)
    desk = make_desk()
    desk.start()
    dialog = desk.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    height_before = dialog.height()

    dialog.address.setText(self_signed_service)
    qtbot.mouseClick(dialog.sign_in_button, CLICK)
    qtbot.waitUntil(lambda: "SHA-256 fingerprint" in dialog.message.text(), timeout=WAIT)
    qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=WAIT)

    message, field = dialog.message, dialog.address
    assert field.height() >= field.sizeHint().height(), "the field keeps its height"
    assert message.height() >= message.heightForWidth(message.width()), "every line shown"
    fingerprint = message.text().splitlines()[-1]
    room = message.contentsRect().width()  # inside the room the style keeps for its icon
    assert message.fontMetrics().horizontalAdvance(fingerprint) <= room, "not cut off"
    for button in (dialog.sign_in_button, dialog.device_button):
        assert button.width() >= button.minimumSizeHint().width(), button.text()
    assert dialog.height() > height_before, "the dialog grew for the message"
    bottom_of_message = message.geometry().bottom()
    assert bottom_of_message < dialog.sign_in_button.geometry().top(), "nothing overlaps"
    assert dialog.minimumHeight() >= dialog.layout().totalHeightForWidth(dialog.width())

    # Made narrower by the user: the message needs more lines, the field still keeps its
    # height, because the dialog cannot be made shorter than all its rows need.
    dialog.resize(dialog.minimumSizeHint().width(), dialog.minimumHeight())
    dialog.resize(dialog.width(), 10)
    assert field.height() >= field.sizeHint().height()
    assert message.height() >= message.heightForWidth(message.width())
    assert not isinstance(desk.window, MainWindow)
