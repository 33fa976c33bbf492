"""The .deb, the .rpm and the .tar.gz: their files, metadata, dependencies and validators."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.packaging.conftest import REPO_ROOT, LinuxBuild

sys.path.insert(0, str(REPO_ROOT / "packaging" / "linux"))
import find_depends

APP_ID = "org.privacydesk.PrivacyDesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
INSTALLED = [
    "/opt/privacy-desk/privacy-desk",
    "/usr/bin/privacy-desk",
    f"/usr/share/applications/{APP_ID}.desktop",
    f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
    "/usr/share/doc/privacy-desk/copyright",
    "/usr/share/doc/privacy-desk/changelog.gz",
    "/usr/share/man/man1/privacy-desk.1.gz",
    f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
    *(f"/usr/share/icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES),
]


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False, timeout=600
    )


@pytest.fixture(scope="module")
def deb_tree(linux_build: LinuxBuild, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deb-tree")
    result = run("dpkg-deb", "-x", linux_build.deb, root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_deb_installs_the_expected_files(linux_build: LinuxBuild) -> None:
    listing = run("dpkg-deb", "-c", linux_build.deb)
    assert listing.returncode == 0, listing.stderr
    paths = {line.split()[5].lstrip(".") for line in listing.stdout.splitlines()}
    assert set(INSTALLED) <= paths, sorted(set(INSTALLED) - paths)
    outside = sorted(p for p in paths if not p.startswith(("/opt/privacy-desk", "/usr/")))
    assert outside in ([], ["/", "/opt/"]), outside
    owners = {" ".join(line.split()[1:2]) for line in listing.stdout.splitlines()}
    assert owners == {"root/root"}


def test_the_launcher_runs_the_app_in_opt(deb_tree: Path) -> None:
    launcher = deb_tree / "usr" / "bin" / "privacy-desk"
    assert launcher.read_text() == '#!/bin/sh\nexec /opt/privacy-desk/privacy-desk "$@"\n'
    assert launcher.stat().st_mode & 0o777 == 0o755


def test_desktop_file_validates(deb_tree: Path) -> None:
    desktop = deb_tree / "usr" / "share" / "applications" / f"{APP_ID}.desktop"
    result = run("desktop-file-validate", desktop)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr
    text = desktop.read_text()
    assert f"Icon={APP_ID}\n" in text and "Exec=privacy-desk\n" in text


def test_appstream_metainfo_validates_and_speaks_both_languages(
    deb_tree: Path, linux_build: LinuxBuild
) -> None:
    metainfo = deb_tree / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
    result = run("appstreamcli", "validate", "--no-net", metainfo)
    assert result.returncode == 0, result.stdout + result.stderr
    text = metainfo.read_text()
    assert f"<id>{APP_ID}</id>" in text
    assert '<summary xml:lang="nl">' in text and '<p xml:lang="nl">' in text
    assert f'<release version="{linux_build.version}"' in text
    assert '<content_rating type="oars-1.1"/>' in text
    for name in re.findall(r"/screenshots/([\w.-]+\.png)</image>", text):
        assert (REPO_ROOT / "docs" / "screenshots" / name).is_file(), name


def test_lintian_reports_nothing_beyond_the_justified_overrides(linux_build: LinuxBuild) -> None:
    result = run(
        "lintian", "--display-info", "--pedantic", "--tag-display-limit", "0", linux_build.deb
    )
    tags = [line for line in result.stdout.splitlines() if re.match(r"^[EWIPX]: ", line)]
    assert result.returncode == 0 and tags == [], result.stdout + result.stderr
    overrides = (REPO_ROOT / "packaging" / "linux" / "lintian-overrides").read_text()
    blocks = overrides.split("\n\n")[1:]
    for block in blocks:  # every override comes after a comment saying why
        assert block.lstrip().startswith("#"), block


def test_depends_is_what_find_depends_computes(linux_build: LinuxBuild) -> None:
    field = run("dpkg-deb", "-f", linux_build.deb, "Depends")
    assert field.returncode == 0, field.stderr
    computed = find_depends.debian_depends(find_depends.scan(linux_build.onedir))
    assert field.stdout.strip() == ", ".join(computed)
    # The libraries Qt's xcb platform needs and a desktop may lack are among them.
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4"} <= set(computed)


def test_the_rpm_lists_the_expected_paths_and_requires(linux_build: LinuxBuild) -> None:
    listing = run("rpm", "-qlp", linux_build.rpm)
    assert listing.returncode == 0, listing.stderr
    paths = set(listing.stdout.split())
    assert set(INSTALLED) <= paths, sorted(set(INSTALLED) - paths)
    assert not [p for p in paths if "lintian" in p or "DEBIAN" in p]
    requires = run("rpm", "-qp", "--requires", linux_build.rpm)
    wanted = set(find_depends.rpm_requires(find_depends.scan(linux_build.onedir)))
    listed = {line.strip() for line in requires.stdout.splitlines()}
    assert wanted <= listed
    assert {r for r in listed - wanted if not r.startswith("rpmlib(")} == {"hicolor-icon-theme"}
    # AutoReqProv is off: the bundle's private libraries are not offered to the system.
    provides = run("rpm", "-qp", "--provides", linux_build.rpm).stdout
    assert ".so" not in provides, provides
    info = run("rpm", "-qip", linux_build.rpm).stdout
    assert re.search(rf"^Version\s*: {re.escape(linux_build.version)}$", info, re.M), info


def test_the_tarball_is_the_onedir_with_desktop_file_icons_and_readme(
    linux_build: LinuxBuild,
) -> None:
    top = f"privacy-desk-{linux_build.version}-linux-x86_64"
    with tarfile.open(linux_build.tarball) as tar:
        members = {member.name: member for member in tar.getmembers()}
    for name in (
        "privacy-desk",
        "_internal/base_library.zip",
        "README.txt",
        "install-desktop-entry.sh",
        f"share/applications/{APP_ID}.desktop",
        f"share/icons/hicolor/48x48/apps/{APP_ID}.png",
        f"share/metainfo/{APP_ID}.metainfo.xml",
    ):
        assert f"{top}/{name}" in members, name
    assert members[f"{top}/privacy-desk"].mode & 0o111
    assert all(name == top or name.startswith(f"{top}/") for name in members)


def test_every_installer_has_its_sbom_beside_it(linux_build: LinuxBuild) -> None:
    for installer in linux_build.installers:
        sbom = installer.with_name(installer.name + ".cdx.json")
        assert sbom.is_file(), sbom
        assert (
            '"bomFormat": "CycloneDX"' in sbom.read_text()
            or '"bomFormat":"CycloneDX"' in sbom.read_text()
        )
