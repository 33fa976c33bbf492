"""Letting an agent file requests for me: the dialog says who, what and until when before
anything is sent; and the Settings list of what each agent may do."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient, TokenGrant
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.core.agents import Agent, AgentAuthorisation
from app.core.requests import RequestKind
from app.local.paths import AppPaths
from app.ui.context import DeskContext
from app.ui.dialogs.agent_dialog import AgentDialog, end_of_day
from app.ui.formatting import format_date
from app.ui.models.agent_authorisations_model import AgentAuthorisationsModel, Column
from tests.support.memory_keyring import MemoryKeyring

TODAY = date(2026, 12, 2)
BOTH = (RequestKind.ACCESS, RequestKind.DELETION)
SLIP = Agent("agent-1", "Permission Slip", "https://slip.example", BOTH)
COPIES_ONLY = Agent("agent-2", "Copy Bot", "", (RequestKind.ACCESS,))


@pytest.fixture
def context(tmp_path: Path) -> DeskContext:
    grant = TokenGrant("access", "refresh", 3600, "user-1", "ada@example.org")
    session = AuthSession(
        PrivacyClient("https://privacy.example"),
        TokenVault(MemoryKeyring()),
        grant,
        keep_in_keyring=True,
    )
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    return DeskContext.signed_in(session, paths)


def open_dialog(
    qtbot: QtBot,
    context: DeskContext,
    agents: list[Agent],
    live: tuple[AgentAuthorisation, ...] = (),
) -> AgentDialog:
    dialog = AgentDialog(context, agents, live, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_nothing_can_be_sent_before_an_agent_is_picked(qtbot: QtBot, context: DeskContext) -> None:
    dialog = open_dialog(qtbot, context, [SLIP, COPIES_ONLY])
    assert dialog.windowTitle() == "Let an agent file requests for me"
    assert not dialog.submit_button.isEnabled()
    assert dialog.consequence.text() == "Choose an agent and what it may ask for."

    dialog.agent_choice.setCurrentIndex(0)
    assert dialog.windowTitle() == "Let Permission Slip file requests for me"
    assert dialog.heading.text() == dialog.windowTitle()
    assert dialog.access_box.isChecked(), "a copy of my data is proposed"
    assert not dialog.deletion_box.isChecked(), "deletion only when the user ticks it"
    assert dialog.submit_button.isEnabled()
    assert dialog.submit_button.text() == "Allow"


def test_the_consequence_is_one_sentence_with_who_what_and_until_when(
    qtbot: QtBot, context: DeskContext
) -> None:
    dialog = open_dialog(qtbot, context, [SLIP])  # the only one: already picked
    until = format_date(end_of_day(TODAY + timedelta(days=90)))
    assert dialog.consequence.text() == (
        f"Until {until}, Permission Slip may ask the service for a copy of your data in "
        "your name; each request shows under Requests, where you can cancel it, and you "
        "can revoke this at any time in Settings."
    )
    dialog.deletion_box.setChecked(True)
    assert (
        "a copy of your data and the deletion of your account in your name"
        in dialog.consequence.text()
    )
    assert dialog.submit_button.text() == "Confirm in your browser and allow"
    assert dialog.submit_button.accessibleName() == dialog.submit_button.text()
    assert "asks for your password" in dialog.deletion_note.text()

    dialog.access_box.setChecked(False)
    dialog.deletion_box.setChecked(False)
    assert not dialog.submit_button.isEnabled()
    assert dialog.consequence.text() == "Tick at least one thing the agent may ask for."


def test_until_is_ninety_days_ahead_and_never_more_than_a_year(
    qtbot: QtBot, context: DeskContext
) -> None:
    dialog = open_dialog(qtbot, context, [SLIP])
    assert dialog.until.date() == QDate(2027, 3, 2)
    dialog.until.setDate(QDate(2028, 6, 1))
    assert dialog.until.date() == QDate(2027, 12, 2), "capped at a year"
    now = datetime.combine(TODAY, datetime.min.time()).astimezone()
    assert dialog.valid_until() - now <= timedelta(days=366)
    assert dialog.valid_until().tzinfo is UTC


def test_an_agent_is_only_allowed_what_it_can_ask_for(qtbot: QtBot, context: DeskContext) -> None:
    dialog = open_dialog(qtbot, context, [SLIP, COPIES_ONLY])
    dialog.agent_choice.setCurrentIndex(1)
    assert not dialog.deletion_box.isEnabled()
    dialog.deletion_box.setChecked(True)
    assert dialog.kinds() == (RequestKind.ACCESS,)
    assert dialog.deletion_box.toolTip() == "This agent cannot ask for this."


def test_a_new_permission_says_it_replaces_the_live_one(qtbot: QtBot, context: DeskContext) -> None:
    live = authorisation("a1", revoked=False)
    dialog = open_dialog(qtbot, context, [SLIP], (live,))
    assert dialog.consequence.text().endswith(" It replaces what Permission Slip may do now.")


def test_every_control_has_a_name_and_tab_follows_reading_order(
    qtbot: QtBot, context: DeskContext
) -> None:
    dialog = open_dialog(qtbot, context, [SLIP])
    ours = [
        dialog.agent_choice,
        dialog.access_box,
        dialog.deletion_box,
        dialog.until,
        dialog.cancel_button,
        dialog.stop_waiting_button,
        dialog.submit_button,
    ]
    order: list[object] = []
    widget: QWidget | None = dialog.agent_choice
    for _ in range(50):  # the chain also holds the controls' own inner widgets
        if widget in ours and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain() if widget is not None else None
    assert order == ours
    for control in (
        dialog.agent_choice,
        dialog.access_box,
        dialog.deletion_box,
        dialog.until,
        dialog.submit_button,
        dialog.cancel_button,
        dialog.stop_waiting_button,
    ):
        assert control.accessibleName(), control


NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


def authorisation(
    ident: str, *, revoked: bool, active: bool = True, days: int = 90
) -> AgentAuthorisation:
    return AgentAuthorisation(
        ident,
        SLIP.id,
        SLIP.name,
        BOTH,
        NOW - timedelta(days=1),
        NOW + timedelta(days=days),
        NOW if revoked else None,
        active and not revoked,
    )


def test_the_list_says_what_each_agent_may_do_and_whether_it_still_may(qtbot: QtBot) -> None:
    model = AgentAuthorisationsModel(now=lambda: NOW)
    model.set_authorisations(
        [
            authorisation("live", revoked=False),
            authorisation("revoked", revoked=True),
            authorisation("expired", revoked=False, days=-1),
            authorisation("replaced", revoked=False, active=False),
        ]
    )

    def cell(row: int, column: Column) -> str:
        return str(model.data(model.index(row, column)))

    assert cell(0, Column.AGENT) == "Permission Slip"
    assert cell(0, Column.MAY_ASK) == "a copy of your data and the deletion of your account"
    assert cell(0, Column.UNTIL) == format_date(NOW + timedelta(days=90))
    assert [cell(row, Column.STATE) for row in range(4)] == [
        "Active",
        f"Revoked on {format_date(NOW)}",
        "Expired",
        "Replaced by a newer one",
    ]
    assert [model.is_live(row) for row in range(4)] == [True, False, False, False]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Agent", "May ask for", "Until", "State"]


def test_every_wrapped_sentence_has_the_height_of_its_lines(
    qtbot: QtBot, context: DeskContext
) -> None:
    """A form once gave the sentence under the deletion box one line of a three-line text
    (with the app's style sheet, as the app runs)."""
    from PySide6.QtWidgets import QApplication

    from app.ui.style import style_sheet
    from app.ui.theme import LIGHT

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(style_sheet(LIGHT))
    try:
        _check_wrapped_sentences(qtbot, context)
    finally:
        app.setStyleSheet(before)


def _check_wrapped_sentences(qtbot: QtBot, context: DeskContext) -> None:
    dialog = open_dialog(qtbot, context, [SLIP])
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.deletion_box.setChecked(True)
    qtbot.wait(20)
    for label in (dialog.deletion_note, dialog.explanation, dialog.consequence):
        assert label.height() >= label.heightForWidth(label.width()), label.text()
