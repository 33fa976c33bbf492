"""TokenVault: the refresh token lives in the OS keyring and nowhere else.

Every keyring failure becomes one VaultResult the UI can explain. There is no
plain-text fallback: without a usable keyring the app stays signed in for this run only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from typing import Any

import keyring
import keyring.core
import keyring.errors

SERVICE_NAME = "privacy-desk"

# Backends that look like keyrings but keep nothing.
_UNUSABLE_BACKENDS = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")


class VaultStatus(Enum):
    OK = "ok"
    NOT_FOUND = "not_found"  # load: nothing stored for this account
    NO_KEYRING = "no_keyring"  # no usable backend on this system
    LOCKED = "locked"  # the keyring exists but is locked and was not unlocked
    REFUSED = "refused"  # the backend refused to store or delete
    FAILED = "failed"  # anything else the backend raised


@dataclass(frozen=True)
class VaultResult:
    status: VaultStatus
    token: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status is VaultStatus.OK

    def __repr__(self) -> str:  # the token never reaches a log or a traceback
        return f"VaultResult(status={self.status.name}, detail={self.detail!r})"


def default_backend() -> Any:
    """The keyring the user configured for Python's keyring (PYTHON_KEYRING_BACKEND or
    keyringrc.cfg), if any; else, on Linux, our own Secret Service client when a Secret
    Service answers (app/auth/secret_service: the frozen app ships no `secretstorage`);
    else the one keyring picks for this system (Keychain, Credential Locker, ...)."""
    configured = keyring.core.load_env() or keyring.core.load_config()
    if configured is not None:
        return configured
    if sys.platform.startswith("linux"):
        from app.auth.secret_service import SecretServiceKeyring

        if SecretServiceKeyring.viable:
            return SecretServiceKeyring()
    return keyring.get_keyring()


def _backend_path(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


class TokenVault:
    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> Any:
        # Resolved lazily: asking keyring which backend to use can touch D-Bus.
        if self._backend is None:
            self._backend = default_backend()
        return self._backend

    def backend_name(self) -> str:
        return _backend_path(self.backend)

    def usable(self) -> bool:
        return self.backend_name() not in _UNUSABLE_BACKENDS

    def store(self, account: str, token: str) -> VaultResult:
        return self._guard(lambda: self.backend.set_password(SERVICE_NAME, account, token))

    def load(self, account: str) -> VaultResult:
        result: list[str | None] = []
        outcome = self._guard(
            lambda: result.append(self.backend.get_password(SERVICE_NAME, account))
        )
        if not outcome.ok:
            return outcome
        token = result[0]
        if token is None:
            return VaultResult(VaultStatus.NOT_FOUND)
        return VaultResult(VaultStatus.OK, token=token)

    def delete(self, account: str) -> VaultResult:
        outcome = self._guard(lambda: self.backend.delete_password(SERVICE_NAME, account))
        if outcome.status is VaultStatus.REFUSED and self.load(account).status in (
            VaultStatus.NOT_FOUND,
        ):
            # Deleting what is not there is not a failure: the goal is that nothing is stored.
            return VaultResult(VaultStatus.OK)
        return outcome

    def _guard(self, action: Any) -> VaultResult:
        try:
            if not self.usable():  # resolving the backend can itself fail (D-Bus)
                return VaultResult(VaultStatus.NO_KEYRING, detail=self.backend_name())
            action()
        except keyring.errors.KeyringLocked as error:
            return VaultResult(VaultStatus.LOCKED, detail=type(error).__name__)
        except (keyring.errors.NoKeyringError, keyring.errors.InitError) as error:
            return VaultResult(VaultStatus.NO_KEYRING, detail=type(error).__name__)
        except (keyring.errors.PasswordSetError, keyring.errors.PasswordDeleteError) as error:
            return VaultResult(VaultStatus.REFUSED, detail=type(error).__name__)
        except Exception as error:  # D-Bus, OS and backend-specific errors
            return VaultResult(VaultStatus.FAILED, detail=type(error).__name__)
        return VaultResult(VaultStatus.OK)
