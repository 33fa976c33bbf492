"""The History table, read cell by cell without a window."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.core.catalog import Catalog, Choice
from app.core.evidence_chain import ChainEntry, ChainVerdict, append_entry, verify_chain
from app.local.evidence_store import CONSENT_RECEIPT, REQUEST_ACKNOWLEDGEMENT, EvidenceVerdict
from app.ui.models.evidence_model import SLICE_ROWS, Column, EvidenceTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole

CATALOG = Catalog(
    language="en",
    choices=(
        Choice("X2", "Personalised ads", "Ads picked from what you watch.", True, ("C5",)),
        Choice("X4", "Newsletter", "News by e-mail.", False, ()),
    ),
    categories=(),
)


def _receipt_body(receipt_id: str, choice_id: str, value: bool) -> dict[str, object]:
    return {
        "id": receipt_id,
        "issued_at": "2026-11-01T10:00:00+00:00",
        "choice_id": choice_id,
        "value": value,
        "payload": "{}",
        "signature": "c2ln",
        "key_id": "k1",
    }


def _log() -> list[ChainEntry]:
    chain: list[ChainEntry] = []
    for kind, body in (
        (CONSENT_RECEIPT, _receipt_body("r-1", "X2", False)),
        (
            REQUEST_ACKNOWLEDGEMENT,
            {
                "request_id": "req-7",
                "kind": "access",
                "status": "received",
                "received_at": "2026-11-01T11:00:00+00:00",
                "due_at": "2026-12-01T11:00:00+00:00",
            },
        ),
        (CONSENT_RECEIPT, _receipt_body("r-2", "X9", True)),
    ):
        chain.append(append_entry(chain, kind, "2026-11-02T09:00:00Z", body))
    return chain


def _cell(model: EvidenceTableModel, row: int, column: Column, role: int = DISPLAY) -> object:
    return model.data(model.index(row, column), role)


def test_the_columns_have_names_a_person_understands(qtmodeltester: ModelTester) -> None:
    model = EvidenceTableModel()
    model.set_entries(_log(), None)
    qtmodeltester.check(model)
    titles = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in Column]
    assert titles == ["Recorded", "Kind", "What", "Signature", "Chain"]
    assert model.columnCount() == 5


def test_an_empty_log_has_no_rows(qtmodeltester: ModelTester) -> None:
    model = EvidenceTableModel()
    model.set_entries([], verify_chain([]))
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_each_entry_says_what_was_confirmed_with_the_choice_title_from_the_catalog() -> None:
    model = EvidenceTableModel()
    model.set_entries(_log(), None)
    model.set_catalog(CATALOG)
    assert model.rowCount() == 3
    assert _cell(model, 0, Column.KIND) == "Consent receipt"
    assert _cell(model, 0, Column.WHAT) == "X2 Personalised ads: off"
    assert _cell(model, 1, Column.KIND) == "Request acknowledgement"
    assert _cell(model, 1, Column.WHAT) == "Copy of my data: Received"
    assert _cell(model, 2, Column.WHAT) == "X9: on", (
        "a choice the catalog doesn't know keeps its id"
    )
    assert "req-7" in str(_cell(model, 1, Column.KIND, TOOLTIP))
    assert "2026-11-02T09:00:00Z" in str(_cell(model, 0, Column.RECORDED, TOOLTIP))
    assert _cell(model, 0, Column.RECORDED) not in ("", None)


def test_without_a_catalog_the_choice_id_alone_is_shown() -> None:
    model = EvidenceTableModel()
    model.set_entries(_log(), None)
    assert _cell(model, 0, Column.WHAT) == "X2: off"


def test_signatures_show_a_dash_until_checked_then_valid_or_not_valid() -> None:
    model = EvidenceTableModel()
    entries = _log()
    model.set_entries(entries, verify_chain(entries))
    assert [_cell(model, row, Column.SIGNATURE) for row in range(3)] == ["—", "—", "—"]
    assert "Verify everything" in str(_cell(model, 0, Column.SIGNATURE, TOOLTIP))

    model.set_verdict(EvidenceVerdict(3, verify_chain(entries), {0: True, 2: False}))

    assert [_cell(model, row, Column.SIGNATURE) for row in range(3)] == ["valid", "—", "not valid"]
    assert "no signature" in str(_cell(model, 1, Column.SIGNATURE, TOOLTIP))
    assert "does not match" in str(_cell(model, 2, Column.SIGNATURE, TOOLTIP))
    assert isinstance(_cell(model, 2, Column.SIGNATURE, Qt.ItemDataRole.ForegroundRole), QColor)
    assert _cell(model, 0, Column.SIGNATURE, Qt.ItemDataRole.ForegroundRole) is None


def test_a_broken_chain_is_marked_at_the_entry_where_it_breaks() -> None:
    model = EvidenceTableModel()
    entries = _log()
    model.set_entries(entries, ChainVerdict(False, 1))
    assert [_cell(model, row, Column.CHAIN) for row in range(3)] == [
        "ok",
        "broken from here",
        "—",
    ]
    assert "changed, removed or moved" in str(_cell(model, 1, Column.CHAIN, TOOLTIP))
    assert "after a break" in str(_cell(model, 2, Column.CHAIN, TOOLTIP))
    assert isinstance(_cell(model, 1, Column.CHAIN, Qt.ItemDataRole.ForegroundRole), QColor)


def test_reading_the_log_again_forgets_signature_results_of_an_earlier_check() -> None:
    model = EvidenceTableModel()
    entries = _log()
    model.set_verdict(EvidenceVerdict(3, verify_chain(entries), {0: False}))
    model.set_entries(entries, verify_chain(entries))
    assert _cell(model, 0, Column.SIGNATURE) == "—"
    assert _cell(model, 0, Column.CHAIN) == "ok"


def _long_log(entries: int) -> list[ChainEntry]:
    chain: list[ChainEntry] = []
    for number in range(entries):
        body = _receipt_body(f"r-{number}", "X2", number % 2 == 0)
        chain.append(append_entry(chain, CONSENT_RECEIPT, "2026-11-02T09:00:00Z", body))
    return chain


def test_a_long_log_comes_in_slices_until_every_entry_is_a_row(
    qtmodeltester: ModelTester,
) -> None:
    log = _long_log(SLICE_ROWS * 2 + 34)
    model = EvidenceTableModel()
    model.set_entries(log, verify_chain(log))
    assert model.rowCount() == SLICE_ROWS, "a reset shows one slice, whatever the length"

    slices = 0
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        slices += 1
    assert slices == 2
    assert model.rowCount() == len(log)
    assert _cell(model, len(log) - 1, Column.KIND, TOOLTIP) == (
        f"Receipt r-{len(log) - 1}, signed with key k1."
    )
    assert _cell(model, len(log) - 1, Column.CHAIN) == "ok"
    model.fetchMore(QModelIndex())  # at the end: nothing more, nothing breaks
    assert model.rowCount() == len(log)
    qtmodeltester.check(model)


def test_a_table_scrolled_to_the_bottom_reaches_the_last_entry(qtbot: QtBot) -> None:
    log = _long_log(SLICE_ROWS * 3 + 1)
    model = EvidenceTableModel()
    model.set_entries(log, verify_chain(log))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(600, 400)
    table.show()
    while model.rowCount() < len(log):
        before = model.rowCount()
        table.scrollToBottom()  # the view asks for more as its last row shows
        qtbot.waitUntil(lambda: model.rowCount() > before)  # noqa: B023
    assert _cell(model, len(log) - 1, Column.WHAT) == "X2: on"  # r-1500: an even one


def test_reading_a_long_log_again_starts_from_one_slice() -> None:
    log = _long_log(SLICE_ROWS + 5)
    model = EvidenceTableModel()
    model.set_entries(log, verify_chain(log))
    model.fetchMore(QModelIndex())
    assert model.rowCount() == len(log)
    model.set_entries(log, verify_chain(log))
    assert model.rowCount() == SLICE_ROWS
    assert model.canFetchMore(QModelIndex())
