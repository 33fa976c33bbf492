"""The vault and the self-test against a real Secret Service (gnome-keyring on a private bus).

Each child process gets its own D-Bus session, its own freshly unlocked keyring and its
own HOME and XDG directories, so nothing here reads or writes the keyring of whoever
runs the tests. The app's own Secret Service client (app/auth/secret_service) is checked
against `secretstorage`, the independent client keyring's own backend uses: what one
stores, the other finds.
"""

from __future__ import annotations

import subprocess
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

OUR_BACKEND = "app.auth.secret_service.backend.SecretServiceKeyring"
FAIL_BACKEND = "keyring.backends.fail.Keyring"


def _run_script_under_secret_service(
    source: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    child = tmp_path / "child.py"
    child.write_text(source, encoding="utf-8")
    return run_under_secret_service([sys.executable, str(child)], tmp_path)


VAULT_CHILD = textwrap.dedent(
    """\
    import secretstorage
    from keyring.backends import SecretService

    from app.auth.vault import TokenVault

    ACCOUNT = "https://privacy.example 1f6c0b2e"
    EARLIER = "https://privacy.example 77aa0c31"
    TOKEN = "rt-5d2e8f10c4a94b7b-refresh-token-\u00e9\u00df"


    def secrets_in_secret_service(account):
        connection = secretstorage.dbus_init()
        try:
            found = secretstorage.search_items(
                connection, {"service": "privacy-desk", "username": account}
            )
            return [item.get_secret().decode() for item in found]
        finally:
            connection.close()


    vault = TokenVault()  # the app's default choice of keyring
    print("backend:", vault.backend_name())
    print("usable:", vault.usable())
    print("store:", vault.store(ACCOUNT, TOKEN).status.name)
    print("seen-by-secretstorage:", secrets_in_secret_service(ACCOUNT) == [TOKEN])
    print("store-again:", vault.store(ACCOUNT, TOKEN + "-2").status.name)
    print("replaced:", secrets_in_secret_service(ACCOUNT) == [TOKEN + "-2"])
    loaded = vault.load(ACCOUNT)
    print("load:", loaded.status.name)
    print("loaded-same-token:", loaded.token == TOKEN + "-2")
    print("delete:", vault.delete(ACCOUNT).status.name)
    print("items-after-delete:", len(secrets_in_secret_service(ACCOUNT)))
    print("load-after-delete:", vault.load(ACCOUNT).status.name)
    print("delete-again:", vault.delete(ACCOUNT).status.name)

    # A sign-in kept by an earlier version, through keyring's own Secret Service backend.
    SecretService.Keyring().set_password("privacy-desk", EARLIER, "rt-earlier")
    print("earlier-found:", vault.load(EARLIER).token == "rt-earlier")
    """
)


@pytest.mark.secret_service
def test_vault_keeps_token_in_real_secret_service(tmp_path: Path) -> None:
    result = _run_script_under_secret_service(VAULT_CHILD, tmp_path)

    assert result.returncode == 0, describe(result)
    assert report_fields(result.stdout) == {
        "backend": OUR_BACKEND,
        "usable": "True",
        "store": "OK",
        "seen-by-secretstorage": "True",
        "store-again": "OK",
        "replaced": "True",
        "load": "OK",
        "loaded-same-token": "True",
        "delete": "OK",
        "items-after-delete": "0",
        "load-after-delete": "NOT_FOUND",
        "delete-again": "OK",
        "earlier-found": "True",
    }, describe(result)


LOCKED_CHILD = textwrap.dedent(
    """\
    from app.auth.secret_service import client
    from app.auth.vault import TokenVault

    ACCOUNT = "https://privacy.example 1f6c0b2e"

    vault = TokenVault()
    print("store-unlocked:", vault.store(ACCOUNT, "rt-1").status.name)
    with client.SecretServiceClient() as secret_service:
        keyring_path = secret_service.default_collection()
        secret_service._call(client.SERVICE, "Lock", "ao", [keyring_path])
        print("locked:", secret_service.is_locked(keyring_path))
    # No display: the desktop's unlock prompt cannot appear, as when the user dismisses it.
    print("load-locked:", vault.load(ACCOUNT).status.name)
    print("store-locked:", vault.store(ACCOUNT, "rt-2").status.name)
    print("delete-locked:", vault.delete(ACCOUNT).status.name)
    """
)


@pytest.mark.secret_service
def test_a_locked_keyring_is_reported_as_locked_and_keeps_its_token(tmp_path: Path) -> None:
    result = _run_script_under_secret_service(LOCKED_CHILD, tmp_path)

    assert result.returncode == 0, describe(result)
    assert report_fields(result.stdout) == {
        "store-unlocked": "OK",
        "locked": "True",
        "load-locked": "LOCKED",
        "store-locked": "LOCKED",
        "delete-locked": "LOCKED",
    }, describe(result)


@pytest.mark.secret_service
def test_self_test_finds_secret_service_and_succeeds(tmp_path: Path) -> None:
    result = run_under_secret_service([sys.executable, "-m", "app", "--self-test"], tmp_path)

    assert result.returncode == 0, describe(result)
    assert f"keyring: {OUR_BACKEND}" in result.stdout.splitlines(), describe(result)


def test_without_a_session_bus_the_vault_says_there_is_no_keyring(tmp_path: Path) -> None:
    child = tmp_path / "child.py"
    child.write_text(
        "from app.auth.vault import TokenVault\n"
        "vault = TokenVault()\n"
        "print('usable:', vault.usable())\n"
        "print('store:', vault.store('a', 't').status.name)\n",
        encoding="utf-8",
    )
    env = isolated_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'no-bus'}")

    result = run_child([sys.executable, str(child)], env)

    assert result.returncode == 0, describe(result)
    assert report_fields(result.stdout) == {"usable": "False", "store": "NO_KEYRING"}, describe(
        result
    )


def test_self_test_demo_signs_in_and_reads_choices(tmp_path: Path) -> None:
    env = isolated_env(tmp_path, PYTHON_KEYRING_BACKEND=FAIL_BACKEND)

    result = run_child([sys.executable, "-m", "app", "--self-test", "--demo"], env)

    lines = result.stdout.splitlines()
    assert f"keyring: {FAIL_BACKEND}" in lines, describe(result)
    assert any(line.startswith("service: http://127.0.0.1:") for line in lines), describe(result)
    assert "signed-in: demo@privacy-desk.example" in lines, describe(result)
    assert "choices: 9" in lines, describe(result)
    assert "Traceback" not in result.stderr, describe(result)
