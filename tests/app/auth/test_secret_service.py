"""The vault and the self-test against a real Secret Service (gnome-keyring on a private bus).

Each child process gets its own D-Bus session, its own freshly unlocked keyring and its
own HOME and XDG directories, so nothing here reads or writes the keyring of whoever
runs the tests.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.child_process import (
    describe,
    isolated_env,
    report_fields,
    run_child,
    run_under_secret_service,
)

SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"
FAIL_BACKEND = "keyring.backends.fail.Keyring"


VAULT_CHILD = textwrap.dedent(
    """\
    import secretstorage
    from keyring.backends import SecretService

    from app.auth.vault import TokenVault

    ACCOUNT = "https://privacy.example 1f6c0b2e"
    TOKEN = "rt-5d2e8f10c4a94b7b-refresh-token"


    def items_in_secret_service():
        connection = secretstorage.dbus_init()
        try:
            found = secretstorage.search_items(
                connection, {"service": "privacy-desk", "username": ACCOUNT}
            )
            return len(list(found))
        finally:
            connection.close()


    vault = TokenVault(SecretService.Keyring())
    print("backend:", vault.backend_name())
    print("usable:", vault.usable())
    print("store:", vault.store(ACCOUNT, TOKEN).status.name)
    print("items-after-store:", items_in_secret_service())
    loaded = vault.load(ACCOUNT)
    print("load:", loaded.status.name)
    print("loaded-same-token:", loaded.token == TOKEN)
    print("delete:", vault.delete(ACCOUNT).status.name)
    print("items-after-delete:", items_in_secret_service())
    print("load-after-delete:", vault.load(ACCOUNT).status.name)
    print("delete-again:", vault.delete(ACCOUNT).status.name)
    """
)


@pytest.mark.secret_service
def test_vault_keeps_token_in_real_secret_service(tmp_path: Path) -> None:
    child = tmp_path / "child.py"
    child.write_text(VAULT_CHILD, encoding="utf-8")

    result = run_under_secret_service([sys.executable, str(child)], tmp_path)

    assert result.returncode == 0, describe(result)
    assert report_fields(result.stdout) == {
        "backend": SECRET_SERVICE_BACKEND,
        "usable": "True",
        "store": "OK",
        "items-after-store": "1",
        "load": "OK",
        "loaded-same-token": "True",
        "delete": "OK",
        "items-after-delete": "0",
        "load-after-delete": "NOT_FOUND",
        "delete-again": "OK",
    }, describe(result)


@pytest.mark.secret_service
def test_self_test_finds_secret_service_and_succeeds(tmp_path: Path) -> None:
    result = run_under_secret_service([sys.executable, "-m", "app", "--self-test"], tmp_path)

    assert result.returncode == 0, describe(result)
    assert f"keyring: {SECRET_SERVICE_BACKEND}" in result.stdout.splitlines(), describe(result)


def test_self_test_demo_signs_in_and_reads_choices(tmp_path: Path) -> None:
    env = isolated_env(tmp_path, PYTHON_KEYRING_BACKEND=FAIL_BACKEND)

    result = run_child([sys.executable, "-m", "app", "--self-test", "--demo"], env)

    lines = result.stdout.splitlines()
    assert f"keyring: {FAIL_BACKEND}" in lines, describe(result)
    assert any(line.startswith("service: http://127.0.0.1:") for line in lines), describe(result)
    assert "signed-in: demo@privacy-desk.example" in lines, describe(result)
    assert "choices: 9" in lines, describe(result)
    assert "Traceback" not in result.stderr, describe(result)
