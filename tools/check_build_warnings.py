"""Build the sdist and the wheel and fail if the build backend warned about a deprecation.

setuptools announces the end of a feature a year or so ahead ("… is deprecated. By
2027-Feb-18, you need to update your project …"), in the build log only. CI runs this so
the next such notice fails the build the day it appears, not the day the feature goes.

    python tools/check_build_warnings.py                 # isolated (python -m build or pip)
    python tools/check_build_warnings.py --no-isolation  # with this environment's backend
    python tools/check_build_warnings.py --log build.log # only scan an existing log

The project is copied into a temporary directory first, so the checkout gets no build/,
*.egg-info or dist/ from it. `--no-isolation` builds with the backend installed beside this
Python (requirements/build.txt, hash-checked) and needs no network; the isolated build lets
`build` fetch [build-system] requires from the package index.

Exit status: 0 clean, 1 a deprecation was reported (the lines are printed), 2 the build
itself failed or could not start.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent

# What a build backend prints when something it reads will stop working.
DEPRECATION = re.compile(
    r"SetuptoolsDeprecationWarning|PendingDeprecationWarning|DeprecationWarning"
    r"|\bis deprecated\b|\bare deprecated\b|\bdeprecated and will be removed\b",
    re.IGNORECASE,
)

# Copying these would only slow the build down or leak local state into it.
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    "*.pyc",
    "*.egg-info",
    "build",
    "dist",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".benchmarks",
    ".schemathesis",
    "node_modules",
)


def find_deprecations(log: str) -> list[str]:
    """The log lines that announce a deprecation, stripped, in order, without repeats."""
    found: list[str] = []
    for line in log.splitlines():
        text = line.strip()
        if DEPRECATION.search(text) and text not in found:
            found.append(text)
    return found


def missing_build_requirements(pyproject: Path) -> list[str]:
    """[build-system] requires that this environment does not satisfy."""
    with pyproject.open("rb") as handle:
        requires: list[str] = tomllib.load(handle)["build-system"]["requires"]
    missing = []
    for line in requires:
        requirement = Requirement(line)
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            missing.append(f"{line} (not installed)")
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            missing.append(f"{line} (installed: {installed})")
    return missing


# Runs one PEP 517 hook of the backend pyproject.toml names, in the current environment.
HOOK = """
import importlib, sys, tomllib
with open("pyproject.toml", "rb") as handle:
    system = tomllib.load(handle).get("build-system", {})
sys.path[:0] = system.get("backend-path", [])
module, _, attribute = system.get("build-backend", "setuptools.build_meta:__legacy__").partition(":")
backend = importlib.import_module(module)
for part in filter(None, attribute.split(".")):
    backend = getattr(backend, part)
print(sys.argv[1], "->", getattr(backend, sys.argv[1])(sys.argv[2]))
"""


def build_commands(out: Path, copy: Path, isolated: bool) -> list[list[str]]:
    """The commands that build sdist and wheel from copy into out."""
    python = [sys.executable, "-W", "default"]
    if not isolated:
        return [[*python, "-c", HOOK, hook, str(out)] for hook in ("build_sdist", "build_wheel")]
    if importlib.util.find_spec("build") is not None:
        return [[*python, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(copy)]]
    # Without `build`, pip's isolated wheel build shows the backend's output with -v.
    return [[*python, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(copy)]]


def build(source: Path, isolated: bool) -> tuple[int, str]:
    """Build sdist and wheel from a copy of source; (exit status, combined log)."""
    with tempfile.TemporaryDirectory(prefix="build-warnings-") as scratch:
        copy = Path(scratch) / "src"
        shutil.copytree(source, copy, ignore=SKIP)
        out = Path(scratch) / "dist"
        out.mkdir()
        log = ""
        for command in build_commands(out, copy, isolated):
            result = subprocess.run(
                command,
                cwd=copy,
                capture_output=True,
                text=True,
                check=False,
                env=_build_environment(),
            )
            log += result.stdout + result.stderr
            if result.returncode != 0:
                return result.returncode, log
        if not any(out.glob("*.whl")):
            return 2, log + "\nthe build reported success but left no wheel\n"
        return 0, log


def _build_environment() -> dict[str, str]:
    env = dict(os.environ)
    # Show every warning once, including DeprecationWarning, which Python hides by default.
    env["PYTHONWARNINGS"] = "default"
    env.pop("SETUPTOOLS_ENABLE_FEATURES", None)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-isolation",
        action="store_true",
        help="build with the backend installed in this environment (requirements/build.txt)",
    )
    parser.add_argument("--log", type=Path, help="scan this build log instead of building")
    parser.add_argument(
        "--source", type=Path, default=ROOT, help="the project to build (default: this one)"
    )
    args = parser.parse_args(argv)

    if args.log is not None:
        log = args.log.read_text(encoding="utf-8", errors="replace")
    else:
        if args.no_isolation:
            missing = missing_build_requirements(args.source / "pyproject.toml")
            if missing:
                print("the build backend here does not match [build-system] requires:")
                print("\n".join(f"  {line}" for line in missing))
                print("install it: pip install --require-hashes -r requirements/build.txt")
                return 2
        status, log = build(args.source, isolated=not args.no_isolation)
        if status != 0:
            print(log)
            print(f"the build failed (exit status {status})", file=sys.stderr)
            return 2

    deprecations = find_deprecations(log)
    if deprecations:
        print("the build backend reported deprecations; fix them before they become errors:")
        print("\n".join(f"  {line}" for line in deprecations))
        return 1
    print("build: no deprecation warnings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
