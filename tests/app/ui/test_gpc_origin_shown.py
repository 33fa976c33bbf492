"""Where a change came from, as the user reads it: a choice card whose value a Global
Privacy Control signal set, and a History row for a receipt a signal (or the user's
override of one) made."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.catalog import Choice
from app.core.choices import ChoiceOrigin, ChoiceValue
from app.core.evidence_chain import ChainEntry
from app.core.receipts import ReceiptOrigin, receipt_origin
from app.flows.choices import CardView, Phase
from app.local.evidence_store import CONSENT_RECEIPT
from app.ui.formatting import format_date
from app.ui.models.evidence_model import Column, EvidenceTableModel, origin_text
from app.ui.widgets.choice_card import ChoiceCard

ADS = Choice("X2", "Personalised advertising", "Ads picked for you.", True, ("C6",), gpc=True)
WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def card_for(qtbot: QtBot, value: ChoiceValue) -> ChoiceCard:
    card = ChoiceCard(ADS)
    qtbot.addWidget(card)
    card.show_view(CardView("X2", value.value, Phase.SYNCED, value), str)
    return card


def test_a_choice_switched_off_by_gpc_says_by_what_from_where_and_when(qtbot: QtBot) -> None:
    card = card_for(qtbot, ChoiceValue("X2", False, WHEN, ChoiceOrigin.GPC, "Firefox"))
    assert card.status.text() == (
        f"Switched off by a Global Privacy Control signal from Firefox on {format_date(WHEN)}"
    )
    assert not card.switch.isChecked()


def test_without_a_known_client_it_still_says_it_was_gpc(qtbot: QtBot) -> None:
    card = card_for(qtbot, ChoiceValue("X2", False, WHEN, ChoiceOrigin.GPC, None))
    assert card.status.text() == (
        f"Switched off by a Global Privacy Control signal on {format_date(WHEN)}"
    )


def test_the_users_own_change_reads_as_before(qtbot: QtBot) -> None:
    for origin in (ChoiceOrigin.USER, None):
        card = card_for(qtbot, ChoiceValue("X2", True, WHEN, origin, "PrivacyDesk/1.0"))
        assert card.status.text().startswith("Last changed ")


def receipt_entry(index: int, value: bool, origin: dict[str, object] | None) -> ChainEntry:
    payload: dict[str, object] = {"collectionMethod": "whatever"}
    if origin is not None:
        payload["origin"] = origin
    body = {
        "id": f"r{index}",
        "choice_id": "X2",
        "value": value,
        "issued_at": "2026-12-01T09:30:00Z",
        "payload": json.dumps(payload),
        "signature": "s",
        "key_id": "k",
    }
    return ChainEntry(index, CONSENT_RECEIPT, "2026-12-01T09:30:01Z", body, "", "")


def test_history_names_the_signal_and_the_users_override(qtbot: QtBot) -> None:
    model = EvidenceTableModel()
    model.set_entries(
        [
            receipt_entry(0, False, {"kind": "gpc", "client": "Firefox"}),
            receipt_entry(1, True, {"kind": "user", "overridesGpc": True}),
            receipt_entry(2, False, None),
            receipt_entry(3, False, {"kind": "gpc", "client": 7}),
        ],
        None,
    )
    what = [str(model.data(model.index(row, Column.WHAT))) for row in range(4)]
    assert what == [
        "X2: off · by a Global Privacy Control signal from Firefox",
        "X2: on · by you, over an earlier Global Privacy Control signal",
        "X2: off",
        "X2: off · by a Global Privacy Control signal",
    ]
    tooltip = str(model.data(model.index(0, Column.WHAT), Qt.ItemDataRole.ToolTipRole))
    assert "by a Global Privacy Control signal from Firefox" in tooltip, "said whole"


def test_an_odd_origin_in_a_kept_receipt_never_makes_it_unreadable() -> None:
    assert receipt_origin({"origin": "gpc"}) is None
    assert receipt_origin({"origin": {"kind": "robot"}}) is None
    assert receipt_origin({"origin": {"kind": "user"}}) == ReceiptOrigin(gpc=False)
    assert origin_text(ReceiptOrigin(gpc=False)) == ""
