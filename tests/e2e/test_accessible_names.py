"""What a screen reader says on every page matches what is on screen (WCAG 2.5.3, label in name).

The real app runs as its own process against the real service, on an X server of its own
(Xvfb) and a private D-Bus session with the accessibility bus (at-spi2-core), with Qt's
AT-SPI bridge switched on. On each page a separate walker (tests/support/atspi_tree.py,
under the system Python, where Debian's python3-pyatspi lives) reads the accessibility
tree as Orca would, and the app says what is painted on each control Tab can reach
(tests/support/visible_controls.py). Then, for every such control:

- it has a name, and the name contains the text painted on it ("Sign out" is not
  announced as "Signed in as ada@example.org");
- it is not named after another element's text unless that element labels it (a button
  is not announced with its card's title);
- a combo box is labelled by its label (LABELLED_BY, from QLabel.setBuddy), and is not
  announced by its current value.

Needs the Debian packages xvfb, xauth, dbus, at-spi2-core and python3-pyatspi (.ci/run
installs them); without them, or when the accessibility bus cannot be reached, it fails
and says which.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.ui.main_window import SIDEBAR
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.support.driver_channel import DriverChannel

REPO = Path(__file__).resolve().parents[2]
WALKER = REPO / "tests" / "support" / "atspi_tree.py"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHERS = (
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
)
PACKAGES = "xvfb xauth dbus at-spi2-core python3-pyatspi"
START_TIMEOUT = 60.0
COMMAND_TIMEOUT = 60.0
WALK_TIMEOUT = 15.0
# Shows its "open a copy" message until the user opens one: nothing to wait for.
PAGES_WITHOUT_LOADING = frozenset({"copy"})


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("xvfb-run", "xauth", "dbus-run-session") if not shutil.which(tool)]
    if not any(Path(launcher).exists() for launcher in BUS_LAUNCHERS):
        missing.append("at-spi-bus-launcher")
    if not Path(SYSTEM_PYTHON).exists():
        missing.append(SYSTEM_PYTHON)
    else:
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"],
            capture_output=True,
            env=_walker_env({}),
            timeout=30,
            check=False,
        )
        if probe.returncode != 0:
            missing.append(f"pyatspi for {SYSTEM_PYTHON}")
    return missing


def _walker_env(extra: dict[str, str]) -> dict[str, str]:
    """The system Python's own environment: none of the virtual environment's paths."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "XDG_RUNTIME_DIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(extra)
    return env


class AccessibleApp:
    """The real app (tests/support/app_driver.py) under Xvfb and a private D-Bus session."""

    def __init__(self, root: Path, service_url: str) -> None:
        for name in ("home", "runtime"):
            (root / name).mkdir(mode=0o700, parents=True, exist_ok=True)
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("XDG_", "DBUS_", "AT_SPI", "QT_", "PYTHON_KEYRING"))
            and name not in ("DISPLAY", "WAYLAND_DISPLAY", "HOME", "NO_AT_BRIDGE")
        }
        env.update(
            HOME=str(root / "home"),
            XDG_RUNTIME_DIR=str(root / "runtime"),
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
            PRIVACY_DESK_TEST_KEYRING_FILE=str(root / "keyring.json"),
            PYTHONPATH=str(REPO),
            PYTHONUNBUFFERED="1",
        )
        self.runtime_dir = root / "runtime"
        self.home = root / "home"
        self.stderr_path = root / "app.stderr"
        self._stderr = open(self.stderr_path, "wb")  # noqa: SIM115
        command = [
            "xvfb-run",
            "--auto-servernum",
            "--server-args=-screen 0 1280x1024x24",
            "dbus-run-session",
            "--",
            sys.executable,
            "-m",
            "tests.support.app_driver",
            "--paths",
            str(root / "app"),
            "--service",
            service_url,
        ]
        # A process group of its own, so that Xvfb and the buses end with it.
        self.popen = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
            start_new_session=True,
        )
        self.channel = DriverChannel(self.popen)
        ready = self.channel.answer(None, START_TIMEOUT)
        if ready is None or not ready.get("ok") or not ready.get("bus"):
            self.stop()
            pytest.fail(
                f"the app did not start under Xvfb and D-Bus: {ready}\n{self.stderr_tail()}",
                pytrace=False,
            )
        self.pid = int(ready["pid"])
        self.bus = str(ready["bus"])

    def command(self, cmd: str, **args: Any) -> dict[str, Any]:
        number = self.channel.send(cmd, **args)
        reply = None if number is None else self.channel.answer(number, COMMAND_TIMEOUT)
        assert reply is not None and reply.get("ok"), f"{cmd} {args}: {reply}\n{self.stderr_tail()}"
        return reply

    def accessibility_tree(self, expect: list[str]) -> list[dict[str, Any]]:
        """The tree as a screen reader reads it, once every expected control is in it."""
        walk = subprocess.run(
            [SYSTEM_PYTHON, str(WALKER), "--pid", str(self.pid), "--timeout", str(WALK_TIMEOUT)]
            + (["--expect", *expect] if expect else []),
            capture_output=True,
            text=True,
            env=_walker_env(
                {
                    "DBUS_SESSION_BUS_ADDRESS": self.bus,
                    "XDG_RUNTIME_DIR": str(self.runtime_dir),
                    "HOME": str(self.home),
                }
            ),
            timeout=WALK_TIMEOUT + 30,
            check=False,
        )
        if walk.returncode != 0:
            pytest.fail(
                "could not read the app's accessibility tree over AT-SPI "
                f"(exit {walk.returncode}):\n{walk.stderr.strip()}\n--- app\n{self.stderr_tail()}",
                pytrace=False,
            )
        nodes: list[dict[str, Any]] = json.loads(walk.stdout)["nodes"]
        return nodes

    def stderr_tail(self, lines: int = 30) -> str:
        try:
            text = self.stderr_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.popen.poll() is None:
            try:
                assert self.popen.stdin is not None
                self.popen.stdin.write(json.dumps({"cmd": "quit", "id": -1}) + "\n")
                self.popen.stdin.flush()
                self.popen.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)  # Xvfb, the buses: the group we started
        self.popen.wait(timeout=30)
        for stream in (self.popen.stdin, self.popen.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self._stderr.close()


@pytest.fixture
def accessible_app(tmp_path: Path, live_service: EmbeddedService) -> Iterator[AccessibleApp]:
    missing = _missing_tools()
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: reading the accessibility tree needs the Debian "
            f"packages {PACKAGES} (.ci/run installs them)",
            pytrace=False,
        )
    app = AccessibleApp(tmp_path, live_service.base_url)
    try:
        yield app
    finally:
        app.stop()


# -- the rules ------------------------------------------------------------------------------


def _words(text: str) -> str:
    """Compared as a listener hears it: case, punctuation and spacing do not count."""
    return " ".join(re.sub(r"[^\w@]+", " ", text.casefold()).split())


def _ancestors(nodes: list[dict[str, Any]], node: dict[str, Any]) -> set[int]:
    found: set[int] = set()
    parent = node["parent"]
    while parent is not None:
        found.add(parent)
        parent = nodes[parent]["parent"]
    return found


def naming_violations(nodes: list[dict[str, Any]], controls: list[dict[str, Any]]) -> list[str]:
    by_id = {node["id"]: node for node in nodes if node["id"]}
    problems: list[str] = []
    for control in controls:
        what = f"{control['class']} {control['object_name']!r}".replace(" ''", "")
        node = by_id.get(control["id"])
        if node is None:
            problems.append(f"{what}: Tab reaches it, but it is not in the accessibility tree")
            continue
        name = node["name"].strip()
        what = f"{what} ({node['role']}, announced {name!r})"
        if not name:
            problems.append(f"{what}: has no accessible name")
            continue
        visible = control["visible"]
        if visible and _words(visible) not in _words(name):
            problems.append(f"{what}: shows {visible!r}, which its name does not contain")
        labels = [nodes[i] for i in node["relations"].get("labelled-by", []) if i is not None]
        if control["kind"] == "combo":
            # On Linux Qt names a combo box by its current value; Orca says the label
            # it finds through LABELLED_BY first ("Language, combo box, English").
            if not any(label["role"] == "label" and label["name"].strip() for label in labels):
                problems.append(f"{what}: a combo box not labelled by its label (setBuddy)")
            continue
        value = control["value"]
        if value and _words(value) == _words(name):
            problems.append(f"{what}: named after its own value")
        if visible and _words(visible) in _words(name):
            continue  # named after its own text
        related = {node["index"], *_ancestors(nodes, node)} | {label["index"] for label in labels}
        namesakes = [
            other
            for other in nodes
            if other["index"] not in related
            and node["index"] not in _ancestors(nodes, other)
            and other["name"].strip()
            and _words(other["name"]) == _words(name)
        ]
        if control["kind"] == "region" and all(
            other["id"].endswith(".pageTitle") for other in namesakes
        ):
            continue  # a page's scrolling column carries the page's heading, as a landmark
        if namesakes:
            elsewhere = ", ".join(f"{other['role']} {other['id']!r}" for other in namesakes[:3])
            problems.append(
                f"{what}: named after the text of another element ({elsewhere}) that does not "
                "label it"
            )
    return problems


def test_every_control_is_announced_by_what_it_shows_on_every_page(
    accessible_app: AccessibleApp,
) -> None:
    signed_in = accessible_app.command("sign_in", email=USER_EMAIL, password=USER_PASSWORD)
    assert signed_in.get("choices_loaded"), signed_in

    report: dict[str, list[str]] = {}
    for page in SIDEBAR:
        loads = page not in PAGES_WITHOUT_LOADING
        shown = accessible_app.command("show_page", page=page, wait=loads)
        assert shown["page"] == page, shown
        assert shown["loaded"] or not loads, f"page {page} did not load: {shown}"
        controls = shown["controls"]
        assert controls, f"Tab reaches nothing on page {page}"
        nodes = accessible_app.accessibility_tree([control["id"] for control in controls])
        problems = naming_violations(nodes, controls)
        if problems:
            report[page] = problems

    assert report == {}, "what a screen reader says does not match the screen:\n" + "\n".join(
        f"  [{page}] {problem}" for page, problems in report.items() for problem in problems
    )
