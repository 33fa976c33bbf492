"""Behind each switch: what it is about, the signed receipt, and what it really sends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.data import RecordPage
from app.ui.dialogs.receipt_dialog import ReceiptDialog
from app.ui.dialogs.recent_records_dialog import RecentRecordsDialog, RecentRecordsModel
from app.ui.pages.choices_page import WHAT_IT_SENDS
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL
from tests.e2e.conftest import DeskFactory, start_signed_in


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _add_playback(service: EmbeddedService, email: str, devices_oldest_first: list[str]) -> None:
    """As if the user's media apps had reported playback, straight into the service's tables."""
    from server.accounts import find_user_by_email
    from server.db.models import PlaybackEvent

    start = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
    with service.database.session() as session:
        user = find_user_by_email(session, email)
        assert user is not None
        for minutes, device in enumerate(devices_oldest_first):
            session.add(
                PlaybackEvent(
                    user_id=user.id,
                    occurred_at=start + timedelta(minutes=minutes),
                    device=device,
                    media_kind="video",
                    duration_seconds=1200,
                    bitrate_kbps=4000,
                    resolution="1920x1080",
                    file_type="mkv",
                    ip_address="192.0.2.7",
                )
            )
        session.commit()


def test_a_changed_choice_shows_its_receipt_with_a_valid_signature(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.choices_page
    card = page.cards["X2"]
    assert not card.receipt_button.isEnabled(), "no receipt before the first change"

    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.status.text().startswith("Saved."), timeout=10_000)
    assert card.receipt_button.isEnabled()

    qtbot.mouseClick(card.receipt_button, Qt.MouseButton.LeftButton)
    dialog = page.open_dialog
    assert isinstance(dialog, ReceiptDialog)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=10_000)

    assert dialog.verdict.text().startswith("Signature valid: signed by the service's key")
    assert dialog.verdict.property("role") == ""
    assert dialog.value_label.text() == "off"
    assert dialog.choice_label.text() == "Personalised ads"
    assert dialog.checked is not None
    receipt = dialog.checked.receipt
    assert receipt.key_id in dialog.verdict.text()
    assert dialog.receipt_id_label.text() == receipt.id
    assert dialog.controller_label.text() != ""
    assert dialog.purposes_label.text() != ""
    assert dialog.policy_label.text().startswith("http")

    assert not dialog.signed_text.isVisible()
    # As tall as what it shows: no empty band under the receipt (it opened at 640 px).
    last_row = dialog.signed_text_button.mapTo(
        dialog, dialog.signed_text_button.rect().bottomLeft()
    )
    assert dialog.height() - last_row.y() < 120, (dialog.height(), last_row.y())
    closed_height = dialog.height()
    qtbot.mouseClick(dialog.signed_text_button, Qt.MouseButton.LeftButton)
    assert dialog.signed_text.isVisible()
    assert dialog.height() > closed_height, "it grows to show the signed text"
    assert dialog.signed_text.height() >= dialog.signed_text.minimumHeight()
    assert dialog.signed_text.toPlainText() == receipt.payload
    assert '"choiceId":"X2"' in receipt.payload.replace(" ", "")


def test_the_receipt_shown_is_the_newest_for_that_choice(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.choices_page
    for choice_id in ("X2", "X2", "X4"):  # X2 off, X2 on again, then another choice
        card = page.cards[choice_id]
        card.status.clear()
        qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda card=card: card.status.text().startswith("Saved."), timeout=10_000)

    qtbot.mouseClick(page.cards["X2"].receipt_button, Qt.MouseButton.LeftButton)
    dialog = page.open_dialog
    assert isinstance(dialog, ReceiptDialog)
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=10_000)
    assert dialog.value_label.text() == "on"
    assert dialog.verdict.text().startswith("Signature valid")


def test_a_category_link_asks_to_open_that_category_in_your_data(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.choices_page
    link = page.cards["X2"].category_links["C6"]
    assert link.isVisible()
    assert link.text() != "C6", "the link reads as the category's title"

    with qtbot.waitSignal(page.open_category, timeout=2_000) as opened:
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert opened.args == ["C6"]


def test_what_this_sends_lists_the_latest_playback_records_newest_first(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _add_playback(live_service, USER_EMAIL, ["Living room TV", "Phone", "Laptop"])
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.choices_page
    button = page.cards["X1"].what_it_sends_button
    assert button is not None

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.open_dialog
    assert isinstance(dialog, RecentRecordsDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=10_000)

    assert dialog.stack.currentWidget() is dialog.table
    assert "because this choice is on" in dialog.explanation.text()
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    device = headers.index("Device")
    assert [model.index(r, device).data() for r in range(3)] == [
        "Laptop",
        "Phone",
        "Living room TV",
    ]
    when = model.index(0, headers.index("When")).data()
    assert when and "2026-03-01T" not in when, "times read in the user's locale, not ISO"


def test_what_this_sends_says_so_when_nothing_was_stored(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.choices_page
    button = page.cards["X3"].what_it_sends_button
    assert button is not None

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.open_dialog
    assert isinstance(dialog, RecentRecordsDialog)
    qtbot.waitUntil(
        lambda: dialog.message.text() == "The service has stored nothing of this kind.",
        timeout=10_000,
    )
    assert not dialog.retry_button.isVisible()


def test_only_choices_that_send_data_offer_what_this_sends_and_every_new_control_has_a_name(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    cards = window.choices_page.cards
    assert WHAT_IT_SENDS == {"X1": "C5", "X2": "C6", "X3": "C10"}
    assert [c for c, card in cards.items() if card.what_it_sends_button] == ["X1", "X2", "X3"]
    for card in cards.values():
        assert list(card.category_links) == list(card.choice.categories)
        for button in card.findChildren(QPushButton):
            assert _accessible_name(button), f"{card.choice.id}: {button.text()!r} has no name"
            assert button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_recent_records_model_shows_fields_as_columns_and_times_in_the_users_locale(
    qapp: object,
) -> None:
    page = RecordPage(
        category="C5",
        fields=("id", "occurred_at", "device"),
        records=(
            {"id": 2, "occurred_at": "2026-03-01T20:01:00Z", "device": "Phone"},
            {"id": 1, "occurred_at": "2026-03-01T20:00:00Z", "device": "TV"},
        ),
        next_cursor=None,
    )
    model = RecentRecordsModel()
    assert model.rowCount() == 0
    model.set_page(page)
    assert (model.rowCount(), model.columnCount()) == (2, 3)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Device"
    assert model.index(1, 2).data() == "TV"
    shown_time = model.index(0, 1).data()
    assert shown_time and "Z" not in shown_time and "T20" not in shown_time


def test_what_this_sends_explains_a_lost_connection_and_tries_again(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _add_playback(live_service, USER_EMAIL, ["Phone"])
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = window.choices_page
    button = page.cards["X1"].what_it_sends_button
    assert button is not None
    live_service.stop()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.open_dialog
    assert isinstance(dialog, RecentRecordsDialog)
    qtbot.waitUntil(lambda: dialog.retry_button.isVisible(), timeout=15_000)
    assert "Can't reach the privacy service" in dialog.message.text()
    assert dialog.message.property("role") == "error"

    live_service.restart()
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=15_000)
    assert dialog.stack.currentWidget() is dialog.table


def test_a_category_link_on_a_choice_opens_that_category_in_your_data(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    qtbot.waitUntil(lambda: window.data_page.state.currentIndex() == 1, timeout=15_000)
    window.choices_page.open_category.emit("C5")
    assert window.stack.currentWidget() is window.data_page
    qtbot.waitUntil(
        lambda: window.data_page.current is not None and window.data_page.current.id == "C5",
        timeout=10_000,
    )


def test_flipping_every_choice_keeps_a_valid_signed_receipt_for_each(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    cards = window.choices_page.cards
    for choice_id, card in cards.items():
        was = card.switch.isChecked()
        qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda card=card: card.status.text().startswith("Saved."), timeout=10_000)
        assert card.switch.isChecked() is not was, choice_id

    evidence = window.evidence
    qtbot.waitUntil(
        lambda: len([e for e in evidence.entries() if e.kind == "consent_receipt"]) >= 9,
        timeout=10_000,
    )
    receipts = [e for e in evidence.entries() if e.kind == "consent_receipt"]
    assert sorted({e.body["choice_id"] for e in receipts}) == sorted(cards)
    verdict = evidence.verify(window.session.client.public_keys())
    assert verdict.all_good, verdict
