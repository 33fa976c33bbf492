"""A keyring backend on our own Secret Service client (Linux).

keyring's own SecretService backend needs `secretstorage`, which needs `cryptography`
for one AES call; this one speaks the same protocol with jeepney and CPython's libcrypto,
so the frozen app ships neither. Items are found by the same attributes keyring's backend
uses (`service`, `username`), so a sign-in stored by an earlier version is still found.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring.backend
import keyring.errors
from keyring.compat import properties

from app.auth.secret_service import client, libcrypto
from app.auth.secret_service.client import (
    SecretServiceClient,
    SecretServiceLocked,
    SecretServiceUnavailable,
)
from app.auth.secret_service.transport import TransportError

APPLICATION = "Privacy Desk"


def _query(service: str, username: str) -> dict[str, str]:
    return {"service": service, "username": username}


class SecretServiceKeyring(keyring.backend.KeyringBackend):
    """Secret Service (gnome-keyring, KeePassXC, KWallet 6) through Privacy Desk's client."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring ships no types

    @properties.classproperty
    def priority(cls) -> float:
        if not libcrypto.available():
            raise RuntimeError("no OpenSSL libcrypto to encrypt the session with")
        if not client.service_is_available():
            raise RuntimeError("no Secret Service on the D-Bus session bus")
        return 5

    def get_password(self, service: str, username: str) -> str | None:
        with _client() as secret_service:
            keyring_path = secret_service.default_collection()
            found = secret_service.find(keyring_path, _query(service, username))
            if not found:
                return None
            return secret_service.secret(found[0]).decode("utf-8")

    def set_password(self, service: str, username: str, password: str) -> None:
        attributes = {**_query(service, username), "application": APPLICATION}
        try:
            with _client() as secret_service:
                secret_service.store(
                    secret_service.default_collection(),
                    f"{APPLICATION}: {username}",
                    attributes,
                    password.encode("utf-8"),
                )
        except TransportError as error:
            raise keyring.errors.PasswordSetError(str(error)) from error

    def delete_password(self, service: str, username: str) -> None:
        with _client() as secret_service:
            keyring_path = secret_service.default_collection()
            found = secret_service.find(keyring_path, _query(service, username))
            if not found:
                raise keyring.errors.PasswordDeleteError("nothing stored for this account")
            for item in found:
                secret_service.delete(item)


@contextmanager
def _client() -> Iterator[SecretServiceClient]:
    """A client for one operation, its failures told in keyring's terms."""
    try:
        with SecretServiceClient() as secret_service:
            yield secret_service
    except SecretServiceLocked as error:
        raise keyring.errors.KeyringLocked(str(error)) from error
    except SecretServiceUnavailable as error:
        raise keyring.errors.InitError(str(error)) from error
