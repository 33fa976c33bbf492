"""Who the app is, in one place: its name, its application id and its version.

The application id is the reverse-DNS name every platform files the app under: the
desktop file and AppStream id on Linux, the bundle id on macOS, the AppUserModelID that
groups its windows on the Windows taskbar. The version is the one in pyproject.toml; the
installed distribution's metadata carries it (a PyInstaller build copies that metadata).

No Qt here: the HTTP client and the crash reporter read these too.
"""

from __future__ import annotations

import functools
from pathlib import Path

APP_ID = "org.privacydesk.PrivacyDesk"
APP_NAME = "Privacy Desk"
DISTRIBUTION = "privacy-desk"  # the name in pyproject.toml, and the command's name
UNKNOWN_VERSION = "0+unknown"


@functools.cache
def _version() -> str:
    # Imported here: importlib.metadata alone takes ~20 ms, and the app's start reads the
    # version only after its first window is painted.
    import tomllib
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    # Run from a source tree that was never installed: pyproject.toml sits beside `app/`.
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        with pyproject.open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return UNKNOWN_VERSION


def __getattr__(name: str) -> str:
    """`VERSION`, read on first use (PEP 562)."""
    if name == "VERSION":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
