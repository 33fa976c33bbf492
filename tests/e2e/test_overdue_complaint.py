"""An overdue request, carried through (issue 13): the reminder goes to the real service and
into the request's history; the complaint is written from the service's signed statement,
saved as a PDF with its evidence, read back with pdftotext and checked fact by fact against
the service's own database; the evidence folder verifies offline and a changed byte fails it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.core.authorities import BY_COUNTRY
from app.core.complaint import long_date
from app.core.requests import RequestKind
from app.local.complaint_bundle import verify_bundle
from app.ui.context import DeskContext
from app.ui.dialogs import complaint_dialog
from app.ui.pages.requests_page import RequestsPage
from server.db.models import PrivacyRequest as StoredRequest
from server.db.models import RequestEvent as StoredEvent
from server.embedded import EmbeddedService
from server.requests_flow import extend
from tests.conftest import USER_EMAIL

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000
REASON = "Many requests reached us at once after the new release."


def _make_overdue(service: EmbeddedService, request_id: str, *, extended: bool) -> None:
    """What the passing of time does on the service: received 75 days ago, due 14 days ago
    (after a one-month extension when `extended`)."""
    now = datetime.now(UTC)
    with service.database.session() as session:
        row = session.get(StoredRequest, request_id)
        assert row is not None
        if extended:
            extend(row, 1, REASON, now=now - timedelta(days=60))
        row.received_at = now - timedelta(days=75)
        row.due_at = now - timedelta(days=14)


def _stored(service: EmbeddedService, request_id: str) -> tuple[StoredRequest, list[StoredEvent]]:
    with service.database.session() as session:
        row = session.get(StoredRequest, request_id)
        assert row is not None
        events = list(
            session.scalars(
                select(StoredEvent)
                .where(StoredEvent.request_id == request_id)
                .order_by(StoredEvent.id)
            )
        )
        session.expunge_all()
        return row, events


def _open_page(qtbot: QtBot, context: DeskContext) -> RequestsPage:
    page = RequestsPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.reload()
    qtbot.waitUntil(page.state.showing_result, timeout=WAIT)
    return page


def _file_overdue_correction(
    context: DeskContext, service: EmbeddedService, *, extended: bool
) -> str:
    session = context.session
    filed = session.call(
        lambda token: session.client.file_request(
            token,
            "overdue-1",
            RequestKind.CORRECTION,
            {"field": "username", "proposed_value": "ada-l", "reason": "a typo"},
        )
    )
    _make_overdue(service, filed.id, extended=extended)
    return filed.id


def _pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())


def test_a_reminder_reaches_the_service_once_a_day(
    qtbot: QtBot, context: DeskContext, live_service: EmbeddedService
) -> None:
    request_id = _file_overdue_correction(context, live_service, extended=False)
    page = _open_page(qtbot, context)
    qtbot.waitUntil(page.detail.remind_button.isVisible, timeout=WAIT)

    qtbot.mouseClick(page.detail.remind_button, CLICK)
    qtbot.waitUntil(lambda: "Reminder sent" in page.detail.overdue_message.text(), timeout=WAIT)
    _row, events = _stored(live_service, request_id)
    reminders = [e for e in events if e.note.startswith("Reminder from the account holder")]
    assert len(reminders) == 1, [e.note for e in events]
    qtbot.waitUntil(
        lambda: "Reminder from the account holder" in page.detail.history.text(), timeout=WAIT
    )

    qtbot.waitUntil(page.detail.remind_button.isEnabled, timeout=WAIT)
    qtbot.mouseClick(page.detail.remind_button, CLICK)
    qtbot.waitUntil(
        lambda: "less than a day ago" in page.detail.overdue_message.text(), timeout=WAIT
    )
    _row, events = _stored(live_service, request_id)
    assert sum(e.note.startswith("Reminder from the account holder") for e in events) == 1


@pytest.mark.parametrize(
    ("language", "country", "words"),
    [
        ("en", "IE", ("Article 12(3) GDPR", "Article 77 GDPR", "Article 16 GDPR")),
        ("nl", "NL", ("artikel 12, lid 3 AVG", "artikel 77 AVG", "artikel 16 AVG")),
    ],
)
def test_the_complaint_states_the_services_own_facts_and_its_evidence_verifies_offline(
    qtbot: QtBot,
    context: DeskContext,
    live_service: EmbeddedService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    country: str,
    words: tuple[str, ...],
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(complaint_dialog, "open_url", lambda url: opened.append(url) or True)
    request_id = _file_overdue_correction(context, live_service, extended=True)
    page = _open_page(qtbot, context)
    qtbot.waitUntil(page.detail.remind_button.isVisible, timeout=WAIT)
    qtbot.mouseClick(page.detail.remind_button, CLICK)
    qtbot.waitUntil(lambda: "Reminder sent" in page.detail.overdue_message.text(), timeout=WAIT)

    dialog = page.complain_about_selected()
    assert dialog is not None
    dialog.folder = tmp_path / "Complaints"
    dialog.authority.setCurrentIndex(dialog.authority.findData(country))
    dialog.letter_language.setCurrentIndex(dialog.letter_language.findData(language))
    dialog.name.setText("Ada Lovelace")
    qtbot.mouseClick(dialog.write_button, CLICK)
    qtbot.waitUntil(lambda: dialog.result_folder is not None, timeout=WAIT)
    folder = dialog.result_folder
    assert folder is not None and folder.parent == tmp_path / "Complaints"

    authority = BY_COUNTRY[country]
    assert [url.toString() for url in opened] == [
        authority.complaint_page,
        QUrl.fromLocalFile(str(folder)).toString(),
    ], "the authority's page and the folder, nothing sent"

    row, events = _stored(live_service, request_id)
    text = _pdf_text(folder / "complaint.pdf")

    def day(moment: datetime) -> str:
        return long_date(moment, language)

    expected = [
        row.id,
        authority.name,
        USER_EMAIL,
        "Ada Lovelace",
        live_service.settings.controller_name,
        day(row.received_at),
        day(row.due_at),
        REASON,
        f"{live_service.base_url}/v1/keys",
        *words,
        *(event.note for event in events),  # the history, as the service recorded it
    ]
    missing = [fact for fact in expected if " ".join(fact.split()) not in text]
    assert not missing, f"not in the PDF: {missing}\n---\n{text}"
    reminder_day = day(
        next(e.at for e in events if e.note.startswith("Reminder from the account holder"))
    )
    assert reminder_day in text
    assert re.search(r"SHA-256 [0-9a-f]{64}", text), "the evidence files with their digests"

    check = verify_bundle(folder)
    assert check.ok, check.problems
    assert check.request_id == row.id


def test_a_changed_byte_anywhere_in_the_evidence_fails_the_check(
    qtbot: QtBot,
    context: DeskContext,
    live_service: EmbeddedService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(complaint_dialog, "open_url", lambda _url: True)
    _file_overdue_correction(context, live_service, extended=False)
    page = _open_page(qtbot, context)
    qtbot.waitUntil(page.detail.complain_button.isVisible, timeout=WAIT)
    dialog = page.complain_about_selected()
    assert dialog is not None
    dialog.folder = tmp_path / "Complaints"
    qtbot.mouseClick(dialog.write_button, CLICK)
    qtbot.waitUntil(lambda: dialog.result_folder is not None, timeout=WAIT)
    folder = dialog.result_folder
    assert folder is not None and verify_bundle(folder).ok

    # The statement's due date moved, its manifest entry made to match: only the signature
    # can tell.
    forged = tmp_path / "forged"
    shutil.copytree(folder, forged)
    acknowledgement = forged / "acknowledgement.json"
    original = acknowledgement.read_text(encoding="utf-8")
    changed = re.sub(r'\\"dueAt\\":\\"\d{4}', '\\"dueAt\\":\\"2099', original, count=1)
    assert changed != original
    acknowledgement.write_text(changed, encoding="utf-8")
    _rewrite_manifest_entry(forged, "acknowledgement.json")
    assert verify_bundle(forged).problems == ("no key in keys.json signed the acknowledgement",)

    # A byte of the letter changed: the manifest says so.
    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    pdf = bytearray((edited / "complaint.pdf").read_bytes())
    pdf[len(pdf) // 2] ^= 0x01
    (edited / "complaint.pdf").write_bytes(bytes(pdf))
    assert verify_bundle(edited).problems == ("complaint.pdf is not the file the manifest lists",)

    # A file added, a file removed.
    extra = tmp_path / "extra"
    shutil.copytree(folder, extra)
    (extra / "note.txt").write_text("added later")
    (extra / "keys.json").unlink()
    problems = verify_bundle(extra).problems
    assert "note.txt is not in the manifest" in problems
    assert "keys.json is missing" in problems


def _rewrite_manifest_entry(folder: Path, name: str) -> None:
    import hashlib
    import json

    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    data = (folder / name).read_bytes()
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["size"] = len(data)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
