"""The watcher offline: it fails quietly, backs off, and comes back to the base pace."""

from __future__ import annotations

import socket
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient, TokenGrant
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.local.paths import AppPaths
from app.notify.desktop import DesktopNotifier
from app.notify.events import OwnChanges
from app.notify.pace import PollPace
from app.notify.watcher import NoticeWatcher
from app.ui.context import DeskContext
from tests.support.memory_keyring import MemoryKeyring


def a_closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def offline_context(tmp_path: Path) -> DeskContext:
    """Signed in, but nothing answers at the service's address."""
    client = PrivacyClient(f"http://127.0.0.1:{a_closed_port()}", timeout=(2.0, 2.0))
    grant = TokenGrant("access", "refresh", 3600, "user-1", "ada@example.org")
    session = AuthSession(client, TokenVault(MemoryKeyring()), grant, keep_in_keyring=False)
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    return DeskContext.signed_in(session, paths)


def test_offline_the_watcher_backs_off_and_user_activity_brings_it_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    notifier = DesktopNotifier(use_dbus=False)
    pace = PollPace(base=60, offline_cap=600)
    watcher = NoticeWatcher(offline_context(tmp_path), notifier, OwnChanges(), pace=pace)
    with qtbot.waitSignal(watcher.looked, timeout=10_000) as looked:
        watcher.start(delay=0)
    assert looked.args == [0]
    assert pace.next_pause() == 120
    with qtbot.waitSignal(watcher.looked, timeout=10_000):
        watcher.look_now()
    assert pace.next_pause() == 240
    watcher.set_window_visible(False)
    assert pace.next_pause() == 960  # hidden: four times longer
    watcher.user_active()
    assert pace.next_pause() == 240  # still hidden, but back to the base pace
    watcher.set_window_visible(True)
    assert pace.next_pause() == 60
    watcher.stop()
    assert not watcher.running
    assert not (tmp_path / "data" / "notices.json").exists()  # nothing seen, nothing kept
