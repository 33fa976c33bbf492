"""A user files each kind of request from the Requests page and follows it on its clock,
against the real service on loopback: a copy of their data, a correction, and the
deletion of their account (typed e-mail, then confirmed in the browser), cancelled within its
grace."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.core.requests import PrivacyRequest, RequestKind, RequestStatus
from app.ui import browser_sign_in
from app.ui.context import DeskContext
from app.ui.dialogs.new_request_dialog import NewRequestDialog
from app.ui.models.requests_model import Column
from app.ui.pages.requests_page import RequestsPage
from app.ui.tasks import wait_for_all_tasks
from server.db.models import PrivacyRequest as StoredRequest
from server.db.models import User
from server.embedded import EmbeddedService
from server.jobs.worker import run_worker
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.support.played_browser import PlayedBrowser

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000


@pytest.fixture
def page(qtbot: QtBot, context: DeskContext, tmp_path: Path) -> RequestsPage:
    return open_requests_page(qtbot, context, tmp_path)


def open_requests_page(qtbot: QtBot, context: DeskContext, tmp_path: Path) -> RequestsPage:
    requests = RequestsPage(context)
    requests.download_dir = tmp_path / "Downloads"
    requests.confirm = lambda _parent, _title, _text: True
    qtbot.addWidget(requests)
    requests.resize(1100, 700)
    requests.show()
    requests.reload()
    qtbot.waitUntil(requests.state.showing_result, timeout=WAIT)
    return requests


def acknowledgements(page: RequestsPage) -> list[PrivacyRequest]:
    seen: list[PrivacyRequest] = []
    page.acknowledged.connect(seen.append)
    return seen


def send(qtbot: QtBot, dialog: NewRequestDialog) -> None:
    assert dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.submit_button, CLICK)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT)


def wait_for_row_of(qtbot: QtBot, page: RequestsPage, request_id: str) -> int:
    qtbot.waitUntil(lambda: page.model.row_of(request_id) is not None, timeout=WAIT)
    row = page.model.row_of(request_id)
    assert row is not None
    return row


def wait_for_status(
    qtbot: QtBot, page: RequestsPage, request_id: str, status: RequestStatus
) -> None:
    def shown() -> bool:
        row = page.model.row_of(request_id)
        return row is not None and page.model.request(row).status is status

    qtbot.waitUntil(shown, timeout=WAIT)


def cell(page: RequestsPage, row: int, column: Column) -> str:
    return str(page.model.data(page.model.index(row, column)))


def stored_requests(service: EmbeddedService) -> list[tuple[str, str]]:
    """(kind, status) of every request the service keeps, from its own database."""
    with service.database.session() as session:
        return [(r.kind, r.status) for r in session.scalars(select(StoredRequest))]


def run_the_service_worker(service: EmbeddedService, export_dir: Path) -> int:
    """What the service's worker process does between two looks at the page."""
    settings = replace(service.settings, export_dir=export_dir)
    return run_worker(service.database, settings, once=True, schedule_retention=False)


def file_through_dialog(qtbot: QtBot, page: RequestsPage, button: object) -> NewRequestDialog:
    qtbot.mouseClick(button, CLICK)  # type: ignore[arg-type]
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


# --- the stories ---------------------------------------------------------------------------


def test_a_new_user_sees_that_they_have_not_asked_for_anything_yet(page: RequestsPage) -> None:
    assert page.empty.isVisible() and not page.splitter.isVisible()
    assert page.empty.title.text() == "No requests yet"
    assert page.empty.description.text().startswith("You haven't asked the service for anything")
    for button in (
        page.toolbar.access_button,
        page.toolbar.correction_button,
        page.toolbar.deletion_button,
    ):
        assert button.isVisible() and button.accessibleName()


def test_asking_for_a_copy_files_once_even_when_sent_again_and_starts_the_clock(
    qtbot: QtBot, page: RequestsPage, live_service: EmbeddedService
) -> None:
    acknowledged = acknowledgements(page)
    dialog = file_through_dialog(qtbot, page, page.toolbar.access_button)
    assert "JSON and as CSV" in dialog.explanation.text()
    assert "7 days" in dialog.explanation.text()

    send(qtbot, dialog)

    assert "must have your copy ready by" in dialog.done_text.text()
    (filed,) = acknowledged
    assert filed.kind is RequestKind.ACCESS
    row = wait_for_row_of(qtbot, page, filed.id)
    assert cell(page, row, Column.KIND) == "Copy of my data"
    assert cell(page, row, Column.STATUS) == "Verifying your identity"
    assert re.fullmatch(r"(28|29|30|31) days left", cell(page, row, Column.TIME_LEFT))
    assert page.selected_request() is not None and page.selected_request().id == filed.id
    assert "Verifying your identity" in page.detail.history.text()
    assert "Filed from your signed-in account." in page.detail.history.text()

    # The answer got lost, the user presses Send again: the same key, the same request.
    dialog.submit()
    qtbot.waitUntil(lambda: len(acknowledged) == 2, timeout=WAIT)
    assert acknowledged[1].id == filed.id
    assert stored_requests(live_service) == [("access", "verifying")]
    qtbot.mouseClick(dialog.close_button, CLICK)
    assert not dialog.isVisible()


def test_a_correction_names_the_field_the_value_and_why_and_shows_the_outcome(
    qtbot: QtBot, page: RequestsPage, live_service: EmbeddedService, tmp_path: Path
) -> None:
    acknowledged = acknowledgements(page)
    dialog = file_through_dialog(qtbot, page, page.toolbar.correction_button)
    assert not dialog.submit_button.isEnabled(), "nothing to send yet"
    dialog.field_choice.setCurrentIndex(dialog.field_choice.findData("username"))
    qtbot.keyClicks(dialog.proposed_value, "Ada Lovelace")
    assert not dialog.submit_button.isEnabled(), "a correction says why"
    qtbot.keyClicks(dialog.reason, "My name is spelled wrong.")

    send(qtbot, dialog)
    dialog.accept()

    (filed,) = acknowledged
    assert filed.details["proposed_value"] == "Ada Lovelace"
    assert run_the_service_worker(live_service, tmp_path / "exports") == 1
    page.reload()
    wait_for_status(qtbot, page, filed.id, RequestStatus.COMPLETED)
    row = wait_for_row_of(qtbot, page, filed.id)
    assert cell(page, row, Column.KIND) == "Correction"
    assert cell(page, row, Column.STATUS) == "Completed"
    assert cell(page, row, Column.TIME_LEFT) == "—", "answered: the clock stopped"
    # A column of dashes is not the widest: the kind takes the room left over (finding 12).
    page.resize(1000, 700)
    page.show()
    qtbot.waitUntil(lambda: page.table.columnWidth(Column.KIND) > 0)
    widths = {column: page.table.columnWidth(column) for column in Column}
    assert max(widths, key=lambda column: widths[column]) == Column.KIND, widths
    assert widths[Column.TIME_LEFT] < widths[Column.KIND] / 2, widths
    assert not page.table.showGrid() and not page.table.verticalHeader().isVisible()
    assert "Username: “Ada Lovelace”" in page.detail.facts.text()
    assert not page.detail.cancel_button.isVisible()
    with live_service.database.session() as session:
        assert session.scalar(select(User.username).where(User.email == USER_EMAIL)) == (
            "Ada Lovelace"
        )


def test_deleting_the_account_needs_the_typed_email_and_a_confirmation_and_can_be_cancelled(
    qtbot: QtBot, page: RequestsPage, live_service: EmbeddedService, monkeypatch: pytest.MonkeyPatch
) -> None:
    acknowledged = acknowledgements(page)
    dialog = file_through_dialog(qtbot, page, page.toolbar.deletion_button)
    explanation = dialog.explanation.text()
    assert "IP addresses included, are kept" in explanation  # the policy's T5
    assert "7 days" in explanation and "nothing can be undone" in explanation
    assert not dialog.submit_button.isEnabled()

    qtbot.keyClicks(dialog.email_confirmation, USER_EMAIL.upper())
    assert not dialog.submit_button.isEnabled(), "the address must be typed exactly"
    dialog.email_confirmation.setText(USER_EMAIL)
    assert dialog.submit_button.isEnabled()

    # On the service's page the user has second thoughts and presses Cancel.
    hesitant = PlayedBrowser(USER_EMAIL, USER_PASSWORD, action="cancel")
    monkeypatch.setattr(browser_sign_in, "open_in_browser", hesitant)
    qtbot.mouseClick(dialog.submit_button, CLICK)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("You chose Cancel"), timeout=WAIT)
    hesitant.finish()
    assert dialog.message.property("role") == "error"
    assert dialog.email_confirmation.text() == USER_EMAIL, "what was typed stays"
    assert dialog.pages.currentIndex() == 0 and not acknowledged
    assert stored_requests(live_service) == []

    browser = PlayedBrowser(USER_EMAIL, USER_PASSWORD)
    monkeypatch.setattr(browser_sign_in, "open_in_browser", browser)
    send(qtbot, dialog)
    browser.finish()

    assert "Cancel deletion" in dialog.done_text.text()
    (filed,) = acknowledged
    assert filed.kind is RequestKind.DELETION and filed.grace_until is not None
    dialog.accept()
    row = wait_for_row_of(qtbot, page, filed.id)
    assert cell(page, row, Column.KIND) == "Account deletion"
    assert cell(page, row, Column.STATUS) == "In progress"
    assert "Until then you can cancel." in page.detail.facts.text()
    assert (
        page.detail.cancel_button.isVisible()
        and page.detail.cancel_button.text() == "Cancel deletion"
    )

    qtbot.mouseClick(page.detail.cancel_button, CLICK)

    qtbot.waitUntil(lambda: len(acknowledged) == 2, timeout=WAIT)
    assert acknowledged[1].status is RequestStatus.CANCELLED
    qtbot.waitUntil(lambda: cell(page, row, Column.STATUS) == "Cancelled", timeout=WAIT)
    assert not page.detail.cancel_button.isVisible()
    assert "Cancelled by you." in page.detail.history.text()
    assert stored_requests(live_service) == [("deletion", "cancelled")]


def test_a_cancel_the_user_takes_back_leaves_the_deletion_running(
    qtbot: QtBot, page: RequestsPage, live_service: EmbeddedService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        browser_sign_in, "open_in_browser", PlayedBrowser(USER_EMAIL, USER_PASSWORD)
    )
    dialog = file_through_dialog(qtbot, page, page.toolbar.deletion_button)
    dialog.email_confirmation.setText(USER_EMAIL)
    send(qtbot, dialog)
    dialog.accept()
    qtbot.waitUntil(lambda: page.detail.cancel_button.isVisible(), timeout=WAIT)
    asked: list[str] = []
    page.confirm = lambda _parent, title, _text: asked.append(title) is not None and False

    qtbot.mouseClick(page.detail.cancel_button, CLICK)

    assert asked == ["Keep your account?"]
    wait_for_all_tasks()
    assert stored_requests(live_service) == [("deletion", "in_progress")]


def test_when_the_service_cannot_be_reached_the_page_says_so_and_can_try_again(
    qtbot: QtBot, context: DeskContext, live_service: EmbeddedService, tmp_path: Path
) -> None:
    live_service.stop()
    requests = RequestsPage(context)
    qtbot.addWidget(requests)
    requests.show()

    requests.reload()

    qtbot.waitUntil(lambda: requests.state.retry.isVisible(), timeout=WAIT)
    assert "Can't reach the privacy service" in requests.state.message.text()
    live_service.restart()
    qtbot.mouseClick(requests.state.retry, CLICK)
    qtbot.waitUntil(requests.state.showing_result, timeout=WAIT)
    assert requests.empty.isVisible()


def test_an_overdue_request_is_red_and_says_where_to_complain(
    qtbot: QtBot, context: DeskContext, live_service: EmbeddedService, tmp_path: Path
) -> None:
    client, session = context.session.client, context.session
    filed = session.call(lambda token: client.file_request(token, "k-1", RequestKind.ACCESS, {}))
    page = open_requests_page(qtbot, context, tmp_path)
    page.now = lambda: filed.due_at + (filed.due_at - filed.received_at) / 10

    page.reload()
    qtbot.waitUntil(lambda: page.detail.advice.isVisible(), timeout=WAIT)

    assert re.fullmatch(r"\d+ days overdue", cell(page, 0, Column.TIME_LEFT))
    assert "data protection authority" in page.detail.advice.text()
    assert page.detail.advice.property("role") == "error"


def test_a_request_asked_for_by_id_is_selected_once_the_list_is_read(
    qtbot: QtBot, context: DeskContext, tmp_path: Path
) -> None:
    client, session = context.session.client, context.session
    first = session.call(lambda token: client.file_request(token, "k-1", RequestKind.ACCESS, {}))
    session.call(
        lambda token: client.file_request(
            token,
            "k-2",
            RequestKind.CORRECTION,
            {"field": "username", "proposed_value": "ada-l", "reason": "typo"},
        )
    )
    page = open_requests_page(qtbot, context, tmp_path)
    qtbot.waitUntil(lambda: page.selected_request() is not None, timeout=WAIT)
    assert page.selected_request().kind is RequestKind.CORRECTION  # type: ignore[union-attr]

    page.select_request(first.id)

    qtbot.waitUntil(
        lambda: (selected := page.selected_request()) is not None and selected.id == first.id,
        timeout=WAIT,
    )
    assert page.detail.title.text() == "Copy of my data"
