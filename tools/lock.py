"""Regenerate the dependency locks in requirements/ from pyproject.toml (`make lock`).

Three locks, one per way the project is installed:

    requirements/app.txt     [project] dependencies: what the desktop installers bundle
    requirements/server.txt  the app plus the `server` extra
    requirements/dev.txt     the app plus the `server` and `dev` extras (CI, `make`)
    requirements/build.txt   [build-system] requires: the build backend itself (setuptools),
                             for `pip install --no-build-isolation` builds from the lock

Each pins every package, for Linux, Windows and macOS on CPython 3.11 at once
(`uv pip compile --universal`), with the sha256 of every file of each pinned release, so
`pip install --require-hashes -r requirements/<lock>.txt` installs the same bytes everywhere.

dev.txt is resolved first; app.txt and server.txt are then resolved under it as a
constraint, so a package shared by two locks has the same version in both.

By default the versions already in the locks are kept where pyproject.toml still allows
them (only new or changed requirements move). `--upgrade` moves everything to the newest
allowed release; `--upgrade-package NAME` moves one package (repeatable).

Needs `uv` (in .venv: `pip install uv`, or on PATH) and the package index (PyPI by default;
uv honours UV_DEFAULT_INDEX / UV_INDEX_URL if a mirror must be used).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
PYTHON_VERSION = "3.11"

# (lock file, extras), in the order they are resolved: dev.txt first, the rest under it.
LOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dev.txt", ("server", "dev")),
    ("server.txt", ("server",)),
    ("app.txt", ()),
)


def find_uv() -> str:
    """The uv executable: $UV, then the one beside this Python, then PATH."""
    candidates = [os.environ.get("UV", ""), str(Path(sys.executable).parent / "uv")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("uv")
    if found:
        return found
    raise SystemExit("tools/lock.py needs uv: `.venv/bin/pip install uv` (or put uv on PATH)")


def compile_command(
    uv: str, lock: str, extras: tuple[str, ...], upgrade: bool, upgrade_packages: list[str]
) -> list[str]:
    command = [
        uv,
        "pip",
        "compile",
        "pyproject.toml",
        "--universal",
        "--generate-hashes",
        "--python-version",
        PYTHON_VERSION,
        "--custom-compile-command",
        "make lock",
        "--quiet",
        "--output-file",
        f"requirements/{lock}",
    ]
    for extra in extras:
        command += ["--extra", extra]
    if lock != "dev.txt":
        command += ["--constraint", "requirements/dev.txt"]
    if upgrade:
        command.append("--upgrade")
    for package in upgrade_packages:
        command += ["--upgrade-package", package]
    return command


def build_requires() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        requires: list[str] = tomllib.load(handle)["build-system"]["requires"]
    return requires


def build_lock_command(uv: str, upgrade: bool, upgrade_packages: list[str]) -> list[str]:
    """The build backend's lock, from [build-system] requires read on stdin."""
    command = compile_command(uv, "build.txt", (), upgrade, upgrade_packages)
    command[3] = "-"  # stdin instead of pyproject.toml
    command.remove("--constraint")
    command.remove("requirements/dev.txt")
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--upgrade", action="store_true", help="move every pin to the newest allowed release"
    )
    parser.add_argument(
        "--upgrade-package",
        action="append",
        default=[],
        metavar="NAME",
        help="move this package to its newest allowed release (repeatable)",
    )
    args = parser.parse_args(argv)

    uv = find_uv()
    REQUIREMENTS.mkdir(exist_ok=True)
    for lock, extras in LOCKS:
        command = compile_command(uv, lock, extras, args.upgrade, args.upgrade_package)
        print("+", " ".join(command[1:]), flush=True)
        result = subprocess.run(command, cwd=ROOT, check=False)
        if result.returncode != 0:
            print(f"tools/lock.py: resolving requirements/{lock} failed", file=sys.stderr)
            return result.returncode
    command = build_lock_command(uv, args.upgrade, args.upgrade_package)
    print("+", " ".join(command[1:]), "<", " ".join(build_requires()), flush=True)
    stdin = "".join(f"{line}\n" for line in build_requires())
    built = subprocess.run(command, cwd=ROOT, input=stdin, text=True, check=False)
    if built.returncode != 0:
        print("tools/lock.py: resolving requirements/build.txt failed", file=sys.stderr)
    return built.returncode


if __name__ == "__main__":
    raise SystemExit(main())
