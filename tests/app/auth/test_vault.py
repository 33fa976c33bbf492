"""TokenVault against an in-memory keyring: every outcome the UI has to explain."""

from __future__ import annotations

from collections.abc import Callable

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.core
import keyring.errors
import pytest

from app.auth import vault as vault_module
from app.auth.secret_service import SecretServiceKeyring, client
from app.auth.vault import SERVICE_NAME, TokenVault, VaultResult, VaultStatus
from tests.support.memory_keyring import MemoryKeyring

ACCOUNT = "https://privacy.example 1f6c0b2e"
TOKEN = "rt-3a9c51e0d7b24f6e-refresh-token"


class FakeDBusError(Exception):
    """Stands in for what a Secret Service backend raises when the bus misbehaves."""


class RefusesToDelete(MemoryKeyring):
    """Keeps entries, but will not delete them (a policy-restricted keyring)."""

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("deleting is not allowed here")


Operation = Callable[[TokenVault], VaultResult]

OPERATIONS: dict[str, Operation] = {
    "store": lambda vault: vault.store(ACCOUNT, TOKEN),
    "load": lambda vault: vault.load(ACCOUNT),
    "delete": lambda vault: vault.delete(ACCOUNT),
}

FAILURES: list[tuple[Exception, VaultStatus]] = [
    (keyring.errors.KeyringLocked("collection is locked"), VaultStatus.LOCKED),
    (keyring.errors.NoKeyringError("no backend"), VaultStatus.NO_KEYRING),
    (keyring.errors.InitError("could not open the collection"), VaultStatus.NO_KEYRING),
    (keyring.errors.PasswordSetError("write refused"), VaultStatus.REFUSED),
    (keyring.errors.PasswordDeleteError("delete refused"), VaultStatus.REFUSED),
    (FakeDBusError("org.freedesktop.DBus.Error.ServiceUnknown"), VaultStatus.FAILED),
]


def test_stored_token_can_be_loaded_then_deleted(memory_keyring: MemoryKeyring) -> None:
    vault = TokenVault(memory_keyring)

    stored = vault.store(ACCOUNT, TOKEN)
    assert stored.status is VaultStatus.OK
    assert stored.ok

    loaded = vault.load(ACCOUNT)
    assert loaded.status is VaultStatus.OK
    assert loaded.token == TOKEN

    deleted = vault.delete(ACCOUNT)
    assert deleted.status is VaultStatus.OK
    assert memory_keyring.entries == {}
    assert vault.load(ACCOUNT).status is VaultStatus.NOT_FOUND


def test_storing_again_replaces_the_rotated_token(memory_keyring: MemoryKeyring) -> None:
    vault = TokenVault(memory_keyring)
    vault.store(ACCOUNT, "first-refresh-token")

    vault.store(ACCOUNT, TOKEN)

    assert vault.load(ACCOUNT).token == TOKEN
    assert len(memory_keyring.entries) == 1


def test_entries_are_kept_under_the_privacy_desk_service_name(
    memory_keyring: MemoryKeyring,
) -> None:
    vault = TokenVault(memory_keyring)

    vault.store(ACCOUNT, TOKEN)

    assert SERVICE_NAME == "privacy-desk"
    assert memory_keyring.entries == {("privacy-desk", ACCOUNT): TOKEN}


def test_entry_of_another_application_is_not_read(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[("some-other-app", ACCOUNT)] = TOKEN

    assert TokenVault(memory_keyring).load(ACCOUNT).status is VaultStatus.NOT_FOUND


def test_loading_an_account_never_stored_is_not_found(memory_keyring: MemoryKeyring) -> None:
    loaded = TokenVault(memory_keyring).load(ACCOUNT)

    assert loaded.status is VaultStatus.NOT_FOUND
    assert loaded.token is None
    assert not loaded.ok


def test_deleting_an_account_never_stored_counts_as_done(memory_keyring: MemoryKeyring) -> None:
    deleted = TokenVault(memory_keyring).delete(ACCOUNT)

    assert deleted.status is VaultStatus.OK


def test_delete_refused_while_the_token_is_still_there_is_reported() -> None:
    backend = RefusesToDelete()
    vault = TokenVault(backend)
    vault.store(ACCOUNT, TOKEN)

    deleted = vault.delete(ACCOUNT)

    assert deleted.status is VaultStatus.REFUSED
    assert deleted.detail == "PasswordDeleteError"
    assert backend.entries == {(SERVICE_NAME, ACCOUNT): TOKEN}


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
@pytest.mark.parametrize(
    ("failure", "expected"), FAILURES, ids=[type(failure).__name__ for failure, _ in FAILURES]
)
def test_keyring_failure_becomes_its_status(
    memory_keyring: MemoryKeyring,
    operation: Operation,
    failure: Exception,
    expected: VaultStatus,
) -> None:
    memory_keyring.entries[(SERVICE_NAME, ACCOUNT)] = TOKEN
    memory_keyring.failure = failure

    result = operation(TokenVault(memory_keyring))

    assert result.status is expected
    assert not result.ok
    assert result.token is None
    assert result.detail == type(failure).__name__


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()],
    ids=["fail", "null"],
)
def test_keyring_that_keeps_nothing_is_reported_as_no_keyring(backend: object) -> None:
    vault = TokenVault(backend)
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"

    assert vault.backend_name() == name
    assert vault.usable() is False
    for operation in OPERATIONS.values():
        result = operation(vault)
        assert result.status is VaultStatus.NO_KEYRING
        assert result.detail == name


def test_in_memory_keyring_is_usable(memory_keyring: MemoryKeyring) -> None:
    vault = TokenVault(memory_keyring)

    assert vault.usable() is True
    assert vault.backend_name() == "tests.support.memory_keyring.MemoryKeyring"


def test_system_keyring_is_looked_up_only_when_first_needed(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups: list[str] = []

    def default_backend() -> MemoryKeyring:
        lookups.append("default_backend")
        return memory_keyring

    monkeypatch.setattr(vault_module, "default_backend", default_backend)

    vault = TokenVault()
    assert lookups == []

    assert vault.store(ACCOUNT, TOKEN).ok
    assert vault.load(ACCOUNT).token == TOKEN
    assert lookups == ["default_backend"]


def test_a_keyring_the_user_configured_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setattr(client, "service_is_available", lambda: True)

    assert isinstance(vault_module.default_backend(), keyring.backends.null.Keyring)


def test_on_linux_the_apps_own_secret_service_client_is_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring.core, "load_config", lambda: None)
    monkeypatch.setattr(vault_module.sys, "platform", "linux")
    monkeypatch.setattr(client, "service_is_available", lambda: True)

    assert isinstance(vault_module.default_backend(), SecretServiceKeyring)

    # No Secret Service on the bus: keyring's own pick for the system (here: a fake one).
    monkeypatch.setattr(client, "service_is_available", lambda: False)
    monkeypatch.setattr(keyring, "get_keyring", lambda: "keyring's pick")
    assert vault_module.default_backend() == "keyring's pick"


def test_result_text_never_shows_the_token(memory_keyring: MemoryKeyring) -> None:
    vault = TokenVault(memory_keyring)
    vault.store(ACCOUNT, TOKEN)
    loaded = vault.load(ACCOUNT)
    assert loaded.token == TOKEN

    for text in (repr(loaded), str(loaded), f"{loaded}", f"{loaded!r}", repr([loaded])):
        assert TOKEN not in text
        assert "OK" in text
