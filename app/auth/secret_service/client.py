"""The few Secret Service calls a keyring needs, over D-Bus with jeepney.

The freedesktop.org Secret Service API: a daemon (gnome-keyring, KeePassXC, KWallet 6)
owns `org.freedesktop.secrets` on the session bus and keeps items (attributes + secret)
in collections; the collection behind the `default` alias is the user's keyring. A
locked collection is unlocked through a prompt the daemon shows (the desktop asks for the
keyring password); so is a new collection. Secrets travel encrypted (transport.py).

One `SecretServiceClient` is one connection and one session; it is used from one thread
and closed after a few calls (the vault opens one per store, load or delete).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from types import TracebackType
from typing import Any

from jeepney import DBusAddress, DBusErrorResponse, MatchRule, MessageType, Properties
from jeepney import new_method_call as call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import unwrap_msg

from app.auth.secret_service import transport

BUS_NAME = "org.freedesktop.secrets"
SERVICE = DBusAddress("/org/freedesktop/secrets", BUS_NAME, "org.freedesktop.Secret.Service")
COLLECTION_INTERFACE = "org.freedesktop.Secret.Collection"
ITEM_INTERFACE = "org.freedesktop.Secret.Item"
PROMPT_INTERFACE = "org.freedesktop.Secret.Prompt"
SESSION_INTERFACE = "org.freedesktop.Secret.Session"
NO_OBJECT = "/"  # "no prompt needed", "no such alias"

CONTENT_TYPE = "text/plain; charset=utf8"
CALL_TIMEOUT_SECONDS = 10.0
# How long the desktop's unlock prompt may stay open before we give up on it.
PROMPT_TIMEOUT_SECONDS = 120.0

_NOT_THERE = (
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.Spawn.ExecFailed",
    "org.freedesktop.DBus.Error.NoReply",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
)
_LOCKED = ("org.freedesktop.Secret.Error.IsLocked",)


class SecretServiceUnavailable(Exception):
    """No session bus, or nothing there serves the Secret Service."""


class SecretServiceLocked(Exception):
    """The keyring is locked and was not unlocked (prompt dismissed or left open)."""


def service_is_available() -> bool:
    """Whether a Secret Service answers (or can be started) on this session bus."""
    try:
        connection = open_dbus_connection(bus="SESSION")
    except (OSError, KeyError, ValueError):  # no bus address, no socket, refused
        return False
    try:
        names = []
        for method in ("ListNames", "ListActivatableNames"):
            reply = connection.send_and_get_reply(
                getattr(message_bus, method)(), timeout=CALL_TIMEOUT_SECONDS
            )
            names.extend(unwrap_msg(reply)[0])
        return BUS_NAME in names
    except (OSError, TimeoutError, DBusErrorResponse):
        return False
    finally:
        connection.close()


class SecretServiceClient:
    def __init__(self) -> None:
        try:
            self._connection: DBusConnection = open_dbus_connection(bus="SESSION")
        except (OSError, KeyError, ValueError) as error:
            raise SecretServiceUnavailable(f"no D-Bus session bus: {error}") from error
        self._session = NO_OBJECT
        try:
            self._key = self._open_session()
        except BaseException:
            self._connection.close()
            raise

    def __enter__(self) -> SecretServiceClient:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self._session != NO_OBJECT:
                self._call(DBusAddress(self._session, BUS_NAME, SESSION_INTERFACE), "Close")
        except (OSError, TimeoutError, DBusErrorResponse):
            pass  # the daemon drops the session with the connection anyway
        finally:
            self._connection.close()

    # --- the calls the keyring makes ------------------------------------------------------

    def default_collection(self) -> str:
        """The path of the user's keyring, unlocked (asking the desktop to unlock it if
        needed), created through the desktop's prompt if the user has none yet."""
        (path,) = self._call(SERVICE, "ReadAlias", "s", "default")
        if path == NO_OBJECT:
            label = {"org.freedesktop.Secret.Collection.Label": ("s", "Default keyring")}
            path, prompt = self._call(SERVICE, "CreateCollection", "a{sv}s", label, "default")
            if prompt != NO_OBJECT:
                dismissed, (_signature, path) = self._prompt(prompt)
                if dismissed or path == NO_OBJECT:
                    raise SecretServiceLocked("creating a keyring was cancelled")
        self._unlock(path)
        return str(path)

    def find(self, collection: str, attributes: Mapping[str, str]) -> list[str]:
        address = DBusAddress(collection, BUS_NAME, COLLECTION_INTERFACE)
        (items,) = self._call(address, "SearchItems", "a{ss}", dict(attributes))
        return [str(item) for item in items]

    def secret(self, item: str) -> bytes:
        self._unlock(item)
        address = DBusAddress(item, BUS_NAME, ITEM_INTERFACE)
        ((_session, iv, value, _content_type),) = self._call(
            address, "GetSecret", "o", self._session
        )
        return transport.open_sealed(self._key, bytes(iv), bytes(value))

    def store(
        self, collection: str, label: str, attributes: Mapping[str, str], secret: bytes
    ) -> str:
        """Creates the item, or replaces the secret of the one with the same attributes."""
        iv, sealed = transport.seal(self._key, secret)
        properties = {
            "org.freedesktop.Secret.Item.Label": ("s", label),
            "org.freedesktop.Secret.Item.Attributes": ("a{ss}", dict(attributes)),
        }
        address = DBusAddress(collection, BUS_NAME, COLLECTION_INTERFACE)
        item, prompt = self._call(
            address,
            "CreateItem",
            "a{sv}(oayays)b",
            properties,
            (self._session, iv, sealed, CONTENT_TYPE),
            True,  # replace
        )
        if prompt != NO_OBJECT:
            dismissed, (_signature, item) = self._prompt(prompt)
            if dismissed:
                raise SecretServiceLocked("storing was cancelled at the prompt")
        return str(item)

    def delete(self, item: str) -> None:
        (prompt,) = self._call(DBusAddress(item, BUS_NAME, ITEM_INTERFACE), "Delete")
        if prompt != NO_OBJECT:
            dismissed, _result = self._prompt(prompt)
            if dismissed:
                raise SecretServiceLocked("deleting was cancelled at the prompt")

    def is_locked(self, path: str, interface: str = COLLECTION_INTERFACE) -> bool:
        message = Properties(DBusAddress(path, BUS_NAME, interface)).get("Locked")
        ((_signature, locked),) = self._send(message)
        return bool(locked)

    # --- plumbing ---------------------------------------------------------------------------

    def _open_session(self) -> bytes:
        exchange = transport.KeyExchange.start()
        (signature, theirs), session = self._call(
            SERVICE, "OpenSession", "sv", transport.ALGORITHM, ("ay", exchange.public_bytes)
        )
        self._session = str(session)
        if signature != "ay":
            raise transport.TransportError(f"the key exchange answered with {signature!r}")
        return exchange.session_key(bytes(theirs))

    def _unlock(self, path: str) -> None:
        _unlocked, prompt = self._call(SERVICE, "Unlock", "ao", [path])
        if prompt != NO_OBJECT:
            dismissed, _result = self._prompt(prompt)
            if dismissed:
                raise SecretServiceLocked("the keyring stays locked: the prompt was dismissed")

    def _prompt(self, prompt: str) -> tuple[bool, tuple[str, Any]]:
        """Shows the daemon's prompt and waits for the user's answer."""
        rule = MatchRule(
            type=MessageType.signal, interface=PROMPT_INTERFACE, member="Completed", path=prompt
        )
        address = DBusAddress(prompt, BUS_NAME, PROMPT_INTERFACE)
        self._send(message_bus.AddMatch(rule))
        with self._connection.filter(rule) as signals:
            self._call(address, "Prompt", "s", "")
            try:
                signal = self._connection.recv_until_filtered(
                    signals, timeout=PROMPT_TIMEOUT_SECONDS
                )
            except TimeoutError as error:
                with suppress(OSError, TimeoutError, DBusErrorResponse):
                    self._call(address, "Dismiss")
                raise SecretServiceLocked("the keyring prompt was not answered") from error
        dismissed, result = signal.body
        return bool(dismissed), result

    def _call(self, address: DBusAddress, method: str, signature: str = "", *body: Any) -> Any:
        return self._send(call(address, method, signature or None, body))

    def _send(self, message: Any) -> Any:
        try:
            reply = self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_SECONDS)
            return unwrap_msg(reply)
        except DBusErrorResponse as error:
            if error.name in _NOT_THERE:
                raise SecretServiceUnavailable(error.name) from error
            if error.name in _LOCKED:
                raise SecretServiceLocked(error.name) from error
            raise
