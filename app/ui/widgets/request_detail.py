"""The right side of the Requests page: one request's facts, its clock, the service's
reasons, Cancel while it can be cancelled, the download of a finished copy, and
everything that happened to it so far, with times."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.deadlines import DeadlineState
from app.core.requests import PrivacyRequest, RequestEvent, RequestKind, extension_note
from app.ui.formatting import (
    days_left_text,
    field_label,
    format_date,
    format_day,
    format_timestamp,
    overdue_advice,
    request_kind_label,
    request_status_text,
)
from app.ui.plurals import PLURALS
from app.ui.style import set_role


class RequestFacts(QWidget):
    """A request's facts as a form: a label column and a value column, values selectable
    and wrapping; a sentence that is not a label and a value (who filed it, the end of a
    deletion's grace period) spans both columns. What the service wrote (a proposed value)
    is shown as written, never as markup.

    A two-column grid rather than a QFormLayout: nested in the detail column, Qt 6's
    QFormLayout leaves a wrapped value's further lines out of its height, and cuts it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self._rows: list[tuple[QLabel | None, QLabel]] = []
        self._lines: list[str] = []

    def clear(self) -> None:
        for name, shown in self._rows:
            for label in (name, shown):
                if label is not None:
                    self.grid.removeWidget(label)
                    label.hide()
                    label.deleteLater()
        self._rows = []
        self._lines = []

    def add_row(self, label: str, value: str) -> QLabel:
        shown = self._value_label(value)
        shown.setAccessibleName(label)
        name = QLabel(label)
        name.setObjectName("formLabel")
        name.setBuddy(shown)
        name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row = len(self._rows)
        self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(shown, row, 1)
        self._rows.append((name, shown))
        self._lines.append(self.tr("%1: %2").replace("%1", label).replace("%2", value))
        return shown

    def add_note(self, sentence: str) -> QLabel:
        shown = self._value_label(sentence)
        self.grid.addWidget(shown, len(self._rows), 0, 1, 2)
        self._rows.append((None, shown))
        self._lines.append(sentence)
        return shown

    def names(self) -> list[QLabel]:
        """The label column, top to bottom (each label's buddy is its value)."""
        return [name for name, _shown in self._rows if name is not None]

    def value(self, label: str) -> str:
        """The value shown beside `label` ("" when there is no such row)."""
        for name, shown in self._rows:
            if name is not None and name.text() == label:
                return shown.text()
        return ""

    def text(self) -> str:
        """The facts as plain lines ("Label: value"), as they would be read out or copied."""
        return "\n".join(self._lines)

    @staticmethod
    def _value_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        # By mouse only: selectable by keyboard, every value would become a Tab stop.
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label


class RequestDetail(QScrollArea):
    """`cancel_button` is the page's to connect; `panel_column` holds download panels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = QWidget()
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.facts = RequestFacts()
        self.facts.setAccessibleName(self.tr("About this request"))
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setProperty("role", "error")
        self.advice.setAccessibleName(self.tr("What you can do"))
        # An overdue request: remind the service, or complain to an authority (issue 13).
        self.remind_button = QPushButton(self.tr("Send a reminder"))
        set_role(self.remind_button, "suggested")  # what an overdue request calls for first
        self.remind_button.setAccessibleName(self.tr("Send the service a reminder"))
        self.remind_button.setAccessibleDescription(
            self.tr("The service records it in the request's history. One a day at most.")
        )
        self.complain_button = QPushButton(self.tr("Complain to an authority…"))
        self.complain_button.setAccessibleName(self.tr("Complain to a data-protection authority"))
        self.complain_button.setAccessibleDescription(
            self.tr("Writes the complaint with the service's signed records as evidence.")
        )
        self.overdue_actions = QWidget()
        # One above the other: the detail column is narrow, and neither may be cut off.
        overdue_column = QVBoxLayout(self.overdue_actions)
        overdue_column.setContentsMargins(0, 0, 0, 0)
        overdue_column.setSpacing(6)
        overdue_column.addWidget(self.remind_button, 0, Qt.AlignmentFlag.AlignLeft)
        overdue_column.addWidget(self.complain_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.overdue_message = QLabel()
        self.overdue_message.setTextFormat(Qt.TextFormat.PlainText)
        self.overdue_message.setWordWrap(True)
        self.overdue_message.hide()
        self.reasons = QLabel()
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons.setWordWrap(True)
        self.reasons.setAccessibleName(self.tr("The service's reasons"))
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QPushButton(self.tr("Cancel this request"))
        self.cancel_button.setAccessibleName(self.tr("Cancel this request"))
        self.cancel_message = QLabel()
        self.cancel_message.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel_message.setWordWrap(True)
        self.cancel_message.setProperty("role", "error")
        history_title = QLabel(self.tr("What happened so far"))
        history_title.setObjectName("cardTitle")
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setAccessibleName(self.tr("Status history"))
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.panel_column = QVBoxLayout()
        self.panel_column.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self.content)
        column.setContentsMargins(16, 4, 8, 4)
        column.setSpacing(8)
        for widget in (
            self.title,
            self.facts,
            self.advice,
            self.overdue_actions,
            self.overdue_message,
            self.reasons,
        ):
            column.addWidget(widget)
        column.addLayout(self.panel_column)
        column.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.cancel_message)
        column.addSpacing(6)
        column.addWidget(history_title)
        column.addWidget(self.history)
        column.addStretch(1)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(self.content)
        self.setAccessibleName(self.tr("Request details"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content.hide()

    def show_nothing(self) -> None:
        self.content.hide()

    def show_request(self, request: PrivacyRequest, now: datetime) -> None:
        self.content.show()
        self.title.setText(request_kind_label(request.kind))
        self._show_facts(request, now)
        overdue = request.deadline().state(now) is DeadlineState.OVERDUE
        self.advice.setText(overdue_advice() if overdue else "")
        self.advice.setVisible(overdue)
        self.overdue_actions.setVisible(overdue)
        self.remind_button.setEnabled(overdue)
        self.complain_button.setEnabled(overdue)
        if not overdue:
            self.overdue_message.hide()
        reasons = self._reasons(request)
        self.reasons.setText("\n".join(reasons))
        self.reasons.setVisible(bool(reasons))
        self.history.setText("\n".join(self._history_line(e) for e in request.history))
        cancellable = request.can_cancel(now)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setText(
            self.tr("Cancel deletion")
            if request.kind is RequestKind.DELETION
            else self.tr("Cancel this request")
        )
        self.cancel_button.setAccessibleName(self.cancel_button.text())

    def cancel_question(self, request: PrivacyRequest) -> tuple[str, str]:
        """(title, text) of the question Cancel asks before it cancels `request`."""
        if request.kind is RequestKind.DELETION:
            title = self.tr("Keep your account?")
            text = self.tr(
                "Your account will not be deleted, and everything stays as it is. You can ask again at any time."
            )
        else:
            title = self.tr("Cancel this request?")
            text = self.tr("The service stops working on it. You can ask again at any time.")
        return title, text

    def _show_facts(self, request: PrivacyRequest, now: datetime) -> None:
        facts = self.facts
        facts.clear()
        if request.agent is not None:
            facts.add_note(self.tr("Filed by %1 on your behalf").replace("%1", request.agent.name))
        facts.add_row(self.tr("Status"), request_status_text(request.status.value))
        facts.add_row(self.tr("Filed"), format_timestamp(request.received_at))
        due = format_date(request.due_at)
        if request.status.is_open:
            due += " · " + days_left_text(request, now)[0]
        facts.add_row(self.tr("Due"), due)
        if request.completed_at is not None:
            facts.add_row(self.tr("Answered"), format_timestamp(request.completed_at))
        details = request.details
        if request.kind is RequestKind.CORRECTION and details.get("field"):
            facts.add_row(
                field_label(str(details["field"])),
                self.tr("“%1”").replace("%1", str(details.get("proposed_value") or "")),
            )
        if request.grace_until is not None and request.status.is_open:
            facts.add_note(
                self.tr("Your account will be deleted on %1. Until then you can cancel.").replace(
                    "%1", format_timestamp(request.grace_until)
                )
            )

    def _history_line(self, event: RequestEvent) -> str:
        note = event.note
        extension = extension_note(note)
        if extension is not None:  # counted and dated as the user's language does it
            note = PLURALS.deadline_extended(
                extension.months, format_day(extension.due), extension.reason
            )
        return (
            self.tr("%1 · %2 — %3")
            .replace("%1", format_timestamp(event.at))
            .replace("%2", request_status_text(event.status.value))
            .replace("%3", note)
        )

    def _reasons(self, request: PrivacyRequest) -> list[str]:
        reasons = []
        if request.extension_reason:
            reasons.append(
                self.tr("The service extended the deadline: %1").replace(
                    "%1", request.extension_reason
                )
            )
        if request.denial_reason:
            reasons.append(self.tr("The service refused: %1").replace("%1", request.denial_reason))
        return reasons
