"""The client turns every kind of failure into one ServiceError kind (real sockets, no mocks)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from app.api.client import PrivacyClient
from app.api.errors import FailureKind, ServiceError


class _CannedHandler(http.server.BaseHTTPRequestHandler):
    status = 200
    body = b""
    content_type = "application/json"

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def canned() -> Iterator[type[_CannedHandler]]:
    """A tiny foreign HTTP server that answers whatever the test sets."""
    handler = type("Handler", (_CannedHandler,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    yield handler
    server.shutdown()
    server.server_close()


def _kind_of(call: object) -> FailureKind:
    with pytest.raises(ServiceError) as raised:
        call()  # type: ignore[operator]
    return raised.value.kind


def test_html_instead_of_json_is_a_bad_answer(canned: type[_CannedHandler]) -> None:
    canned.body, canned.content_type = b"<html>proxy login</html>", "text/html"
    client = PrivacyClient(canned.url)  # type: ignore[attr-defined]
    assert _kind_of(client.catalog) is FailureKind.BAD_ANSWER


def test_a_server_error_is_reported_as_such(canned: type[_CannedHandler]) -> None:
    canned.status, canned.body = 500, b'{"title": "broken"}'
    client = PrivacyClient(canned.url)  # type: ignore[attr-defined]
    assert _kind_of(client.catalog) is FailureKind.SERVER_ERROR
    canned.status = 503  # busy or restarting: a different story, see test_failure_kinds.py
    assert _kind_of(client.catalog) is FailureKind.SERVICE_BUSY


def test_an_expired_session_is_reported_as_such(canned: type[_CannedHandler]) -> None:
    canned.status, canned.body = 401, b'{"title": "Not signed in"}'
    client = PrivacyClient(canned.url)  # type: ignore[attr-defined]
    assert _kind_of(lambda: client.choices("token")) is FailureKind.SESSION_EXPIRED


def test_nothing_listening_is_offline() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = PrivacyClient(f"http://127.0.0.1:{port}")
    assert _kind_of(client.catalog) is FailureKind.OFFLINE


def test_a_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        client = PrivacyClient(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=(1, 0.3))
        assert _kind_of(client.catalog) is FailureKind.TIMEOUT


def test_a_token_grant_never_shows_its_tokens_in_repr() -> None:
    from app.api.client import TokenGrant

    grant = TokenGrant("access-secret", "refresh-secret", 900, "user-1", "a@example.org")
    assert "secret" not in repr(grant)


def test_signing_in_to_a_deleted_account_says_so_rather_than_wrong_password(
    canned: type[_CannedHandler],
) -> None:
    canned.status = 400
    canned.body = b'{"title": "Sign-in refused", "status": 400, "code": "account_deleted"}'
    client = PrivacyClient(canned.url)  # type: ignore[attr-defined]
    assert (
        _kind_of(lambda: client.password_grant("a@example.org", "pw"))
        is FailureKind.ACCOUNT_DELETED
    )
