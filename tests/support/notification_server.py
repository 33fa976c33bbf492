"""A small org.freedesktop.Notifications server that records what arrives, for tests.

Run it as a child process on a test's private session bus:

    python -m tests.support.notification_server RECORD_FILE

It takes the well-known name, prints "ready" once it has it, and writes each Notify call
as one JSON line to RECORD_FILE before it answers (so a caller that got its reply finds
the line there). A call of the test-only method `org.privacydesk.Test.Click(id, action)`
sends the `ActionInvoked` signal, as a desktop does when the user clicks a notice.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jeepney import HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.low_level import Message
from jeepney.wrappers import DBusAddress

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
TEST_INTERFACE = "org.privacydesk.Test"
_SIGNALS = DBusAddress(PATH, interface=INTERFACE)


def serve(record: Path) -> None:
    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(message_bus.RequestName(NAME, 0x4))
    if reply.body[0] != 1:  # DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER
        raise SystemExit(f"could not take {NAME}: {reply.body[0]}")
    print("ready", flush=True)
    next_id = 0
    while True:
        message: Message = connection.receive()
        if message.header.message_type is not MessageType.method_call:
            continue
        fields = message.header.fields
        member = fields.get(HeaderFields.member)
        interface = fields.get(HeaderFields.interface)
        if interface == TEST_INTERFACE and member == "Click":
            notice_id, action = message.body
            connection.send(new_signal(_SIGNALS, "ActionInvoked", "us", (notice_id, action)))
            connection.send(new_method_return(message))
        elif member == "Notify":
            app_name, replaces, icon, summary, body, actions, hints, timeout = message.body
            next_id += 1
            line = {
                "id": next_id,
                "app_name": app_name,
                "replaces_id": replaces,
                "app_icon": icon,
                "summary": summary,
                "body": body,
                "actions": list(actions),
                "hints": {key: value[1] for key, value in hints.items()},
                "expire_timeout": timeout,
            }
            with record.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(line) + "\n")
            connection.send(new_method_return(message, "u", (next_id,)))
        elif member == "GetCapabilities":
            connection.send(new_method_return(message, "as", (["actions", "body"],)))
        elif member == "GetServerInformation":
            info = ("recording-server", "privacy-desk-tests", "1", "1.2")
            connection.send(new_method_return(message, "ssss", info))
        elif member == "CloseNotification":
            connection.send(new_method_return(message))
        elif member == "Quit":
            connection.send(new_method_return(message))
            return
        else:
            connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))


def recorded(record: Path) -> list[dict[str, object]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


if __name__ == "__main__":
    serve(Path(sys.argv[1]))


class PrivateSessionBus:
    """A D-Bus session bus of the test's own (`dbus-daemon --session`), optionally with the
    recording notification server on it. Stop it with `stop()`."""

    def __init__(self, folder: Path, *, with_server: bool = True) -> None:
        import os
        import shutil
        import subprocess

        if shutil.which("dbus-daemon") is None:
            raise RuntimeError("dbus-daemon not found: install the Debian package dbus")
        self.record = folder / "notifications.jsonl"
        self._daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._daemon.stdout is not None
        self.address = self._daemon.stdout.readline().strip()
        self._server: subprocess.Popen[str] | None = None
        if with_server:
            env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}
            env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
            self._server = subprocess.Popen(
                [sys.executable, "-m", "tests.support.notification_server", str(self.record)],
                stdout=subprocess.PIPE,
                env=env,
                text=True,
            )
            assert self._server.stdout is not None
            ready = self._server.stdout.readline().strip()
            if ready != "ready":
                self.stop()
                raise RuntimeError(f"the notification server did not start: {ready!r}")

    def recorded(self) -> list[dict[str, object]]:
        return recorded(self.record)

    def click(self, notice_id: int, action: str = "default") -> None:
        """What the desktop does when the user clicks a notice."""
        from jeepney import new_method_call
        from jeepney.io.blocking import open_dbus_connection as connect

        with connect(bus=self.address) as connection:
            address = DBusAddress(PATH, bus_name=NAME, interface=TEST_INTERFACE)
            connection.send_and_get_reply(
                new_method_call(address, "Click", "us", (notice_id, action)), timeout=5
            )

    def stop(self) -> None:
        for process in (self._server, self._daemon):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
            if process is not None and process.stdout is not None:
                process.stdout.close()
