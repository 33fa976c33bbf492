"""The locks in requirements/ agree with pyproject.toml and pin every file by its hash.

They are written by tools/lock.py (`make lock`); these checks read files only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]

# lock file -> the extras of pyproject.toml it installs on top of [project] dependencies
LOCK_EXTRAS: dict[str, tuple[str, ...]] = {
    "app.txt": (),
    "server.txt": ("server",),
    "dev.txt": ("server", "dev"),
}

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?P<rest>.*)$")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})\b")


@dataclass
class Pin:
    name: str
    version: Version
    line: str
    hashes: list[str] = field(default_factory=list)


def parse_lock(text: str) -> dict[str, Pin]:
    """Pins by canonical name; fails on any requirement line that is not an exact pin."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("--hash="):
            assert current is not None, f"hash before any requirement: {line}"
            current.hashes += HASH.findall(line)
            continue
        if line.startswith("-"):
            raise AssertionError(f"unexpected option line in a lock: {line}")
        match = PIN.match(line)
        assert match, f"not an exact pin: {line}"
        current = Pin(canonicalize_name(match["name"]), Version(match["version"]), line)
        current.hashes += HASH.findall(match["rest"])
        assert current.name not in pins, f"{current.name} pinned twice"
        pins[current.name] = current
    return pins


def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)["project"]
    return data


def direct_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    table = project()
    lines = list(table["dependencies"])
    optional = table["optional-dependencies"]
    for extra in extras:
        lines += optional[extra]
    return [Requirement(line) for line in lines]


def read_lock(lock: str) -> dict[str, Pin]:
    path = ROOT / "requirements" / lock
    assert path.is_file(), f"requirements/{lock} is missing: run `make lock`"
    return parse_lock(path.read_text(encoding="utf-8"))


def test_every_extra_has_a_lock() -> None:
    optional = project()["optional-dependencies"]
    covered = {extra for extras in LOCK_EXTRAS.values() for extra in extras}
    assert set(optional) <= covered, "an extra of pyproject.toml has no lock: see tools/lock.py"


@pytest.mark.parametrize("lock", sorted(LOCK_EXTRAS))
def test_every_direct_dependency_is_pinned_within_its_specifier(lock: str) -> None:
    pins = read_lock(lock)
    problems = []
    for requirement in direct_requirements(LOCK_EXTRAS[lock]):
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{requirement} is not in requirements/{lock}")
            continue
        if not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{requirement} but requirements/{lock} pins {pin.version}")
            continue
        # psycopg[binary] is psycopg plus psycopg-binary: the extra's package is locked too.
        if "binary" in requirement.extras and f"{pin.name}-binary" not in pins:
            problems.append(f"{requirement}: requirements/{lock} lacks {pin.name}-binary")
    assert not problems, "the lock is out of date (`make lock`):\n" + "\n".join(problems)


@pytest.mark.parametrize("lock", sorted(LOCK_EXTRAS))
def test_every_pin_carries_a_hash(lock: str) -> None:
    unhashed = [pin.line for pin in read_lock(lock).values() if not pin.hashes]
    assert not unhashed, f"requirements/{lock} pins without --hash=sha256: {unhashed}"


@pytest.mark.parametrize("lock", sorted(LOCK_EXTRAS))
def test_the_qt_binding_stays_below_the_cap(lock: str) -> None:
    pins = read_lock(lock)
    pyside = pins["pyside6-essentials"]
    assert pyside.version < Version("6.12"), (
        f"requirements/{lock} pins PySide6-Essentials {pyside.version}; "
        "6.12.0 aborts CPython 3.11 (see pyproject.toml)"
    )
    assert pins["shiboken6"].version == pyside.version


def test_the_locks_agree_on_shared_versions() -> None:
    locks = {lock: read_lock(lock) for lock in LOCK_EXTRAS}
    dev = locks["dev.txt"]
    disagreements = [
        f"{name}: {lock} {pin.version}, dev.txt {dev[name].version}"
        for lock, pins in locks.items()
        for name, pin in pins.items()
        if name in dev and dev[name].version != pin.version
    ]
    missing = [
        f"{name} ({lock})" for lock, pins in locks.items() for name in pins if name not in dev
    ]
    assert not disagreements and not missing, disagreements + missing


def test_the_build_backend_is_locked() -> None:
    """requirements/build.txt pins what [build-system] requires, for builds without isolation."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        requires = tomllib.load(handle)["build-system"]["requires"]
    pins = read_lock("build.txt")
    for line in requires:
        requirement = Requirement(line)
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{line} is not in requirements/build.txt: run `make lock`"
        assert requirement.specifier.contains(pin.version, prereleases=True), (line, pin.version)
        assert pin.hashes, pin.line


def test_the_parser_refuses_loose_lines() -> None:
    """The checks above can fail: a range, or a hash-less pin, is caught."""
    with pytest.raises(AssertionError, match="not an exact pin"):
        parse_lock("requests>=2.32 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    pins = parse_lock("requests==2.32.0\nidna==3.7 \\\n    --hash=sha256:" + "a" * 64 + "\n")
    assert pins["requests"].hashes == []
    assert pins["idna"].hashes == ["a" * 64]
