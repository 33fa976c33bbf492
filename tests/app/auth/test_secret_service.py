"""The vault and the self-test against a real Secret Service (gnome-keyring on a private bus).

Each child process gets its own D-Bus session, its own freshly unlocked keyring and its
own HOME and XDG directories, so nothing here reads or writes the keyring of whoever
runs the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"
FAIL_BACKEND = "keyring.backends.fail.Keyring"
CHILD_TIMEOUT_SECONDS = 120

# gnome-keyring only creates (and unlocks) the login keyring when it is given a
# non-empty password on stdin; this one protects a keyring that lives in tmp_path.
THROWAWAY_KEYRING_PASSWORD = "privacy-desk-test-keyring"

# Start a private session bus, unlock a fresh login keyring on it, then run the command.
_UNDER_SECRET_SERVICE = (
    'printf "%s" "$TEST_KEYRING_PASSWORD"'
    " | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
    ' && exec "$@"'
)


def _child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The caller's environment minus any session, keyring or display it points at."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("XDG_", "DBUS_", "GNOME_KEYRING", "PYTHON_KEYRING"))
        and name not in ("HOME", "DISPLAY", "WAYLAND_DISPLAY", "SSH_AUTH_SOCK")
    }
    for name in ("home", "runtime", "data", "config", "cache", "state"):
        (tmp_path / name).mkdir(mode=0o700, exist_ok=True)
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PRIVACY_DESK_HOME=str(tmp_path / "app-home"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def _run(command: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_SECONDS,
        check=False,
    )


def run_under_secret_service(
    command: Sequence[str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """Run `command` with gnome-keyring serving org.freedesktop.secrets on a private bus."""
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(tool) is None
    ]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} not found: these tests need a real Secret Service. "
            "Install the Debian packages dbus and gnome-keyring (.ci/run does).",
            pytrace=False,
        )
    env = _child_env(tmp_path, TEST_KEYRING_PASSWORD=THROWAWAY_KEYRING_PASSWORD)
    return _run(
        ["dbus-run-session", "--", "bash", "-c", _UNDER_SECRET_SERVICE, "bash", *command], env
    )


def _describe(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def _fields(stdout: str) -> dict[str, str]:
    """`name: value` lines as a dict (the child's and the self-test's output format)."""
    fields = {}
    for line in stdout.splitlines():
        name, separator, value = line.partition(": ")
        if separator:
            fields[name.strip()] = value.strip()
    return fields


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

    assert result.returncode == 0, _describe(result)
    assert _fields(result.stdout) == {
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
    }, _describe(result)


@pytest.mark.secret_service
def test_self_test_finds_secret_service_and_succeeds(tmp_path: Path) -> None:
    result = run_under_secret_service([sys.executable, "-m", "app", "--self-test"], tmp_path)

    assert result.returncode == 0, _describe(result)
    assert f"keyring: {SECRET_SERVICE_BACKEND}" in result.stdout.splitlines(), _describe(result)


def test_self_test_without_usable_keyring_fails(tmp_path: Path) -> None:
    env = _child_env(tmp_path, PYTHON_KEYRING_BACKEND=FAIL_BACKEND)

    result = _run([sys.executable, "-m", "app", "--self-test"], env)

    assert result.returncode != 0, _describe(result)
    assert f"keyring: {FAIL_BACKEND}" in result.stdout.splitlines(), _describe(result)
    assert "Traceback" not in result.stderr, _describe(result)


def test_self_test_demo_signs_in_and_reads_choices(tmp_path: Path) -> None:
    env = _child_env(tmp_path, PYTHON_KEYRING_BACKEND=FAIL_BACKEND)

    result = _run([sys.executable, "-m", "app", "--self-test", "--demo"], env)

    lines = result.stdout.splitlines()
    assert f"keyring: {FAIL_BACKEND}" in lines, _describe(result)
    assert any(line.startswith("service: http://127.0.0.1:") for line in lines), _describe(result)
    assert "signed-in: demo@privacy-desk.example" in lines, _describe(result)
    assert "choices: 9" in lines, _describe(result)
    assert "Traceback" not in result.stderr, _describe(result)
