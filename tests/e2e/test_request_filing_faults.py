"""Filing a request when its answer is lost on the way back: the app finds out instead of
saying it failed, and a try from a new dialog never files a second request.

Between the app and the real service sits a small HTTP proxy on loopback. While told to,
it forwards the filing to the service, waits until the service has stored and answered
it, and then hangs up on the app without passing the answer on.
"""

from __future__ import annotations

import http.client
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.core.requests import PrivacyRequest
from app.flows import filing
from app.local.pending_requests import PendingRequests, pending_requests_file
from app.ui.context import DeskContext
from app.ui.dialogs.new_request_dialog import NewRequestDialog
from app.ui.pages.requests_page import RequestsPage
from app.ui.tasks import wait_for_all_tasks
from server.db.models import PrivacyRequest as StoredRequest
from server.embedded import EmbeddedService
from tests.e2e.conftest import signed_in_context
from tests.support.memory_keyring import MemoryKeyring

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


class AnswerDroppingProxy:
    """Forwards every call to the service; drops the answers to the next
    `drop_filing_answers` filings after the service has handled them."""

    def __init__(self, upstream_port: int) -> None:
        self.drop_filing_answers = 0
        self.filing_keys: list[str] = []  # the Idempotency-Key of every filing forwarded
        self.dropped = 0
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                owner._forward(self)

            do_POST = do_PATCH = do_DELETE = do_GET

            def log_message(self, *_args: object) -> None:
                pass

        self.upstream_port = upstream_port
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _forward(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            upstream.request(handler.command, handler.path, body=body, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
        finally:
            upstream.close()
        filing_call = handler.command == "POST" and handler.path == "/v1/me/requests"
        if filing_call:
            self.filing_keys.append(handler.headers.get("Idempotency-Key", ""))
            if self.drop_filing_answers > 0:
                # The service stored it and answered; the app never hears about it.
                self.drop_filing_answers -= 1
                self.dropped += 1
                handler.close_connection = True
                handler.connection.shutdown(socket.SHUT_RDWR)
                return
        handler.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length"}:
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)


@pytest.fixture
def proxy(live_service: EmbeddedService) -> Iterator[AnswerDroppingProxy]:
    running = AnswerDroppingProxy(live_service.port)
    yield running
    running.close()


@pytest.fixture(autouse=True)
def short_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same number of resends as the app makes, without its real pauses."""
    monkeypatch.setattr(filing, "FIND_OUT_DELAYS", (0.05,) * len(filing.FIND_OUT_DELAYS))


@pytest.fixture
def context(
    proxy: AnswerDroppingProxy, memory_keyring: MemoryKeyring, tmp_path: Path
) -> Iterator[DeskContext]:
    yield signed_in_context(proxy.url, memory_keyring, tmp_path)
    wait_for_all_tasks()


@pytest.fixture
def page(qtbot: QtBot, context: DeskContext) -> RequestsPage:
    requests = RequestsPage(context)
    qtbot.addWidget(requests)
    requests.resize(1100, 700)
    requests.show()
    requests.reload()
    qtbot.waitUntil(requests.state.showing_result, timeout=WAIT)
    return requests


def stored_requests(service: EmbeddedService) -> list[tuple[str, str, str]]:
    """(kind, idempotency key, proposed value) of every request, from the service's database."""
    with service.database.session() as session:
        return [
            (row.kind, row.idempotency_key, _proposed(row.details))
            for row in session.scalars(select(StoredRequest))
        ]


def _proposed(details: str) -> str:
    return str(json.loads(details or "{}").get("proposed_value", ""))


def open_correction(qtbot: QtBot, page: RequestsPage, value: str, why: str) -> NewRequestDialog:
    qtbot.mouseClick(page.toolbar.correction_button, CLICK)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.field_choice.setCurrentIndex(dialog.field_choice.findData("username"))
    qtbot.keyClicks(dialog.proposed_value, value)
    qtbot.keyClicks(dialog.reason, why)
    return dialog


def test_a_lost_answer_is_found_out_by_the_dialog_itself_and_files_once(
    qtbot: QtBot, page: RequestsPage, proxy: AnswerDroppingProxy, live_service: EmbeddedService
) -> None:
    acknowledged: list[PrivacyRequest] = []
    page.acknowledged.connect(acknowledged.append)
    proxy.drop_filing_answers = 1
    dialog = open_correction(qtbot, page, "Ada Lovelace", "My name is spelled wrong.")

    qtbot.mouseClick(dialog.submit_button, CLICK)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT)

    assert proxy.dropped == 1
    assert len(proxy.filing_keys) == 2 and len(set(proxy.filing_keys)) == 1
    (stored,) = stored_requests(live_service)
    assert stored[2] == "Ada Lovelace"
    assert [request.id for request in acknowledged] == [dialog.result_request.id]  # type: ignore[union-attr]
    assert "must answer by" in dialog.done_text.text()
    pending = PendingRequests(pending_requests_file(page.context.paths))
    assert pending.pending(page.context.session.account.vault_key) == ()


def test_every_answer_lost_then_a_retry_from_a_new_dialog_files_exactly_one_request(
    qtbot: QtBot, page: RequestsPage, proxy: AnswerDroppingProxy, live_service: EmbeddedService
) -> None:
    proxy.drop_filing_answers = 1 + len(filing.FIND_OUT_DELAYS)  # every answer of this dialog
    first = open_correction(qtbot, page, "Ada Lovelace", "My name is spelled wrong.")

    qtbot.mouseClick(first.submit_button, CLICK)
    qtbot.waitUntil(lambda: "does not know yet" in first.message.text(), timeout=WAIT)

    # It did not claim a failure: it says what happened and that it does not know.
    text = first.message.text()
    assert "connection to the privacy service broke" in text
    assert "failed" not in text and "update" not in text
    assert first.pages.currentIndex() == 0 and first.submit_button.isEnabled()
    assert len(stored_requests(live_service)) == 1, "the service did file it"
    # The page looked, and lists the request the dialog could not confirm.
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)

    # The user gives up on this dialog, and later asks again from a new one.
    first.reject()
    proxy.drop_filing_answers = 0
    second = open_correction(qtbot, page, "Ada Lovelace", "My name is spelled wrong.")
    assert second is not first

    qtbot.mouseClick(second.submit_button, CLICK)
    qtbot.waitUntil(lambda: second.pages.currentIndex() == 1, timeout=WAIT)

    (stored,) = stored_requests(live_service)
    assert stored[1] == proxy.filing_keys[0], "one key for the intent, across both dialogs"
    assert set(proxy.filing_keys) == {stored[1]}
    assert "filed only once" in second.done_text.text()
    assert second.result_request is not None
    pending = PendingRequests(pending_requests_file(page.context.paths))
    assert pending.pending(page.context.session.account.vault_key) == ()


def test_a_different_correction_from_a_new_dialog_is_a_new_request(
    qtbot: QtBot, page: RequestsPage, proxy: AnswerDroppingProxy, live_service: EmbeddedService
) -> None:
    proxy.drop_filing_answers = 1 + len(filing.FIND_OUT_DELAYS)
    first = open_correction(qtbot, page, "Ada Lovelace", "My name is spelled wrong.")
    qtbot.mouseClick(first.submit_button, CLICK)
    qtbot.waitUntil(lambda: "does not know yet" in first.message.text(), timeout=WAIT)
    first.reject()

    second = open_correction(qtbot, page, "Ada King", "That is my married name.")
    qtbot.mouseClick(second.submit_button, CLICK)
    qtbot.waitUntil(lambda: second.pages.currentIndex() == 1, timeout=WAIT)

    assert sorted(value for _k, _key, value in stored_requests(live_service)) == [
        "Ada King",
        "Ada Lovelace",
    ]
    assert len(set(proxy.filing_keys)) == 2
