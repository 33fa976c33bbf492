"""One injected fault at a time between the real app and the real service (issue 7, 1-3).

The fault proxy sits on loopback between them; `force` makes the next call to the service
meet exactly the fault named. Each story ends with the service, the switch and the journal
agreeing on the user's last click, and without a word about updating the app.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.local.evidence_store import EvidenceStore
from app.local.pending_changes import PendingChangesJournal
from app.ui.main_window import MainWindow
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL
from tests.e2e.conftest import DeskFactory, start_signed_in, stored_choice
from tests.support.fault_proxy import FaultProxy

# Faults for the choice change itself; the pages' own calls pass.
CHANGE = {"method": "PATCH", "path": "/v1/me/choices"}


@pytest.fixture
def proxy(live_service: EmbeddedService) -> Iterator[FaultProxy]:
    with FaultProxy(live_service.base_url, seed=7) as running:
        yield running


def texts_seen(qtbot: QtBot, window: MainWindow, choice_id: str) -> list[str]:
    """Every status the card shows while the test runs, to check what the user read."""
    seen: list[str] = []
    card = window.choices_page.cards[choice_id]
    original = card.status.setText

    def record(text: str) -> None:
        seen.append(text)
        original(text)

    card.status.setText = record  # type: ignore[method-assign]
    return seen


def click(qtbot: QtBot, window: MainWindow, choice_id: str) -> None:
    qtbot.mouseClick(window.choices_page.cards[choice_id].switch, Qt.MouseButton.LeftButton)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.choices_page.sync.settled, timeout=30_000)


def test_case_1_a_garbled_answer_to_a_change_is_checked_and_the_change_kept(
    qtbot: QtBot,
    proxy: FaultProxy,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    journal: PendingChangesJournal,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, proxy.base_url)
    seen = texts_seen(qtbot, window, "X1")
    proxy.force("malformed_json", **CHANGE)  # the service applies it; the answer arrives broken
    click(qtbot, window, "X1")
    settle(qtbot, window)

    card = window.choices_page.cards["X1"]
    assert stored_choice(live_service, USER_EMAIL, "X1") is False
    assert card.switch.isChecked() is False
    assert journal.pending(window.session.account.vault_key) == {}
    assert not any("update the app" in text for text in seen), seen
    assert card.status.property("role") != "error"


def test_case_1_a_garbled_answer_before_the_service_saw_it_is_sent_again(
    qtbot: QtBot,
    proxy: FaultProxy,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, proxy.base_url)
    proxy.force("503_html_before", **CHANGE)  # nothing reached the service
    click(qtbot, window, "X1")
    qtbot.waitUntil(lambda: window.choices_page.cards["X1"].pending, timeout=5_000)
    window.choices_page.sync.retry_now()
    settle(qtbot, window)
    assert stored_choice(live_service, USER_EMAIL, "X1") is False
    assert window.choices_page.cards["X1"].switch.isChecked() is False


def test_case_2_a_stale_retry_never_brings_back_the_older_click(
    qtbot: QtBot,
    proxy: FaultProxy,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, proxy.base_url)
    card = window.choices_page.cards["X6"]
    before = card.switch.isChecked()
    proxy.force("503_empty_before", **CHANGE)
    click(qtbot, window, "X6")  # X6 waits after a 503 ...
    qtbot.waitUntil(lambda: "sent automatically" in card.status.text(), timeout=10_000)
    click(qtbot, window, "X6")  # ... and the user flips it back
    settle(qtbot, window)
    qtbot.wait(6_000)  # the old retry was due after 2-5 s: it must not come
    assert card.switch.isChecked() is before
    assert stored_choice(live_service, USER_EMAIL, "X6") in (None, before)
    assert window.choices_page.sync.settled()


def test_case_3_a_cut_answer_after_the_service_applied_the_change_ends_saved(
    qtbot: QtBot,
    proxy: FaultProxy,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    journal: PendingChangesJournal,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, proxy.base_url)
    card = window.choices_page.cards["X2"]
    proxy.force("reset_after", **CHANGE)
    click(qtbot, window, "X2")
    qtbot.waitUntil(lambda: card.pending, timeout=5_000)
    assert card.switch.isChecked() is False, "never back to the old value on a lost answer"
    window.choices_page.sync.retry_now()
    settle(qtbot, window)
    assert stored_choice(live_service, USER_EMAIL, "X2") is False
    assert card.switch.isChecked() is False
    assert journal.pending(window.session.account.vault_key) == {}


def test_a_receipt_the_disk_cannot_keep_is_reported_and_the_change_still_saved(
    qtbot: QtBot,
    live_service: EmbeddedService,
    make_desk: DeskFactory,
    tmp_path: Path,
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    folder = tmp_path / "evidence"
    folder.mkdir()
    # A real read-only file system (CI runs as root, for whom file modes are no obstacle).
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", str(folder)], check=True)
    try:
        window.choices_page.sync.evidence = EvidenceStore(folder / "evidence.jsonl")
        click(qtbot, window, "X3")
        notice = window.choices_page.local_notice
        qtbot.waitUntil(notice.isVisible, timeout=10_000)
        assert "evidence log" in notice.text()
        assert "read-only" in notice.text()
        assert stored_choice(live_service, USER_EMAIL, "X3") is False
    finally:
        subprocess.run(["umount", str(folder)], check=True)
