"""Let an authorised agent file requests for me (R6): which agent, what it may ask for,
until when, and in one sentence what that means.

Allowing an agent to ask for the deletion of the account needs the same fresh
confirmation as filing a deletion: the browser opens the service's page, where the user
confirms with their password (Privacy Desk never sees it), and the stepped-up grant that
comes back makes this one authorisation (`app/flows/agents.py`). Anything else is
granted at once. A failure is said inside the dialog and every input stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.client import TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.core.agents import (
    Agent,
    AgentAuthorisation,
    default_valid_day,
    latest_valid_day,
)
from app.core.requests import RequestKind
from app.flows.agents import grant
from app.ui.browser_sign_in import BrowserSignInTask
from app.ui.context import DeskContext
from app.ui.dialogs.fit import needed_height
from app.ui.dialogs.password_confirmation import ConfirmsPasswordInBrowser
from app.ui.formatting import format_date
from app.ui.messages import describe_failure
from app.ui.models.agent_authorisations_model import may_ask_text
from app.ui.style import say, set_role


def end_of_day(day: date) -> datetime:
    """The last second of `day` on this computer's clock, in UTC: "until 3 March" means
    the whole of 3 March where the user lives."""
    return datetime.combine(day, time(23, 59, 59)).astimezone().astimezone(UTC)


class AgentDialog(ConfirmsPasswordInBrowser, QDialog):
    """Emits `granted` with the authorisation the service made."""

    granted = Signal(object)  # AgentAuthorisation

    def __init__(
        self,
        context: DeskContext,
        agents: Sequence[Agent],
        live: Sequence[AgentAuthorisation] = (),
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.agents = list(agents)
        # The agents that may act now: a new grant replaces what they may do.
        self.live = {authorisation.agent_id: authorisation for authorisation in live}
        self.result_authorisation: AgentAuthorisation | None = None
        self.confirmation: BrowserSignInTask | None = None
        self._busy = False
        today = today or date.today()
        self.setMinimumWidth(520)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.explanation = QLabel(
            self.tr(
                "An authorised agent is an app or service that files privacy requests in your name. It may act for you only with this permission, only for what you tick, and only until the date you pick."
            )
        )
        self.explanation.setWordWrap(True)

        self.agent_choice = QComboBox()
        self.agent_choice.setPlaceholderText(self.tr("Choose an agent"))
        for agent in self.agents:
            self.agent_choice.addItem(agent.name, agent.id)
        self.agent_choice.setCurrentIndex(-1)
        self.agent_choice.setAccessibleName(self.tr("Agent"))
        self.agent_site = QLabel()
        self.agent_site.setTextFormat(Qt.TextFormat.PlainText)  # the service's text as written
        self.agent_site.setWordWrap(True)
        self.agent_site.setObjectName("cardText")
        self.agent_site.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agent_site.setAccessibleName(self.tr("About the agent"))
        self.agent_site.hide()

        self.access_box = QCheckBox(self.tr("Ask for a copy of my data"))
        self.access_box.setAccessibleName(self.access_box.text())
        self.deletion_box = QCheckBox(self.tr("Ask for my account to be deleted"))
        self.deletion_box.setAccessibleName(self.deletion_box.text())
        self.deletion_note = QLabel(
            self.tr(
                "Allowing this asks for your password: your browser opens the service's page, where you confirm it is you. Privacy Desk never sees it."
            )
        )
        self.deletion_note.setWordWrap(True)
        self.deletion_note.setObjectName("cardText")
        self.deletion_box.setAccessibleDescription(self.deletion_note.text())
        kinds = QVBoxLayout()
        kinds.setSpacing(4)
        kinds.addWidget(self.access_box)
        kinds.addWidget(self.deletion_box)
        kinds.addWidget(self.deletion_note)

        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setMinimumDate(_qdate(today))
        self.until.setMaximumDate(_qdate(latest_valid_day(today)))
        self.until.setDate(_qdate(default_valid_day(today)))
        self.until.setAccessibleName(self.tr("Until"))
        self.until.setAccessibleDescription(self.tr("At most one year from today."))
        self.until_note = QLabel(self.tr("At most one year from today."))
        self.until_note.setObjectName("cardText")
        until_column = QVBoxLayout()
        until_column.setSpacing(4)
        until_column.addWidget(self.until, 0, Qt.AlignmentFlag.AlignLeft)
        until_column.addWidget(self.until_note)

        # A grid, not a QFormLayout: the form gave the wrapped sentence under the deletion
        # box no height for its lines (5 px, measured), where a grid asks it for them.
        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(12)
        form.setColumnStretch(1, 1)
        agent_column = QVBoxLayout()
        agent_column.setSpacing(4)
        agent_column.addWidget(self.agent_choice)
        agent_column.addWidget(self.agent_site)
        for row, (label, column) in enumerate(
            (
                (self.tr("Agent"), agent_column),
                (self.tr("It may"), kinds),
                (self.tr("Until"), until_column),
            )
        ):
            name = QLabel(label)
            form.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            form.addLayout(column, row, 1)

        self.consequence = QLabel()
        self.consequence.setTextFormat(Qt.TextFormat.PlainText)  # it names the agent
        self.consequence.setWordWrap(True)
        self.consequence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.consequence.setAccessibleName(self.tr("What this means"))

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("formMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()

        self.submit_button = QPushButton(self.tr("Allow"))
        set_role(self.submit_button, "suggested")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Close without allowing anything"))
        self.cancel_button.clicked.connect(self.reject)
        self.stop_waiting_button = QPushButton(self.tr("Cancel"))
        self.stop_waiting_button.setAccessibleName(self.tr("Stop waiting for the browser"))
        self.stop_waiting_button.clicked.connect(self.stop_waiting)
        self.stop_waiting_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.stop_waiting_button)
        buttons.addWidget(self.submit_button)

        layout = QVBoxLayout(self)
        # Grows with its wrapped sentences (a longer name, a longer consequence), never
        # squeezing the rows above them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.consequence)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.agent_choice.currentIndexChanged.connect(self._agent_picked)
        self.access_box.toggled.connect(self._update)
        self.deletion_box.toggled.connect(self._update)
        self.until.dateChanged.connect(self._update)
        if len(self.agents) == 1:
            self.agent_choice.setCurrentIndex(0)  # nothing to choose between
        self._agent_picked()

    # -- what the user picked -------------------------------------------------------------

    def agent(self) -> Agent | None:
        index = self.agent_choice.currentIndex()
        return self.agents[index] if 0 <= index < len(self.agents) else None

    def kinds(self) -> tuple[RequestKind, ...]:
        """What is ticked and the picked agent is able to ask for."""
        agent = self.agent()
        able = agent.kinds if agent is not None else ()
        ticked = (
            (self.access_box, RequestKind.ACCESS),
            (self.deletion_box, RequestKind.DELETION),
        )
        return tuple(kind for box, kind in ticked if box.isChecked() and kind in able)

    def valid_until(self) -> datetime:
        return end_of_day(self.until.date().toPython())  # type: ignore[arg-type]

    def ready(self) -> bool:
        return self.agent() is not None and bool(self.kinds())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.adjustSize()  # sized for its wrapped sentences, not for one line of each
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for every wrapped sentence at the width it has: a dialog is sized by
        its layout's minimum, which counts a wrapped sentence as a single line."""
        if self.layout() is None or not self.isVisible():
            return
        needed = needed_height(self, self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _agent_picked(self) -> None:
        agent = self.agent()
        if agent is None:
            self.heading.setText(self.tr("Let an agent file requests for me"))
            self.agent_site.hide()
        else:
            self.heading.setText(self.tr("Let %1 file requests for me").replace("%1", agent.name))
            self.agent_site.setText(agent.web_url)
            self.agent_site.setVisible(bool(agent.web_url))
        self.setWindowTitle(self.heading.text())
        for box, kind in (
            (self.access_box, RequestKind.ACCESS),
            (self.deletion_box, RequestKind.DELETION),
        ):
            able = agent is not None and kind in agent.kinds
            box.setEnabled(able and not self._busy)
            box.setToolTip(
                "" if able or agent is None else self.tr("This agent cannot ask for this.")
            )
        if agent is not None and RequestKind.ACCESS in agent.kinds and not self.kinds():
            self.access_box.setChecked(True)  # the usual thing to allow
        self._update()

    def _update(self) -> None:
        agent = self.agent()
        kinds = self.kinds()
        deletion = RequestKind.DELETION in kinds
        self.deletion_note.setEnabled(self.deletion_box.isEnabled())
        if agent is None or not kinds:
            self.consequence.setText(
                self.tr("Choose an agent and what it may ask for.")
                if agent is None
                else self.tr("Tick at least one thing the agent may ask for.")
            )
        else:
            text = (
                self.tr(
                    "Until %1, %2 may ask the service for %3 in your name; each request shows under Requests, where you can cancel it, and you can revoke this at any time in Settings."
                )
                .replace("%1", format_date(self.valid_until()))
                .replace("%2", agent.name)
                .replace("%3", may_ask_text(kinds))
            )
            if agent.id in self.live:
                text += " " + self.tr("It replaces what %1 may do now.").replace("%1", agent.name)
            self.consequence.setText(text)
        self.submit_button.setText(
            self.tr("Confirm in your browser and allow") if deletion else self.tr("Allow")
        )
        self.submit_button.setAccessibleName(self.submit_button.text())
        self.submit_button.setEnabled(self.ready() and not self._busy)
        self._fit_height()

    # -- sending --------------------------------------------------------------------------

    def submit(self) -> None:
        if not self.ready() or self._busy:
            return
        if RequestKind.DELETION in self.kinds():
            self._confirm_in_browser()
        else:
            self._send()

    def _send(self, confirmed: TokenGrant | None = None) -> None:
        agent = self.agent()
        assert agent is not None
        session, agent_id, kinds, until = self.session, agent.id, self.kinds(), self.valid_until()
        self._set_busy(True)
        self._show_message(self.tr("Sending your permission to the service…"), error=False)
        self.context.run(
            self,
            lambda: grant(session, agent_id, kinds, until, confirmed=confirmed),
            self._on_granted,
            lambda error: self._on_failed(error, confirmed is not None),
        )

    def done(self, result: int) -> None:
        self.stop_waiting()  # closing ends the wait, so the listener does not outlive it
        super().done(result)

    def _on_granted(self, authorisation: AgentAuthorisation) -> None:
        self._set_busy(False)
        self.result_authorisation = authorisation
        self.granted.emit(authorisation)
        self.accept()

    def _on_failed(self, error: BaseException, confirmed: bool) -> None:
        self._set_busy(False)
        step_up = isinstance(error, ServiceError) and error.kind is FailureKind.STEP_UP_REQUIRED
        if step_up and not confirmed:
            self._confirm_in_browser()  # the service wants the password checked for this
            return
        if step_up:
            text = self.tr(
                "The service needs a more recent confirmation. Press the button again and confirm in your browser."
            )
        else:
            text = describe_failure(error)
        self._show_message(text)

    def failure_text(self, error: BaseException) -> str:
        return describe_failure(error)

    def _show_message(self, text: str, *, error: bool = True) -> None:
        say(self.message, text, error=error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.agent_choice.setEnabled(not busy)
        self.until.setEnabled(not busy)
        agent = self.agent()
        for box, kind in (
            (self.access_box, RequestKind.ACCESS),
            (self.deletion_box, RequestKind.DELETION),
        ):
            box.setEnabled(not busy and agent is not None and kind in agent.kinds)
        self.submit_button.setEnabled(not busy and self.ready())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
