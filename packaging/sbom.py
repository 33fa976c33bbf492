"""Bill of materials and licence texts for a frozen Privacy Desk bundle.

    python packaging/sbom.py --bundle dist/privacy-desk --lock requirements/app.txt \\
        --out dist/privacy-desk-0.1.0.cdx.json --licenses-dir dist/privacy-desk/_internal/licenses

Run it with the Python the bundle was frozen from (the build venv): its installed package
metadata (importlib.metadata) says which distribution each bundled file and module came from.

What it does, for a PyInstaller 6 onedir (or a macOS .app) bundle:

1. Attributes every file of the bundle, and every module in the executable's PYZ archive,
   to a component: a Python distribution (by the RECORD of its .dist-info, in the bundle or
   installed), a Qt library (Qt6*.so*/.dll/.dylib/.framework of PySide6), the Python
   runtime, PyInstaller's bootloader, Privacy Desk itself, or a system library the freezer
   copied in (named after its Debian package where dpkg knows it).
2. Writes a CycloneDX 1.6 JSON SBOM: each component with name, version, purl, licence
   (SPDX), the sha256 of every file of its locked release (from --lock) and, as evidence,
   the bundle paths it occupies.
3. Copies each component's licence texts into --licenses-dir/<component>/.
4. Checks that every licence is compatible with GPL-3.0-or-later (ALLOWED below).

Exit status 0 when all is well; 1 with a list of problems (a file or module nobody owns, a
Python package missing from the lock or at another version, an unknown or incompatible
licence, a component without licence text); 2 on bad arguments. The SBOM and the texts are
written in either case, so a failure can be inspected.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT_LICENSE = "GPL-3.0-or-later"

# SPDX identifiers whose terms let a component be conveyed inside a GPL-3.0-or-later work.
ALLOWED = frozenset(
    {
        "0BSD",
        "Apache-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "BSD-3-Clause-Clear",
        "CC0-1.0",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "HPND",
        "ISC",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "MIT",
        "MIT-0",
        "MPL-2.0",
        "PSF-2.0",
        "Python-2.0",
        "Unicode-3.0",
        "Unicode-DFS-2016",
        "Unlicense",
        "Zlib",
    }
)

# Identifiers SPDX has retired, as older metadata still writes them.
DEPRECATED_IDS = {
    "GPL-2.0": "GPL-2.0-only",
    "GPL-2.0+": "GPL-2.0-or-later",
    "GPL-3.0": "GPL-3.0-only",
    "GPL-3.0+": "GPL-3.0-or-later",
    "LGPL-2.1": "LGPL-2.1-only",
    "LGPL-2.1+": "LGPL-2.1-or-later",
    "LGPL-3.0": "LGPL-3.0-only",
    "LGPL-3.0+": "LGPL-3.0-or-later",
}

# Trove classifiers that name exactly one licence.
CLASSIFIERS = {
    "License :: OSI Approved :: MIT License": "MIT",
    "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
    "License :: OSI Approved :: Apache Software License": "Apache-2.0",
    "License :: OSI Approved :: ISC License (ISCL)": "ISC",
    "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
    "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
    "License :: OSI Approved :: zlib/libpng License": "Zlib",
    "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": (
        "LGPL-3.0-or-later"
    ),
    "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)": (
        "GPL-3.0-or-later"
    ),
    "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
}

# Where metadata says too little or too much: checked by hand against the project's licence.
OVERRIDES = {
    # "GPLv2-or-later with a special exception which allows to use PyInstaller to build and
    # distribute non-free programs" (COPYING.txt): the bootloader and pyimod* modules.
    "pyinstaller": "GPL-2.0-or-later WITH Bootloader-exception",
}

# What a licence text file is called, inside a .dist-info or beside a package.
LICENSE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)", re.IGNORECASE)
# A Qt library: libQt6Core.so.6, Qt6Core.dll, libQt6Core.6.dylib, QtCore.framework.
QT_LIBRARY = re.compile(
    r"^(?:lib)?(Qt6?[A-Za-z0-9]+?)(?:\.\d+)*(?:\.so(?:\.[\d.]+)?|\.dll|\.dylib)$"
)
QT_FRAMEWORK = re.compile(r"^(Qt[A-Za-z0-9]+)\.framework$")
SHARED_LIBRARY = re.compile(r"(\.so(\.[\d.]+)?|\.dll|\.dylib|\.pyd)$", re.IGNORECASE)
PYINSTALLER_MODULES = re.compile(r"^(pyimod\d+_|pyiboot\d+_|pyi_rth_|_pyi_rth_utils)")
LOCK_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
LOCK_HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")

PYTHON = "python"
PYINSTALLER = "pyinstaller"


@dataclass
class Component:
    """One entry of the SBOM."""

    name: str
    version: str
    purl: str | None
    license: str | None = None
    origin: str = "pypi"  # pypi, qt, python, project, system
    locations: set[str] = field(default_factory=set)
    hashes: list[str] = field(default_factory=list)
    license_texts: list[Path] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.origin}:{self.name}@{self.version}"


@dataclass
class Report:
    components: dict[str, Component]
    problems: list[str]
    notes: list[str]


# --- licences ------------------------------------------------------------------------------


def normalize_expression(expression: str) -> str:
    """An SPDX expression with retired identifiers replaced by their current names."""
    tokens = re.findall(r"\(|\)|[^\s()]+", expression)
    return (
        " ".join(DEPRECATED_IDS.get(token, token) for token in tokens)
        .replace("( ", "(")
        .replace(" )", ")")
    )


def looks_like_spdx(text: str) -> bool:
    """True for a short SPDX expression, not a paragraph of licence prose."""
    tokens = re.findall(r"\(|\)|[^\s()]+", text)
    if not tokens or len(text) > 200:
        return False
    for token in tokens:
        if token in {"(", ")", "AND", "OR", "WITH"}:
            continue
        if not re.fullmatch(r"[A-Za-z0-9.+-]+", token) or token.lower() in {"and", "or", "with"}:
            return False
    return True


def license_of(name: str, message: Message | Any) -> str | None:
    """The SPDX expression a distribution's metadata declares, or None if it does not say."""
    if name in OVERRIDES:
        return OVERRIDES[name]
    expression = message.get("License-Expression")
    if expression:
        return normalize_expression(expression.strip())
    declared = (message.get("License") or "").strip()
    if declared and looks_like_spdx(declared):
        return normalize_expression(declared)
    classifiers = message.get_all("Classifier") or []
    found = {CLASSIFIERS.get(c) for c in classifiers if c.startswith("License ::")}
    if len(found) == 1 and None not in found:
        return found.pop()
    return None


def license_allowed(expression: str) -> bool:
    """Whether the expression can be met using only ALLOWED licences (OR: any; AND: all)."""
    tokens = re.findall(r"\(|\)|[^\s()]+", expression)
    position = 0

    def parse_or() -> bool:
        nonlocal position
        result = parse_and()
        while position < len(tokens) and tokens[position] == "OR":
            position += 1
            right = parse_and()
            result = result or right
        return result

    def parse_and() -> bool:
        nonlocal position
        result = parse_term()
        while position < len(tokens) and tokens[position] == "AND":
            position += 1
            right = parse_term()
            result = result and right
        return result

    def parse_term() -> bool:
        nonlocal position
        if position >= len(tokens):
            raise ValueError(f"incomplete licence expression: {expression!r}")
        token = tokens[position]
        position += 1
        if token == "(":
            result = parse_or()
            if position >= len(tokens) or tokens[position] != ")":
                raise ValueError(f"unbalanced licence expression: {expression!r}")
            position += 1
        else:
            result = DEPRECATED_IDS.get(token, token) in ALLOWED
        if position < len(tokens) and tokens[position] == "WITH":
            position += 2  # an exception only ever adds permissions
        return result

    try:
        allowed = parse_or()
    except ValueError:
        return False
    return allowed and position == len(tokens)


# --- the lock ------------------------------------------------------------------------------


def read_lock(path: Path) -> dict[str, tuple[str, list[str]]]:
    """{canonical name: (version, [sha256, ...])} from a `uv pip compile --generate-hashes` file."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LOCK_PIN.match(line)
        if match:
            current = canonicalize_name(match["name"])
            pins[current] = (match["version"], [])
        if current is not None:
            pins[current][1].extend(LOCK_HASH.findall(line))
    return pins


# --- what is installed and what is bundled -------------------------------------------------


@dataclass
class Dist:
    name: str  # canonical
    version: str
    metadata: Any
    files: list[str]  # RECORD paths, relative to site-packages, posix
    root: Path | None  # where RECORD paths are relative to (to read licence texts)
    info_dir: str | None  # the .dist-info directory name


def _record_paths(distribution: metadata.Distribution) -> list[str]:
    return [
        str(PurePosixPath(*PurePosixPath(str(path)).parts))
        for path in distribution.files or []
        if not str(path).startswith("..")
    ]


def installed_distributions() -> dict[str, Dist]:
    """The distributions importable here (the build venv), by canonical name."""
    found: dict[str, Dist] = {}
    for distribution in metadata.distributions():
        name = canonicalize_name(distribution.metadata["Name"] or "")
        if not name or name in found:
            continue
        info = getattr(distribution, "_path", None)
        root = Path(info).parent if isinstance(info, Path) else None
        found[name] = Dist(
            name,
            distribution.version,
            distribution.metadata,
            _record_paths(distribution),
            root,
            Path(info).name if isinstance(info, Path) else None,
        )
    return found


def bundled_distributions(internal: Path) -> dict[str, Dist]:
    """The .dist-info directories the freezer copied into the bundle."""
    found: dict[str, Dist] = {}
    for info in sorted(internal.glob("*.dist-info")):
        distribution = metadata.Distribution.at(info)
        name = canonicalize_name(distribution.metadata["Name"] or info.name.split("-")[0])
        found[name] = Dist(
            name,
            distribution.version,
            distribution.metadata,
            _record_paths(distribution),
            internal,
            info.name,
        )
    return found


def find_internal(bundle: Path) -> Path:
    """Where a PyInstaller 6 bundle keeps its files: _internal/, Contents/Frameworks, or ."""
    for candidate in (bundle / "_internal", bundle / "Contents" / "Frameworks"):
        if candidate.is_dir():
            return candidate
    return bundle


def content_roots(bundle: Path) -> list[Path]:
    """The directories whose layout mirrors site-packages: _internal/ of a onedir; for a macOS
    .app both Contents/Frameworks (binaries) and Contents/Resources (data), which PyInstaller 6
    cross-links with symlinks."""
    contents = bundle / "Contents"
    if (contents / "Frameworks").is_dir():
        return [d for d in (contents / "Frameworks", contents / "Resources") if d.is_dir()]
    return [find_internal(bundle)]


def walk_files(top: Path, skip: Path | None) -> Iterator[Path]:
    """Every file (or symlink to one) under top, sorted, outside skip."""
    for directory, dirnames, filenames in os.walk(top):
        here = Path(directory)
        dirnames[:] = sorted(d for d in dirnames if skip is None or here / d != skip)
        for filename in sorted(filenames):
            yield here / filename
        for dirname in dirnames:  # a symlinked directory (macOS frameworks) counts as a file
            if (here / dirname).is_symlink():
                yield here / dirname


def pyz_contents(executable: Path) -> tuple[list[str], list[str]] | None:
    """(modules in the PYZ, scripts) of a PyInstaller executable; None if it is not one."""
    try:
        from PyInstaller.archive.readers import CArchiveReader  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        archive = CArchiveReader(str(executable))
    except Exception:
        return None
    modules: list[str] = []
    scripts: list[str] = []
    for name, entry in archive.toc.items():
        typecode = entry[-1]
        if typecode == "z":
            modules += list(archive.open_embedded_archive(name).toc)
        elif typecode == "s":
            scripts.append(name)
    return modules, scripts


def python_runtime_names() -> set[str]:
    """File names that belong to this Python's own installation (lib-dynload, DLLs, libpython)."""
    names: set[str] = set()
    places = [
        Path(sys.base_prefix),
        Path(sys.base_prefix) / "DLLs",
        Path(sys.base_prefix) / "lib",
        Path(sysconfig.get_paths()["stdlib"]) / "lib-dynload",
    ]
    for place in places:
        if place.is_dir():
            names.update(entry.name for entry in place.iterdir() if entry.is_file())
    return names


def debian_packages(names: Iterable[str]) -> dict[str, tuple[str, str]]:
    """{file name: (Debian package, version)} for shared libraries dpkg knows; {} elsewhere."""
    names = sorted(set(names))
    if not names or shutil.which("dpkg-query") is None:
        return {}
    result = subprocess.run(
        ["dpkg-query", "-S", *(f"*/{name}" for name in names)],
        capture_output=True,
        text=True,
        check=False,
    )
    owners: dict[str, str] = {}
    for line in result.stdout.splitlines():
        package, _, path = line.partition(": ")
        base = Path(path.strip()).name
        if base in names and base not in owners and "," not in package:
            owners[base] = package.split(":")[0]
    versions: dict[str, str] = {}
    for package in set(owners.values()):
        query = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        versions[package] = query.stdout.strip()
    return {base: (package, versions.get(package, "")) for base, package in owners.items()}


# --- attribution ---------------------------------------------------------------------------


def project_metadata() -> tuple[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    return str(project["name"]), str(project["version"])


class Attributor:
    """Decides which component each bundled file and module belongs to."""

    def __init__(
        self,
        bundle: Path,
        locks: list[tuple[str, dict[str, tuple[str, list[str]]]]],
        own: list[str],
    ):
        self.bundle = bundle
        self.internal = find_internal(bundle)
        self.roots = content_roots(bundle)
        self.locks = locks  # [(file name, pins)], the first is the app's own
        self.own = own
        self.installed = installed_distributions()
        self.bundled = bundled_distributions(self.internal)
        self.components: dict[str, Component] = {}
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.runtime_names = python_runtime_names()
        # RECORD path -> distribution; the bundle's own RECORDs win over the venv's.
        self.by_path: dict[str, str] = {}
        self.by_basename: dict[str, set[str]] = {}
        self.by_directory: dict[str, set[str]] = {}
        for dists in (self.installed, self.bundled):
            for dist in dists.values():
                for path in dist.files:
                    self.by_path[path] = dist.name
                    pure = PurePosixPath(path)
                    self.by_basename.setdefault(pure.name, set()).add(dist.name)
                    for parent in pure.parents:
                        if str(parent) != ".":
                            self.by_directory.setdefault(str(parent), set()).add(dist.name)
        self.project_name, self.project_version = project_metadata()
        pyside = self.dist("pyside6-essentials") or self.dist("pyside6")
        self.qt_version = pyside.version if pyside else "unknown"

    # components

    def dist(self, name: str) -> Dist | None:
        return self.bundled.get(name) or self.installed.get(name)

    def python_component(self, name: str) -> Component:
        if name == canonicalize_name(self.project_name):  # the spec's copy_metadata of ours
            return self.special("project")
        if name in self.components:
            return self.components[name]
        dist = self.dist(name)
        version = dist.version if dist else "unknown"
        component = Component(name, version, f"pkg:pypi/{name}@{version}")
        if dist is not None:
            component.license = license_of(name, dist.metadata)
            component.license_texts = self._texts_of(dist)
        self.components[name] = component
        return component

    def special(self, key: str) -> Component:
        if key in self.components:
            return self.components[key]
        if key == PYTHON:
            version = ".".join(str(part) for part in sys.version_info[:3])
            component = Component(
                "cpython", version, f"pkg:generic/python/cpython@{version}", "PSF-2.0", "python"
            )
            for place in (Path(sys.base_prefix), Path(sysconfig.get_paths()["stdlib"])):
                for candidate in ("LICENSE.txt", "LICENSE"):
                    if (place / candidate).is_file() and not component.license_texts:
                        component.license_texts.append(place / candidate)
        elif key == "project":
            component = Component(
                self.project_name, self.project_version, None, PROJECT_LICENSE, "project"
            )
            component.license_texts.append(ROOT / "LICENSE")
        else:
            raise KeyError(key)
        self.components[key] = component
        return component

    def qt_component(self, library: str) -> Component:
        key = f"qt:{library}"
        if key not in self.components:
            component = Component(
                library,
                self.qt_version,
                f"pkg:generic/qt/{library}@{self.qt_version}",
                "LGPL-3.0-only",
                "qt",
            )
            component.license_texts = qt_license_texts()
            component.properties["privacy-desk:shipped-by"] = "pyside6-essentials"
            self.components[key] = component
        return self.components[key]

    def system_component(self, filename: str, owner: tuple[str, str] | None) -> Component:
        if owner:
            package, version = owner
            key = f"system:{package}"
            purl = f"pkg:deb/debian/{package}@{version}" if version else f"pkg:deb/debian/{package}"
        else:
            package, version, key = filename, "unknown", f"system:{filename}"
            purl = f"pkg:generic/{filename}"
        if key not in self.components:
            component = Component(package, version, purl, None, "system")
            copyright_file = Path("/usr/share/doc") / package / "copyright"
            if owner and copyright_file.is_file():
                component.license_texts.append(copyright_file)
            component.properties["privacy-desk:license-check"] = (
                "system library copied in by the freezer; licence not checked by this tool"
            )
            self.components[key] = component
        return self.components[key]

    def _texts_of(self, dist: Dist) -> list[Path]:
        texts: list[Path] = []
        for path in dist.files:
            parts = PurePosixPath(path).parts
            in_info = bool(parts) and parts[0].endswith(".dist-info")
            if in_info and (LICENSE_FILE.match(parts[-1]) or "licenses" in parts[1:-1]):
                for root in (self.internal, dist.root):
                    if root is not None and (root / path).is_file():
                        texts.append(root / path)
                        break
        if not texts:
            for root in (self.internal, dist.root):
                if root is not None and dist.info_dir and (root / dist.info_dir).is_dir():
                    texts += [
                        p
                        for p in sorted((root / dist.info_dir).iterdir())
                        if LICENSE_FILE.match(p.name)
                    ]
                    if texts:
                        break
        if not texts and dist.name in {"pyside6-essentials", "pyside6", "shiboken6"}:
            texts = qt_license_texts()
        return texts

    # files

    def attribute_file(
        self, path: Path, root: Path, system: dict[str, tuple[str, str]]
    ) -> Component | None:
        rel = path.relative_to(root).as_posix()
        parts = PurePosixPath(rel).parts
        if path.is_symlink():
            target = path.resolve()
            for other in self.roots:
                if target.is_relative_to(other.resolve()) and target.exists():
                    inner = other / target.relative_to(other.resolve())
                    if not inner.is_symlink():
                        return self.attribute_file(inner, other, system)
        qt = self._qt_library(parts)
        if qt:
            return self.qt_component(qt)
        if parts[0].endswith(".dist-info"):
            for dist in self.bundled.values():
                if dist.info_dir == parts[0]:
                    return self.python_component(dist.name)
        if rel in self.by_path:
            return self.python_component(self.by_path[rel])
        if parts[0] in self.own:
            return self.special("project")
        name = parts[-1]
        if self._is_runtime(parts):
            return self.special(PYTHON)
        owners = self.by_basename.get(name, set())
        if len(owners) == 1 and SHARED_LIBRARY.search(name):
            return self.python_component(next(iter(owners)))
        if SHARED_LIBRARY.search(name):
            return self.system_component(name, system.get(name))
        return None

    def _qt_library(self, parts: tuple[str, ...]) -> str | None:
        if "PySide6" not in parts and not any(QT_FRAMEWORK.match(p) for p in parts):
            return None
        for part in parts:
            framework = QT_FRAMEWORK.match(part)
            if framework:
                return (
                    framework[1].replace("Qt", "Qt6", 1)
                    if framework[1][2:3] != "6"
                    else framework[1]
                )
        match = QT_LIBRARY.match(parts[-1])
        if match and "plugins" not in parts:
            library = match[1]
            return library if library.startswith("Qt6") else library.replace("Qt", "Qt6", 1)
        return None

    def _is_runtime(self, parts: tuple[str, ...]) -> bool:
        name = parts[-1]
        if name == "base_library.zip" or "lib-dynload" in parts:
            return True
        if re.match(r"^(lib)?python3\.?\d+", name) or name in {"Python", "python3.dll"}:
            return True
        return len(parts) == 1 and name in self.runtime_names

    def attribute_module(self, module: str) -> Component | None:
        top = module.split(".")[0]
        if PYINSTALLER_MODULES.match(module):
            return self.python_component(PYINSTALLER)
        if top in self.own:
            return self.special("project")
        if top in sys.stdlib_module_names:
            return self.special(PYTHON)
        base = module.replace(".", "/")
        for candidate in (f"{base}.py", f"{base}/__init__.py", f"{base}.pyc"):
            if candidate in self.by_path:
                return self.python_component(self.by_path[candidate])
        owners = self.by_directory.get(base, set())
        if owners:  # a namespace package (jaraco): listed under the first that fills it
            return self.python_component(sorted(owners)[0])
        return None

    def run(self, licenses_dir: Path | None) -> Report:
        skip = licenses_dir.resolve() if licenses_dir else None
        files = [
            (path, root)
            for root in self.roots
            for path in walk_files(root, None)
            if skip is None or not path.resolve().is_relative_to(skip)
        ]
        libraries = [p.name for p, _ in files if SHARED_LIBRARY.search(p.name)]
        unowned = [
            name
            for name in libraries
            if len(self.by_basename.get(name, set())) != 1 and name not in self.runtime_names
        ]
        system = debian_packages(unowned)
        for path, root in files:
            component = self.attribute_file(path, root, system)
            rel = path.relative_to(self.bundle).as_posix()
            if component is None:
                self.problems.append(f"no component owns the bundled file {rel}")
            else:
                component.locations.add(rel)
        self._attribute_executables()
        self._check_lock()
        self._check_licenses()
        return Report(self.components, self.problems, self.notes)

    def _attribute_executables(self) -> None:
        if self.internal == self.bundle:
            return
        tops = [p for p in sorted(self.bundle.iterdir()) if p.is_file() and p != self.internal]
        macos = self.bundle / "Contents" / "MacOS"
        if macos.is_dir():
            tops += sorted(p for p in macos.iterdir() if p.is_file())
        for executable in tops:
            rel = executable.relative_to(self.bundle).as_posix()
            contents = pyz_contents(executable)
            if contents is None:
                if executable.suffix in {".cdx", ".json", ".txt"}:
                    continue
                self.problems.append(f"no component owns the bundled file {rel}")
                continue
            # The executable is PyInstaller's bootloader with the app's archive appended.
            self.python_component(PYINSTALLER).locations.add(rel)
            self.special("project").locations.add(rel)
            modules, scripts = contents
            for script in scripts:
                owner = (
                    self.python_component(PYINSTALLER)
                    if PYINSTALLER_MODULES.match(script)
                    else self.special("project")
                )
                owner.locations.add(f"{rel}!/{script}")
            for module in modules:
                component = self.attribute_module(module)
                if component is None:
                    self.problems.append(f"no component owns the module {module} in {rel}")
                else:
                    component.locations.add(f"{rel}!/PYZ/{module}")

    def _check_lock(self) -> None:
        for component in self.components.values():
            if component.origin != "pypi":
                continue
            source, pinned = next(
                (
                    (lock, pins[component.name])
                    for lock, pins in self.locks
                    if component.name in pins
                ),
                (self.locks[0][0], None),
            )
            if pinned is not None and source != self.locks[0][0]:
                self.notes.append(
                    f"{component.name} is bundled but is no app dependency (pinned in {source})"
                )
                component.properties["privacy-desk:locked-in"] = source
            if component.name == PYINSTALLER:
                component.properties["privacy-desk:role"] = "freezer (bootloader and runtime)"
                if pinned is None:
                    self.notes.append("pyinstaller is not in the lock: its version is recorded")
                    continue
            if pinned is None:
                self.problems.append(
                    f"{component.name} {component.version} is in the bundle but in no lock"
                )
                continue
            version, hashes = pinned
            if version != component.version:
                self.problems.append(
                    f"{component.name}: the bundle has {component.version}, {source} pins {version}"
                )
                continue
            component.hashes = hashes
            component.properties["privacy-desk:hashes"] = (
                "sha256 of every file of the locked release (sdist and all wheels)"
            )

    def _check_licenses(self) -> None:
        refused: list[str] = []
        for component in sorted(self.components.values(), key=lambda c: c.ref):
            if component.origin == "system":
                self.notes.append(
                    f"{component.name} {component.version}: system library, licence not checked"
                )
                continue
            if component.license is None:
                refused.append(f"{component.ref}: no licence found in its metadata")
            elif not license_allowed(component.license):
                refused.append(f"{component.ref}: {component.license}")
            if not component.license_texts:
                self.problems.append(f"{component.ref}: no licence text to ship")
        if refused:
            self.problems.append(
                f"licences not on the {PROJECT_LICENSE}-compatible allow-list "
                "(packaging/sbom.py ALLOWED):\n    " + "\n    ".join(refused)
            )


def qt_license_texts() -> list[Path]:
    """The LGPL-3.0 text (and the GPL-3.0 it builds on) for Qt and PySide6."""
    candidates = [
        Path(__file__).resolve().parent / "licenses" / "LGPL-3.0-only.txt",
        Path("/usr/share/common-licenses/LGPL-3"),
    ]
    texts = [next((c for c in candidates if c.is_file()), None), ROOT / "LICENSE"]
    return [text for text in texts if text is not None and text.is_file()]


# --- output --------------------------------------------------------------------------------


def _license_entry(expression: str | None) -> list[dict[str, Any]]:
    if expression is None:
        return []
    if re.fullmatch(r"[A-Za-z0-9.+-]+", expression):
        return [{"license": {"id": expression}}]
    return [{"expression": expression}]


def cyclonedx(report: Report, project: tuple[str, str]) -> dict[str, Any]:
    """The SBOM as a CycloneDX 1.6 JSON document."""
    name, version = project
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    components = []
    for component in sorted(report.components.values(), key=lambda c: (c.name.lower(), c.ref)):
        if component.origin == "project":
            continue
        entry: dict[str, Any] = {
            "type": "library",
            "bom-ref": component.ref,
            "name": component.name,
            "version": component.version,
        }
        if component.purl:
            entry["purl"] = component.purl
        if component.license:
            entry["licenses"] = _license_entry(component.license)
        if component.hashes:
            entry["hashes"] = [{"alg": "SHA-256", "content": h} for h in component.hashes]
        properties = [{"name": "privacy-desk:origin", "value": component.origin}]
        properties += [{"name": k, "value": v} for k, v in sorted(component.properties.items())]
        entry["properties"] = properties
        if component.locations:
            entry["evidence"] = {
                "occurrences": [{"location": location} for location in sorted(component.locations)]
            }
        components.append(entry)
    root_ref = f"project:{name}@{version}"
    subject: dict[str, Any] = {
        "type": "application",
        "bom-ref": root_ref,
        "name": name,
        "version": version,
        "licenses": _license_entry(PROJECT_LICENSE),
    }
    own = next((c for c in report.components.values() if c.origin == "project"), None)
    if own is not None and own.locations:
        subject["evidence"] = {
            "occurrences": [{"location": location} for location in sorted(own.locations)]
        }
    document: dict[str, Any] = {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {
                "components": [{"type": "application", "name": "privacy-desk packaging/sbom.py"}]
            },
            "component": subject,
        },
        "components": components,
        "dependencies": [
            {"ref": root_ref, "dependsOn": [entry["bom-ref"] for entry in components]}
        ],
    }
    body = json.dumps(document, sort_keys=True)
    document["serialNumber"] = uuid.uuid5(uuid.NAMESPACE_URL, body).urn
    return document


def shipped_name(text: Path, component: Component) -> str:
    """The file name a licence text gets in the bundle: Qt's LGPL and GPL say what they are."""
    if text.name in {"LGPL-3", "LGPL-3.0-only.txt"}:
        return "LGPL-3.0.txt"
    if text == ROOT / "LICENSE" and component.origin != "project":
        return "GPL-3.0.txt"
    return text.name


def copy_license_texts(report: Report, licenses_dir: Path) -> None:
    """licenses_dir/<component>/<file> for every component; the directory is rebuilt."""
    if licenses_dir.exists():
        shutil.rmtree(licenses_dir)
    licenses_dir.mkdir(parents=True)
    for component in report.components.values():
        if not component.license_texts:
            continue
        target = licenses_dir / re.sub(r"[^A-Za-z0-9._+-]", "_", component.name)
        target.mkdir(exist_ok=True)
        for text in component.license_texts:
            destination = target / shipped_name(text, component)
            counter = 1
            while destination.exists():
                counter += 1
                destination = target / f"{text.stem}-{counter}{text.suffix}"
            shutil.copyfile(text, destination)
        if component.license:
            (target / "SPDX-License-Identifier").write_text(component.license + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, required=True, help="the PyInstaller onedir")
    parser.add_argument(
        "--lock",
        type=Path,
        action="append",
        required=True,
        help="requirements/app.txt; repeat to accept packages the freezer picked up from a "
        "wider lock (requirements/dev.txt), which are then noted",
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write the .cdx.json")
    parser.add_argument(
        "--licenses-dir", type=Path, help="copy licence texts here (inside the bundle)"
    )
    parser.add_argument(
        "--own",
        action="append",
        default=None,
        metavar="NAME",
        help="a top-level name in the bundle that is Privacy Desk's own (default: app, "
        "resources, server)",
    )
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        parser.error(f"--bundle {args.bundle} is not a directory")
    for lock in args.lock:
        if not lock.is_file():
            parser.error(f"--lock {lock} does not exist")

    own = args.own or ["app", "resources", "server"]
    locks = [(lock.name, read_lock(lock)) for lock in args.lock]
    attributor = Attributor(args.bundle, locks, own)
    report = attributor.run(args.licenses_dir)
    if args.licenses_dir is not None:
        copy_license_texts(report, args.licenses_dir)
    document = cyclonedx(report, (attributor.project_name, attributor.project_version))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")

    counts: dict[str, int] = {}
    for component in report.components.values():
        counts[component.origin] = counts.get(component.origin, 0) + 1
    summary = ", ".join(f"{n} {origin}" for origin, n in sorted(counts.items()))
    print(f"{args.out}: {len(document['components'])} components ({summary})")
    for note in report.notes:
        print(f"note: {note}")
    if report.problems:
        print(f"\n{len(report.problems)} problem(s):", file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
