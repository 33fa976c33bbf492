"""After a crash: show the user the exact report, and send it only if they allow it (X3).

The app practises what it shows: a report leaves the computer only when the crash
reporting choice is on in the service's current values *and* the user presses Send after
reading the very text that will be sent. X3 is read again at the moment of sending (it may
have been switched off elsewhere while the dialog was open), and the app's copy is deleted
only when the service's answer says it kept the report. Otherwise it stays here and is
deleted after 90 days (T2), or at once if the user asks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth.session import AuthSession
from app.core.choices import ChoiceValues
from app.local.crash_reports import CrashReport, CrashReporter
from app.ui.context import DeskContext
from app.ui.messages import describe_failure
from app.ui.style import say
from app.ui.tasks import run_task, session_has_ended

CRASH_REPORTS_CHOICE = "X3"  # policy-facts: "Send crash reports"

Sender = Callable[[dict[str, str]], None]

logger = logging.getLogger(__name__)


class CrashReportingOff(Exception):
    """X3 was off when a report was about to go, or the service kept nothing: not sent."""


def crash_report_sender(session: AuthSession, values: ChoiceValues) -> Sender | None:
    """A way to send, offered only while X3 is on in the values the service just gave us.

    The values may be old by the time the user presses Send, so each report first reads
    X3 again and is posted only while it is on; and a report counts as sent only when the
    service answers that it kept it. Either way, `CrashReportingOff` is raised otherwise.
    """
    if values.value_of(CRASH_REPORTS_CHOICE) is not True:
        return None
    client = session.client

    def check_and_send(token: str, event: dict[str, str]) -> int:
        if client.choices(token).value_of(CRASH_REPORTS_CHOICE) is not True:
            raise CrashReportingOff(CRASH_REPORTS_CHOICE)
        return client.send_crash_report(token, event)

    def send(event: dict[str, str]) -> None:
        if session.call(lambda token: check_and_send(token, event)) < 1:
            raise CrashReportingOff(CRASH_REPORTS_CHOICE)

    return send


def offer_crash_reports(parent: QWidget, context: DeskContext, reporter: CrashReporter) -> None:
    """After sign-in: if earlier runs left reports, open the dialog over `parent`.

    Reads the reports and the current choice values off the GUI thread. When the
    values cannot be read (offline), nothing is shown: the reports stay pending and the
    user is asked next time, rather than being told something about X3 we do not know.
    The work runs through the context, so an ended session reaches its one watch.
    """
    session = context.session

    def load() -> tuple[list[CrashReport], ChoiceValues | None]:
        reports = reporter.pending()
        if not reports:
            return reports, None
        return reports, session.call(session.client.choices)

    def show(result: tuple[list[CrashReport], ChoiceValues | None]) -> None:
        reports, values = result
        if not reports or values is None:
            return
        sender = crash_report_sender(session, values)
        dialog = CrashReportDialog(reports, reporter, sender, parent, context=context)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def skip(error: BaseException) -> None:
        logger.info("Crash reports not offered this time: %s", type(error).__name__)

    context.run(parent, load, show, skip)


@dataclass
class _Outcome:
    """What a worker managed before it stopped: reports done, and the error if any."""

    done: list[CrashReport] = field(default_factory=list)
    error: BaseException | None = None


class CrashReportDialog(QDialog):
    def __init__(
        self,
        reports: Sequence[CrashReport],
        reporter: CrashReporter,
        send: Sender | None,
        parent: QWidget | None = None,
        *,
        context: DeskContext | None = None,
    ) -> None:
        """`context`: the session whose tasks these are (none when nothing is sent)."""
        super().__init__(parent)
        self.context = context
        self.reports = list(reports)
        self.reporter = reporter
        self.send = send
        self.setWindowTitle(self.tr("Crash report"))
        self.setMinimumSize(560, 460)

        heading = QLabel(self.tr("Privacy Desk ran into a problem"))
        heading.setObjectName("pageTitle")
        intro = QLabel(
            self.tr(
                "Privacy Desk ran into an error and saved a report about it on this computer. Below is exactly what the report says: it holds no e-mail address, password or token."
            )
        )
        intro.setWordWrap(True)
        if send is not None:
            decision_text = self.tr(
                "Sending it helps fix the problem. If you keep it instead, it is deleted from this computer after 90 days."
            )
        else:
            decision_text = self._reporting_off_text()
        self.decision = QLabel(decision_text)
        self.decision.setWordWrap(True)
        self.decision.setObjectName("pageIntro")

        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # Wrapped, also inside a long name without spaces: the user reads all of what
        # would be sent without scrolling sideways.
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.report_view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.report_view.setAccessibleName(self.tr("Crash report text"))
        self.report_view.setAccessibleDescription(decision_text)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("formMessage")
        self.message.setAccessibleName(self.tr("Crash report message"))
        self.message.hide()

        self.delete_button = QPushButton(self.tr("Delete now"))
        self.delete_button.setAccessibleName(self.tr("Delete the crash report now"))
        self.delete_button.clicked.connect(self.delete_now)
        self.keep_button = QPushButton(self.tr("Keep on this computer"))
        self.keep_button.setAccessibleName(self.tr("Keep the crash report on this computer"))
        self.keep_button.clicked.connect(self.keep_on_this_computer)
        self.send_button: QPushButton | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        if send is not None:
            self.send_button = QPushButton(
                self.tr("Send report") if len(self.reports) == 1 else self.tr("Send reports")
            )
            self.send_button.setAccessibleName(self.tr("Send the crash report"))
            self.send_button.clicked.connect(self.send_now)
            buttons.addWidget(self.send_button)
        default = self.send_button or self.keep_button
        default.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.decision)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._show_reports()
        default.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what the user sees -------------------------------------------------------------

    def _reporting_off_text(self) -> str:
        return self.tr(
            "Crash reporting is off in your privacy choices, so this report stays on this computer and is deleted after 90 days."
        )

    def shown_text(self) -> str:
        return self.report_view.toPlainText()

    def _show_reports(self) -> None:
        divider = "\n" + "-" * 60 + "\n\n"
        self.report_view.setPlainText(
            divider.join(self.reporter.report_text(report) for report in self.reports)
        )

    def show_message(self, text: str, *, error: bool = True) -> None:
        say(self.message, text, error=error)

    # -- what the user decides ----------------------------------------------------------

    def send_now(self) -> None:
        send, reporter, reports = self.send, self.reporter, list(self.reports)
        if send is None or not reports:
            return

        def work() -> _Outcome:
            outcome = _Outcome()
            try:
                for report in reports:
                    send(reporter.ingest_event(report))
                    outcome.done.append(report)  # sent, even if forgetting it below fails
                    reporter.mark_sent(report)
            except Exception as error:  # delivered to the GUI thread as a sentence
                outcome.error = error
            return outcome

        self._start(self.tr("Sending…"), work)

    def keep_on_this_computer(self) -> None:
        self._settle_all(self.reporter.keep_locally)

    def delete_now(self) -> None:
        self._settle_all(self.reporter.delete)

    def _settle_all(self, action: Callable[[CrashReport], None]) -> None:
        reports = list(self.reports)

        def work() -> _Outcome:
            outcome = _Outcome()
            try:
                for report in reports:
                    action(report)
                    outcome.done.append(report)
            except Exception as error:
                outcome.error = error
            return outcome

        self._start("", work)

    def _start(self, busy_text: str, work: Callable[[], _Outcome]) -> None:
        self._set_busy(True)
        if busy_text:
            self.show_message(busy_text, error=False)
        if self.context is not None:
            self.context.run(self, work, self._on_finished, self._on_crashed)
        else:
            run_task(self, work, self._on_finished, self._on_crashed)

    def _on_finished(self, outcome: _Outcome) -> None:
        if (
            self.context is not None
            and outcome.error is not None
            and session_has_ended(outcome.error)
        ):
            # Caught inside the work to keep what was done; the context's watch says it.
            self.context.session_watch.report()
        done = {report.id for report in outcome.done}
        self.reports = [report for report in self.reports if report.id not in done]
        if outcome.error is None and not self.reports:
            self.accept()
            return
        if isinstance(outcome.error, CrashReportingOff):
            self._no_sending()
        self._set_busy(False)
        self._show_reports()
        if isinstance(outcome.error, CrashReportingOff):
            self.show_message(
                self.tr(
                    "Crash reporting was switched off in your privacy choices, so the report was not sent. It stays on this computer and is deleted after 90 days."
                )
            )
        elif outcome.error is not None:
            self.show_message(describe_failure(outcome.error))

    def _no_sending(self) -> None:
        """X3 turned out to be off: from now on this dialog only keeps or deletes."""
        self.send = None
        self.decision.setText(self._reporting_off_text())
        self.report_view.setAccessibleDescription(self.decision.text())
        if self.send_button is not None:
            self.send_button.hide()
        self.keep_button.setDefault(True)
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_crashed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.show_message(describe_failure(error))

    def _set_busy(self, busy: bool) -> None:
        for button in (self.send_button, self.keep_button, self.delete_button):
            if button is not None:
                button.setEnabled(not busy)
        if self.send_button is not None and self.send is None:
            self.send_button.setEnabled(False)
