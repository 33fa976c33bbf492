"""Start Privacy Desk when the user logs in, the platform's own way, and undo it cleanly.

Linux (and other XDG desktops): a desktop entry in $XDG_CONFIG_HOME/autostart. macOS: a
LaunchAgent property list in ~/Library/LaunchAgents. Windows: a value under the user's
Run key. Each writes exactly one thing of its own, and switching off removes exactly
that thing. Blocking (files, the registry): call from a worker.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from app.local.atomic import write_atomically

APP_ID = "org.privacydesk.PrivacyDesk"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "Privacy Desk"


def installed_command() -> list[str]:
    """How this copy of Privacy Desk is started: the frozen app itself, the installed
    `privacy-desk` command, or this interpreter running the app's package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    found = shutil.which("privacy-desk")
    if found:
        return [found]
    return [sys.executable, "-m", "app"]


class Autostart(Protocol):
    def is_on(self) -> bool: ...

    def switch_on(self) -> None: ...

    def switch_off(self) -> None: ...


# --- Linux and other XDG desktops ---------------------------------------------------------

_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_argument(argument: str) -> str:
    """Quoted as the Desktop Entry spec asks, then escaped as a desktop-file string."""
    argument = argument.replace("%", "%%")
    if argument and not (set(argument) & _EXEC_RESERVED):
        return argument
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return ('"' + quoted + '"').replace("\\", "\\\\")


def desktop_entry(command: Sequence[str], name: str, comment: str) -> str:
    exec_line = " ".join(_exec_argument(argument) for argument in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.4\n"
        f"Name={_one_line(name)}\n"
        f"Comment={_one_line(comment)}\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", " ").replace("\r", " ").strip()


class XdgAutostart:
    def __init__(
        self,
        command: Sequence[str],
        *,
        config_home: Path | None = None,
        name: str = "Privacy Desk",
        comment: str = "See and steer what your media service knows about you",
    ) -> None:
        home = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = home / "autostart" / f"{APP_ID}.desktop"
        self.command = list(command)
        self.name = name
        self.comment = comment

    def is_on(self) -> bool:
        return self.path.is_file()

    def switch_on(self) -> None:
        text = desktop_entry(self.command, self.name, self.comment)
        write_atomically(self.path, text.encode("utf-8"))

    def switch_off(self) -> None:
        self.path.unlink(missing_ok=True)


# --- macOS ----------------------------------------------------------------------------------


def launch_agent(command: Sequence[str]) -> bytes:
    """The LaunchAgent's property list, written out here: `plistlib` would bring the XML
    parser (pyexpat, with its own copy of libexpat) into every platform's installer, and
    Debian's lintian refuses a package that embeds a library. Read back with plistlib in
    tests/app/local/test_autostart.py."""
    arguments = "".join(f"\n\t\t<string>{_xml(argument)}</string>" for argument in command)
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>Label</key>
\t<string>{_xml(APP_ID)}</string>
\t<key>ProcessType</key>
\t<string>Interactive</string>
\t<key>ProgramArguments</key>
\t<array>{arguments}
\t</array>
\t<key>RunAtLoad</key>
\t<true/>
</dict>
</plist>
"""
    return text.encode("utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class LaunchAgent:
    def __init__(self, command: Sequence[str], *, home: Path | None = None) -> None:
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
        self.command = list(command)

    def is_on(self) -> bool:
        return self.path.is_file()

    def switch_on(self) -> None:
        write_atomically(self.path, launch_agent(self.command))

    def switch_off(self) -> None:
        self.path.unlink(missing_ok=True)


# --- Windows --------------------------------------------------------------------------------


class RunKeyStore(Protocol):
    """The few registry operations needed on HKCU\\...\\Run (winreg, or a fake in tests)."""

    def get(self, name: str) -> str | None: ...

    def put(self, name: str, value: str) -> None: ...

    def remove(self, name: str) -> None: ...


def _winreg() -> Any:
    """Windows only; typed loosely so that the checks pass on every platform."""
    return importlib.import_module("winreg")


class WindowsRunKey:
    """HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run through winreg."""

    def get(self, name: str) -> str | None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def put(self, name: str, value: str) -> None:
        winreg = _winreg()

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def remove(self, name: str) -> None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            return


class RunKey:
    def __init__(self, command: Sequence[str], store: RunKeyStore | None = None) -> None:
        self.command = list(command)
        self.store: RunKeyStore = store or WindowsRunKey()

    @property
    def command_line(self) -> str:
        return subprocess.list2cmdline(self.command)

    def is_on(self) -> bool:
        return self.store.get(RUN_VALUE) is not None

    def switch_on(self) -> None:
        self.store.put(RUN_VALUE, self.command_line)

    def switch_off(self) -> None:
        self.store.remove(RUN_VALUE)


def for_this_platform(command: Sequence[str] | None = None) -> Autostart:
    command = list(command) if command is not None else installed_command()
    if sys.platform == "win32":
        return RunKey(command)
    if sys.platform == "darwin":
        return LaunchAgent(command)
    return XdgAutostart(command)
