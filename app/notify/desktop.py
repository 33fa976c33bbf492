"""The notifier: the desktop's notification service on Linux, the tray's balloon elsewhere.

On Linux, when the session bus has org.freedesktop.Notifications, notices go there
(app/notify/freedesktop.py) and clicking one comes back as `activated`. Otherwise, or
when that service fails, `QSystemTrayIcon.showMessage`. A notice that cannot be shown is
logged and dropped: a notification never stops or slows the app.
"""

from __future__ import annotations

import logging
import sys
from collections import deque

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon

from app.notify.freedesktop import FreedesktopNotifications
from app.ui.tasks import run_task

_log = logging.getLogger(__name__)


class DesktopNotifier(QObject):
    # What the clicked notice was about: "request:<id>" or "choice:<id>".
    activated = Signal(str)
    # A notice went out (to D-Bus, or to the tray): its title. For tests and the log.
    shown = Signal(str)
    # From the D-Bus listener thread, queued to the GUI thread.
    _action = Signal(int, str)

    def __init__(self, parent: QObject | None = None, *, use_dbus: bool | None = None) -> None:
        super().__init__(parent)
        self._use_dbus = sys.platform.startswith("linux") if use_dbus is None else use_dbus
        self._dbus: FreedesktopNotifications | None = None
        self._deciding = False
        self._decided = False
        self._waiting: deque[tuple[str, str, str]] = deque(maxlen=20)
        self._targets: dict[int, str] = {}
        self._tray: QSystemTrayIcon | None = None
        self._own_tray: QSystemTrayIcon | None = None
        self._tray_target = ""
        self._action.connect(self._on_action)

    @property
    def uses_dbus(self) -> bool:
        return self._dbus is not None

    def set_tray(self, tray: QSystemTrayIcon | None) -> None:
        """The app's tray icon, when it shows one: the balloons come from it."""
        self._tray = tray
        if tray is not None:
            tray.messageClicked.connect(self._on_tray_clicked)

    def start(self) -> None:
        """Find the desktop's notification service, off the GUI thread."""
        if self._deciding or self._decided:
            return
        if not self._use_dbus:
            self._decided = True
            return
        self._deciding = True
        relay = self._action.emit
        run_task(
            self,
            lambda: FreedesktopNotifications.open(lambda nid, key: relay(nid, key)),
            self._on_opened,
            self._on_not_opened,
        )

    def show(self, title: str, body: str, target: str) -> None:
        if not self._decided:
            self._waiting.append((title, body, target))
            self.start()
            return
        dbus = self._dbus
        if dbus is None:
            self._show_in_tray(title, body, target)
            return
        run_task(
            self,
            lambda: dbus.notify(title, body),
            lambda notice_id: self._sent(notice_id, title, target),
            lambda error: self._dbus_failed(error, title, body, target),
        )

    def close(self) -> None:
        if self._dbus is not None:
            self._dbus.close()
            self._dbus = None
        if self._own_tray is not None:
            self._own_tray.hide()
            self._own_tray = None  # the last reference: gone with it

    # -- inside ---------------------------------------------------------------------------

    def _on_opened(self, dbus: FreedesktopNotifications) -> None:
        self._dbus = dbus
        self._decide()

    def _on_not_opened(self, error: BaseException) -> None:
        _log.info("no desktop notification service (%s): using the tray", type(error).__name__)
        self._decide()

    def _decide(self) -> None:
        self._deciding = False
        self._decided = True
        waiting, self._waiting = list(self._waiting), deque(maxlen=20)
        for title, body, target in waiting:
            self.show(title, body, target)

    def _sent(self, notice_id: int, title: str, target: str) -> None:
        self._targets[notice_id] = target
        if len(self._targets) > 200:
            self._targets.pop(next(iter(self._targets)))
        self.shown.emit(title)

    def _dbus_failed(self, error: BaseException, title: str, body: str, target: str) -> None:
        _log.warning("a desktop notification failed (%s): using the tray", type(error).__name__)
        self._show_in_tray(title, body, target)

    def _show_in_tray(self, title: str, body: str, target: str) -> None:
        try:
            tray = self._tray or self._fallback_tray()
            if tray is None:
                _log.info("a notice was not shown: no notification service and no tray")
                return
            self._tray_target = target
            tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 10_000)
            self.shown.emit(title)
        except Exception as error:  # a notice is never worth a crash
            _log.warning("a notice could not be shown (%s)", type(error).__name__)

    def _fallback_tray(self) -> QSystemTrayIcon | None:
        if self._own_tray is None:
            if not QSystemTrayIcon.isSystemTrayAvailable():
                return None
            app = QGuiApplication.instance()
            icon = app.windowIcon() if isinstance(app, QGuiApplication) else None
            self._own_tray = QSystemTrayIcon()
            if icon is not None:
                self._own_tray.setIcon(icon)
            self._own_tray.messageClicked.connect(self._on_tray_clicked)
            self._own_tray.show()
        return self._own_tray

    def _on_tray_clicked(self) -> None:
        if self._tray_target:
            self.activated.emit(self._tray_target)

    def _on_action(self, notice_id: int, key: str) -> None:
        target = self._targets.get(notice_id)
        if target is not None:
            self.activated.emit(target)
