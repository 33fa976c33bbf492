"""The committed icons are what tools/make_icons.py makes from the SVG today.

The PNGs, the ICO and the ICNS are committed so that the Windows and macOS build machines
need no librsvg. The catch is that someone changes the SVG and forgets to render again:
these tests render into a temporary folder and compare, pixel by pixel, with a tolerance
for another librsvg version's anti-aliasing.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage

from app.identity import APP_ID

REPO_ROOT = Path(__file__).resolve().parents[2]
ICONS = REPO_ROOT / "resources" / "icons"
# Anti-aliasing may differ a little between librsvg versions; a changed shape or colour
# differs by far more than this on many pixels.
PIXEL_TOLERANCE = 24  # per channel, 0-255
DIFFERING_PIXELS_ALLOWED = 0.01


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_icons", REPO_ROOT / "tools" / "make_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_icons = _load_tool()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [tool for tool in ("rsvg-convert", "png2icns", "icns2png") if not shutil.which(tool)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: install the Debian packages librsvg2-bin and icnsutils.",
            pytrace=False,
        )
    out = tmp_path_factory.mktemp("icons")
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "tools" / "make_icons.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def differing_share(first: Path, second: Path) -> float:
    """The share of pixels (RGBA) that differ by more than the tolerance; 1.0 if sizes differ."""
    a = QImage(str(first)).convertToFormat(QImage.Format.Format_RGBA8888)
    b = QImage(str(second)).convertToFormat(QImage.Format.Format_RGBA8888)
    assert not a.isNull() and not b.isNull(), (first, second)
    if a.size() != b.size():
        return 1.0
    pixels_a, pixels_b = bytes(a.constBits()), bytes(b.constBits())
    differing = 0
    for offset in range(0, len(pixels_a), 4):
        if any(
            abs(x - y) > PIXEL_TOLERANCE
            for x, y in zip(
                pixels_a[offset : offset + 4], pixels_b[offset : offset + 4], strict=True
            )
        ):
            differing += 1
    return differing / (a.width() * a.height())


def test_every_hicolor_size_is_committed_under_the_app_id_and_matches_the_svg(
    rendered: Path,
) -> None:
    committed_sizes = sorted(
        int(folder.name.split("x")[0]) for folder in (ICONS / "hicolor").iterdir()
    )
    assert committed_sizes == sorted(make_icons.HICOLOR_SIZES)
    for size in make_icons.HICOLOR_SIZES:
        committed = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert committed.is_file(), f"{committed} is missing: run tools/make_icons.py"
        assert png_size(committed.read_bytes()) == (size, size)
        share = differing_share(committed, make_icons.hicolor_png(rendered, size))
        assert share <= DIFFERING_PIXELS_ALLOWED, (
            f"{committed.name} at {size} px no longer matches privacy-desk.svg "
            f"({share:.1%} of pixels differ): run tools/make_icons.py and commit the result"
        )


def test_windows_icon_holds_every_size_as_the_committed_pngs(rendered: Path) -> None:
    entries = make_icons.ico_sizes((ICONS / make_icons.ICO_NAME).read_bytes())

    assert [size for size, _png in entries] == list(make_icons.ICO_SIZES)
    for size, png in entries:
        assert png_size(png) == (size, size)
        committed = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png == committed.read_bytes(), f"the {size} px ICO entry is out of date"


def test_macos_icon_is_readable_and_holds_every_size(rendered: Path) -> None:
    listing = subprocess.run(
        ["icns2png", "-l", str(ICONS / make_icons.ICNS_NAME)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = {int(size) for size in re.findall(r"'\w{4}' (\d+)x\1 32-bit icon", listing)}
    assert sizes == set(make_icons.ICNS_SIZES), listing
    regenerated = (rendered / make_icons.ICNS_NAME).read_bytes()
    committed = (ICONS / make_icons.ICNS_NAME).read_bytes()
    # png2icns packs what it is given as it is: same PNGs, same file, on any librsvg
    # that renders the committed PNGs' pixels exactly; otherwise only the listing counts.
    if all(
        (ICONS / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png").read_bytes()
        == make_icons.hicolor_png(rendered, n).read_bytes()
        for n in make_icons.ICNS_SIZES
    ):
        assert committed == regenerated, "privacy-desk.icns is out of date: run tools/make_icons.py"


def test_a_changed_svg_is_caught(tmp_path: Path, rendered: Path) -> None:
    recoloured = tmp_path / "changed.svg"
    source = make_icons.SOURCE.read_text(encoding="utf-8")
    # A red mark in the corner: the kind of edit that must not go out unrendered.
    mark = '<circle fill="#d01010" cx="100" cy="100" r="24"/></svg>'
    recoloured.write_text(source.replace("</svg>", mark), encoding="utf-8")
    target = tmp_path / "changed-48.png"
    make_icons.render_png(recoloured, 48, target)

    committed = ICONS / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png"
    assert differing_share(committed, target) > DIFFERING_PIXELS_ALLOWED


def test_ico_container_round_trips() -> None:
    fake = [(16, b"\x89PNG\r\n\x1a\n" + b"a" * 20), (256, b"\x89PNG\r\n\x1a\n" + b"b" * 30)]
    data = make_icons.ico_bytes(fake)
    assert data[:6] == b"\x00\x00\x01\x00\x02\x00"
    assert data[6 + 16] == 0, "256 px is written as 0"
    assert make_icons.ico_sizes(data) == fake
