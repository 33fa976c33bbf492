"""File a request: a copy of my data, a correction, or the deletion of my account.

Each kind says in plain words what will happen before anything is sent. A deletion asks
for the account's e-mail typed out, so the user knows which account goes, and then for a
confirmation in the browser: the service refuses a deletion without a fresh password
check (step-up), and its own page asks for the password, so the app never handles it.
Whoever signs in there must be this account (the flow checks it).

Filing itself is `app/flows/filing.py`: one idempotency key per intent, kept across
dialogs until the outcome is known, and a lost answer is resent with the same key before
the dialog says anything, so the service answers with the request it already filed
instead of filing twice. This module is layout and wiring. A failure is shown inside the
dialog and everything typed stays where it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.api.client import TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.core.requests import PrivacyRequest, RequestKind
from app.flows.filing import Filed, FilingOutcomeUnknown, RequestFiling
from app.ui.browser_sign_in import BrowserSignInTask
from app.ui.context import DeskContext
from app.ui.dialogs.fit import fit_height
from app.ui.dialogs.password_confirmation import ConfirmsPasswordInBrowser
from app.ui.formatting import field_label, format_timestamp
from app.ui.messages import describe_failure, describe_service_error
from app.ui.style import say, set_role

# The service's published policy (docs/api.md): a deletion waits this long and can be
# cancelled until then. The real end of the grace period comes back with the request.
DELETION_GRACE_DAYS = 7
# The profile fields a correction may change: the service's CorrectionRequestBody.field.
CORRECTABLE_FIELDS = ("username", "email")


class NewRequestDialog(ConfirmsPasswordInBrowser, QDialog):
    """Emits `filed` once the service acknowledged the request."""

    filed = Signal(object)  # PrivacyRequest
    # Every answer was lost: the request may be on the service; the list should look.
    outcome_unknown = Signal()

    def __init__(
        self,
        context: DeskContext,
        kind: RequestKind,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.kind = kind
        # The filing intents are the account's: a new dialog asking for the same reuses its key.
        self.filing = RequestFiling(context.session, context.stores.pending_requests, kind)
        self.result_request: PrivacyRequest | None = None
        # The deletion's confirmation in the browser, while the dialog waits for it.
        self.confirmation: BrowserSignInTask | None = None
        self.setMinimumWidth(500)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = QFormLayout()

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("formMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()

        self.submit_button = QPushButton(self.tr("Send request"))
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Close without sending"))
        self.cancel_button.clicked.connect(self.reject)
        # In the cancel button's place while the browser is awaited: ends the wait, not the dialog.
        self.stop_waiting_button = QPushButton(self.tr("Cancel"))
        self.stop_waiting_button.setAccessibleName(self.tr("Stop waiting for the browser"))
        self.stop_waiting_button.clicked.connect(self.stop_waiting)
        self.stop_waiting_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.stop_waiting_button)
        buttons.addWidget(self.submit_button)

        asking = QWidget()
        column = QVBoxLayout(asking)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.heading)
        column.addWidget(self.explanation)
        column.addLayout(self.form)
        column.addWidget(self.message)
        column.addStretch(1)
        column.addLayout(buttons)

        self.done_heading = QLabel(self.tr("Request sent"))
        self.done_heading.setObjectName("pageTitle")
        self.done_text = QLabel()
        self.done_text.setTextFormat(Qt.TextFormat.PlainText)
        self.done_text.setWordWrap(True)
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_text.setAccessibleName(self.tr("What happens next"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        done = QWidget()
        done_column = QVBoxLayout(done)
        done_column.setContentsMargins(0, 0, 0, 0)
        done_column.setSpacing(12)
        done_column.addWidget(self.done_heading)
        done_column.addWidget(self.done_text)
        done_column.addStretch(1)
        done_column.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

        self.pages = QStackedWidget()
        self.pages.addWidget(asking)
        self.pages.addWidget(done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.addWidget(self.pages)

        self._inputs: list[QWidget] = []
        if kind is RequestKind.ACCESS:
            self._build_access()
        elif kind is RequestKind.CORRECTION:
            self._build_correction()
        else:
            self._build_deletion()
        self.setWindowTitle(self.heading.text())
        # The one main action: a deletion's looks as destructive as it is.
        set_role(self.submit_button, "destructive" if kind is RequestKind.DELETION else "suggested")
        self.submit_button.setAccessibleName(self.submit_button.text())
        self.close_button.setAccessibleName(self.close_button.text())
        self._update_submit()

    # -- the three kinds ------------------------------------------------------------------

    def _build_access(self) -> None:
        # The plain words first, the law's term once beside them (GDPR articles 15, 16, 17).
        self.heading.setText(self.tr("Ask for a copy of your data (right of access)"))
        self.explanation.setText(
            self.tr(
                "You get one ZIP file with everything the service keeps about you: each category as JSON and as CSV, and a page that explains it in plain words. The service has one month to prepare it; then you can download it for 7 days."
            )
        )

    def _build_correction(self) -> None:
        self.heading.setText(self.tr("Correct something (right to rectification)"))
        self.explanation.setText(
            self.tr(
                "Tell the service which part of your profile is wrong and what it should be. It checks the new value and tells you whether it was changed."
            )
        )
        self.field_choice = QComboBox()
        for name in CORRECTABLE_FIELDS:
            self.field_choice.addItem(field_label(name), name)
        self.field_choice.setAccessibleName(self.tr("What to correct"))
        self.proposed_value = QLineEdit()
        self.proposed_value.setAccessibleName(self.tr("Correct value"))
        self.proposed_value.setMaxLength(320)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Why it is wrong"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.form.addRow(self.tr("What to correct"), self.field_choice)
        self.form.addRow(self.tr("Correct value"), self.proposed_value)
        self.form.addRow(self.tr("Why it is wrong"), self.reason)
        self.proposed_value.textChanged.connect(self._update_submit)
        self.reason.textChanged.connect(self._update_submit)
        self._inputs = [self.field_choice, self.proposed_value, self.reason]

    def _build_deletion(self) -> None:
        self.heading.setText(self.tr("Delete your account (right to erasure)"))
        self.explanation.setText(
            # What stays is the policy's T5: some usage statistics, IP addresses included,
            # no longer linked to the account (the catalog's C5 text says the same).
            self.tr(
                "Your account, your profile, your choices and every record linked to you are deleted, and every app signed in to it is signed out. Some usage statistics, IP addresses included, are kept, but no longer linked to you. You have %n day(s) to change your mind and cancel; after that nothing can be undone.",
                "",
                DELETION_GRACE_DAYS,
            )
        )
        self.email_confirmation = QLineEdit()
        self.email_confirmation.setAccessibleName(self.tr("Type your e-mail address"))
        self.email_confirmation.setPlaceholderText(self.session.account.email)
        # The label above the field, both the dialog's whole width: a long address fits
        # in the field, and the label is not squeezed beside it.
        label = QLabel(self.tr("Type %1 to confirm").replace("%1", self.session.account.email))
        label.setWordWrap(True)
        label.setBuddy(self.email_confirmation)
        self.form.addRow(label)
        self.form.addRow(self.email_confirmation)
        self.browser_note = QLabel(
            self.tr(
                "Then your browser opens the service's page, where you confirm it is you with your password. Privacy Desk never sees it."
            )
        )
        self.browser_note.setWordWrap(True)
        self.form.addRow(self.browser_note)
        self.submit_button.setText(self.tr("Confirm in your browser and delete"))
        self.submit_button.setDefault(False)
        self.cancel_button.setDefault(True)
        self.email_confirmation.textChanged.connect(self._update_submit)
        self._inputs = [self.email_confirmation]

    # -- sending --------------------------------------------------------------------------

    def ready(self) -> bool:
        if self.kind is RequestKind.CORRECTION:
            return bool(self.proposed_value.text().strip() and self.reason.toPlainText().strip())
        if self.kind is RequestKind.DELETION:
            return self.email_confirmation.text().strip() == self.session.account.email
        return True

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(self.ready())

    @property
    def idempotency_key(self) -> str | None:
        return self.filing.key

    def details(self) -> dict[str, object]:
        """What the user asked for, as the service takes it (no password)."""
        if self.kind is RequestKind.CORRECTION:
            return {
                "field": self.field_choice.currentData(),
                "proposed_value": self.proposed_value.text().strip(),
                "reason": self.reason.toPlainText().strip(),
            }
        return {}

    def submit(self) -> None:
        if not self.ready() or self.confirmation is not None:
            return
        if self.kind is RequestKind.DELETION:
            self._confirm_in_browser()
        else:
            self._send()

    def _send(self, confirmed: TokenGrant | None = None) -> None:
        filing, details = self.filing, self.details()
        self._set_busy(True)
        self._show_message(self.tr("Sending your request…"), error=False)
        self.context.run(
            self,
            lambda: filing.file(details, confirmed=confirmed),
            self._on_filed,
            self._on_failed,
        )

    def done(self, result: int) -> None:
        # Closing the dialog also ends a wait, so the listener does not outlive it.
        self.stop_waiting()
        super().done(result)

    def _on_filed(self, outcome: Filed) -> None:
        self._set_busy(False)
        filed = outcome.request
        self.result_request = filed
        self.message.hide()
        text = self._what_happens_next(filed)
        if outcome.earlier:
            text = " ".join((self._filed_once(filed), text))
        self.done_text.setText(text)
        self.pages.setCurrentIndex(1)
        fit_height(self)
        self.close_button.setFocus()
        self.filed.emit(filed)

    def _filed_once(self, filed: PrivacyRequest) -> str:
        return self.tr(
            "The service has had this request since %1; it was filed only once."
        ).replace("%1", format_timestamp(filed.received_at))

    def _what_happens_next(self, filed: PrivacyRequest) -> str:
        due = format_timestamp(filed.due_at)
        if self.kind is RequestKind.DELETION:
            when = format_timestamp(filed.grace_until) if filed.grace_until else due
            return self.tr(
                "Your account will be deleted on %1. Until then you can change your mind: open Requests, select this deletion and choose Cancel deletion."
            ).replace("%1", when)
        if self.kind is RequestKind.CORRECTION:
            return self.tr(
                "The service checks the new value and must answer by %1. Follow it under Requests."
            ).replace("%1", due)
        return self.tr(
            "The service must have your copy ready by %1. When it is, download it under Requests."
        ).replace("%1", due)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_message(self.failure_text(error))
        if isinstance(error, FilingOutcomeUnknown):
            self.outcome_unknown.emit()

    def failure_text(self, error: BaseException) -> str:
        if isinstance(error, FilingOutcomeUnknown):
            return " ".join(
                (
                    describe_service_error(error.last, with_next_step=False),
                    self.tr(
                        "The app asked the service again but got no clear answer, so it does not know yet whether your request was filed. Send it again in a while: the service recognises it, so it is never filed twice."
                    ),
                )
            )
        if isinstance(error, ServiceError) and error.kind is FailureKind.STEP_UP_REQUIRED:
            # The confirmation came too long before the deletion reached the service.
            return self.tr(
                "The service needs a more recent confirmation. Press the button again and confirm in your browser."
            )
        return describe_failure(error)

    def _show_message(self, text: str, *, error: bool = True) -> None:
        say(self.message, text, error=error)
        fit_height(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)  # its width is known now: every wrapped line gets its room

    def _set_busy(self, busy: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(not busy)
        self.submit_button.setEnabled(not busy and self.ready())
