"""Notifications: the real app, signed in to the real service, tells a real notification
server (on the test's private D-Bus) what happened elsewhere, and nothing the user did here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient
from app.core.requests import RequestKind
from app.ui.desk import DeskApp
from app.ui.formatting import format_date
from server.db.models import PrivacyRequest as StoredRequest
from server.embedded import EmbeddedService
from server.jobs.worker import run_worker
from server.requests_flow import RequestStatus, extend, transition
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, start_signed_in, stored_choice
from tests.support.notification_server import PrivateSessionBus

WAIT = 15_000


@pytest.fixture
def bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateSessionBus]:
    bus = PrivateSessionBus(tmp_path)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    yield bus
    bus.stop()


class AnotherDevice:
    """The same account, signed in elsewhere: its changes are news to this app."""

    def __init__(self, service: EmbeddedService) -> None:
        self.client = PrivacyClient(service.base_url)
        self.token = self.client.password_grant(USER_EMAIL, USER_PASSWORD).access_token

    def switch(self, choice_id: str, value: bool) -> None:
        etag = self.client.choices(self.token).etag
        self.client.change_choices(self.token, etag, {choice_id: value})

    def ask_for_a_copy(self) -> str:
        filed = self.client.file_request(self.token, str(uuid.uuid4()), RequestKind.ACCESS, {})
        return filed.id


def look(qtbot: QtBot, desk: DeskApp) -> int:
    """One look by the app's watcher, now; returns how many notices it showed, once each
    is on the bus (the server records a notice before it answers the call)."""
    watcher, notifier = desk.watcher, desk.notifier
    assert watcher is not None and watcher.running and notifier is not None
    sent: list[str] = []
    notifier.shown.connect(sent.append)
    try:
        with qtbot.waitSignal(watcher.looked, timeout=WAIT) as looked:
            watcher.look_now()
        told = int(looked.args[0])
        qtbot.waitUntil(lambda: len(sent) == told, timeout=WAIT)
    finally:
        notifier.shown.disconnect(sent.append)
    return told


def run_the_service_worker(service: EmbeddedService, tmp_path: Path) -> int:
    settings = replace(service.settings, export_dir=tmp_path / "exports")
    return run_worker(service.database, settings, once=True, schedule_retention=False)


def test_the_desktop_hears_of_a_finished_copy_an_extension_and_a_choice_changed_elsewhere(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    bus: PrivateSessionBus,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    other = AnotherDevice(live_service)
    copy_id = other.ask_for_a_copy()
    slow_id = other.ask_for_a_copy()
    denied_id = other.ask_for_a_copy()
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    notifier = desk.notifier
    assert notifier is not None
    request.addfinalizer(notifier.close)  # before the bus goes

    assert look(qtbot, desk) == 0  # the first look is the baseline: nothing to tell
    assert bus.recorded() == []

    # The service's operator extends the second request; its worker makes both copies.
    with live_service.database.session() as session:
        stored = session.get(StoredRequest, slow_id)
        assert stored is not None
        due = extend(stored, 1, "Many requests this month", now=datetime.now(UTC))
        turned_down = session.get(StoredRequest, denied_id)
        assert turned_down is not None
        transition(
            turned_down,
            RequestStatus.DENIED,
            "Denied",
            now=datetime.now(UTC),
            denial_reason="We could not confirm it is you",
        )
    run_the_service_worker(live_service, tmp_path)
    other.switch("X1", False)  # another device turns a choice off

    # The user turns another choice off here, and the service confirms it.
    card = window.choices_page.cards["X2"]
    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.pending, timeout=WAIT)
    assert stored_choice(live_service, USER_EMAIL, "X2") is False

    assert look(qtbot, desk) == 5
    assert notifier.uses_dbus
    arrived = bus.recorded()
    summaries = sorted(str(n["summary"]) for n in arrived)
    assert summaries == sorted(
        [
            "Your copy is ready",
            "Your copy is ready",
            "A request moved on",
            "More time was taken",
            "A choice changed elsewhere",
        ]
    ), [(n["summary"], n["body"]) for n in arrived]
    by_summary = {str(n["summary"]): n for n in arrived}
    assert all(n["app_name"] == "Privacy Desk" for n in arrived)
    assert all(n["app_icon"] == "org.privacydesk.PrivacyDesk" for n in arrived)
    assert "Many requests this month" in str(by_summary["More time was taken"]["body"])
    assert format_date(due) in str(by_summary["More time was taken"]["body"])
    moved_on = str(by_summary["A request moved on"]["body"])
    assert "Denied" in moved_on and "We could not confirm it is you" in moved_on
    assert "switched off elsewhere" in str(by_summary["A choice changed elsewhere"]["body"])
    x1_title = window.choices_page.cards["X1"].title.text()
    assert x1_title in str(by_summary["A choice changed elsewhere"]["body"])
    # Nothing about X2: the user switched it here.
    x2_title = window.choices_page.cards["X2"].title.text()
    assert not any(x2_title in str(n["body"]) for n in arrived)

    # Looking again tells nothing twice.
    assert look(qtbot, desk) == 0
    assert len(bus.recorded()) == len(arrived)

    # Clicking the copy's notice brings the window up on the requests.
    with qtbot.waitSignal(notifier.activated, timeout=WAIT) as clicked:
        bus.click(int(by_summary["Your copy is ready"]["id"]))  # type: ignore[call-overload]
    assert clicked.args[0] in {f"request:{copy_id}", f"request:{slow_id}"}
    assert window.stack.currentWidget() is window.requests_page


def test_a_kind_switched_off_in_settings_is_not_told(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    bus: PrivateSessionBus,
    request: pytest.FixtureRequest,
) -> None:
    other = AnotherDevice(live_service)
    desk, _window = start_signed_in(qtbot, make_desk, live_service.base_url)
    assert desk.notifier is not None
    request.addfinalizer(desk.notifier.close)  # before the bus goes
    desk.change_option("notify:choice_changed", "off")
    assert look(qtbot, desk) == 0
    other.switch("X3", False)
    assert look(qtbot, desk) == 0
    assert bus.recorded() == []
    desk.change_option("notify:choice_changed", "on")
    other.switch("X3", True)
    assert look(qtbot, desk) == 1
    [notice] = bus.recorded()
    assert "switched on elsewhere" in str(notice["body"])


def test_with_the_tray_on_closing_the_window_keeps_the_app_watching_until_quit(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    bus: PrivateSessionBus,
    request: pytest.FixtureRequest,
) -> None:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    assert desk.notifier is not None
    request.addfinalizer(desk.notifier.close)
    assert desk.tray is None  # off by default
    desk.change_option("keep_in_tray", "on")
    assert desk.settings.keep_in_tray is True
    if desk.tray is None:  # no tray on the offscreen platform: the icon the desk would show
        desk.tray = QSystemTrayIcon(desk)
    watcher = desk.watcher
    assert watcher is not None

    closing = QCloseEvent()
    QApplication.sendEvent(window, closing)
    assert not closing.isAccepted()  # to the tray, not closed
    assert desk.window is window and not window.isVisible()
    assert watcher.running and watcher.pace.hidden  # still watching, at the hidden pace
    desk.open_notice("choice:X1")
    assert window.isVisible()
    assert window.stack.currentWidget() is window.choices_page
    assert not watcher.pace.hidden

    quits: list[bool] = []
    desk.quit_app = lambda: quits.append(True)
    desk.quit()
    assert quits == [True]
    assert not window.isVisible()
    assert desk.watcher is None and not watcher.running


def test_start_at_login_writes_the_autostart_entry_and_removes_it_again(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.ui.tasks import wait_for_all_tasks

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    entry = tmp_path / "xdg" / "autostart" / "org.privacydesk.PrivacyDesk.desktop"
    desk, _window = start_signed_in(qtbot, make_desk, live_service.base_url)
    desk.change_option("start_at_login", "on")
    qtbot.waitUntil(entry.is_file, timeout=WAIT)
    assert "Exec=" in entry.read_text(encoding="utf-8")
    desk.change_option("start_at_login", "off")
    qtbot.waitUntil(lambda: not entry.exists(), timeout=WAIT)
    wait_for_all_tasks()
    assert desk.settings_file.load().start_at_login is False


def test_switching_the_tray_off_again_closes_the_app_with_its_window(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    desk.change_option("keep_in_tray", "on")
    desk.change_option("keep_in_tray", "off")
    assert desk.tray is None and desk.settings.keep_in_tray is False
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QApplication

    closing = QCloseEvent()
    QApplication.sendEvent(window, closing)
    assert closing.isAccepted()  # closed for real, not kept in a tray
