"""The system libraries a PyInstaller bundle loads, as a Debian Depends line or RPM Requires.

    python packaging/linux/find_depends.py dist/privacy-desk            # Depends: ...
    python packaging/linux/find_depends.py dist/privacy-desk --rpm      # one Requires per line
    python packaging/linux/find_depends.py dist/privacy-desk --libraries

How: every ELF file in the bundle is read for the libraries it names (DT_NEEDED, through
`readelf -d`); `ldd` resolves them the way the bundle's loader will at run time (the
bootloader puts the bundle's own folders first on the library path). A library found
inside the bundle is shipped; every other one must come from the system, and `dpkg -S`
names the Debian package that owns it. Libraries the named ones pull in themselves come
with those packages' own dependencies, as with dpkg-shlibdeps. `libc6` gets the newest
GLIBC symbol version any file in the bundle asks for.

A library that does not resolve on the build machine is an error: install the package
that provides it and run again (a guess here would break installs elsewhere).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

_ELF_MAGIC = b"\x7fELF"
_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(?P<name>[^\]]+)\]")
_LDD_LINE = re.compile(r"^\s*(?P<name>\S+)\s+=>\s+(?P<path>\S+)(\s+\(0x[0-9a-f]+\))?\s*$")
_GLIBC_VERSION = re.compile(r"Name: GLIBC_(?P<version>[0-9.]+)")
# The dynamic loader and the vDSO are not libraries a package provides by soname.
_NOT_PACKAGED = re.compile(r"^(linux-vdso|linux-gate|ld-linux)[.-]")


class DependencyError(RuntimeError):
    pass


@dataclass
class BundleLibraries:
    """What a bundle needs from the system: soname → resolved path, plus unresolved ones."""

    system: dict[str, str] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)  # soname → files needing it
    glibc: tuple[int, ...] = ()


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == _ELF_MAGIC:
                found.append(path)
    return found


def _library_dirs(bundle: Path, files: list[Path]) -> list[str]:
    dirs = {str(path.parent) for path in files if ".so" in path.name}
    return sorted(dirs, key=lambda d: (len(d), d))


def _run(command: list[str], env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return result.stdout


def _ldd(path: Path, env: dict[str, str]) -> dict[str, str]:
    resolved = {}
    for line in _run(["ldd", str(path)], env).splitlines():
        match = _LDD_LINE.match(line)
        if match:
            resolved[match["name"]] = match["path"]
    return resolved


def scan(bundle: Path) -> BundleLibraries:
    bundle = bundle.resolve()
    files = elf_files(bundle)
    if not files:
        raise DependencyError(f"no ELF files under {bundle}: is it a PyInstaller onedir?")
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.pathsep.join(_library_dirs(bundle, files))
    shipped = {path.name for path in bundle.rglob("*.so*")}
    libraries = BundleLibraries()
    glibc: tuple[int, ...] = ()
    for path in files:
        needed = _NEEDED.findall(_run(["readelf", "-d", "-W", str(path)]))
        if not needed:
            continue
        resolved = _ldd(path, env)
        for name in needed:
            if _NOT_PACKAGED.match(name) or name in shipped:
                continue
            target = resolved.get(name, "not")
            if target == "not":
                libraries.missing.setdefault(name, []).append(str(path.relative_to(bundle)))
            elif not Path(target).resolve().is_relative_to(bundle):
                libraries.system[name] = target
        for version in _GLIBC_VERSION.findall(_run(["readelf", "-V", "-W", str(path)])):
            glibc = max(glibc, tuple(int(part) for part in version.split(".")))
    libraries.glibc = glibc
    return libraries


def _candidates(path: str) -> list[str]:
    """A library path and its other spellings on a merged-/usr system."""
    real = os.path.realpath(path)
    names = [path, real]
    for name in (path, real):
        if name.startswith("/usr/lib/"):
            names.append(name[len("/usr") :])
        elif name.startswith("/lib/"):
            names.append("/usr" + name)
    unique = []
    for name in names:
        if name not in unique:
            unique.append(name)
    return unique


def debian_package(path: str) -> str:
    for candidate in _candidates(path):
        result = subprocess.run(
            ["dpkg", "-S", candidate], capture_output=True, text=True, check=False
        )
        for line in result.stdout.splitlines():
            owners, _, owned = line.partition(": ")
            if owned.strip() == candidate and not owners.startswith("diversion by"):
                return owners.split(",")[0].strip().split(":")[0]
    raise DependencyError(f"dpkg -S: no package owns {path}")


def _check_complete(libraries: BundleLibraries) -> None:
    if libraries.missing:
        lines = [
            f"  {name} (needed by {', '.join(sorted(needers)[:3])})"
            for name, needers in sorted(libraries.missing.items())
        ]
        raise DependencyError(
            "these libraries do not resolve on this machine; install the packages providing "
            "them and build again:\n" + "\n".join(lines)
        )


def debian_depends(libraries: BundleLibraries) -> list[str]:
    _check_complete(libraries)
    packages = {debian_package(path) for path in libraries.system.values()}
    depends = []
    for package in sorted(packages):
        if package == "libc6" and libraries.glibc:
            depends.append(f"libc6 (>= {'.'.join(map(str, libraries.glibc))})")
        else:
            depends.append(package)
    return depends


def rpm_requires(libraries: BundleLibraries) -> list[str]:
    """RPM's own capability names for sonames: the same on Fedora and openSUSE."""
    _check_complete(libraries)
    suffix = "()(64bit)" if os.uname().machine in ("x86_64", "aarch64", "ppc64le") else ""
    return sorted(f"{name}{suffix}" for name in libraries.system)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", type=Path, help="the PyInstaller onedir (dist/privacy-desk)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--rpm", action="store_true", help="RPM Requires, one per line")
    form.add_argument("--libraries", action="store_true", help="soname and path, one per line")
    args = parser.parse_args(argv)
    try:
        libraries = scan(args.bundle)
        if args.rpm:
            print("\n".join(rpm_requires(libraries)))
        elif args.libraries:
            _check_complete(libraries)
            for name, path in sorted(libraries.system.items()):
                print(f"{name} {path}")
        else:
            print("Depends: " + ", ".join(debian_depends(libraries)))
    except DependencyError as error:
        print(f"find_depends: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
