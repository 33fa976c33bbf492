"""`make package`: the frozen app and this operating system's installers, in dist/.

    python packaging/build.py                 # everything for this OS
    python packaging/build.py --reuse-bundle  # keep dist/privacy-desk, redo the installers
    python packaging/build.py --formats deb   # Linux: only some of deb, rpm, tar

Steps: PyInstaller with packaging/privacy-desk.spec (dist/privacy-desk/, and on macOS
dist/Privacy Desk.app) → the SBOM and licence texts (packaging/sbom.py) → the installers:

- Linux: dist/privacy-desk_<version>_amd64.deb (dpkg-deb), dist/privacy-desk-<version>-1.x86_64.rpm
  (rpmbuild), dist/privacy-desk-<version>-linux-x86_64.tar.gz;
- Windows: makensis on packaging/windows/privacy-desk.nsi;
- macOS: packaging/macos/build-dmg.sh.

Each installer gets its SBOM beside it as <installer>.cdx.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import tomllib
from dataclasses import dataclass
from datetime import UTC, date
from email.utils import format_datetime
from importlib import metadata
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
LINUX = PACKAGING / "linux"
SPEC = PACKAGING / "privacy-desk.spec"
ICONS = REPO / "resources" / "icons"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

sys.path.insert(0, str(LINUX))
import find_depends  # noqa: E402
import tidy_bundle  # noqa: E402

APP_ID = "org.privacydesk.PrivacyDesk"
APP_NAME = "Privacy Desk"
PACKAGE = "privacy-desk"
INSTALL_DIR = f"/opt/{PACKAGE}"
MAINTAINER = "The Privacy Desk authors <maintainers@privacy-desk.example>"
HOMEPAGE = "https://privacy-desk.example/"
SUMMARY = "See and steer what your media service knows about you"
DESCRIPTION = (
    "Privacy Desk shows what a media service keeps about you and lets you decide\n"
    "what it may do with it. Every change is confirmed by the service and comes\n"
    "with a signed receipt that stays on your own computer. The sign-in token is\n"
    "kept in the system keyring (Secret Service)."
)
LAUNCHER = f'#!/bin/sh\nexec {INSTALL_DIR}/{PACKAGE} "$@"\n'


class BuildError(RuntimeError):
    pass


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(command: list[str], **kwargs: object) -> None:
    print("    $ " + " ".join(str(part) for part in command), flush=True)
    result = subprocess.run([str(part) for part in command], check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise BuildError(f"{Path(str(command[0])).name} failed with exit code {result.returncode}")


# --- What is being built -----------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    notes: list[str]
    notes_nl: list[str]


def project_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def releases() -> list[Release]:
    with (PACKAGING / "releases.toml").open("rb") as file:
        data = tomllib.load(file)
    return [
        Release(str(r["version"]), str(r["date"]), list(r["notes"]), list(r["notes_nl"]))
        for r in data["release"]
    ]


def check_version(version: str) -> None:
    """The frozen app reads its version from the installed metadata: it must be current."""
    try:
        installed = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        installed = None
    if installed != version:
        raise BuildError(
            f"pyproject.toml says {version} but the installed {PACKAGE} metadata says "
            f"{installed}; run `{sys.executable} -m pip install -e .` first"
        )
    if version not in {release.version for release in releases()}:
        raise BuildError(f"packaging/releases.toml has no notes for version {version}")


def debian_version(version: str) -> str:
    """PEP 440 → Debian: pre-releases sort before the release (0.2.0rc1 → 0.2.0~rc1)."""
    return re.sub(r"\.?(a|b|rc|dev)(\d*)", r"~\1\2", version)


def machine() -> str:
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(
        platform.machine().lower(), platform.machine()
    )


# --- Frozen app and SBOM -----------------------------------------------------------------


def freeze(dist: Path, work: Path) -> Path:
    step("PyInstaller: the frozen app")
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            dist,
            "--workpath",
            work / "pyinstaller",
            SPEC,
        ],
        # Not the source tree: with it as the current directory, a stale
        # privacy_desk.egg-info there would be taken for the app's metadata.
        cwd=work,
    )
    return dist / PACKAGE


def write_sbom(bundle: Path, work: Path) -> Path:
    """The CycloneDX SBOM of the bundle, licence texts copied in, licences checked
    (packaging/sbom.py; docs/dependencies.md)."""
    step("SBOM and licence texts")
    out = work / "sbom.cdx.json"
    run(
        [
            sys.executable,
            PACKAGING / "sbom.py",
            "--bundle",
            bundle,
            "--out",
            out,
            "--lock",
            REPO / "requirements" / "app.txt",
            "--licenses-dir",
            bundle / "_internal" / "licenses",
        ],
        cwd=REPO,
    )
    return out


def place_sbom(sbom: Path, installer: Path) -> None:
    shutil.copyfile(sbom, installer.with_name(installer.name + ".cdx.json"))


# --- Linux ---------------------------------------------------------------------------------


def metainfo_text(all_releases: list[Release]) -> str:
    blocks = []
    for release in all_releases:
        items = "\n".join(f"          <li>{escape(note)}</li>" for note in release.notes)
        items_nl = "\n".join(f"          <li>{escape(note)}</li>" for note in release.notes_nl)
        blocks.append(
            f'    <release version="{release.version}" date="{release.date}">\n'
            "      <description>\n"
            f"        <ul>\n{items}\n        </ul>\n"
            f'        <ul xml:lang="nl">\n{items_nl}\n        </ul>\n'
            "      </description>\n"
            "    </release>"
        )
    template = (LINUX / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8")
    return template.replace("@RELEASES@", "\n".join(blocks))


def _release_time(release: Release) -> str:
    year, month, day = (int(part) for part in release.date.split("-"))
    from datetime import datetime

    return format_datetime(datetime(year, month, day, 12, 0, tzinfo=UTC))


def debian_changelog(all_releases: list[Release]) -> str:
    entries = []
    for release in all_releases:
        notes = "\n".join(
            textwrap.fill(note, width=78, initial_indent="  * ", subsequent_indent="    ")
            for note in release.notes
        )
        entries.append(
            f"{PACKAGE} ({debian_version(release.version)}) unstable; urgency=medium\n\n"
            f"{notes}\n\n -- {MAINTAINER}  {_release_time(release)}\n"
        )
    return "\n".join(entries)


def rpm_changelog(all_releases: list[Release]) -> str:
    entries = []
    for release in all_releases:
        day = date.fromisoformat(release.date).strftime("%a %b %d %Y")
        notes = "\n".join(f"- {note}" for note in release.notes)
        entries.append(f"* {day} {MAINTAINER} - {release.version}-1\n{notes}")
    return "\n\n".join(entries)


def _gzip_file(text: str, path: Path) -> None:
    # mtime=0 and no file name in the header: the same bytes on every build (gzip -9n).
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as handle,
    ):
        handle.write(text.encode("utf-8"))


def _normalise_modes(root: Path, executables: set[Path]) -> None:
    for path in root.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path in executables else 0o644)


def stage_linux(bundle: Path, stage: Path, all_releases: list[Release]) -> None:
    """The installed file tree shared by the .deb and the .rpm."""
    step(f"staging the installed tree in {stage}")
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / INSTALL_DIR.lstrip("/")
    shutil.copytree(bundle, opt, symlinks=True)
    launcher = stage / "usr" / "bin" / PACKAGE
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER, encoding="utf-8")
    share = stage / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copyfile(LINUX / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    (share / "metainfo").mkdir()
    (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(
        metainfo_text(all_releases), encoding="utf-8"
    )
    for size in HICOLOR_SIZES:
        source = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if not source.is_file():
            raise BuildError(f"icon missing: {source.relative_to(REPO)}")
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True)
        shutil.copyfile(source, target)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True)
    shutil.copyfile(ICONS / "privacy-desk.svg", scalable)
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copyfile(LINUX / "copyright", doc / "copyright")
    man = share / "man" / "man1"
    man.mkdir(parents=True)
    _gzip_file((LINUX / f"{PACKAGE}.1").read_text(encoding="utf-8"), man / f"{PACKAGE}.1.gz")
    _gzip_file(debian_changelog(all_releases), doc / "changelog.gz")
    _normalise_modes(stage, {opt / PACKAGE, launcher})


def _installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += (path.stat().st_size + 1023) // 1024
    return total


def build_deb(stage: Path, work: Path, dist: Path, version: str, depends: list[str]) -> Path:
    step("dpkg-deb: the .deb")
    root = work / "deb-root"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(stage, root, symlinks=True)
    overrides = root / "usr" / "share" / "lintian" / "overrides" / PACKAGE
    overrides.parent.mkdir(parents=True)
    shutil.copyfile(LINUX / "lintian-overrides", overrides)
    overrides.chmod(0o644)
    overrides.parent.chmod(0o755)
    overrides.parent.parent.chmod(0o755)
    control_dir = root / "DEBIAN"
    control_dir.mkdir()
    description = "\n".join(f" {line}" for line in DESCRIPTION.splitlines())
    control = (
        f"Package: {PACKAGE}\n"
        f"Version: {debian_version(version)}\n"
        "Architecture: amd64\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {_installed_size_kib(root)}\n"
        f"Depends: {', '.join(depends)}\n"
        "Recommends: gnome-keyring | libkf5wallet-bin | keepassxc\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        f"Description: {SUMMARY}\n{description}\n"
    )
    (control_dir / "control").write_text(control, encoding="utf-8")
    sums = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and control_dir not in path.parents:
            digest = hashlib.md5(path.read_bytes()).hexdigest()
            sums.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    (control_dir / "md5sums").write_text("".join(sums), encoding="utf-8")
    for path in control_dir.iterdir():
        path.chmod(0o644)
    control_dir.chmod(0o755)
    out = dist / f"{PACKAGE}_{debian_version(version)}_amd64.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, out])
    shutil.rmtree(root)
    return out


def build_rpm(
    stage: Path,
    work: Path,
    dist: Path,
    version: str,
    requires: list[str],
    all_releases: list[Release],
) -> Path:
    step("rpmbuild: the .rpm")
    top = work / "rpm"
    if top.exists():
        shutil.rmtree(top)
    for name in ("SPECS", "RPMS", "BUILD", "BUILDROOT", "SOURCES", "SRPMS"):
        (top / name).mkdir(parents=True)
    rpm_version = version.replace("-", "~")
    spec_text = (
        (LINUX / "privacy-desk.rpm.spec")
        .read_text(encoding="utf-8")
        .replace("@VERSION@", rpm_version)
        .replace("@REQUIRES@", "\n".join(f"Requires:       {name}" for name in requires))
        .replace("@STAGE_ROOT@", str(stage))
        .replace("@CHANGELOG@", rpm_changelog(all_releases))
    )
    spec = top / "SPECS" / "privacy-desk.spec"
    spec.write_text(spec_text, encoding="utf-8")
    run(
        [
            "rpmbuild",
            "-bb",
            "--nodeps",
            "--target",
            f"{machine()}-linux",
            "--define",
            f"_topdir {top}",
            spec,
        ]
    )
    built = top / "RPMS" / machine() / f"{PACKAGE}-{rpm_version}-1.{machine()}.rpm"
    if not built.is_file():
        raise BuildError(f"rpmbuild did not write {built}")
    out = dist / built.name
    shutil.move(built, out)
    return out


TARBALL_README = """\
Privacy Desk {version} for Linux (x86_64)
==========================================

This folder is the whole app; it needs no installation and no Python. Run it from here:

    ./privacy-desk

To give it a menu entry and an icon for your user only, run once:

    ./install-desktop-entry.sh

(it writes ~/.local/share/applications/{app_id}.desktop pointing at this folder,
and the icons into ~/.local/share/icons; move the folder first if you want it elsewhere,
then run the script again). To remove the app: delete this folder, and the two entries
with `./install-desktop-entry.sh --remove`.

What it needs from your system: an X11 or Wayland desktop with the usual libraries
(xcb, xkbcommon, fontconfig, GLib, GTK 3; packaged as libxcb-cursor0 etc. on Debian,
xcb-util-cursor etc. on Fedora) and a keyring that speaks the Secret Service
protocol (GNOME Keyring, KWallet 5.97+, KeePassXC) to remember your sign-in.
Check with:

    ./privacy-desk --self-test

Your settings and receipts stay in ~/.config/privacy-desk and ~/.local/share/privacy-desk
when you remove the app.
"""

DESKTOP_ENTRY_SCRIPT = """\
#!/bin/sh
# Add (or with --remove, take away) Privacy Desk's menu entry and icons for this user.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${{XDG_DATA_HOME:-$HOME/.local/share}}
desktop="$data/applications/{app_id}.desktop"
if [ "${{1:-}}" = "--remove" ]; then
    rm -f "$desktop"
    rm -f "$data"/icons/hicolor/*/apps/{app_id}.png "$data"/icons/hicolor/scalable/apps/{app_id}.svg
    echo "Removed the menu entry and icons."
    exit 0
fi
mkdir -p "$data/applications"
sed -e "s|^Exec=.*|Exec=\\"$here/privacy-desk\\"|" -e "s|^TryExec=.*|TryExec=$here/privacy-desk|" \\
    "$here/share/applications/{app_id}.desktop" >"$desktop"
cp -R "$here/share/icons" "$data/"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Added Privacy Desk to your applications menu ($desktop)."
"""


def build_tarball(stage: Path, bundle: Path, dist: Path, version: str) -> Path:
    step("the .tar.gz for other distributions")
    name = f"{PACKAGE}-{version}-linux-{machine()}"
    out = dist / f"{name}.tar.gz"
    extras = {
        "README.txt": (TARBALL_README.format(version=version, app_id=APP_ID), 0o644),
        "install-desktop-entry.sh": (DESKTOP_ENTRY_SCRIPT.format(app_id=APP_ID), 0o755),
    }
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or None

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        if epoch is not None:
            info.mtime = epoch
        return info

    with tarfile.open(out, "w:gz", compresslevel=9) as tar:
        tar.add(stage / INSTALL_DIR.lstrip("/"), arcname=name, filter=normalise)
        share = stage / "usr" / "share"
        for part in ("applications", "icons", "metainfo"):
            tar.add(share / part, arcname=f"{name}/share/{part}", filter=normalise)
        tar.add(
            share / "doc" / PACKAGE / "copyright", arcname=f"{name}/COPYRIGHT", filter=normalise
        )
        for file_name, (text, mode) in extras.items():
            path = stage.parent / file_name
            path.write_text(text, encoding="utf-8")
            path.chmod(mode)
            tar.add(path, arcname=f"{name}/{file_name}", filter=normalise)
    return out


def package_linux(
    bundle: Path, work: Path, dist: Path, version: str, formats: set[str], sbom: Path
) -> list[Path]:
    all_releases = releases()
    stage = work / "linux-root"
    stage_linux(bundle, stage, all_releases)
    step("system libraries the bundle loads (find_depends.py)")
    libraries = find_depends.scan(bundle)
    built = []
    if "rpm" in formats:
        built.append(
            build_rpm(
                stage, work, dist, version, find_depends.rpm_requires(libraries), all_releases
            )
        )
    if "deb" in formats:
        depends = find_depends.debian_depends(libraries)
        print("    Depends: " + ", ".join(depends))
        built.append(build_deb(stage, work, dist, version, depends))
    if "tar" in formats:
        built.append(build_tarball(stage, bundle, dist, version))
    for installer in built:
        place_sbom(sbom, installer)
    return built


# --- Windows and macOS --------------------------------------------------------------------


def package_windows(bundle: Path, dist: Path, version: str, sbom: Path) -> list[Path]:
    script = PACKAGING / "windows" / "privacy-desk.nsi"
    if not script.is_file():
        raise BuildError(f"Windows installer script not found: {script.relative_to(REPO)}")
    makensis = shutil.which("makensis")
    if makensis is None:
        raise BuildError("makensis not found: install NSIS (choco install nsis) and retry")
    step("makensis: the Windows installer")
    out = dist / f"{PACKAGE}-{version}-windows-x64-setup.exe"
    run(
        [
            makensis,
            f"-DVERSION={version}",
            f"-DAPP_ID={APP_ID}",
            f"-DAPP_NAME={APP_NAME}",
            f"-DAPP_DIR={bundle}",
            f"-DICON={ICONS / 'privacy-desk.ico'}",
            f"-DOUTFILE={out}",
            script,
        ],
        cwd=REPO,
    )
    place_sbom(sbom, out)
    return [out]


def package_macos(dist: Path, version: str, sbom: Path) -> list[Path]:
    script = PACKAGING / "macos" / "build-dmg.sh"
    if not script.is_file():
        raise BuildError(f"macOS disk image script not found: {script.relative_to(REPO)}")
    step("build-dmg.sh: the macOS disk image")
    arch = "arm64" if platform.machine().lower() in ("arm64", "aarch64") else "x86_64"
    out = dist / f"{PACKAGE}-{version}-macos-{arch}.dmg"
    run(["bash", script, dist / f"{APP_NAME}.app", out], cwd=REPO)
    place_sbom(sbom, out)
    return [out]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=REPO / "build", help="scratch folder")
    parser.add_argument(
        "--reuse-bundle", action="store_true", help="keep an existing dist/privacy-desk"
    )
    parser.add_argument(
        "--formats", default="deb,rpm,tar", help="Linux: comma-separated deb, rpm, tar"
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    formats = {name.strip() for name in args.formats.split(",") if name.strip()}
    unknown = formats - {"deb", "rpm", "tar"}
    try:
        if unknown:
            raise BuildError(f"unknown format(s): {', '.join(sorted(unknown))}")
        version = project_version()
        check_version(version)
        dist.mkdir(parents=True, exist_ok=True)
        work.mkdir(parents=True, exist_ok=True)
        bundle = dist / PACKAGE
        if not (args.reuse_bundle and (bundle / PACKAGE).exists()):
            bundle = freeze(dist, work)
            if sys.platform.startswith("linux"):
                step("stripping the bundle's shared objects, fixing their run paths")
                print("    " + repr(tidy_bundle.tidy(bundle)))
        sbom = write_sbom(bundle, work)
        if sys.platform.startswith("linux"):
            built = package_linux(bundle, work, dist, version, formats, sbom)
        elif sys.platform == "win32":
            built = package_windows(bundle, dist, version, sbom)
        elif sys.platform == "darwin":
            built = package_macos(dist, version, sbom)
        else:
            raise BuildError(f"no installers for {sys.platform}")
    except (BuildError, find_depends.DependencyError, tidy_bundle.TidyError) as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    step("done")
    for path in built:
        print(
            f"    {path.relative_to(dist.parent) if dist.parent in path.parents else path}  ({path.stat().st_size / 1e6:.1f} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
