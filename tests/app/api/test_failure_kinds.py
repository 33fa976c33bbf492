"""Each way a call can go wrong gets the kind that names what really happened.

The faults are real: a tiny TCP server on loopback reads the app's request and then
misbehaves at the socket level (resets, hangs up, cuts a body short, sends a gateway's
HTML page), and the real PrivacyClient and `requests` meet it. Nothing is mocked.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.api import download
from app.api.client import PrivacyClient
from app.api.download import download_export
from app.api.errors import OUTCOME_UNKNOWN, FailureKind, ServiceError

Behaviour = Callable[[socket.socket, bytes], None]


class MisbehavingServer:
    """Answers every connection with the current `behaviour(sock, request)`."""

    def __init__(self) -> None:
        self.behaviour: Behaviour = answer(200, b"{}")
        self.requests: list[bytes] = []
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                request = _read_request(self.request)
                if not request:
                    return
                owner.requests.append(request)
                with contextlib.suppress(OSError):
                    owner.behaviour(self.request, request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} Whatever"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(
    status: int,
    body: bytes,
    content_type: str = "application/json",
    extra: dict[str, str] | None = None,
) -> Behaviour:
    def behave(sock: socket.socket, _request: bytes) -> None:
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Connection": "close",
            **(extra or {}),
        }
        sock.sendall(_head(status, headers) + body)

    return behave


def reset(sock: socket.socket, _request: bytes) -> None:
    """RST instead of an answer (SO_LINGER 0): what a crashed peer or a middlebox does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def hang_up(sock: socket.socket, _request: bytes) -> None:
    """A clean close after the request arrived, without a word."""
    sock.shutdown(socket.SHUT_RDWR)


def cut_body(sock: socket.socket, _request: bytes) -> None:
    """Status and headers for 200 bytes of JSON, then 20 of them and the end."""
    body = b'{"language": "en", "choices": [], "categories": []}'.ljust(200)
    sock.sendall(_head(200, {"Content-Type": "application/json", "Content-Length": "200"}))
    sock.sendall(body[:20])
    sock.shutdown(socket.SHUT_RDWR)


def cut_chunked_body(sock: socket.socket, _request: bytes) -> None:
    headers = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    sock.sendall(_head(200, headers) + b"40\r\n" + b'{"language": "en", "cho')
    sock.shutdown(socket.SHUT_RDWR)


def reset_mid_body(sock: socket.socket, _request: bytes) -> None:
    sock.sendall(_head(200, {"Content-Type": "application/json", "Content-Length": "500"}))
    sock.sendall(b'{"language": "en"')
    time.sleep(0.05)
    reset(sock, _request)


def stall_mid_body(sock: socket.socket, _request: bytes) -> None:
    sock.sendall(_head(200, {"Content-Type": "application/json", "Content-Length": "500"}))
    sock.sendall(b'{"language": "en"')
    time.sleep(1.5)


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    running = MisbehavingServer()
    yield running
    running.close()


def failure_of(call: Callable[[], object]) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        call()
    return raised.value


def catalog_failure(server: MisbehavingServer, behaviour: Behaviour) -> ServiceError:
    server.behaviour = behaviour
    return failure_of(PrivacyClient(server.url, timeout=(1.0, 0.5)).catalog)


# --- nothing reached the service -----------------------------------------------------------


def test_a_connection_that_never_opens_is_offline_refused_unresolved_or_timed_out() -> None:
    """Nothing reached the service, so the outcome is known: nothing happened there.

    A listener whose backlog is full drops new SYNs: the connect itself times out."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    refused = failure_of(PrivacyClient(f"http://127.0.0.1:{closed_port}").catalog)
    unresolved = failure_of(PrivacyClient("http://no-such-host.invalid", timeout=(2, 2)).catalog)
    assert refused.kind is unresolved.kind is FailureKind.OFFLINE
    assert FailureKind.OFFLINE not in OUTCOME_UNKNOWN
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.1)
        client = PrivacyClient(f"http://127.0.0.1:{port}", timeout=(0.3, 0.3))
        assert failure_of(client.catalog).kind is FailureKind.OFFLINE
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


# --- sent, and the answer was lost ---------------------------------------------------------


def test_a_reset_after_the_request_was_sent_is_a_lost_connection(
    server: MisbehavingServer,
) -> None:
    error = catalog_failure(server, reset)
    assert error.kind is FailureKind.CONNECTION_LOST
    assert error.kind in OUTCOME_UNKNOWN
    assert server.requests, "the request did reach the server"


def test_a_hang_up_without_an_answer_is_a_lost_connection(server: MisbehavingServer) -> None:
    assert catalog_failure(server, hang_up).kind is FailureKind.CONNECTION_LOST


def test_a_post_whose_answer_never_comes_is_a_lost_connection_not_offline(
    server: MisbehavingServer,
) -> None:
    server.behaviour = reset
    client = PrivacyClient(server.url)
    error = failure_of(lambda: client.file_request("token", "key-1", _access(), {}))
    assert error.kind is FailureKind.CONNECTION_LOST
    assert b"Idempotency-Key: key-1" in server.requests[0]


def test_an_answer_that_stops_before_its_content_length_is_cut_off(
    server: MisbehavingServer,
) -> None:
    assert catalog_failure(server, cut_body).kind is FailureKind.CUT_OFF


def test_a_chunked_answer_that_stops_midway_is_cut_off(server: MisbehavingServer) -> None:
    assert catalog_failure(server, cut_chunked_body).kind is FailureKind.CUT_OFF


def test_a_reset_in_the_middle_of_the_body_is_cut_off(server: MisbehavingServer) -> None:
    assert catalog_failure(server, reset_mid_body).kind is FailureKind.CUT_OFF


def test_a_complete_answer_of_garbled_json_is_cut_off(server: MisbehavingServer) -> None:
    error = catalog_failure(server, answer(200, b'{"language": "en", "choi'))
    assert error.kind is FailureKind.CUT_OFF


def test_an_empty_success_where_json_was_due_is_cut_off(server: MisbehavingServer) -> None:
    assert catalog_failure(server, answer(200, b"")).kind is FailureKind.CUT_OFF


def test_an_answer_that_stalls_before_or_in_its_body_is_a_timeout(
    server: MisbehavingServer,
) -> None:
    assert catalog_failure(server, lambda _s, _r: time.sleep(1.5)).kind is FailureKind.TIMEOUT
    assert catalog_failure(server, stall_mid_body).kind is FailureKind.TIMEOUT


# --- the service, or a gateway before it, answered with a 5xx -----------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_gateway_or_a_restarting_service_is_busy_html_or_empty_not_a_server_error(
    server: MisbehavingServer, status: int
) -> None:
    html = answer(status, b"<html><body>Bad gateway</body></html>", "text/html")
    assert catalog_failure(server, html).kind is FailureKind.SERVICE_BUSY
    empty = catalog_failure(server, answer(status, b"", "text/plain"))
    assert (empty.kind, empty.status) == (FailureKind.SERVICE_BUSY, status)


def test_busy_keeps_the_retry_after_the_service_sent(server: MisbehavingServer) -> None:
    page = b"<html>Service Unavailable</html>"
    error = catalog_failure(server, answer(503, page, "text/html", {"Retry-After": "7"}))
    assert (error.kind, error.retry_after) == (FailureKind.SERVICE_BUSY, 7.0)

    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    dated = catalog_failure(server, answer(503, b"", "text/html", {"Retry-After": later}))
    assert dated.retry_after is not None and 100 < dated.retry_after <= 120

    nonsense = catalog_failure(server, answer(503, b"", "text/html", {"Retry-After": "soon"}))
    assert nonsense.retry_after is None


def test_only_502_503_504_are_busy_other_5xx_are_server_errors_whatever_their_body(
    server: MisbehavingServer,
) -> None:
    for status, body, content_type in (
        (500, b"<html><h1>Internal Server Error</h1></html>", "text/html"),
        (500, b"", "text/plain"),
        (500, b'{"title": "Internal error", "status": 500}', "application/problem+json"),
        (501, b"", "text/plain"),
        (507, b"<html>Insufficient storage</html>", "text/html"),
    ):
        error = catalog_failure(server, answer(status, body, content_type))
        assert (error.kind, error.status) == (FailureKind.SERVER_ERROR, status)
    busy = catalog_failure(server, answer(503, b"<html>busy</html>", "text/html"))
    assert busy.kind is FailureKind.SERVICE_BUSY


def test_the_problem_code_decides_the_kind_of_a_refusal_and_travels_with_it(
    server: MisbehavingServer,
) -> None:
    def problem(status: int, code: str) -> bytes:
        return json.dumps({"title": "No", "status": status, "code": code}).encode()

    for status, code, kind in (
        (409, "deletion_pending", FailureKind.ALREADY_REQUESTED),
        (409, "not_cancellable", FailureKind.NO_LONGER_POSSIBLE),
        (409, "grace_period_over", FailureKind.NO_LONGER_POSSIBLE),
        (409, "export_not_ready", FailureKind.REJECTED),
        (410, "export_expired", FailureKind.COPY_GONE),
        (410, "export_missing", FailureKind.COPY_GONE),
    ):
        body = problem(status, code)
        error = catalog_failure(server, answer(status, body, "application/problem+json"))
        assert (error.kind, error.status, error.code) == (kind, status, code)


# --- a complete answer this app does not understand ---------------------------------------


def test_only_a_complete_answer_of_the_wrong_shape_or_kind_is_a_bad_answer(
    server: MisbehavingServer,
) -> None:
    """JSON of the wrong shape, or a web page (a Wi-Fi sign-in, another server): the
    answer is whole, this app just does not understand it. Garbled JSON is not that."""
    wrong_shape = catalog_failure(server, answer(200, b'{"hello": "world"}'))
    page = answer(200, b"<!DOCTYPE html><html>Sign in to the Wi-Fi</html>", "text/html")
    assert wrong_shape.kind is catalog_failure(server, page).kind is FailureKind.BAD_ANSWER
    garbled = catalog_failure(server, answer(200, b'{"hello": "wor'))
    assert garbled.kind is FailureKind.CUT_OFF


def _access():  # type: ignore[no-untyped-def]
    from app.core.requests import RequestKind

    return RequestKind.ACCESS


# --- a download waits out what passes ------------------------------------------------------


def test_a_download_waits_out_a_busy_service_and_a_cut_then_delivers_the_whole_copy(
    server: MisbehavingServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "RETRY_DELAYS", (0.0,) * download.MAX_RETRIES)
    copy = bytes(range(256)) * 64
    sha256 = hashlib.sha256(copy).hexdigest()
    now = datetime.now(UTC)
    request = {
        "id": "r1",
        "kind": "access",
        "status": "completed",
        "received_at": now.isoformat(),
        "due_at": (now + timedelta(days=30)).isoformat(),
        "completed_at": now.isoformat(),
        "details": {},
        "history": [],
        "export": {
            "size": len(copy),
            "sha256": sha256,
            "expires_at": (now + timedelta(days=7)).isoformat(),
        },
    }
    exports = iter(["busy", "cut", "rest"])

    def service(sock: socket.socket, raw: bytes) -> None:
        if b"/export " not in raw.split(b"\r\n")[0]:
            answer(200, json.dumps(request).encode())(sock, raw)
            return
        step = next(exports)
        if step == "busy":
            answer(503, b"<html>Service Unavailable</html>", "text/html", {"Retry-After": "0"})(
                sock, raw
            )
            return
        headers = {"ETag": f'"{sha256}"', "Content-Type": "application/zip"}
        if step == "cut":
            headers["Content-Length"] = str(len(copy))
            sock.sendall(_head(200, headers) + copy[:1000])
            sock.shutdown(socket.SHUT_RDWR)
            return
        first = int(raw.split(b"Range: bytes=")[1].split(b"-")[0])
        headers["Content-Range"] = f"bytes {first}-{len(copy) - 1}/{len(copy)}"
        headers["Content-Length"] = str(len(copy) - first)
        sock.sendall(_head(206, headers) + copy[first:])

    server.behaviour = service
    target = tmp_path / "copy.zip"

    result = download_export(
        PrivacyClient(server.url), lambda: "token", "r1", target, chunk_size=256
    )

    assert (result.size, result.sha256) == (len(copy), sha256)
    assert target.read_bytes() == copy
    asked = [
        line for r in server.requests for line in r.split(b"\r\n") if line.startswith(b"Range:")
    ]
    # Every byte that arrived before the cut is kept (each read hands over what came), so
    # the download resumes at byte 1,000, not at the last whole 256-byte piece.
    assert asked == [b"Range: bytes=1000-"], "resumed after the cut, from where it stopped"
