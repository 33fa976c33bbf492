"""Linux: make a PyInstaller onedir fit for installing under /opt.

- Run paths: PyInstaller copies shared objects as they are, so the Python runtime still
  carries the RUNPATH of the interpreter that built it (e.g. /root/.pyenv/.../lib). At run
  time the loader would look there first; on a user's machine that is at best a wasted
  lookup and at worst someone else's library. Entries outside the bundle ($ORIGIN-relative
  ones stay) are removed with patchelf.
- Symbols: shared objects are stripped of their symbol tables and the .comment section
  (`strip --strip-unneeded`; the dynamic symbols stay). The executable is left alone: its
  tail is the archive PyInstaller appended, which strip would drop.

    python packaging/linux/tidy_bundle.py dist/privacy-desk
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

_ELF_MAGIC = b"\x7fELF"
_RUNPATH = re.compile(r"\((?:RUNPATH|RPATH)\)\s+Library (?:runpath|rpath): \[(?P<path>[^\]]*)\]")


class TidyError(RuntimeError):
    pass


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == _ELF_MAGIC


def shared_objects(bundle: Path) -> list[Path]:
    """Every ELF file in the bundle but the executable at its top."""
    return [
        path
        for path in sorted(bundle.rglob("*"))
        if path.is_file() and not path.is_symlink() and path.parent != bundle and _is_elf(path)
    ]


def runpath(path: Path) -> str | None:
    output = subprocess.run(
        ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
    ).stdout
    match = _RUNPATH.search(output)
    return match["path"] if match else None


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise TidyError(f"{name} not found: install the Debian package {package}")
    return found


def tidy(bundle: Path) -> dict[str, int]:
    strip = _tool("strip", "binutils")
    patchelf = _tool("patchelf", "patchelf")
    counts = {"stripped": 0, "runpaths_fixed": 0}
    for path in shared_objects(bundle):
        path.chmod(path.stat().st_mode | 0o200)
        result = subprocess.run(
            [strip, "--strip-unneeded", "--remove-section=.comment", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise TidyError(f"strip {path}: {result.stderr.strip()}")
        counts["stripped"] += 1
        current = runpath(path)
        if current is None:
            continue
        kept = [entry for entry in current.split(":") if entry.startswith("$ORIGIN")]
        if kept == current.split(":"):
            continue
        command = (
            [patchelf, "--set-rpath", ":".join(kept)] if kept else [patchelf, "--remove-rpath"]
        )
        subprocess.run([*command, str(path)], check=True)
        counts["runpaths_fixed"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        counts = tidy(Path(args[0]))
    except TidyError as error:
        print(f"tidy_bundle: {error}", file=sys.stderr)
        return 1
    print(
        f"stripped {counts['stripped']} shared objects, fixed {counts['runpaths_fixed']} run paths"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
