"""A choice card draws exactly what the engine says: switch, sentence and its role."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from app.api.errors import FailureKind, ServiceError
from app.core.catalog import Choice
from app.core.choices import ChoiceValue
from app.flows.choices import CardView, Phase
from app.ui.widgets.choice_card import ChoiceCard

CHOICE = Choice("X6", "Personalised ads", "Ads picked for you.", True, ("C6",))
SERVER_ON = ChoiceValue("X6", True, datetime(2026, 11, 30, 12, 0, tzinfo=UTC))


def sentence(error: BaseException) -> str:
    assert isinstance(error, ServiceError)
    return f"<{error.kind.value}>"


def card_showing(qtbot: QtBot, view: CardView) -> ChoiceCard:
    card = ChoiceCard(CHOICE)
    qtbot.addWidget(card)
    card.show_view(view, sentence)
    return card


def test_a_change_on_its_way_shows_the_users_click_and_stays_switchable(qtbot: QtBot) -> None:
    card = card_showing(qtbot, CardView("X6", False, Phase.SENDING, SERVER_ON))
    assert card.switch.isChecked() is False
    assert card.switch.isEnabled(), "the user may change their mind while it is sent"
    assert card.pending
    assert card.status.text() == "Saving…"


def test_a_waiting_change_names_what_happened_and_that_it_is_kept(qtbot: QtBot) -> None:
    problem = ServiceError(FailureKind.SERVICE_BUSY)
    card = card_showing(qtbot, CardView("X6", False, Phase.WAITING, SERVER_ON, problem=problem))
    assert card.status.text().startswith("<service_busy> Not confirmed yet")
    assert card.status.property("role") == "pending"
    assert card.switch.isChecked() is False


def test_a_refusal_shows_the_services_value_and_its_reason(qtbot: QtBot) -> None:
    problem = ServiceError(FailureKind.REJECTED, "no", 422)
    card = card_showing(qtbot, CardView("X6", True, Phase.REFUSED, SERVER_ON, problem=problem))
    assert card.switch.isChecked() is True
    assert card.status.text() == "<rejected>"
    assert card.status.property("role") == "error"
    assert not card.pending


def test_a_confirmed_change_says_saved_and_opens_its_receipt(qtbot: QtBot) -> None:
    card = card_showing(qtbot, CardView("X6", True, Phase.SYNCED, SERVER_ON, just_confirmed=True))
    assert card.status.text().startswith("Saved.")
    assert card.receipt_button.isEnabled()


def test_a_change_the_disk_could_not_keep_says_so(qtbot: QtBot) -> None:
    view = CardView(
        "X6", False, Phase.SENDING, SERVER_ON, not_kept_locally=ServiceError(FailureKind.OFFLINE)
    )
    card = card_showing(qtbot, view)
    assert "<offline>" in card.status.text()
    assert "lost if the app closes" in card.status.text()


def test_a_default_never_changed_has_no_receipt(qtbot: QtBot) -> None:
    card = card_showing(qtbot, CardView("X6", True, Phase.SYNCED, ChoiceValue("X6", True, None)))
    assert card.status.text() == "Default setting, never changed"
    assert not card.receipt_button.isEnabled()
