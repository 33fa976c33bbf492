"""find_depends.py and tidy_bundle.py on small hand-made bundles (no PyInstaller build)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "packaging" / "linux"))
import find_depends
import tidy_bundle

# A small system library every Debian has, linked against libc only.
SAMPLE = Path("/lib/x86_64-linux-gnu/libuuid.so.1")


def patchelf(*args: str | Path) -> None:
    if shutil.which("patchelf") is None:
        pytest.fail("patchelf not found: install the Debian package patchelf")
    subprocess.run(["patchelf", *map(str, args)], check=True)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    root = tmp_path / "bundle"
    (root / "_internal" / "plugins").mkdir(parents=True)
    shutil.copyfile(SAMPLE, root / "_internal" / "libshipped.so.1")
    plugin = root / "_internal" / "plugins" / "libplugin.so"
    shutil.copyfile(SAMPLE, plugin)
    # The plugin needs a library shipped beside it and one only the system has.
    patchelf("--add-needed", "libshipped.so.1", plugin)
    patchelf("--add-needed", "libz.so.1", plugin)
    return root


def test_system_libraries_map_to_their_debian_packages(bundle: Path) -> None:
    libraries = find_depends.scan(bundle)
    assert set(libraries.system) == {"libc.so.6", "libz.so.1"}  # libshipped is in the bundle
    depends = find_depends.debian_depends(libraries)
    assert "zlib1g" in depends
    assert any(entry.startswith("libc6 (>= 2.") for entry in depends)
    assert find_depends.rpm_requires(libraries) == ["libc.so.6()(64bit)", "libz.so.1()(64bit)"]


def test_a_library_that_does_not_resolve_stops_the_build(bundle: Path) -> None:
    patchelf(
        "--add-needed", "libnowhere-to-be-found.so.7", bundle / "_internal" / "libshipped.so.1"
    )
    libraries = find_depends.scan(bundle)
    with pytest.raises(find_depends.DependencyError, match=r"libnowhere-to-be-found\.so\.7"):
        find_depends.debian_depends(libraries)
    assert find_depends.main([str(bundle)]) == 1


def test_tidy_removes_run_paths_outside_the_bundle_and_strips(bundle: Path) -> None:
    plugin = bundle / "_internal" / "plugins" / "libplugin.so"
    patchelf("--set-rpath", "/root/.pyenv/versions/3.11.7/lib:$ORIGIN/..", plugin)
    shipped = bundle / "_internal" / "libshipped.so.1"
    patchelf("--set-rpath", "/opt/elsewhere/lib", shipped)
    counts = tidy_bundle.tidy(bundle)
    assert counts == {"stripped": 2, "runpaths_fixed": 2}
    assert tidy_bundle.runpath(plugin) == "$ORIGIN/.."
    assert tidy_bundle.runpath(shipped) is None
    symbols = subprocess.run(["readelf", "-S", "-W", str(plugin)], capture_output=True, text=True)
    assert ".symtab" not in symbols.stdout and ".comment" not in symbols.stdout
