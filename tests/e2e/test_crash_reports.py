"""After a crash the user reads the exact report; it reaches the service only with X3 on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.local.crash_reports import CrashFrame, CrashReport, CrashReporter, report_text
from app.local.paths import AppPaths
from app.ui.context import DeskContext
from app.ui.dialogs.crash_report_dialog import CrashReportDialog, offer_crash_reports
from app.ui.tasks import wait_for_all_tasks
from server.embedded import EmbeddedService
from tests.conftest import OTHER_EMAIL, USER_EMAIL, USER_PASSWORD
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def reporter(tmp_path: Path) -> CrashReporter:
    return CrashReporter(tmp_path / "crash-reports", "1.4.0")


@pytest.fixture
def main_window(qtbot: QtBot) -> Iterator[QWidget]:
    """Stands in for the main window the dialog opens over."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    yield window
    wait_for_all_tasks()


def the_app_crashed_last_time(reporter: CrashReporter) -> CrashReport:
    def sync_choices(account: str) -> None:
        raise KeyError(f"no journal entry for {account}")

    try:
        sync_choices(USER_EMAIL)
    except KeyError as error:
        report = reporter.record(type(error), error.__traceback__)
    assert report is not None
    return report


def signed_in(service: EmbeddedService, keyring: MemoryKeyring) -> AuthSession:
    client = PrivacyClient(service.base_url)
    session, _stored = AuthSession.sign_in(client, TokenVault(keyring), USER_EMAIL, USER_PASSWORD)
    return session


def context_of(session: AuthSession, reporter: CrashReporter) -> DeskContext:
    """The signed-in context the desk hands over, with fresh storage beside the reports."""
    root = reporter.reports_dir.parent / "app-home"
    return DeskContext.signed_in(session, AppPaths(root / "config", root / "data", root / "logs"))


def switch_crash_reports_off(session: AuthSession) -> None:
    client = session.client
    values = session.call(client.choices)
    session.call(lambda token: client.change_choices(token, values.etag, {"X3": False}))


def the_offered_dialog(qtbot: QtBot, window: QWidget) -> CrashReportDialog:
    qtbot.waitUntil(lambda: window.findChild(CrashReportDialog) is not None, timeout=15_000)
    dialog = window.findChild(CrashReportDialog)
    assert isinstance(dialog, CrashReportDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def closed(dialog: CrashReportDialog) -> bool:
    """Closed, and gone once the event loop deletes it."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def stored_crash_reports(service: EmbeddedService, email: str) -> list[dict[str, str]]:
    """Read the service's own table, not the app's idea of it."""
    from server.accounts import find_user_by_email
    from server.db.models import CrashReport as StoredCrashReport

    with service.database.session() as session:
        user = find_user_by_email(session, email)
        assert user is not None
        rows = session.scalars(
            select(StoredCrashReport).where(StoredCrashReport.user_id == user.id)
        ).all()
        return [
            {
                "app": row.app,
                "app_version": row.app_version,
                "device": row.device,
                "summary": row.summary,
                "body": row.body,
            }
            for row in rows
        ]


def test_with_crash_reporting_on_the_user_reads_the_report_and_sends_it(
    qtbot: QtBot,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    reporter: CrashReporter,
    main_window: QWidget,
) -> None:
    report = the_app_crashed_last_time(reporter)
    session = signed_in(live_service, memory_keyring)

    offer_crash_reports(main_window, context_of(session, reporter), reporter)
    dialog = the_offered_dialog(qtbot, main_window)

    assert dialog.shown_text() == report_text(report)
    assert dialog.report_view.isReadOnly()
    assert USER_EMAIL not in dialog.shown_text()
    assert dialog.send_button is not None and dialog.send_button.isDefault()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=15_000)

    [stored] = stored_crash_reports(live_service, USER_EMAIL)
    assert stored["body"] == report_text(report), "the service got exactly what the user read"
    assert stored["app"] == "Privacy Desk"
    assert stored["app_version"] == "1.4.0"
    assert stored["summary"] == report.summary
    assert stored["summary"].startswith("KeyError in ")
    assert reporter.pending() == []
    assert stored_crash_reports(live_service, OTHER_EMAIL) == []


def test_with_crash_reporting_off_there_is_no_send_button_and_nothing_is_sent(
    qtbot: QtBot,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    reporter: CrashReporter,
    main_window: QWidget,
) -> None:
    report = the_app_crashed_last_time(reporter)
    session = signed_in(live_service, memory_keyring)
    switch_crash_reports_off(session)

    offer_crash_reports(main_window, context_of(session, reporter), reporter)
    dialog = the_offered_dialog(qtbot, main_window)

    assert dialog.send_button is None
    assert "Crash reporting is off" in dialog.decision.text()
    assert "deleted after 90 days" in dialog.decision.text()
    assert dialog.shown_text() == report_text(report), "the user can still read it"
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    assert reporter.pending() == [], "not asked about again"
    assert [path.name for path in reporter.reports_dir.iterdir()] == [f"{report.id}.kept.json"]
    assert stored_crash_reports(live_service, USER_EMAIL) == []


def test_a_report_that_could_not_be_sent_stays_pending_with_a_reason(
    qtbot: QtBot,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    reporter: CrashReporter,
    main_window: QWidget,
) -> None:
    report = the_app_crashed_last_time(reporter)
    session = signed_in(live_service, memory_keyring)
    offer_crash_reports(main_window, context_of(session, reporter), reporter)
    dialog = the_offered_dialog(qtbot, main_window)
    live_service.stop()

    assert dialog.send_button is not None
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Can't reach the privacy service" in dialog.message.text(), timeout=15_000
    )

    assert dialog.isVisible()
    assert dialog.send_button.isEnabled(), "the user can try again"
    assert reporter.pending() == [report]
    live_service.restart()
    assert stored_crash_reports(live_service, USER_EMAIL) == []


def test_deleting_now_removes_the_report_from_this_computer(
    qtbot: QtBot, reporter: CrashReporter, main_window: QWidget
) -> None:
    the_app_crashed_last_time(reporter)
    dialog = CrashReportDialog(reporter.pending(), reporter, None, main_window)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)

    assert dialog.keep_button.isDefault()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    assert list(reporter.reports_dir.iterdir()) == []


def test_nothing_is_offered_when_no_report_is_waiting(
    qtbot: QtBot,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    reporter: CrashReporter,
    main_window: QWidget,
) -> None:
    session = signed_in(live_service, memory_keyring)
    offer_crash_reports(main_window, context_of(session, reporter), reporter)
    wait_for_all_tasks()
    qtbot.wait(50)  # let the queued result arrive
    assert main_window.findChild(CrashReportDialog) is None


def test_every_control_of_the_dialog_has_a_name(
    qtbot: QtBot, reporter: CrashReporter, main_window: QWidget
) -> None:
    the_app_crashed_last_time(reporter)
    dialog = CrashReportDialog(reporter.pending(), reporter, lambda _event: None, main_window)
    qtbot.addWidget(dialog)
    controls = [dialog.report_view, dialog.keep_button, dialog.delete_button, dialog.send_button]
    for control in controls:
        assert control is not None and control.accessibleName()


def posts_counted(session: AuthSession) -> list[dict[str, str]]:
    """Every crash report the app's client posts, whatever the service then does with it."""
    client = session.client
    real_send = client.send_crash_report
    posted: list[dict[str, str]] = []

    def send(token: str, report: dict[str, str]) -> int:
        posted.append(report)
        return real_send(token, report)

    client.send_crash_report = send  # type: ignore[method-assign,assignment]
    return posted


def test_crash_reporting_switched_off_elsewhere_after_the_dialog_opened_stops_sending(
    qtbot: QtBot,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    reporter: CrashReporter,
    main_window: QWidget,
) -> None:
    report = the_app_crashed_last_time(reporter)
    session = signed_in(live_service, memory_keyring)
    posted = posts_counted(session)
    offer_crash_reports(main_window, context_of(session, reporter), reporter)
    dialog = the_offered_dialog(qtbot, main_window)
    assert dialog.send_button is not None, "X3 was on when the dialog opened"

    # Another device (or the web portal) switches crash reporting off meanwhile.
    switch_crash_reports_off(signed_in(live_service, memory_keyring))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was not sent" in dialog.message.text(), timeout=15_000)

    assert posted == [], "nothing was posted"
    assert "switched off in your privacy choices" in dialog.message.text()
    assert dialog.isVisible() and not dialog.send_button.isVisible()
    assert "Crash reporting is off" in dialog.decision.text()
    assert dialog.keep_button.isEnabled() and dialog.keep_button.isDefault()
    assert reporter.pending() == [report], "the app keeps its copy"
    assert stored_crash_reports(live_service, USER_EMAIL) == []


def test_a_report_the_service_did_not_keep_stays_on_this_computer(
    qtbot: QtBot,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    reporter: CrashReporter,
    main_window: QWidget,
) -> None:
    report = the_app_crashed_last_time(reporter)
    session = signed_in(live_service, memory_keyring)
    offer_crash_reports(main_window, context_of(session, reporter), reporter)
    dialog = the_offered_dialog(qtbot, main_window)
    client = session.client
    real_send = client.send_crash_report

    def switched_off_just_before_it_arrives(token: str, event: dict[str, str]) -> int:
        switch_crash_reports_off(signed_in(live_service, memory_keyring))
        return real_send(token, event)  # the service answers 202, "stored": 0

    client.send_crash_report = switched_off_just_before_it_arrives  # type: ignore[method-assign,assignment]
    assert dialog.send_button is not None
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was not sent" in dialog.message.text(), timeout=15_000)

    assert reporter.pending() == [report], "not deleted as if it had been accepted"
    assert stored_crash_reports(live_service, USER_EMAIL) == []


def test_the_report_view_wraps_long_lines_so_nothing_is_hidden_to_the_side(
    qtbot: QtBot, reporter: CrashReporter, main_window: QWidget
) -> None:
    long_name = "refresh_" + "every_visible_card_after_the_catalog_changed_" * 6 + "now"
    report = CrashReport(
        id="0b7d1f3e-9c2a-4c51-8f0e-3d5a6b7c8d9e",
        created_at="2025-03-01T10:00:00Z",
        app_version="1.4.0",
        python="CPython 3.11.9",
        qt="6.8.0",
        platform="Linux-6.8.0-generic-x86_64-with-glibc2.39-" + "x" * 120,
        exception_type="KeyError",
        traceback=(CrashFrame("choices_page.py", 120, long_name),),
        summary=f"KeyError in {long_name} (choices_page.py:120)",
    )
    dialog = CrashReportDialog([report], reporter, None, main_window)
    qtbot.addWidget(dialog)
    dialog.resize(600, 480)
    dialog.show()
    qtbot.waitExposed(dialog)

    view = dialog.report_view
    longest = max(len(line) for line in dialog.shown_text().splitlines())
    assert longest * view.fontMetrics().horizontalAdvance("x") > view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0, "no scrolling sideways"
    assert dialog.shown_text() == report_text(report), "wrapped on screen, not changed"
