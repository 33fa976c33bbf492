"""Drive the REAL app in its own process, one JSON line at a time (for the fault suite).

    python -m tests.support.app_driver --paths DIR --service URL

It starts `app.ui.desk.DeskApp` as `app/main.py` does (offscreen Qt, English, the style
sheet, the GUI-thread garbage collector, `TokenVault()` with whatever keyring
`PYTHON_KEYRING_BACKEND` names; the suite uses `tests.support.file_keyring.FileKeyring`),
then reads commands from stdin and answers each on stdout as ``@@ {json}``:

- ``{"cmd": "sign_in", "email": ..., "password": ...}`` through the sign-in dialog's widgets
- ``{"cmd": "resume"}``: `DeskApp.start()`, the silent sign-in from the keyring
- ``{"cmd": "flip", "choice": "X1", "wait_ms": 0}``: click that card's switch (waiting at
  most `wait_ms` for it to become clickable, as a user would)
- ``{"cmd": "file_request", "kind": "access", "sends": 3, "dialogs": 2}``: through the
  Requests page's dialog; a user whose dialog says it failed clicks Send again, and after
  `sends` failures closes it and opens a new one (at most `dialogs` times)
- ``{"cmd": "retry_now"}``: what the app does when the connection comes back
- ``{"cmd": "settle", "timeout": 30}``: wait until the choice sync has settled (a failed
  page load gets its Try again click, as a user would)
- ``{"cmd": "state"}``: every card, the journal, every failure text shown, uncaught
  exceptions, the longest GUI-thread stall
- ``{"cmd": "show_page", "page": "settings", "wait": true}``: open that page, wait until it
  has loaded (unless `wait` is false: a page that shows a message until asked for more),
  and describe every control Tab can reach (for the AT-SPI walk of test_accessible_names)
- ``{"cmd": "quit"}``: close the window and end the process the way the app does

Nothing here blocks the GUI thread: every wait is a poll from a timer, so the stall
measured (a 10 ms timer's longest gap) is the app's own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

REPLY_PREFIX = "@@ "
POLL_MS = 20
TICK_MS = 10  # the stall timer's interval
STALL_RECORD_MS = 50.0  # a gap over this is recorded with what the GUI thread was doing
WATCH_AFTER_MS = 10  # the watchdog samples the GUI thread once it is this late
WATCH_INTERVAL_MS = 10
# Labels whose text the user reads as the outcome of what they did.
WATCHED_LABELS = frozenset({"cardStatus", "formMessage", "stateMessage"})

# A command is a generator: it yields a wait (a predicate and a timeout in seconds, or a
# pause in seconds) and returns its answer.
Wait = tuple[Callable[[], bool], float] | float
Command = Generator[Wait, None, dict[str, Any]]


class Recorder:
    """Uncaught exceptions, failure texts shown to the user, the longest GUI stall."""

    def __init__(self) -> None:
        self.exceptions: list[dict[str, str]] = []
        self.messages: list[dict[str, str]] = []
        self.max_gap_ms = 0.0
        self.stalls: list[dict[str, Any]] = []
        self.current_command = "start"
        self._last_tick = 0.0
        self._stopped = threading.Event()
        self._watchdog: threading.Thread | None = None

    def install_hooks(self) -> None:
        def on_exception(kind: Any, value: Any, tb: Any) -> None:
            self.exceptions.append(
                {
                    "type": getattr(kind, "__name__", str(kind)),
                    "message": str(value),
                    "traceback": "".join(traceback.format_exception(kind, value, tb)),
                    "thread": threading.current_thread().name,
                }
            )
            sys.__excepthook__(kind, value, tb)

        def on_thread_exception(args: threading.ExceptHookArgs) -> None:
            on_exception(args.exc_type, args.exc_value, args.exc_traceback)

        sys.excepthook = on_exception
        threading.excepthook = on_thread_exception

    def start_stall_timer(self, parent: QObject) -> QTimer:
        timer = QTimer(parent)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(self._tick)
        self._last_tick = time.monotonic()
        self._last_thread_cpu = time.thread_time()
        self._last_process_cpu = time.process_time()
        self._gui_thread = threading.get_ident()
        self._gui_task_stat = Path(f"/proc/self/task/{threading.get_native_id()}/stat")
        self._late_blocked = 0  # watchdog samples that found the late GUI thread asleep
        self._watchdog = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)
        self._watchdog.start()
        timer.start()
        return timer

    def _gui_thread_asleep(self) -> bool | None:
        """Is the GUI thread sleeping (blocked in a call, or waiting for the GIL) rather
        than running or waiting for a processor? None where /proc cannot say."""
        try:
            stat = self._gui_task_stat.read_text()
        except OSError:
            return None
        state = stat[stat.rindex(")") + 2 :][:1]
        return state in ("S", "D")

    def _watch(self) -> None:
        """While the GUI thread is late, sample whether it is asleep in a call.

        A late tick then says whose the time was: the GUI thread's own CPU time and the
        time it slept in a call (the app's), or time it waited for a processor while the
        machine was busy (not the app's: on two shared cores that can be 200 ms).

        It reads only /proc, never the GUI thread's stack: holding its frames
        (sys._current_frames) deadlocked against Qt, and faulthandler's dump of all
        threads crashed an app that was starting threads (SIGSEGV), both in CI.
        """
        while not self._stopped.wait(WATCH_INTERVAL_MS / 1000.0):
            late = (time.monotonic() - self._last_tick) * 1000.0 > TICK_MS + WATCH_AFTER_MS
            if late and self._gui_thread_asleep():
                self._late_blocked += 1

    def stop(self) -> None:
        """Ends the watchdog, before the event loop does: while the app quits its timer
        stops, and nothing should be sampled while the interpreter shuts down."""
        self._stopped.set()
        if self._watchdog is not None and self._watchdog is not threading.current_thread():
            self._watchdog.join(timeout=5)

    def _tick(self) -> None:
        now = time.monotonic()
        thread_cpu, process_cpu = time.thread_time(), time.process_time()
        gap = (now - self._last_tick) * 1000.0 - TICK_MS
        cpu_ms = (thread_cpu - self._last_thread_cpu) * 1000.0
        process_ms = (process_cpu - self._last_process_cpu) * 1000.0
        self._last_tick, self._last_thread_cpu, self._last_process_cpu = (
            now,
            thread_cpu,
            process_cpu,
        )
        blocked_ms, self._late_blocked = self._late_blocked * WATCH_INTERVAL_MS, 0
        if gap > self.max_gap_ms:
            self.max_gap_ms = gap
        if gap > STALL_RECORD_MS:
            self.stalls.append(
                {
                    "ms": round(gap, 1),
                    # The app's share: working on the GUI thread, or asleep in a call.
                    "own_ms": round(min(gap, cpu_ms + blocked_ms), 1),
                    "during": self.current_command,
                    "gui_cpu_ms": round(cpu_ms, 1),
                    "blocked_ms": round(blocked_ms, 1),
                    "process_cpu_ms": round(process_ms, 1),
                }
            )

    def watch_labels(self) -> None:
        """Every text set on a label the user reads as an outcome, with its role."""
        import shiboken6

        original = QLabel.setText
        recorder = self

        def set_text(label: QLabel, text: str) -> None:
            original(label, text)
            if label.objectName() in WATCHED_LABELS or label.property("role") is not None:
                # The role is often set just after the text: look once this slot is done.
                QTimer.singleShot(0, lambda: recorder._inspect(label, text, shiboken6))

        QLabel.setText = set_text  # type: ignore[method-assign]

    def _inspect(self, label: QLabel, text: str, shiboken6: Any) -> None:
        if not shiboken6.isValid(label) or label.isHidden():
            return  # not on screen: the user did not see it
        role = label.property("role") or ""
        if role not in ("error", "pending"):
            return
        entry = {"text": text, "role": str(role), "where": label.objectName()}
        if not self.messages or self.messages[-1] != entry:
            self.messages.append(entry)


class Driver(QObject):
    line_received = Signal(str)

    def __init__(self, app: QApplication, paths_dir: Path, service_url: str) -> None:
        super().__init__()
        import importlib

        from app.auth.vault import TokenVault
        from app.local.paths import AppPaths
        from app.ui.desk import DeskApp

        # The driver's own polls ask which window is shown: it imports the main window here,
        # before the stall timer starts. The app itself imports it on a worker after its
        # first paint, and its GUI thread never does (app/ui/desk.py, `_prepare`).
        importlib.import_module("app.ui.main_window")
        # The played browser (httpx, the test's page reader) and the module whose opener it
        # replaces, for the same reason: the test's own imports are no stall of the app's.
        importlib.import_module("tests.support.played_browser")
        importlib.import_module("app.ui.browser_sign_in")

        self.app = app
        self.service_url = service_url
        self.paths = AppPaths(paths_dir / "config", paths_dir / "data", paths_dir / "logs")
        self.recorder = Recorder()
        self.recorder.install_hooks()
        self.recorder.watch_labels()
        self._stall_timer = self.recorder.start_stall_timer(self)
        self.desk = DeskApp(TokenVault(), self.paths, language="en")
        self.queue: list[dict[str, Any]] = []
        self.running: Command | None = None
        self.running_id: Any = None
        self.waiting: tuple[Callable[[], bool], float] | None = None
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._step)
        self.line_received.connect(self._on_line)

    # -- the command loop -----------------------------------------------------------------

    @Slot(str)
    def _on_line(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        try:
            command = json.loads(line)
        except ValueError:
            self.reply({"ok": False, "error": f"not JSON: {line!r}"})
            return
        if command is None:  # stdin closed: the orchestrator is gone
            self.app.quit()
            return
        self.queue.append(command)
        if self.running is None:
            self._next()

    def _next(self) -> None:
        while self.running is None and self.queue:
            command = self.queue.pop(0)
            name = str(command.get("cmd", ""))
            handler = getattr(self, f"cmd_{name}", None)
            self.running_id = command.get("id")
            self.recorder.current_command = name
            if handler is None:
                self.reply({"ok": False, "error": f"unknown command {name!r}"})
                continue
            self.running = handler(command)
            self.waiting = None
            self._step()

    def _step(self) -> None:
        command = self.running
        if command is None:
            self.poll.stop()
            return
        if self.waiting is not None:
            predicate, deadline = self.waiting
            if not predicate() and time.monotonic() < deadline:
                return
            self.waiting = None
        try:
            wait = next(command)
        except StopIteration as finished:
            self._finish(finished.value)
            return
        except Exception as error:  # the driver's own bug: say so, keep going
            self._finish(
                {"ok": False, "error": f"driver: {error!r}", "traceback": traceback.format_exc()}
            )
            return
        if isinstance(wait, tuple):
            predicate, timeout = wait
            self.waiting = (predicate, time.monotonic() + timeout)
        else:
            until = time.monotonic() + float(wait)
            self.waiting = (lambda: False, until)
        if not self.poll.isActive():
            self.poll.start()

    def _finish(self, answer: dict[str, Any] | None) -> None:
        self.running = None
        self.waiting = None
        self.recorder.current_command = "idle"
        self.reply(answer or {"ok": True})
        if self.queue:
            QTimer.singleShot(0, self._next)
        else:
            self.poll.stop()

    def reply(self, answer: dict[str, Any]) -> None:
        answer = {"id": self.running_id, **answer}
        sys.stdout.write(REPLY_PREFIX + json.dumps(answer, default=str) + "\n")
        sys.stdout.flush()

    # -- helpers --------------------------------------------------------------------------

    def main_window(self) -> Any:
        from app.ui.main_window import MainWindow

        window = self.desk.window
        return window if isinstance(window, MainWindow) else None

    def sign_in_dialog(self) -> Any:
        from app.ui.dialogs.sign_in_dialog import SignInDialog

        window = self.desk.window
        return window if isinstance(window, SignInDialog) else None

    def window_kind(self) -> str:
        if self.main_window() is not None:
            return "main"
        if self.sign_in_dialog() is not None:
            return "sign_in"
        return "none"

    def choices_loaded(self) -> bool:
        window = self.main_window()
        if window is None:
            return False
        page = window.choices_page
        return bool(page.cards) and page.state.currentIndex() == 1

    def choices_failed(self) -> bool:
        window = self.main_window()
        # Shown with Try again (the page need not be the one on screen).
        return (
            window is not None
            and window.choices_page.state.currentIndex() == 0
            and not window.choices_page.state.retry.isHidden()
        )

    def pending_journal(self) -> dict[str, dict[str, bool]]:
        try:
            data = json.loads(self.paths.pending_changes_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        entries = data.get("accounts") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            return {}
        return {k: v for k, v in entries.items() if isinstance(v, dict) and v}

    def sync_settled(self) -> bool:
        window = self.main_window()
        if window is None or not self.choices_loaded():
            return False
        sync = window.choices_page.sync
        settled = getattr(sync, "settled", None)
        if callable(settled) and not settled():
            return False
        # Also what the user and the next start see: no card saying it is not confirmed
        # yet, nothing left in the journal (settled() alone is True, for instance, in the
        # moment before a restarted app has read its journal back).
        cards = window.choices_page.cards.values()
        if any(
            getattr(card, "pending", False) or card.status.property("role") == "pending"
            for card in cards
        ):
            return False
        return not self.pending_journal()

    def after_sign_in(self) -> Command:
        """Open the choices page and wait until it shows the cards or says why not."""
        window = self.main_window()
        if window is None:
            return {"ok": False, "window": self.window_kind()}
        window.show_page(window.choices_page)
        yield (lambda: self.choices_loaded() or self.choices_failed(), 40.0)
        return {"ok": True, "window": "main", "choices_loaded": self.choices_loaded()}

    # -- commands -------------------------------------------------------------------------

    def cmd_sign_in(self, command: dict[str, Any]) -> Command:
        if self.main_window() is not None:
            return (yield from self.after_sign_in())
        dialog = self.sign_in_dialog() or self.desk.show_sign_in()
        yield (lambda: dialog.sign_in_button.isEnabled(), 30.0)
        dialog.address.setText(str(command.get("service") or self.service_url))
        from app.ui import browser_sign_in
        from tests.support.played_browser import PlayedBrowser

        # The user's browser, played: signs in on the service's page as this account, and
        # reloads the page (up to three times) when the network fails it on the way.
        browser = PlayedBrowser(str(command["email"]), str(command["password"]), attempts=3)
        browser_sign_in.open_in_browser = browser
        QTest.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

        def done() -> bool:
            if self.main_window() is not None:
                return True
            current = self.sign_in_dialog()
            return (
                current is not dialog
                or dialog.sign_in_button.isEnabled()
                or dialog.session_only_button.isVisible()
                or browser.gave_up
            )

        yield (done, 45.0)
        if self.main_window() is None and dialog.cancel_wait_button.isVisible():
            # The browser never got through: the user stops waiting in the app.
            QTest.mouseClick(dialog.cancel_wait_button, Qt.MouseButton.LeftButton)
            yield (dialog.sign_in_button.isEnabled, 10.0)
        if self.main_window() is None:
            current = self.sign_in_dialog()
            if current is not None and current.session_only_button.isVisible():
                # The keyring refused; the user goes on for this run only.
                QTest.mouseClick(current.session_only_button, Qt.MouseButton.LeftButton)
                yield (lambda: self.main_window() is not None, 10.0)
        if self.main_window() is None:
            current = self.sign_in_dialog()
            message = current.message.text() if current is not None else ""
            return {"ok": False, "window": self.window_kind(), "message": message}
        return (yield from self.after_sign_in())

    def cmd_resume(self, _command: dict[str, Any]) -> Command:
        if self.main_window() is not None:
            return (yield from self.after_sign_in())
        if not self.desk.settings.user_id:
            return {"ok": False, "window": self.window_kind(), "reason": "no_stored_sign_in"}
        dialog = self.sign_in_dialog()
        if dialog is None or dialog.sign_in_button.isEnabled():
            self.desk.start()  # else a silent sign-in is under way already: wait for it
            dialog = self.sign_in_dialog()

        def done() -> bool:
            return self.main_window() is not None or (
                self.sign_in_dialog() is dialog and dialog.sign_in_button.isEnabled()
            )

        yield (done, 45.0)
        if self.main_window() is None:
            current = self.sign_in_dialog()
            message = current.message.text() if current is not None else ""
            return {"ok": False, "window": self.window_kind(), "message": message}
        return (yield from self.after_sign_in())

    def cmd_flip(self, command: dict[str, Any]) -> Command:
        choice = str(command["choice"])
        if not self.choices_loaded():
            return {"ok": False, "reason": "not_ready", "window": self.window_kind()}
        window = self.main_window()
        window.show_page(window.choices_page)
        card = window.choices_page.cards.get(choice)
        if card is None:
            return {"ok": False, "reason": "no_such_choice"}
        wait_s = float(command.get("wait_ms", 0)) / 1000.0
        if wait_s > 0 and not card.switch.isEnabled():
            yield (lambda: not self.choices_loaded() or card.switch.isEnabled(), wait_s)
        if not self.choices_loaded() or not card.switch.isEnabled():
            return {"ok": False, "reason": "disabled", "window": self.window_kind()}
        before = card.switch.isChecked()
        QTest.mouseClick(card.switch, Qt.MouseButton.LeftButton)
        return {"ok": True, "before": before, "wanted": card.switch.isChecked()}

    def cmd_file_request(self, command: dict[str, Any]) -> Command:
        import shiboken6

        from app.core.requests import RequestKind

        kind = RequestKind(str(command.get("kind", "access")))
        sends = int(command.get("sends", 3))
        dialogs = int(command.get("dialogs", 2))
        keys: list[str] = []
        attempts = 0
        failures: list[str] = []
        for _dialog_number in range(dialogs):
            window = self.main_window()
            if window is None:
                return {"ok": False, "reason": "signed_out", "keys": keys, "attempts": attempts}
            page = window.requests_page
            window.show_page(page)
            button = {
                RequestKind.ACCESS: page.toolbar.access_button,
                RequestKind.CORRECTION: page.toolbar.correction_button,
                RequestKind.DELETION: page.toolbar.deletion_button,
            }[kind]
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            dialog = page.dialog
            assert dialog is not None

            def alive(d: Any = dialog) -> bool:
                return shiboken6.isValid(d) and self.main_window() is not None

            for _send in range(sends):
                yield (lambda d=dialog: not alive(d) or d.submit_button.isEnabled(), 30.0)
                if not alive():
                    break
                QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
                attempts += 1

                def answered(d: Any = dialog) -> bool:
                    if not alive(d):
                        return True
                    return d.pages.currentIndex() == 1 or (
                        d.submit_button.isEnabled() and d.message.property("role") == "error"
                    )

                yield (answered, 45.0)
                if not alive():
                    break
                key = dialog.idempotency_key
                if key and key not in keys:
                    keys.append(key)
                if dialog.pages.currentIndex() == 1:
                    request_id = dialog.result_request.id if dialog.result_request else None
                    QTest.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
                    return {
                        "ok": True,
                        "keys": keys,
                        "attempts": attempts,
                        "request_id": request_id,
                        "failures": failures,
                    }
                failures.append(dialog.message.text())
                yield 0.3  # the user reads the message, then tries again
            if alive():
                QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            yield 0.2
        return {
            "ok": False,
            "keys": keys,
            "attempts": attempts,
            "failures": failures,
            "window": self.window_kind(),
        }

    def cmd_retry_now(self, _command: dict[str, Any]) -> Command:
        window = self.main_window()
        if window is None:
            return {"ok": False, "window": self.window_kind()}
        if self.choices_failed():
            QTest.mouseClick(window.choices_page.state.retry, Qt.MouseButton.LeftButton)
        window.choices_page.sync.retry_now()
        return {"ok": True}
        yield  # a generator, like every command

    def cmd_settle(self, command: dict[str, Any]) -> Command:
        timeout = float(command.get("timeout", 30.0))
        started = time.monotonic()
        window = self.main_window()
        if window is not None:
            window.show_page(window.choices_page)  # the user looks at the choices
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.main_window() is None:
                break
            if self.sync_settled():
                return {"ok": True, "settled": True, "seconds": time.monotonic() - started}
            if self.choices_failed():
                # The page says it could not load, with Try again: the user clicks it.
                QTest.mouseClick(
                    self.main_window().choices_page.state.retry, Qt.MouseButton.LeftButton
                )
            yield (lambda: self.sync_settled() or self.choices_failed(), 1.0)
        return {
            "ok": False,
            "settled": False,
            "window": self.window_kind(),
            "seconds": time.monotonic() - started,
        }

    def cmd_state(self, _command: dict[str, Any]) -> Command:
        cards: dict[str, dict[str, Any]] = {}
        window = self.main_window()
        if window is not None:
            for choice_id, card in window.choices_page.cards.items():
                cards[choice_id] = {
                    "checked": card.switch.isChecked(),
                    "enabled": card.switch.isEnabled(),
                    "status": card.status.text(),
                    "role": str(card.status.property("role") or ""),
                }
        recorder = self.recorder
        return {
            "ok": True,
            "window": self.window_kind(),
            "choices_loaded": self.choices_loaded(),
            "settled": self.sync_settled(),
            "cards": cards,
            "journal": self.pending_journal(),
            "messages": recorder.messages,
            "exceptions": recorder.exceptions,
            "max_gap_ms": round(recorder.max_gap_ms, 1),
            "stalls": recorder.stalls,
        }
        yield

    def cmd_show_page(self, command: dict[str, Any]) -> Command:
        """Open a page from the sidebar, wait until it has loaded, then describe each control
        Tab can reach in the window (tagged for the AT-SPI walk: tests/support/visible_controls.py)."""
        from app.ui.widgets.page_state import PageState
        from tests.support.visible_controls import tag_and_describe

        window = self.main_window()
        if window is None:
            return {"ok": False, "window": self.window_kind()}
        window.show_page_named(str(command["page"]))
        page = window.stack.currentWidget()

        def loaded() -> bool:
            return not any(
                state.isVisible() and state.currentIndex() == 0 and state.retry.isHidden()
                for state in page.findChildren(PageState)
            )

        if command.get("wait", True):
            yield (loaded, 30.0)
        yield float(command.get("settle_ms", 300)) / 1000.0  # what a load shows next
        return {
            "ok": True,
            "page": page.objectName(),
            "loaded": loaded(),
            "controls": tag_and_describe(window),
        }

    def cmd_quit(self, _command: dict[str, Any]) -> Command:
        QTimer.singleShot(0, self._quit)
        return {"ok": True}
        yield

    def _quit(self) -> None:
        self.recorder.stop()
        window = self.desk.window
        if isinstance(window, QWidget):
            window.close()
        self.app.quit()


def _read_stdin(driver: Driver) -> None:
    for line in sys.stdin:
        driver.line_received.emit(line)
    driver.line_received.emit("null")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", required=True, type=Path)
    parser.add_argument("--service", required=True)
    args = parser.parse_args(argv)

    from app.local.logs import configure_logging

    paths_dir: Path = args.paths
    configure_logging(paths_dir / "logs")

    from app.ui.i18n import Translations
    from app.ui.main_thread_gc import MainThreadGarbageCollector
    from app.ui.style import apply_look
    from app.ui.tasks import wait_for_all_tasks

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Privacy Desk")
    translations = Translations(app)
    translations.use("en")
    apply_look(app, "system")
    collector = MainThreadGarbageCollector(app)
    driver = Driver(app, paths_dir, args.service)
    threading.Thread(target=_read_stdin, args=(driver,), name="stdin", daemon=True).start()
    # The session bus is where an AT-SPI walk finds the app (tests/support/atspi_tree.py).
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    driver.reply({"ok": True, "event": "ready", "pid": os.getpid(), "bus": bus})
    try:
        return app.exec()
    finally:
        driver.recorder.stop()
        # As app/main.py: journal and evidence writes under way finish before the end.
        wait_for_all_tasks(10_000)
        del translations, collector


if __name__ == "__main__":
    sys.exit(main())
