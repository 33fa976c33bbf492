"""Start at login: written the platform's way, removed cleanly when switched off."""

from __future__ import annotations

import configparser
import plistlib
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.local.autostart import (
    APP_ID,
    RUN_VALUE,
    LaunchAgent,
    RunKey,
    XdgAutostart,
    desktop_entry,
    for_this_platform,
    installed_command,
)


def _validate(path: Path) -> None:
    """desktop-file-validate when installed (desktop-file-utils); the parser check always."""
    tool = shutil.which("desktop-file-validate")
    if tool is not None:
        result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip() == "", result.stdout
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    assert parser["Desktop Entry"]["Type"] == "Application"


def test_on_linux_switching_on_writes_a_valid_autostart_entry_and_off_removes_it(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    other = config / "autostart" / "someone-else.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=X\nExec=x\n", encoding="utf-8")
    entry = XdgAutostart(["/opt/privacy desk/bin/privacy-desk"], config_home=config)
    assert entry.path == config / "autostart" / f"{APP_ID}.desktop"
    assert not entry.is_on()
    entry.switch_on()
    assert entry.is_on()
    _validate(entry.path)
    text = entry.path.read_text(encoding="utf-8")
    assert 'Exec="/opt/privacy desk/bin/privacy-desk"\n' in text
    entry.switch_off()
    assert not entry.is_on()
    assert sorted(p.name for p in (config / "autostart").iterdir()) == ["someone-else.desktop"]
    entry.switch_off()  # twice is harmless


def test_the_autostart_entry_follows_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    entry = XdgAutostart(installed_command())
    entry.switch_on()
    assert (tmp_path / "xdg" / "autostart" / f"{APP_ID}.desktop").is_file()
    _validate(entry.path)
    entry.switch_off()
    assert not entry.path.exists()


def test_awkward_characters_in_the_command_are_quoted_for_the_desktop_entry(
    tmp_path: Path,
) -> None:
    text = desktop_entry(['/a "b"/$c\\d', "-m", "100%"], "Privacy Desk", "A comment")
    assert 'Exec="/a \\\\"b\\\\"/\\\\$c\\\\\\\\d" -m 100%%\n' in text
    path = tmp_path / "x.desktop"
    path.write_text(text, encoding="utf-8")
    _validate(path)


def test_on_macos_a_launch_agent_runs_the_app_at_login(tmp_path: Path) -> None:
    agent = LaunchAgent(
        ["/Applications/Privacy Desk.app/Contents/MacOS/Privacy Desk"], home=tmp_path
    )
    assert agent.path == tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    agent.switch_on()
    content = plistlib.loads(agent.path.read_bytes())
    assert content == {
        "Label": APP_ID,
        "ProgramArguments": ["/Applications/Privacy Desk.app/Contents/MacOS/Privacy Desk"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    agent.switch_off()
    assert not agent.path.exists()
    assert agent.is_on() is False


class FakeRunKey:
    def __init__(self) -> None:
        self.values: dict[str, str] = {"OneDrive": "C:\\OneDrive.exe /background"}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def put(self, name: str, value: str) -> None:
        self.values[name] = value

    def remove(self, name: str) -> None:
        self.values.pop(name, None)


def test_on_windows_the_run_key_holds_the_quoted_command_and_is_removed_cleanly() -> None:
    registry = FakeRunKey()
    run = RunKey(["C:\\Program Files\\Privacy Desk\\privacy-desk.exe"], registry)
    assert not run.is_on()
    run.switch_on()
    assert registry.values[RUN_VALUE] == '"C:\\Program Files\\Privacy Desk\\privacy-desk.exe"'
    assert run.is_on()
    run.switch_off()
    assert registry.values == {"OneDrive": "C:\\OneDrive.exe /background"}
    run.switch_off()


def test_this_platform_is_linux_here() -> None:
    assert isinstance(for_this_platform(["privacy-desk"]), XdgAutostart)


@given(
    st.lists(
        st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=30),
        min_size=1,
        max_size=4,
    )
)
def test_the_launch_agent_reads_back_whatever_the_command_holds(command: list[str]) -> None:
    from app.local.autostart import launch_agent

    content = plistlib.loads(launch_agent(command))
    assert content["ProgramArguments"] == command
    assert content["Label"] == APP_ID and content["RunAtLoad"] is True
