"""What is (and is not) inside the frozen app: the files and the PYZ archive's modules."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest
from PyInstaller.archive.readers import CArchiveReader

from tests.packaging.conftest import REPO_ROOT, LinuxBuild

SERVICE_ONLY = (
    "server",
    "fastapi",
    "starlette",
    "sqlalchemy",
    "uvicorn",
    "psycopg",
    "psycopg_binary",
    "asyncpg",
    "alembic",
    "pydantic",
    "pydantic_core",
)
TEST_ONLY = ("tests", "pytest", "_pytest", "hypothesis", "schemathesis", "pytestqt")
UNUSED_QT = ("Qml", "Quick", "Pdf", "Network", "Sql", "Designer", "WebEngine", "Test")
KEYRING_BACKENDS = (
    "keyring.backends.SecretService",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.kwallet",
    "keyring.backends.chainer",
)


def pyz_modules(build: LinuxBuild) -> set[str]:
    archive = CArchiveReader(str(build.executable))
    return set(archive.open_embedded_archive("PYZ.pyz").toc)


def bundle_files(build: LinuxBuild) -> list[str]:
    return sorted(path.relative_to(build.onedir).as_posix() for path in build.onedir.rglob("*"))


def qt_modules_the_app_imports() -> set[str]:
    found = set()
    for path in (REPO_ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("PySide6."):
                    found.add(node.module.split(".")[1])
                elif node.module == "PySide6":
                    found.update(alias.name for alias in node.names if alias.name.startswith("Qt"))
    return found


def test_the_bundle_carries_no_service_or_test_code(linux_build: LinuxBuild) -> None:
    modules = pyz_modules(linux_build)
    assert "app.main" in modules and "app.ui.desk" in modules  # the reader sees the app
    leaked = sorted(m for m in modules if m.split(".")[0] in SERVICE_ONLY + TEST_ONLY)
    assert leaked == [], f"modules that belong to the service or the tests: {leaked[:20]}"
    top_level = sorted(path.name for path in linux_build.onedir.iterdir())
    assert top_level == ["_internal", "privacy-desk"]
    internal = {
        path.name.split("-")[0].split(".")[0].lower()
        for path in (linux_build.onedir / "_internal").iterdir()
    }
    assert not internal & {name.lower() for name in SERVICE_ONLY + TEST_ONLY}, internal


def test_qt_is_trimmed_to_what_the_app_uses(linux_build: LinuxBuild) -> None:
    files = bundle_files(linux_build)
    libraries = [name for name in files if re.search(r"libQt6\w+\.so", name)]
    unused = [name for name in libraries if re.search(r"libQt6(" + "|".join(UNUSED_QT) + ")", name)]
    assert unused == []
    bindings = {
        Path(name).name.split(".")[0]
        for name in files
        if re.fullmatch(r"_internal/PySide6/Qt\w+\.abi3\.so", name)
    }
    assert bindings == qt_modules_the_app_imports() == {"QtCore", "QtGui", "QtWidgets"}
    translations = [n for n in files if "/Qt/translations/" in n and n.endswith(".qm")]
    assert translations, "Qt's own translations for en and nl are missing"
    assert all(re.search(r"/qt(base)?_(en|nl)\.qm$", name) for name in translations), translations
    platforms = {Path(name).name for name in files if "/Qt/plugins/platforms/" in name}
    assert {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"} <= platforms
    assert not platforms & {"libqeglfs.so", "libqlinuxfb.so", "libqvnc.so", "libqvkkhrdisplay.so"}
    formats = {Path(name).name for name in files if "/Qt/plugins/imageformats/" in name}
    assert formats <= {"libqsvg.so", "libqico.so"}, formats
    plugin_kinds = {
        name.split("/")[4] for name in files if name.count("/") >= 5 and "/Qt/plugins/" in name
    }
    assert not plugin_kinds & {"sqldrivers", "qmltooling", "tls", "networkinformation", "designer"}


def test_keyring_backends_come_with_their_entry_points(linux_build: LinuxBuild) -> None:
    modules = pyz_modules(linux_build)
    missing = [name for name in KEYRING_BACKENDS if name not in modules]
    assert missing == []
    assert {"jeepney", "truststore"} <= {m.split(".")[0] for m in modules}
    assert "app.auth.secret_service.backend" in modules  # the Secret Service, our own way


def test_no_second_openssl_rides_along(linux_build: LinuxBuild) -> None:
    """secretstorage and cryptography (which brings its own OpenSSL) stay out: the Secret
    Service client and the receipt check use CPython's own libcrypto and plain Python."""
    modules = pyz_modules(linux_build)
    top = {m.split(".")[0] for m in modules}
    assert not top & {"secretstorage", "cryptography", "cffi", "_cffi_backend"}, sorted(top)
    shipped = [p.name for p in (linux_build.onedir / "_internal").iterdir()]
    assert not [n for n in shipped if n.startswith(("cryptography", "_cffi", "secretstorage"))]
    assert [n for n in shipped if n.startswith("libcrypto.so")]  # CPython's, for _ssl
    entry_points = list(linux_build.onedir.glob("_internal/keyring-*.dist-info/entry_points.txt"))
    assert entry_points, "keyring's metadata (its backends' entry points) is not in the bundle"
    assert "SecretService = keyring.backends.SecretService" in entry_points[0].read_text()


def test_the_app_metadata_resources_and_translations_are_bundled(linux_build: LinuxBuild) -> None:
    internal = linux_build.onedir / "_internal"
    metadata = list(internal.glob("privacy_desk-*.dist-info/METADATA"))
    assert len(metadata) == 1
    assert f"Version: {linux_build.version}" in metadata[0].read_text().splitlines()
    assert not list(internal.glob("*.egg-info"))
    assert sorted(p.name for p in (internal / "resources" / "translations").glob("*.qm")) == [
        "privacy_desk_en.qm",
        "privacy_desk_nl.qm",
    ]
    icon = internal / "resources" / "icons" / "hicolor" / "256x256" / "apps"
    assert (icon / "org.privacydesk.PrivacyDesk.png").is_file()


@pytest.mark.parametrize("kind", ["RUNPATH", "RPATH"])
def test_no_shared_object_looks_for_libraries_outside_the_bundle(
    linux_build: LinuxBuild, kind: str
) -> None:
    foreign = []
    for path in linux_build.onedir.rglob("*.so*"):
        if path.is_symlink():
            continue
        dynamic = subprocess.run(
            ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for value in re.findall(rf"\({kind}\)\s+Library \w+: \[([^\]]*)\]", dynamic):
            if any(not entry.startswith("$ORIGIN") for entry in value.split(":")):
                foreign.append(f"{path.relative_to(linux_build.onedir)}: {value}")
    assert foreign == []
