"""The notifier against a real notification server on the test's private D-Bus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.notify.desktop import DesktopNotifier
from tests.support.notification_server import PrivateSessionBus


@pytest.fixture
def bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateSessionBus]:
    bus = PrivateSessionBus(tmp_path)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    yield bus
    bus.stop()


def test_a_notice_reaches_the_desktop_and_a_click_opens_what_it_is_about(
    bus: PrivateSessionBus, qtbot: QtBot
) -> None:
    notifier = DesktopNotifier(use_dbus=True)
    with qtbot.waitSignal(notifier.shown):
        notifier.show("Your copy is ready", "It can be downloaded.", "request:r-42")
    assert notifier.uses_dbus
    [notice] = bus.recorded()
    assert notice["app_name"] == "Privacy Desk"
    assert notice["app_icon"] == "org.privacydesk.PrivacyDesk"
    assert notice["summary"] == "Your copy is ready"
    assert notice["body"] == "It can be downloaded."
    assert notice["actions"][:1] == ["default"]  # type: ignore[index]
    with qtbot.waitSignal(notifier.activated) as clicked:
        bus.click(int(notice["id"]))  # type: ignore[call-overload]
    assert clicked.args == ["request:r-42"]
    notifier.close()


def test_without_a_notification_service_nothing_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    empty = PrivateSessionBus(tmp_path, with_server=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", empty.address)
    try:
        notifier = DesktopNotifier(use_dbus=True)
        notifier.show("A title", "A body", "choice:X1")
        qtbot.waitUntil(lambda: notifier._decided)
        assert not notifier.uses_dbus
        assert empty.recorded() == []
        notifier.close()
    finally:
        empty.stop()
