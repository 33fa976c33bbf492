"""org.freedesktop.Notifications over the D-Bus session bus, with jeepney. No Qt.

The desktop's own notification service: notices look like every other app's, stay in
the desktop's list, and carry an action ("default": clicking the notice) that comes back
as the `ActionInvoked` signal. All calls block: call them from a worker.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from queue import Queue

from jeepney import DBusAddress, MatchRule, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.threading import DBusConnection, DBusRouter, open_dbus_connection
from jeepney.low_level import Message
from jeepney.wrappers import unwrap_msg

_log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
APP_NAME = "Privacy Desk"
APP_ICON = "org.privacydesk.PrivacyDesk"
DEFAULT_ACTION = "default"
CALL_TIMEOUT_SECONDS = 5.0

_NOTIFICATIONS = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)


class NoNotificationService(Exception):
    """Nobody on the session bus serves org.freedesktop.Notifications."""


class FreedesktopNotifications:
    """One connection to the session bus: Notify calls, and a thread that hears clicks."""

    def __init__(
        self, router: DBusRouter, on_action: Callable[[int, str], None] | None = None
    ) -> None:
        self._router = router
        self._on_action = on_action
        self._signals: Queue[Message | None] = Queue()
        self._closed = False
        rule = MatchRule(
            type="signal", interface=INTERFACE, member="ActionInvoked", path=OBJECT_PATH
        )
        self._filter = router.filter(rule, queue=self._signals, bufsize=100)
        router.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT_SECONDS)
        self._listener = threading.Thread(
            target=self._listen, name="notification-actions", daemon=True
        )
        self._listener.start()

    @classmethod
    def open(cls, on_action: Callable[[int, str], None] | None = None) -> FreedesktopNotifications:
        """Raises NoNotificationService (or an OSError when there is no session bus)."""
        connection = open_dbus_connection(bus="SESSION")
        router = DBusRouter(connection)
        try:
            if not _is_served(router):
                raise NoNotificationService(BUS_NAME)
            return cls(router, on_action)
        except BaseException:
            _close(router)
            raise

    def notify(self, summary: str, body: str, *, replaces: int = 0) -> int:
        """Show a notice; returns its id (the one `ActionInvoked` will name)."""
        message = new_method_call(
            _NOTIFICATIONS,
            "Notify",
            "susssasa{sv}i",
            (
                APP_NAME,
                replaces,
                APP_ICON,
                summary,
                body,
                [DEFAULT_ACTION, APP_NAME],
                {"desktop-entry": ("s", APP_ICON)},
                -1,
            ),
        )
        reply = self._router.send_and_get_reply(message, timeout=CALL_TIMEOUT_SECONDS)
        (notice_id,) = unwrap_msg(reply)
        return int(notice_id)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._signals.put(None)
        with contextlib.suppress(Exception):
            self._filter.close()
        _close(self._router)

    def _listen(self) -> None:
        while True:
            message = self._signals.get()
            if message is None:
                return
            if message.header.message_type is not MessageType.signal:
                continue
            try:
                notice_id, action = message.body
                if self._on_action is not None:
                    self._on_action(int(notice_id), str(action))
            except Exception:  # a surprise from the bus never ends the listener
                _log.warning("a notification action could not be handled", exc_info=False)


def _is_served(router: DBusRouter) -> bool:
    """Running now, or started by the bus on the first call (D-Bus activation)."""
    reply = router.send_and_get_reply(
        message_bus.NameHasOwner(BUS_NAME), timeout=CALL_TIMEOUT_SECONDS
    )
    if unwrap_msg(reply)[0]:
        return True
    reply = router.send_and_get_reply(
        message_bus.ListActivatableNames(), timeout=CALL_TIMEOUT_SECONDS
    )
    return BUS_NAME in unwrap_msg(reply)[0]


def _close(router: DBusRouter) -> None:
    """The router's receiving thread, then the socket under it."""
    connection: DBusConnection = router.conn
    with contextlib.suppress(Exception):
        router.close()
    with contextlib.suppress(Exception):
        connection.close()
