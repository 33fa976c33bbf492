"""The frozen app, run on its own: --version, and --self-test under a real Secret Service.

The child gets a private D-Bus session with a freshly unlocked gnome-keyring, a clean
environment (no PYTHONPATH, no venv on PATH, its own HOME) and a working directory outside
the source tree, so what it reports is what the bundle itself carries.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.packaging.conftest import REPO_ROOT, LinuxBuild
from tests.support.child_process import (
    THROWAWAY_KEYRING_PASSWORD,
    describe,
    report_fields,
    run_child,
    under_secret_service,
)


def clean_env(tmp_path: Path) -> dict[str, str]:
    for name in ("home", "runtime"):
        (tmp_path / name).mkdir(mode=0o700, exist_ok=True)
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "TEST_KEYRING_PASSWORD": THROWAWAY_KEYRING_PASSWORD,
    }


def qt_modules_the_app_imports() -> set[str]:
    found = set()
    for path in (REPO_ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                found.add(str(node.module).split(".")[1])
    return found


def test_version_is_the_one_in_pyproject(linux_build: LinuxBuild, tmp_path: Path) -> None:
    result = run_child(
        [str(linux_build.executable), "--version"], clean_env(tmp_path), cwd=tmp_path
    )
    assert result.returncode == 0, describe(result)
    assert result.stdout.strip() == f"privacy-desk {linux_build.version}"


def test_self_test_under_a_real_secret_service(linux_build: LinuxBuild, tmp_path: Path) -> None:
    result = run_child(
        under_secret_service([str(linux_build.executable), "--self-test"]),
        clean_env(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, describe(result)
    report = report_fields(result.stdout)
    assert report.get("version") == linux_build.version, describe(result)
    keyring = "app.auth.secret_service.backend.SecretServiceKeyring"
    assert report.get("keyring") == keyring, describe(result)
    assert report.get("translations") == "en nl", describe(result)
    assert report.get("app-id") == "org.privacydesk.PrivacyDesk", describe(result)
    assert report.get("qt", "").startswith("6."), describe(result)
    # Every Qt module the app imports loads in the frozen build.
    assert set(report.get("qt-modules", "").split()) >= qt_modules_the_app_imports()
