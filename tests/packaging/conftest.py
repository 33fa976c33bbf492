"""One Linux build for all the packaging tests: the onedir and the three packages.

Building takes a minute or two, so the session builds once, into a temporary folder, with
`packaging/build.py` (what `make package` runs). To test a build you already have, point
PRIVACY_DESK_PACKAGE_DIR at its dist/ folder (it must hold privacy-desk/, the .deb, the
.rpm and the .tar.gz).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_SECONDS = 1200


@dataclass(frozen=True)
class LinuxBuild:
    dist: Path
    version: str

    @property
    def onedir(self) -> Path:
        return self.dist / "privacy-desk"

    @property
    def executable(self) -> Path:
        return self.onedir / "privacy-desk"

    @property
    def deb(self) -> Path:
        return self.dist / f"privacy-desk_{self.version}_amd64.deb"

    @property
    def rpm(self) -> Path:
        return self.dist / f"privacy-desk-{self.version}-1.x86_64.rpm"

    @property
    def tarball(self) -> Path:
        return self.dist / f"privacy-desk-{self.version}-linux-x86_64.tar.gz"

    @property
    def installers(self) -> list[Path]:
        return [self.deb, self.rpm, self.tarball]


def project_version() -> str:
    with (REPO_ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


@pytest.fixture(scope="session")
def linux_build(tmp_path_factory: pytest.TempPathFactory) -> LinuxBuild:
    if not sys.platform.startswith("linux"):
        pytest.fail("the Linux packaging tests run on Linux", pytrace=False)
    given = os.environ.get("PRIVACY_DESK_PACKAGE_DIR")
    if given:
        build = LinuxBuild(Path(given).resolve(), project_version())
    else:
        root = tmp_path_factory.mktemp("package")
        build = LinuxBuild(root / "dist", project_version())
        result = subprocess.run(
            [
                sys.executable,
                str(REPO_ROOT / "packaging" / "build.py"),
                "--dist",
                str(build.dist),
                "--work",
                str(root / "build"),
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"packaging/build.py failed (exit {result.returncode}):\n"
                f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}",
                pytrace=False,
            )
    missing = [str(path) for path in [build.executable, *build.installers] if not path.exists()]
    if missing:
        pytest.fail(f"the build lacks {', '.join(missing)}", pytrace=False)
    return build
