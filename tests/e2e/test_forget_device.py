"""Forget means forget: after "Forget this device" no file the app wrote is left behind.

The real app against the real service on loopback, with the log file and the crash
reporter installed as `app/main.py` installs them: the app is used, crashes are left
behind (a crash report, a hard crash's fault trace, the live trace of this run) and log
lines written; every file under the app's folders is listed before and after.
"""

from __future__ import annotations

import faulthandler
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.local.crash_reports import CrashReporter, crash_reports_dir
from app.local.forget import app_folders
from app.local.last_seen_choices import LastSeenChoices
from app.local.logs import LOG_FILE_NAME, configure_logging
from app.local.paths import AppPaths
from app.ui.desk import DeskApp, ForgetChoice
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import run_task, wait_for_all_tasks
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, sign_in_through_dialog
from tests.support.memory_keyring import MemoryKeyring

REPO = Path(__file__).resolve().parents[2]
APP_VERSION = "1.4.0"
log = logging.getLogger("app.test_forget_device")


@pytest.fixture
def reporter(app_paths: AppPaths) -> Iterator[CrashReporter]:
    """The log file and the crash reporter, installed as app/main.py does at start."""
    root = logging.getLogger()
    level = root.level
    faults_were_on = faulthandler.is_enabled()
    configure_logging(app_paths.log_dir)
    reporter = CrashReporter(crash_reports_dir(app_paths), APP_VERSION)
    reporter.install()
    yield reporter
    reporter.uninstall()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", "").startswith(str(app_paths.log_dir)):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    if faults_were_on and sys.__stderr__ is not None:
        faulthandler.enable(file=sys.__stderr__, all_threads=True)


def files_under_the_app_folders(paths: AppPaths) -> list[str]:
    wait_for_all_tasks()
    root = paths.config_dir.parent
    found = {
        path.relative_to(root).as_posix()
        for folder in app_folders(paths)
        if folder.exists()
        for path in folder.rglob("*")
        if not path.is_dir()
    }
    return sorted(found)


def a_hard_crash_in_an_earlier_run(reports_dir: Path) -> None:
    """A process with the reporter installed dies of a segfault: its trace stays behind."""
    code = (
        "import sys, faulthandler; from pathlib import Path\n"
        "from app.local.crash_reports import CrashReporter\n"
        f"CrashReporter(Path(sys.argv[1]), {APP_VERSION!r}).install()\n"
        "faulthandler._sigsegv()\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONFAULTHANDLER": ""}
    crashed = subprocess.run(
        [sys.executable, "-c", code, str(reports_dir)],
        env=environment,
        capture_output=True,
        timeout=60,
    )
    assert crashed.returncode != 0


def an_uncaught_error(reporter: CrashReporter) -> None:
    def refresh_overview() -> None:
        raise ZeroDivisionError("no requests yet")

    try:
        refresh_overview()
    except ZeroDivisionError as error:
        assert reporter.record(type(error), error.__traceback__) is not None


def use_the_app(qtbot: QtBot, window: MainWindow, reporter: CrashReporter) -> None:
    """A choice changed (journal, evidence, last-seen), a theme chosen, crashes, log lines."""
    card = window.choices_page.cards["X1"]
    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.status.text().startswith("Saved."), timeout=15_000)
    qtbot.waitUntil(window.choices_page.sync.settled, timeout=5_000)
    theme = window.settings_page.option_boxes["theme"]
    theme.setCurrentIndex(theme.findData("light"))
    an_uncaught_error(reporter)
    a_hard_crash_in_an_earlier_run(reporter.reports_dir)
    log.warning("Something worth a line in the log")


def forget_this_device(qtbot: QtBot, desk: DeskApp, window: MainWindow) -> SignInDialog:
    window.show_page(window.settings_page)
    window.settings_page.forget_button.click()
    qtbot.waitUntil(lambda: isinstance(desk.window, SignInDialog), timeout=15_000)
    dialog = desk.window
    assert isinstance(dialog, SignInDialog)
    return dialog


@pytest.mark.parametrize("choice", [ForgetChoice.EVERYTHING, ForgetChoice.KEEP_PREFERENCES])
def test_forgetting_the_device_leaves_no_file_of_the_account_logs_or_crashes_behind(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    memory_keyring: MemoryKeyring,
    app_paths: AppPaths,
    reporter: CrashReporter,
    choice: ForgetChoice,
) -> None:
    desk = make_desk(crash_reporter=reporter)
    desk.confirm_forget_device = lambda _parent: choice
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    use_the_app(qtbot, window, reporter)
    qtbot.waitUntil(lambda: desk.settings_file.load().theme == "light", timeout=5_000)

    before = files_under_the_app_folders(app_paths)
    for expected in (
        "config/settings.json",
        "data/catalog.json",
        "data/last-seen-choices.json",
        "data/pending-changes.json",
        f"logs/{LOG_FILE_NAME}",
    ):
        assert expected in before
    assert any(name.startswith("data/evidence/") for name in before)
    crash_files = [name for name in before if name.startswith("logs/crash-reports/")]
    assert sum(name.endswith(".json") for name in crash_files) == 1, "the crash report"
    assert sum(name.endswith(".trace") for name in crash_files) == 2, "a hard crash's, this run's"
    assert memory_keyring.entries

    dialog = forget_this_device(qtbot, desk, window)
    log.warning("A line logged right after forgetting")
    an_uncaught_error(reporter)  # Python crashes are still reported, without the account

    after = files_under_the_app_folders(app_paths)
    reports = [name for name in after if name.startswith("logs/crash-reports/")]
    after = [name for name in after if name not in reports]
    assert len(reports) == 1 and reports[0].endswith(".json"), "only the crash after forgetting"
    assert "forgotten" in dialog.message.text()
    assert memory_keyring.entries == {}
    if choice is ForgetChoice.EVERYTHING:
        assert after == []
    else:
        assert after == ["config/settings.json"]
        kept = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
        assert kept["theme"] == "light", "the preference the user asked to keep"
        assert kept["user_id"] == ""
        assert live_service.base_url not in json.dumps(kept)
        assert USER_EMAIL not in json.dumps(kept)


def test_after_forgetting_the_next_sign_in_writes_the_log_and_the_fault_trace_again(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    app_paths: AppPaths,
    reporter: CrashReporter,
) -> None:
    desk = make_desk(crash_reporter=reporter)
    desk.confirm_forget_device = lambda _parent: ForgetChoice.EVERYTHING
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    forget_this_device(qtbot, desk, window)
    assert files_under_the_app_folders(app_paths) == []

    sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    wait_for_all_tasks()
    log.warning("Signed in again")
    for handler in logging.getLogger().handlers:
        handler.flush()

    log_file = app_paths.log_dir / LOG_FILE_NAME
    assert "Signed in again" in log_file.read_text(encoding="utf-8")
    assert oct(log_file.stat().st_mode & 0o777) == oct(0o600)
    traces = list(reporter.reports_dir.glob("fault-*.trace"))
    assert len(traces) == 1 and faulthandler.is_enabled()


def test_a_write_still_under_way_when_forgetting_is_swept_away_after_it(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    app_paths: AppPaths,
) -> None:
    desk = make_desk()
    desk.confirm_forget_device = lambda _parent: ForgetChoice.EVERYTHING
    desk.start()
    window = sign_in_through_dialog(qtbot, desk, live_service.base_url, USER_EMAIL, USER_PASSWORD)
    account = window.session.account.vault_key
    last_seen = LastSeenChoices(app_paths.last_seen_choices_file)

    def a_slow_reload_saving_what_it_saw() -> None:
        time.sleep(1.0)  # still busy when the folders go
        last_seen.remember(account, {"X1": True})

    run_task(window, a_slow_reload_saving_what_it_saw, lambda _r: None, lambda _e: None)
    forget_this_device(qtbot, desk, window)
    qtbot.waitUntil(lambda: files_under_the_app_folders(app_paths) == [], timeout=15_000)
    qtbot.wait(300)
    assert files_under_the_app_folders(app_paths) == []
