"""A user keeps their own evidence: syncs receipts, verifies them, exports a bundle."""

from __future__ import annotations

import json
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.requests import RequestKind, RequestStatus
from app.local.evidence_store import EvidenceStore
from app.ui.context import DeskContext
from app.ui.models.evidence_model import Column
from app.ui.pages.history_page import HistoryPage
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000


@pytest.fixture
def evidence(context: DeskContext) -> EvidenceStore:
    return context.evidence


@pytest.fixture
def page(qtbot: QtBot, context: DeskContext, evidence: EvidenceStore) -> HistoryPage:
    history = HistoryPage(context)
    qtbot.addWidget(history)
    history.show()
    return history


def switch(context: DeskContext, choice_id: str, value: bool) -> None:
    """Change a choice through the API, as another device would; the service signs a receipt."""
    session = context.session
    client = session.client
    current = session.call(client.choices)
    session.call(lambda token: client.change_choices(token, current.etag, {choice_id: value}))


def open_history(qtbot: QtBot, page: HistoryPage) -> None:
    page.reload()
    qtbot.waitUntil(page.state.showing_result, timeout=WAIT)


def click_and_wait_for_result(qtbot: QtBot, page: HistoryPage, button: object) -> str:
    qtbot.mouseClick(button, CLICK)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: page.toolbar.sync_button.isEnabled(), timeout=WAIT)
    return page.toolbar.status.text()


def cell(page: HistoryPage, row: int, column: Column) -> str:
    return str(page.model.data(page.model.index(row, column)))


def test_a_receipt_is_synced_verified_and_exported_as_evidence(
    qtbot: QtBot,
    page: HistoryPage,
    context: DeskContext,
    evidence: EvidenceStore,
    live_service: EmbeddedService,
    tmp_path: Path,
) -> None:
    open_history(qtbot, page)
    assert page.empty.isVisible() and not page.table.isVisible()
    assert "No receipts yet" in page.empty.text()

    switch(context, "X2", False)
    text = click_and_wait_for_result(qtbot, page, page.toolbar.sync_button)

    assert text == "New entries kept: 1."
    assert page.table.isVisible() and page.model.rowCount() == 1
    qtbot.waitUntil(lambda: cell(page, 0, Column.WHAT) == "X2 Personalised ads: off", timeout=WAIT)
    assert cell(page, 0, Column.KIND) == "Consent receipt"
    assert cell(page, 0, Column.CHAIN) == "ok"
    assert cell(page, 0, Column.SIGNATURE) == "—", "not checked until the user asks"
    assert not page.table.showGrid() and not page.table.verticalHeader().isVisible(), "flat"

    text = click_and_wait_for_result(qtbot, page, page.toolbar.verify_button)
    assert text == "The one entry is intact and every signature is valid."
    assert cell(page, 0, Column.SIGNATURE) == "valid"
    assert page.toolbar.status.property("role") == ""

    # Read again (a choice confirmed meanwhile, say): no signature shows as checked, and
    # the line no longer says they all were.
    page.reload()
    qtbot.waitUntil(lambda: cell(page, 0, Column.SIGNATURE) == "—", timeout=WAIT)
    assert "signature is valid" not in page.toolbar.status.text()

    again = click_and_wait_for_result(qtbot, page, page.toolbar.sync_button)
    assert again == "Nothing new: everything the service sent is already kept."
    assert len(evidence.entries()) == 1

    target = tmp_path / "exports" / "my-evidence.zip"
    page.choose_export_path = lambda _parent, _suggested: target
    text = click_and_wait_for_result(qtbot, page, page.toolbar.export_button)
    assert text == f"Evidence saved to {target}"
    with zipfile.ZipFile(target) as bundle:
        lines = bundle.read("evidence.jsonl").decode("utf-8").splitlines()
        keys = json.loads(bundle.read("public-keys.json"))["keys"]
        verification = json.loads(bundle.read("verification.json"))
        everything = b"".join(bundle.read(name) for name in bundle.namelist())
    assert len(lines) == 1 and json.loads(lines[0])["body"]["choice_id"] == "X2"
    published = context.session.client.public_keys()
    assert [key["public_key"] for key in keys] == [key.public_key for key in published]
    assert verification["all_good"] is True
    assert USER_EMAIL.encode() not in everything, "receipts name the user by id only"
    assert USER_EMAIL not in evidence.path.read_text(encoding="utf-8")


def test_request_acknowledgements_are_kept_beside_the_receipts(
    qtbot: QtBot, page: HistoryPage, context: DeskContext
) -> None:
    session = context.session
    session.call(
        lambda token: session.client.file_request(token, str(uuid.uuid4()), RequestKind.ACCESS, {})
    )
    switch(context, "X4", False)  # the newsletter is on by default
    open_history(qtbot, page)

    click_and_wait_for_result(qtbot, page, page.toolbar.sync_button)

    rows = [cell(page, row, Column.WHAT) for row in range(page.model.rowCount())]
    assert "Copy of my data: Received" in rows
    assert sum(1 for row in rows if row.startswith("X4")) == 1
    text = click_and_wait_for_result(qtbot, page, page.toolbar.verify_button)
    assert text.endswith("entries are intact and every signature is valid.")


def test_an_entry_edited_on_disk_is_reported_in_red_at_its_row(
    qtbot: QtBot, page: HistoryPage, context: DeskContext, evidence: EvidenceStore
) -> None:
    switch(context, "X1", False)
    switch(context, "X1", True)
    open_history(qtbot, page)
    click_and_wait_for_result(qtbot, page, page.toolbar.sync_button)
    assert page.model.rowCount() == 2

    lines = evidence.path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["body"]["value"] = not first["body"]["value"]
    lines[0] = json.dumps(first)
    evidence.path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    text = click_and_wait_for_result(qtbot, page, page.toolbar.verify_button)
    assert text.startswith("Entry 1 was changed, removed or moved")
    assert "not valid: 1 of 2 (rows 1)" in text
    assert page.toolbar.status.property("role") == "error"
    assert cell(page, 0, Column.CHAIN) == "broken from here"
    assert cell(page, 0, Column.SIGNATURE) == "not valid"
    assert cell(page, 1, Column.SIGNATURE) == "valid"


def test_a_damaged_file_is_left_alone_until_the_user_sets_it_aside(
    qtbot: QtBot, page: HistoryPage, context: DeskContext, evidence: EvidenceStore
) -> None:
    evidence.path.parent.mkdir(parents=True, exist_ok=True)
    evidence.path.write_text('{"index": 0, "kind": "consent_receipt"}\n{half\n', encoding="utf-8")
    page.reload()
    qtbot.waitUntil(lambda: page.state.retry.isVisible(), timeout=WAIT)
    assert "damaged at line 1" in page.state.message.text()
    assert not page.toolbar.sync_button.isEnabled() and not page.toolbar.verify_button.isEnabled()
    assert page.toolbar.set_aside_button.isVisible()

    qtbot.mouseClick(page.toolbar.set_aside_button, CLICK)
    qtbot.waitUntil(page.state.showing_result, timeout=WAIT)
    assert "The damaged file was kept as" in page.toolbar.status.text()
    kept_aside = list(evidence.path.parent.glob("*.damaged-*"))
    assert len(kept_aside) == 1 and "{half" in kept_aside[0].read_text(encoding="utf-8")

    switch(context, "X3", False)
    assert (
        click_and_wait_for_result(qtbot, page, page.toolbar.sync_button) == "New entries kept: 1."
    )


def test_every_control_on_the_page_has_an_accessible_name(page: HistoryPage) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView

    controls = page.findChildren(QAbstractButton) + page.findChildren(QAbstractItemView)
    assert controls
    assert [c for c in controls if not c.accessibleName()] == []


def test_coming_back_to_history_shows_entries_kept_meanwhile(
    qtbot: QtBot, page: HistoryPage, evidence: EvidenceStore
) -> None:
    open_history(qtbot, page)
    before = page.model.rowCount()
    page.hide()
    evidence.add_acknowledgement(
        "r1", RequestKind.ACCESS, RequestStatus.RECEIVED, datetime.now(UTC), datetime.now(UTC)
    )
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=WAIT)
