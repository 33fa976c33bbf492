"""The NSIS script compiles with makensis here, around a stand-in PyInstaller onedir.

This checks the script (syntax, defines, languages, the signing hooks), not the Windows
build: whether the installer installs, upgrades and uninstalls is only shown on Windows.
"""

from __future__ import annotations

import os
import shutil
import stat
import struct
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "packaging" / "windows" / "privacy-desk.nsi"
MAKENSIS_TIMEOUT_SECONDS = 120


def _makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        pytest.fail(
            "makensis not found: install the Debian package nsis to check the Windows installer script.",
            pytrace=False,
        )
    return found


def _tiny_icon() -> bytes:
    """A valid 16x16 .ico, so the test does not depend on the generated app icon."""
    size = 16
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    image = header + b"\x40\x80\xff\xff" * (size * size) + b"\x00" * (4 * size)
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 6 + 16)
    return directory + entry + image


def _stand_in_onedir(root: Path) -> Path:
    """The shape PyInstaller 6 leaves in dist/privacy-desk: the exe plus _internal/."""
    onedir = root / "privacy-desk"
    (onedir / "_internal" / "PySide6" / "plugins" / "platforms").mkdir(parents=True)
    (onedir / "privacy-desk.exe").write_bytes(b"MZ stand-in for the frozen app")
    (onedir / "_internal" / "python311.dll").write_bytes(b"stand-in")
    (onedir / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    (onedir / "_internal" / "PySide6" / "plugins" / "platforms" / "qwindows.dll").write_bytes(
        b"stand-in"
    )
    return onedir


def _defines(tmp_path: Path, **overrides: str) -> dict[str, str]:
    onedir = _stand_in_onedir(tmp_path / "dist")
    icon = tmp_path / "privacy-desk.ico"
    icon.write_bytes(_tiny_icon())
    defines = {
        "VERSION": "0.1.0",
        "APP_ID": "org.privacydesk.PrivacyDesk",
        "APP_NAME": "Privacy Desk",
        "APP_DIR": str(onedir),
        "ICON": str(icon),
        "OUTFILE": str(tmp_path / "dist" / "privacy-desk-0.1.0-windows-x64-setup.exe"),
    }
    defines.update(overrides)
    return defines


def _compile(
    defines: dict[str, str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # -WX: a warning (an unused string, a risky file name) fails the build as well.
    command = [_makensis(), "-V2", "-WX"]
    command += [f"-D{name}={value}" for name, value in defines.items()]
    command.append(str(SCRIPT))
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=MAKENSIS_TIMEOUT_SECONDS,
        check=False,
        env=env if env is not None else _env_without_signing(),
    )


def _env_without_signing() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PRIVACY_DESK_SIGN")
    }


def _describe(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def test_installer_compiles_around_the_onedir(tmp_path: Path) -> None:
    defines = _defines(tmp_path)

    result = _compile(defines)

    assert result.returncode == 0, _describe(result)
    installer = Path(defines["OUTFILE"])
    assert installer.is_file()
    assert installer.read_bytes()[:2] == b"MZ"
    # The stand-in files went in: the installer is bigger than an empty NSIS stub.
    assert installer.stat().st_size > 30_000


def test_installer_refuses_a_missing_onedir(tmp_path: Path) -> None:
    defines = _defines(tmp_path, APP_DIR=str(tmp_path / "no-such-onedir"))

    result = _compile(defines)

    assert result.returncode != 0
    assert "build the PyInstaller onedir first" in result.stdout + result.stderr
    assert not Path(defines["OUTFILE"]).exists()


def test_installer_refuses_a_version_windows_cannot_carry(tmp_path: Path) -> None:
    defines = _defines(tmp_path, VERSION="banana")

    result = _compile(defines)

    assert result.returncode != 0, _describe(result)
    assert not Path(defines["OUTFILE"]).exists()


def test_installer_needs_every_define_from_the_build_driver(tmp_path: Path) -> None:
    defines = _defines(tmp_path)
    del defines["APP_ID"]

    result = _compile(defines)

    assert result.returncode != 0
    assert "-DAPP_ID=" in result.stdout + result.stderr


def _fake_powershell(bin_dir: Path, log: Path) -> None:
    """Stands in for powershell + sign.ps1: records which file it was asked to sign."""
    bin_dir.mkdir()
    fake = bin_dir / "powershell"
    fake.write_text(f'#!/bin/sh\nfor last; do :; done\necho "$last" >> "{log}"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)


def test_certificate_in_environment_signs_app_uninstaller_and_installer(tmp_path: Path) -> None:
    defines = _defines(tmp_path)
    log = tmp_path / "signed.txt"
    _fake_powershell(tmp_path / "bin", log)
    env = _env_without_signing()
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}{env['PATH']}"
    env["PRIVACY_DESK_SIGN_CERT"] = str(tmp_path / "release.pfx")

    result = _compile(defines, env)

    assert result.returncode == 0, _describe(result)
    signed = log.read_text().splitlines()
    assert len(signed) == 3, signed
    assert signed[0].endswith("privacy-desk.exe")
    assert signed[-1] == defines["OUTFILE"]  # the installer is signed last, when it is whole


def test_empty_certificate_variable_signs_nothing(tmp_path: Path) -> None:
    """GitHub Actions passes a missing secret as an empty string."""
    defines = _defines(tmp_path)
    log = tmp_path / "signed.txt"
    _fake_powershell(tmp_path / "bin", log)
    env = _env_without_signing()
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}{env['PATH']}"
    env["PRIVACY_DESK_SIGN_CERT"] = ""

    result = _compile(defines, env)

    assert result.returncode == 0, _describe(result)
    assert not log.exists()


def test_uninstaller_names_the_user_data_it_may_remove(monkeypatch: pytest.MonkeyPatch) -> None:
    """The folders platformdirs gives app/local/paths.py on Windows, removed only when asked."""
    import platformdirs.windows

    from app.local.paths import APP_NAME

    local_app_data = "C:\\Users\\ada\\AppData\\Local"
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda _csidl: local_app_data)
    dirs = platformdirs.windows.Windows(APP_NAME, appauthor=False)

    def on_windows(path: str) -> str:  # os.path.join here joins with "/"
        return path.replace("/", "\\")

    user_data_dir = f"{local_app_data}\\{APP_NAME}"
    assert on_windows(dirs.user_data_dir) == user_data_dir
    assert on_windows(dirs.user_config_dir) == user_data_dir
    assert on_windows(dirs.user_log_dir).startswith(user_data_dir + "\\")

    text = SCRIPT.read_text(encoding="utf-8")
    assert f'!define USER_DATA_DIR "$LOCALAPPDATA\\{APP_NAME}"' in text
    install = text[text.index('Section "${APP_NAME}"') : text.index('Section "Uninstall"')]
    uninstall = text[text.index("Function un.onInit") :]
    assert "USER_DATA_DIR" not in install  # an install or upgrade never touches them
    question = next(line for line in uninstall.splitlines() if "$(AskRemoveUserData)" in line)
    assert "MB_YESNOCANCEL" in question and "MB_DEFBUTTON2" in question  # "No" is the default
    assert uninstall.count('RMDir /r "${USER_DATA_DIR}"') == 1
    assert uninstall.index("$(AskRemoveUserData)") < uninstall.index('Section "Uninstall"')
