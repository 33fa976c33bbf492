"""packaging/sbom.py on a small fake PyInstaller 6 onedir built from this venv's packages.

The bundle holds two distributions with their .dist-info (certifi, idna), one package
without metadata (platformdirs: found through the venv's RECORD), a Qt library with the
top-level symlink PyInstaller makes for it, the Python runtime's archive and a file of our
own. The lock is written by the test, so the hashes it expects are known.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"certifi": True, "idna": True, "platformdirs": False}  # name -> copy .dist-info


def load_sbom() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "privacy_desk_sbom", ROOT / "packaging" / "sbom.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


sbom = load_sbom()


def fake_hash(name: str, index: int) -> str:
    return f"{sum(map(ord, name)) % 256:02x}{index:02x}".ljust(64, "0")


def copy_distribution(name: str, internal: Path, with_metadata: bool) -> None:
    distribution = metadata.distribution(name)
    site = Path(str(distribution.locate_file("")))
    for path in distribution.files or []:
        source = site / path
        if str(path).startswith("..") or "__pycache__" in path.parts or not source.is_file():
            continue
        if path.parts[0].endswith(".dist-info") and not with_metadata:
            continue
        target = internal / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "privacy-desk"
    internal = bundle / "_internal"
    internal.mkdir(parents=True)
    for name, with_metadata in PACKAGES.items():
        copy_distribution(name, internal, with_metadata)
    qt = internal / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6"
    qt.parent.mkdir(parents=True)
    qt.write_bytes(b"\x7fELF not really Qt")
    (internal / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")
    (internal / "base_library.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    own = internal / "resources" / "translations" / "privacy_desk_nl.qm"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"<qm>")
    return bundle


@pytest.fixture
def lock(tmp_path: Path) -> Path:
    lines = ["# written by the test"]
    for name in PACKAGES:
        lines.append(f"{name}=={metadata.version(name)} \\")
        lines.append(f"    --hash=sha256:{fake_hash(name, 1)} \\")
        lines.append(f"    --hash=sha256:{fake_hash(name, 2)}")
    path = tmp_path / "app.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(bundle: Path, lock: Path, *more: str) -> tuple[int, dict[str, Any], Path]:
    out = bundle.parent / "privacy-desk.cdx.json"
    licenses = bundle / "_internal" / "licenses"
    arguments = ["--bundle", str(bundle), "--lock", str(lock), *more, "--out", str(out)]
    status = sbom.main([*arguments, "--licenses-dir", str(licenses)])
    return status, json.loads(out.read_text(encoding="utf-8")), licenses


def components(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {component["name"]: component for component in document["components"]}


def test_every_bundled_file_belongs_to_a_named_component(bundle: Path, lock: Path) -> None:
    status, document, licenses = run(bundle, lock)
    assert status == 0
    assert document["bomFormat"] == "CycloneDX" and document["specVersion"] == "1.6"
    named = [document["metadata"]["component"], *document["components"]]
    owned = {
        occurrence["location"]: component["name"]
        for component in named
        for occurrence in component.get("evidence", {}).get("occurrences", [])
    }
    files = [
        path.relative_to(bundle).as_posix()
        for path in (bundle / "_internal").rglob("*")
        if (path.is_file() or path.is_symlink()) and licenses not in path.parents
    ]
    assert len(files) > 20
    assert [f for f in files if f not in owned] == []
    assert owned["_internal/idna/core.py"] == "idna"
    assert owned["_internal/platformdirs/__init__.py"] == "platformdirs"
    assert owned["_internal/libQt6Core.so.6"] == "Qt6Core"
    assert owned["_internal/base_library.zip"] == "cpython"
    # Our own files belong to the SBOM's subject, not to one of its components.
    assert owned["_internal/resources/translations/privacy_desk_nl.qm"] == "privacy-desk"
    assert "privacy-desk" not in components(document)


def test_a_macos_app_bundle_is_walked_in_frameworks_and_resources(bundle: Path, lock: Path) -> None:
    """PyInstaller 6 .app: binaries in Contents/Frameworks, data in Contents/Resources,
    cross-linked by symlinks."""
    app = bundle.parent / "Privacy Desk.app"
    frameworks = app / "Contents" / "Frameworks"
    frameworks.parent.mkdir(parents=True)
    (bundle / "_internal").rename(frameworks)
    resources = app / "Contents" / "Resources"
    (resources / "certifi").mkdir(parents=True)
    (frameworks / "certifi" / "cacert.pem").rename(resources / "certifi" / "cacert.pem")
    (frameworks / "certifi" / "cacert.pem").symlink_to("../../Resources/certifi/cacert.pem")
    out = bundle.parent / "app.cdx.json"
    licenses = resources / "licenses"
    arguments = ["--bundle", str(app), "--lock", str(lock), "--out", str(out)]
    assert sbom.main([*arguments, "--licenses-dir", str(licenses)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    owned = {
        occurrence["location"]: component["name"]
        for component in [document["metadata"]["component"], *document["components"]]
        for occurrence in component.get("evidence", {}).get("occurrences", [])
    }
    assert owned["Contents/Resources/certifi/cacert.pem"] == "certifi"
    assert owned["Contents/Frameworks/certifi/cacert.pem"] == "certifi"
    assert owned["Contents/Frameworks/libQt6Core.so.6"] == "Qt6Core"
    assert (licenses / "certifi").is_dir()


def test_components_carry_version_purl_licence_and_the_lock_hashes(
    bundle: Path, lock: Path
) -> None:
    _, document, _ = run(bundle, lock)
    found = components(document)
    for name in PACKAGES:
        component = found[canonicalize_name(name)]
        version = metadata.version(name)
        assert component["version"] == version
        assert component["purl"] == f"pkg:pypi/{canonicalize_name(name)}@{version}"
        assert [h["content"] for h in component["hashes"]] == [
            fake_hash(name, 1),
            fake_hash(name, 2),
        ]
        assert all(h["alg"] == "SHA-256" for h in component["hashes"])
        assert component["licenses"], name
    qt = found["Qt6Core"]
    assert qt["version"] == metadata.version("PySide6-Essentials")
    assert qt["licenses"] == [{"license": {"id": "LGPL-3.0-only"}}]
    assert qt["purl"].startswith("pkg:generic/qt/Qt6Core@")


def test_licence_texts_are_copied_into_the_bundle(bundle: Path, lock: Path) -> None:
    _, _, licenses = run(bundle, lock)
    certifi_texts = [p for p in (licenses / "certifi").iterdir() if p.name.startswith("LICENSE")]
    assert certifi_texts and "Mozilla Public License" in certifi_texts[0].read_text()
    assert (licenses / "idna").is_dir() and (licenses / "platformdirs").is_dir()
    lgpl = (licenses / "Qt6Core" / "LGPL-3.0.txt").read_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl
    assert "GNU GENERAL PUBLIC LICENSE" in (licenses / "Qt6Core" / "GPL-3.0.txt").read_text()
    assert (licenses / "privacy-desk" / "LICENSE").is_file()


def add_distribution(bundle: Path, lock: Path, name: str, license_line: str) -> None:
    internal = bundle / "_internal"
    info = internal / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n{license_line}\n", encoding="utf-8"
    )
    (info / "RECORD").write_text(
        f"{name}/__init__.py,,\n{name}-1.0.dist-info/METADATA,,\n{name}-1.0.dist-info/RECORD,,\n",
        encoding="utf-8",
    )
    (info / "LICENSE").write_text("All rights reserved.\n", encoding="utf-8")
    (internal / name).mkdir()
    (internal / name / "__init__.py").write_text("", encoding="utf-8")
    with lock.open("a", encoding="utf-8") as handle:
        handle.write(f"{name}==1.0 \\\n    --hash=sha256:{fake_hash(name, 1)}\n")


def test_an_incompatible_licence_fails_with_its_name(
    bundle: Path, lock: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_distribution(bundle, lock, "lockedin", "License: Proprietary")
    status, document, _ = run(bundle, lock)
    assert status == 1
    errors = capsys.readouterr().err
    assert "pypi:lockedin@1.0: Proprietary" in errors
    assert "certifi" not in errors
    assert "lockedin" in components(document)  # the SBOM is still written, for inspection


def test_a_package_without_a_licence_fails(
    bundle: Path, lock: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_distribution(bundle, lock, "silent", "Summary: says nothing about its licence")
    assert run(bundle, lock)[0] == 1
    assert "pypi:silent@1.0: no licence found" in capsys.readouterr().err


def test_a_file_nobody_owns_fails(
    bundle: Path, lock: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bundle / "_internal" / "mystery.dat").write_bytes(b"?")
    assert run(bundle, lock)[0] == 1
    assert "no component owns the bundled file _internal/mystery.dat" in capsys.readouterr().err


def test_a_package_off_the_lock_fails(
    bundle: Path, lock: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = lock.read_text(encoding="utf-8")
    version = metadata.version("idna")
    lock.write_text(text.replace(f"idna=={version}", "idna==0.1"), encoding="utf-8")
    assert run(bundle, lock)[0] == 1
    assert f"idna: the bundle has {version}, app.txt pins 0.1" in capsys.readouterr().err


def test_a_package_from_a_wider_lock_is_accepted_and_noted(
    bundle: Path, lock: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The freezer may pick up what the build venv has beyond the app (an optional import)."""
    text = lock.read_text(encoding="utf-8")
    start = text.index("platformdirs==")
    dev = lock.parent / "dev.txt"
    dev.write_text(text[start:], encoding="utf-8")
    lock.write_text(text[:start], encoding="utf-8")
    assert run(bundle, lock)[0] == 1
    assert "platformdirs" in capsys.readouterr().err
    status, document, _ = run(bundle, lock, "--lock", str(dev))
    assert status == 0
    assert "platformdirs is bundled but is no app dependency (pinned in dev.txt)" in (
        capsys.readouterr().out
    )
    assert components(document)["platformdirs"]["hashes"]


@pytest.mark.parametrize(
    ("expression", "allowed"),
    [
        ("MIT", True),
        ("Apache-2.0 OR BSD-3-Clause", True),
        ("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0", True),
        ("GPL-2.0-or-later WITH Bootloader-exception", True),
        ("(MIT AND BSD-2-Clause) OR Proprietary", True),
        ("GPL-2.0-only", False),
        ("MIT AND Proprietary", False),
        ("LicenseRef-Commercial", False),
        ("MIT OR", False),
    ],
)
def test_the_licence_policy(expression: str, allowed: bool) -> None:
    assert sbom.license_allowed(expression) is allowed
