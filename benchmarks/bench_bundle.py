"""Issue 9's budgets for the frozen app (Linux), measured in one run:

- bundle size ≤ 1.1× a QtWidgets hello-world frozen by the same PyInstaller with the same
  excludes, the same Qt trimming and the same stripping (packaging/pyi_rules.py,
  packaging/linux/tidy_bundle.py); the .deb and .rpm sizes beside it;
- start to first window ≤ 1.2× the source app's: the time from starting the process to its
  first top-level window being mapped and viewable on an X server (Xvfb; polled with
  `xdotool search --onlyvisible --pid`, every few milliseconds), with a fresh HOME, so both
  show the sign-in page. Median of several alternating runs after one warm-up each.

The figures are printed at the end (`make bench`, or `pytest benchmarks -k bundle`) with a
verdict against each budget; like the other benchmarks, the ratios are reported, not
asserted (the size line also names what the app adds beyond the hello world, biggest first).
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
RUNS = int(os.environ.get("PRIVACY_DESK_BENCH_STARTS", "7"))
SIZE_BUDGET = 1.1
START_BUDGET = 1.2
WINDOW_TIMEOUT_SECONDS = 60

sys.path.insert(0, str(PACKAGING / "linux"))
import tidy_bundle  # noqa: E402

HELLO = """\
import sys

from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("Hello, world")
label.resize(400, 200)
label.show()
sys.exit(app.exec())
"""

HELLO_SPEC = """\
# The hello-world twin of packaging/privacy-desk.spec: same excludes, same Qt trimming.
import sys
sys.path.insert(0, {packaging!r})
import pyi_rules

a = Analysis([{script!r}], excludes=pyi_rules.EXCLUDED_MODULES, noarchive=False)
a.binaries = pyi_rules.drop_system_libraries(pyi_rules.trim(a.binaries))
a.datas = pyi_rules.trim(a.datas)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="hello", console=True, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, upx=False, name="hello")
"""


def tree_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def verdict(ratio: float, budget: float) -> str:
    return "within budget" if ratio <= budget else "OVER BUDGET"


def file_sizes(root: Path) -> dict[str, int]:
    sizes = {}
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(root).as_posix()
            sizes["<executable and its archive>" if "/" not in name else name] = path.stat().st_size
    return sizes


def biggest_additions(app: Path, hello: Path, count: int = 6) -> str:
    """What the app bundle has beyond the hello world's, grouped by top folder."""
    base = file_sizes(hello)
    grouped: dict[str, int] = {}
    for name, size in file_sizes(app).items():
        extra = size - base.get(name, 0)
        if extra > 0:
            parts = name.split("/")
            group = "/".join(parts[1:3]) if len(parts) > 3 else "/".join(parts[1:]) or name
            grouped[group] = grouped.get(group, 0) + extra
    top = sorted(grouped.items(), key=lambda item: -item[1])[:count]
    return ", ".join(f"{name} {mb(size)}" for name, size in top)


@pytest.fixture(scope="module")
def builds() -> Iterator[dict[str, Path]]:
    if not sys.platform.startswith("linux"):
        pytest.fail("this benchmark builds Linux packages")
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as name:
        work = Path(name)
        (work / "hello.py").write_text(HELLO, encoding="utf-8")
        spec = work / "hello.spec"
        spec.write_text(
            textwrap.dedent(
                HELLO_SPEC.format(packaging=str(PACKAGING), script=str(work / "hello.py"))
            ),
            encoding="utf-8",
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "WARN",
                "--distpath",
                str(work / "hello-dist"),
                "--workpath",
                str(work / "hello-build"),
                str(spec),
            ],
            cwd=work,
            check=True,
            capture_output=True,
        )
        tidy_bundle.tidy(work / "hello-dist" / "hello")
        dist = work / "dist"
        subprocess.run(
            [
                sys.executable,
                str(PACKAGING / "build.py"),
                "--dist",
                str(dist),
                "--work",
                str(work / "build"),
                "--formats",
                "deb,rpm",
            ],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        yield {"hello": work / "hello-dist" / "hello", "dist": dist, "work": work}


def test_bundle_size_against_a_qt_hello_world(
    builds: dict[str, Path], report_figure: Callable[[str], None]
) -> None:
    app = tree_size(builds["dist"] / "privacy-desk")
    hello = tree_size(builds["hello"])
    deb = next(builds["dist"].glob("privacy-desk_*_amd64.deb")).stat().st_size
    rpm = next(builds["dist"].glob("privacy-desk-*.x86_64.rpm")).stat().st_size
    ratio = app / hello
    report_figure(
        f"bundle: app {mb(app)}, QtWidgets hello world {mb(hello)} (same excludes and "
        f"trimming) -> {ratio:.2f}x, {verdict(ratio, SIZE_BUDGET)} ({SIZE_BUDGET}x); "
        f".deb {mb(deb)}, .rpm {mb(rpm)}"
    )
    report_figure(
        "bundle: the app adds "
        + biggest_additions(builds["dist"] / "privacy-desk", builds["hello"])
    )
    assert app > hello > 0


class Xvfb:
    def __init__(self) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as handle:
            self.display = f":{handle.readline().strip()}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def time_to_window(command: list[str], cwd: Path, display: str, home: Path) -> float:
    """Seconds from starting `command` to its first window being viewable."""
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "DISPLAY": display,
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "xcb",
        "XDG_RUNTIME_DIR": str(home),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < WINDOW_TIMEOUT_SECONDS:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--pid", str(process.pid)],
                env={"DISPLAY": display},
                capture_output=True,
                check=False,
            )
            if found.stdout.strip():
                return time.perf_counter() - started
            if process.poll() is not None:
                raise AssertionError(f"{command[0]} exited with {process.returncode}")
            time.sleep(0.005)
        raise AssertionError(f"{command[0]}: no window within {WINDOW_TIMEOUT_SECONDS} s")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_start_to_first_window_frozen_against_source(
    builds: dict[str, Path], report_figure: Callable[[str], None]
) -> None:
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found (Debian packages xvfb, xdotool)")
    frozen = [str(builds["dist"] / "privacy-desk" / "privacy-desk")]
    source = [str(REPO / ".venv" / "bin" / "python"), "-m", "app"]
    home = builds["work"] / "home"
    server = Xvfb()
    try:
        times: dict[str, list[float]] = {"frozen": [], "source": []}
        for run in range(RUNS + 1):  # the first of each is a warm-up
            for name, command, cwd in (
                ("frozen", frozen, builds["work"]),
                ("source", source, REPO),
            ):
                seconds = time_to_window(command, cwd, server.display, home)
                if run:
                    times[name].append(seconds)
    finally:
        server.stop()
    frozen_s, source_s = (statistics.median(times[name]) for name in ("frozen", "source"))
    ratio = frozen_s / source_s
    report_figure(
        f"start to first window (median of {RUNS}): frozen {frozen_s * 1000:.0f} ms, source "
        f"{source_s * 1000:.0f} ms -> {ratio:.2f}x, {verdict(ratio, START_BUDGET)} "
        f"({START_BUDGET}x); all runs frozen {sorted(round(t * 1000) for t in times['frozen'])} "
        f"ms, source {sorted(round(t * 1000) for t in times['source'])} ms"
    )
    assert frozen_s > 0 and source_s > 0
