"""tools/check_build_warnings.py: the project builds without a deprecation notice, and a
notice in a build log, or from a project still using a deprecated form, fails the check.

The builds use the backend installed in this environment (--no-isolation, from
requirements/build.txt), so no package index is needed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "check_build_warnings.py"

SAMPLE_LOG = """\
* Building wheel...
running bdist_wheel
/tmp/build-env/lib/python3.11/site-packages/setuptools/config/_apply_pyprojecttoml.py:82: SetuptoolsDeprecationWarning: `project.license` as a TOML table is deprecated
!!

        ********************************************************************************
        Please use a simple string containing a SPDX expression for `project.license`.

        By 2027-Feb-18, you need to update your project and remove deprecated calls
        or your builds will no longer be supported.
        ********************************************************************************

!!
  corresp(dist, value, root_dir)
adding 'example-0.1.0.dist-info/RECORD'
Successfully built example-0.1.0.tar.gz and example-0.1.0-py3-none-any.whl
"""


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_build_warnings", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_project_builds_without_deprecation_warnings() -> None:
    result = run_tool("--no-isolation")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no deprecation warnings" in result.stdout


def test_a_deprecation_line_in_a_log_fails_the_check(tmp_path: Path) -> None:
    log = tmp_path / "build.log"
    log.write_text(SAMPLE_LOG, encoding="utf-8")
    result = run_tool("--log", str(log))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "`project.license` as a TOML table is deprecated" in result.stdout


def test_a_clean_log_passes(tmp_path: Path) -> None:
    log = tmp_path / "build.log"
    clean = "\n".join(line for line in SAMPLE_LOG.splitlines() if "deprecat" not in line)
    log.write_text(clean, encoding="utf-8")
    assert run_tool("--log", str(log)).returncode == 0


def test_the_patterns_a_backend_uses() -> None:
    find = load_tool().find_deprecations
    assert find(SAMPLE_LOG) == [
        "/tmp/build-env/lib/python3.11/site-packages/setuptools/config/_apply_pyprojecttoml.py:82:"
        " SetuptoolsDeprecationWarning: `project.license` as a TOML table is deprecated"
    ]
    assert find("x.py:3: DeprecationWarning: pkg_resources goes away") != []
    assert find("License classifiers are deprecated.") != []
    assert find("warning: build_py: byte-compiling is disabled, skipping.") == []


def test_a_project_with_the_old_license_table_fails(tmp_path: Path) -> None:
    """A real build of a tiny project in the deprecated form: the check must see it."""
    (tmp_path / "example").mkdir()
    (tmp_path / "example" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "example"\nversion = "0.1.0"\n'
        'license = { text = "GPL-3.0-or-later" }\n'
        '[tool.setuptools]\npackages = ["example"]\n',
        encoding="utf-8",
    )
    result = run_tool("--no-isolation", "--source", str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is deprecated" in result.stdout
