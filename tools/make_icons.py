"""Render the app icon from its one source, resources/icons/privacy-desk.svg.

    .venv/bin/python tools/make_icons.py [--out resources/icons]

Writes the freedesktop hicolor PNGs (hicolor/<N>x<N>/apps/<app id>.png), a Windows
privacy-desk.ico and a macOS privacy-desk.icns. The results are committed, so the Windows
and macOS build machines need none of the tools used here: rsvg-convert (librsvg2-bin) and
png2icns (icnsutils). The ICO container is written here: it is a small index of PNGs.
tests/tools/test_make_icons.py renders again and checks the committed files still match the SVG.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from app.identity import APP_ID  # noqa: E402  (the repository root is on the path only now)

ICONS_DIR = REPO_ROOT / "resources" / "icons"
SOURCE = ICONS_DIR / "privacy-desk.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an ICO entry can declare
ICNS_SIZES = (16, 32, 48, 128, 256, 512)  # the sizes png2icns has an icon type for
ICO_NAME = "privacy-desk.ico"
ICNS_NAME = "privacy-desk.icns"


def hicolor_png(out: Path, size: int) -> Path:
    return out / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the Debian package {package}")
    return found


def render_png(svg: Path, size: int, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            _tool("rsvg-convert", "librsvg2-bin"),
            "--width",
            str(size),
            "--height",
            str(size),
            "--format",
            "png",
            "--output",
            str(target),
            str(svg),
        ],
        check=True,
    )


def ico_bytes(pngs: Sequence[tuple[int, bytes]]) -> bytes:
    """An ICO file whose entries are PNG images (Windows Vista and later read these).

    Layout: a 6-byte header (reserved 0, type 1 = icon, count), one 16-byte directory
    entry per image (width, height, colour count, reserved, planes, bits per pixel, byte
    size, offset), then the images. A width or height of 256 is written as 0.
    """
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory = b""
    images = b""
    for size, data in pngs:
        if not 1 <= size <= 256:
            raise ValueError(f"an ICO entry cannot be {size} px")
        side = size % 256  # 256 is written as 0
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + directory + images


def ico_sizes(data: bytes) -> list[tuple[int, bytes]]:
    """The (size, PNG bytes) entries of an ICO file written by `ico_bytes`."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if reserved != 0 or kind != 1:
        raise ValueError("not an icon file")
    entries = []
    for index in range(count):
        width, height, _colours, _reserved, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        if width != height:
            raise ValueError("the icon has a non-square entry")
        entries.append((width or 256, data[offset : offset + length]))
    return entries


def make_icons(out: Path, svg: Path = SOURCE) -> list[Path]:
    """Render everything into `out`; returns the files written."""
    written = []
    for size in HICOLOR_SIZES:
        target = hicolor_png(out, size)
        render_png(svg, size, target)
        written.append(target)

    ico = out / ICO_NAME
    ico.write_bytes(ico_bytes([(size, hicolor_png(out, size).read_bytes()) for size in ICO_SIZES]))
    written.append(ico)

    icns = out / ICNS_NAME
    with tempfile.TemporaryDirectory() as scratch:
        # png2icns picks the icon type from each PNG's size; it writes to a new file.
        partial = Path(scratch) / ICNS_NAME
        subprocess.run(
            [
                _tool("png2icns", "icnsutils"),
                str(partial),
                *(str(hicolor_png(out, size)) for size in ICNS_SIZES),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.copyfile(partial, icns)
    written.append(icns)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the app icon from its SVG.")
    parser.add_argument("--out", type=Path, default=ICONS_DIR, help="where to write the icons")
    parser.add_argument("--svg", type=Path, default=SOURCE, help="the source SVG")
    args = parser.parse_args(argv)
    for path in make_icons(args.out, args.svg):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
