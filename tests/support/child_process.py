"""Running the app (or a probe) as a child process that touches nothing of the caller's:
its own HOME and XDG folders, no session bus, keyring or display of the caller's, and,
when asked, a real Secret Service of its own (gnome-keyring on a private D-Bus session).

The children report in `name: value` lines (the self-test's format); `report_fields`
reads them and `describe` puts a failed run into an assertion message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT_SECONDS = 120

# gnome-keyring only creates (and unlocks) the login keyring when it is given a
# non-empty password on stdin; this one protects a keyring that lives in a test's folder.
THROWAWAY_KEYRING_PASSWORD = "privacy-desk-test-keyring"

# Start a private session bus, unlock a fresh login keyring on it, then run the command.
_UNDER_SECRET_SERVICE = (
    'printf "%s" "$TEST_KEYRING_PASSWORD"'
    " | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
    ' && exec "$@"'
)

# What the caller's environment may point at that the child must not share.
_NOT_INHERITED_PREFIXES = ("XDG_", "DBUS_", "GNOME_KEYRING", "PYTHON_KEYRING", "PRIVACY_DESK_")
_NOT_INHERITED = ("HOME", "DISPLAY", "WAYLAND_DISPLAY", "SSH_AUTH_SOCK")


def isolated_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The caller's environment minus any session, keyring, display or test account, with
    HOME and the XDG folders under `tmp_path`, Qt offscreen and the source tree importable;
    then `extra`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(_NOT_INHERITED_PREFIXES) and name not in _NOT_INHERITED
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


def run_child(
    command: Sequence[str], env: dict[str, str], *, cwd: Path = REPO_ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_SECONDS,
        check=False,
    )


def under_secret_service(command: Sequence[str]) -> list[str]:
    """`command` wrapped to run with gnome-keyring serving org.freedesktop.secrets on a
    private bus; the child's environment must hold TEST_KEYRING_PASSWORD."""
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(tool) is None
    ]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} not found: these tests need a real Secret Service. "
            "Install the Debian packages dbus and gnome-keyring (.ci/run does).",
            pytrace=False,
        )
    return ["dbus-run-session", "--", "bash", "-c", _UNDER_SECRET_SERVICE, "bash", *command]


def run_under_secret_service(
    command: Sequence[str], tmp_path: Path, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `command` in an isolated environment (plus `extra`) with a real Secret Service."""
    env = isolated_env(tmp_path, TEST_KEYRING_PASSWORD=THROWAWAY_KEYRING_PASSWORD, **extra)
    return run_child(under_secret_service(command), env)


def describe(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def report_fields(stdout: str) -> dict[str, str]:
    """`name: value` lines as a dict."""
    found = {}
    for line in stdout.splitlines():
        name, separator, value = line.partition(": ")
        if separator:
            found[name.strip()] = value.strip()
    return found
