"""A seeded, fault-injecting HTTP/1.1 reverse proxy for tests (never for production).

It listens on 127.0.0.1 (a free port) in background threads and forwards to the real
service's base URL. For every `/v1/` call a `random.Random(seed)` picks what happens to
it while faults are on (`faults_on(rate)`): with probability `rate` one of the faults
below, by weight, otherwise it passes untouched.

- ``delay``: forwarded after a pause of a few hundred ms (far below the app's 20 s timeout)
- ``reset_before``: the connection is reset before anything reaches the service
- ``reset_after``: the service applied the call; the client sees the connection reset
- ``cut_body``: forwarded; the status, the headers and half the body arrive, then it closes
- ``500_html_before`` / ``500_empty_before`` / ``503_html_before`` / ``503_empty_before``:
  a proxy error page (HTML or empty), nothing reached the service
- ``500_html_after`` / ``500_empty_after`` / ``503_html_after`` / ``503_empty_after``:
  the service applied the call, the client gets the proxy's error instead of its answer
- ``malformed_json``: the service applied the call; the client gets 200 with truncated JSON

A download (`.../export`) is never given altered bytes: only pass, delay, resets, a cut or
an error status. `go_offline()` makes the network dead (every connection, new or kept
alive, is reset at once) until `go_online()`. `injected` counts what was done per kind
(``pass`` included, ``offline`` for each refused connection), `log` keeps
``(request line, fault)`` in arrival order for replay.

The decisions are drawn in the order requests arrive, so with one client making calls one
after another a seed replays exactly; with concurrent calls the order can vary a little.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

PASS = "pass"
DELAY = "delay"
RESET_BEFORE = "reset_before"
RESET_AFTER = "reset_after"
CUT_BODY = "cut_body"
MALFORMED_JSON = "malformed_json"
OFFLINE = "offline"  # logged and counted for connections refused while offline
OFFLINE_CONNECTION = "(a new connection)"  # the log's request line when none was read
ERROR_FAULTS = tuple(
    f"{status}_{body}_{when}"
    for status in (500, 503)
    for body in ("html", "empty")
    for when in ("before", "after")
)
FAULT_KINDS: tuple[str, ...] = (
    DELAY,
    RESET_BEFORE,
    RESET_AFTER,
    CUT_BODY,
    *ERROR_FAULTS,
    MALFORMED_JSON,
)
DEFAULT_WEIGHTS: dict[str, float] = {
    DELAY: 2.0,
    RESET_BEFORE: 2.0,
    RESET_AFTER: 3.0,
    CUT_BODY: 2.0,
    **{kind: 1.0 for kind in ERROR_FAULTS},
    MALFORMED_JSON: 2.0,
}
# Faults that may hit a download: nothing that hands over altered bytes as if complete.
DOWNLOAD_FAULTS = frozenset(FAULT_KINDS) - {MALFORMED_JSON}

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "content-length",
    }
)
ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>{status} {reason}</title></head>"
    "<body><h1>{status} {reason}</h1><p>The proxy could not complete this request.</p>"
    "<hr><address>fault-proxy</address></body></html>"
)
REASONS = {200: "OK", 500: "Internal Server Error", 503: "Service Unavailable"}
CHUNK = 64 * 1024


class _Closed(Exception):
    """The client went away, or a fault ended the connection."""


@dataclass(frozen=True)
class _Request:
    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def line(self) -> str:
        return f"{self.method} {self.target} {self.version}"

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    @property
    def keep_alive(self) -> bool:
        connection = (self.header("connection") or "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


class FaultProxy:
    """`with FaultProxy(service.base_url, seed=7) as proxy:` then talk to `proxy.base_url`."""

    def __init__(
        self,
        upstream: str,
        seed: int = 0,
        *,
        weights: Mapping[str, float] | None = None,
        delay_range: tuple[float, float] = (0.1, 0.4),
        upstream_timeout: float = 60.0,
    ) -> None:
        parts = urlsplit(upstream)
        assert parts.scheme == "http" and parts.hostname, "an http://host:port upstream"
        self.upstream_host = parts.hostname
        self.upstream_port = parts.port or 80
        self.seed = seed
        self.random = random.Random(seed)
        self.weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
        unknown = set(self.weights) - set(FAULT_KINDS)
        assert not unknown, f"unknown fault kinds: {sorted(unknown)}"
        self.delay_range = delay_range
        self.upstream_timeout = upstream_timeout
        self.rate = 0.0
        self.offline = False
        self.injected: Counter[str] = Counter()
        self.log: list[tuple[str, str]] = []
        self.connections_accepted = 0
        # (fault, method or "", path or ""): the next matching /v1/ calls get these faults.
        self._forced: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()
        self._clients: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.port = 0

    # -- control --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self.port, "start() first"
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> str:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        self._listener = listener
        self.port = int(listener.getsockname()[1])
        self._thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self._stopping = True
        if self._listener is not None:
            # Wake the accept() and stop listening.
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            self._listener.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._drop_all_clients()

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def faults_on(self, rate: float = 0.3) -> None:
        """From now on, each /v1/ call gets a fault with probability `rate`."""
        assert 0.0 <= rate <= 1.0
        self.rate = rate

    def faults_off(self) -> None:
        self.rate = 0.0
        with self._lock:
            self._forced.clear()

    def force(self, *kinds: str, method: str = "", path: str = "") -> None:
        """The next /v1/ calls get exactly these faults (or PASS), in order; for unit tests.

        With `method` and/or `path`, only calls with that method and path get them, so
        the app's other calls (pages loading in the background) pass untouched."""
        for kind in kinds:
            assert kind == PASS or kind in FAULT_KINDS, kind
        with self._lock:
            self._forced.extend((kind, method.upper(), path) for kind in kinds)

    def go_offline(self) -> None:
        """A dead network: every connection is reset, new ones at once."""
        self.offline = True
        self._drop_all_clients()

    def go_online(self) -> None:
        self.offline = False

    def replay_text(self, last: int = 60) -> str:
        lines = [f"  {line}  ->  {fault}" for line, fault in self.log[-last:]]
        return f"fault proxy seed {self.seed}, last {len(lines)} calls:\n" + "\n".join(lines)

    # -- the decision ---------------------------------------------------------------------

    def _decide(self, request: _Request) -> str:
        path = urlsplit(request.target).path
        download = path.endswith("/export")
        with self._lock:
            if not path.startswith("/v1/"):
                kind = PASS
            elif (forced := self._next_forced(request.method, path)) is not None:
                kind = forced
            elif self.rate <= 0.0:
                kind = PASS
            else:
                # Two draws per call whatever the outcome, so a seed's stream stays aligned.
                roll = self.random.random()
                pick = self.random.random()
                kind = self._pick(pick) if roll < self.rate else PASS
            if download and kind not in DOWNLOAD_FAULTS and kind != PASS:
                kind = CUT_BODY
            self.log.append((request.line, kind))
            return kind

    def _next_forced(self, method: str, path: str) -> str | None:
        for index, (kind, wanted_method, wanted_path) in enumerate(self._forced):
            if wanted_method in ("", method) and wanted_path in ("", path):
                del self._forced[index]
                return kind
        return None

    def _pick(self, pick: float) -> str:
        total = sum(self.weights.values())
        point = pick * total
        for kind in FAULT_KINDS:
            weight = self.weights.get(kind, 0.0)
            if point < weight:
                return kind
            point -= weight
        return next(kind for kind in reversed(FAULT_KINDS) if self.weights.get(kind, 0.0) > 0)

    def _refused(self, line: str = OFFLINE_CONNECTION) -> None:
        with self._lock:
            self.log.append((line, OFFLINE))
            self.injected[OFFLINE] += 1

    def _count(self, kind: str) -> None:
        with self._lock:
            self.injected[kind] += 1

    # -- connections ----------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            if self._stopping:
                client.close()
                return
            if self.offline:
                self._refused()
                _reset(client)
                continue
            with self._lock:
                self.connections_accepted += 1
                self._clients.add(client)
            threading.Thread(
                target=self._serve, args=(client,), name="fault-proxy-client", daemon=True
            ).start()

    def _drop_all_clients(self) -> None:
        with self._lock:
            clients = list(self._clients)
            self._clients.clear()
        for client in clients:
            _reset(client)

    def _serve(self, client: socket.socket) -> None:
        reader = client.makefile("rb")
        try:
            while not self._stopping:
                request = _read_request(reader)
                if request is None:
                    return
                if self.offline:
                    self._refused(request.line)
                    return
                if not self._handle(client, request) or not request.keep_alive:
                    return
        except (_Closed, OSError, ValueError):
            return
        finally:
            with self._lock:
                self._clients.discard(client)
            with contextlib.suppress(OSError):
                reader.close()
            if self.offline:
                _reset(client)
            else:
                _close(client)

    def _handle(self, client: socket.socket, request: _Request) -> bool:
        """Answer one request; False when the connection must end."""
        fault = self._decide(request)
        self._count(fault)
        if fault == RESET_BEFORE:
            _reset(client)
            return False
        if fault in ERROR_FAULTS and fault.endswith("_before"):
            _send_error(client, fault)
            return True
        if fault == DELAY:
            low, high = self.delay_range
            with self._lock:
                pause = self.random.uniform(low, high)
            time.sleep(pause)
        try:
            upstream = http.client.HTTPConnection(
                self.upstream_host, self.upstream_port, timeout=self.upstream_timeout
            )
            upstream.putrequest(
                request.method, request.target, skip_host=True, skip_accept_encoding=True
            )
            for name, value in request.headers:
                if name.lower() not in HOP_BY_HOP:
                    upstream.putheader(name, value)
            if request.body or request.method in ("POST", "PUT", "PATCH"):
                upstream.putheader("Content-Length", str(len(request.body)))
            upstream.endheaders(request.body or None)
            response = upstream.getresponse()
        except OSError:
            # The service is down: what a gateway says.
            _send_status(client, 502, b"", [])
            return True
        try:
            return self._answer(client, request, response, fault)
        finally:
            upstream.close()

    def _answer(
        self,
        client: socket.socket,
        request: _Request,
        response: http.client.HTTPResponse,
        fault: str,
    ) -> bool:
        no_body = request.method == "HEAD" or response.status in (204, 304)
        headers = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
        if fault == RESET_AFTER:
            response.read()  # the service finished its work; the answer is lost
            _reset(client)
            return False
        if fault in ERROR_FAULTS:
            response.read()
            _send_error(client, fault)
            return True
        if fault == MALFORMED_JSON:
            body = response.read()
            garbled = body[: max(1, len(body) // 2)] if body.strip() else b'{"values": ['
            if garbled.strip() and garbled.strip()[-1:] in (b"}", b"]"):
                garbled = garbled + b","
            plain = [(k, v) for k, v in headers if k.lower() != "content-type"]
            _send_status(client, 200, garbled, [("Content-Type", "application/json"), *plain])
            return True
        length_text = response.getheader("Content-Length")
        if no_body:
            _send_head(client, response.status, response.reason, headers, length_text or "0")
            return True
        if length_text is None or fault == CUT_BODY:
            body = response.read()
            length = len(body)
            _send_head(client, response.status, response.reason, headers, str(length))
            if fault == CUT_BODY:
                _send_all(client, body[: length // 2])
                _close(client)
                return False
            _send_all(client, body)
            return True
        # A known length: stream it (downloads can be large).
        _send_head(client, response.status, response.reason, headers, length_text)
        while True:
            chunk = response.read(CHUNK)
            if not chunk:
                break
            _send_all(client, chunk)
        return True


# -- reading a request ---------------------------------------------------------------------


def _read_request(reader: object) -> _Request | None:
    line = _readline(reader)
    while line in (b"\r\n", b"\n"):  # tolerated between requests
        line = _readline(reader)
    if not line:
        return None
    parts = line.decode("latin-1").strip().split(" ")
    if len(parts) != 3:
        raise ValueError("not an HTTP request line")
    method, target, version = parts
    headers: list[tuple[str, str]] = []
    while True:
        header = _readline(reader)
        if not header:
            raise _Closed
        if header in (b"\r\n", b"\n"):
            break
        name, _, value = header.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    request = _Request(method, target, version, headers, b"")
    encoding = (request.header("transfer-encoding") or "").lower()
    if "chunked" in encoding:
        body = _read_chunked(reader)
    else:
        length = int(request.header("content-length") or 0)
        body = _read_exact(reader, length)
    return _Request(method, target, version, headers, body)


def _readline(reader: object) -> bytes:
    line: bytes = reader.readline(65537)  # type: ignore[attr-defined]
    return line


def _read_exact(reader: object, length: int) -> bytes:
    data: bytes = reader.read(length) if length else b""  # type: ignore[attr-defined]
    if len(data) != length:
        raise _Closed
    return data


def _read_chunked(reader: object) -> bytes:
    parts = []
    while True:
        size_line = _readline(reader)
        if not size_line:
            raise _Closed
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            while _readline(reader) not in (b"\r\n", b"\n", b""):  # trailers
                pass
            return b"".join(parts)
        parts.append(_read_exact(reader, size))
        _readline(reader)  # the CRLF after each chunk


# -- writing an answer ---------------------------------------------------------------------


def _send_all(client: socket.socket, data: bytes) -> None:
    try:
        client.sendall(data)
    except OSError as error:
        raise _Closed from error


def _send_head(
    client: socket.socket, status: int, reason: str, headers: list[tuple[str, str]], length: str
) -> None:
    lines = [f"HTTP/1.1 {status} {reason or REASONS.get(status, '')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append(f"Content-Length: {length}")
    _send_all(client, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def _send_status(
    client: socket.socket, status: int, body: bytes, headers: list[tuple[str, str]]
) -> None:
    _send_head(client, status, REASONS.get(status, "Bad Gateway"), headers, str(len(body)))
    _send_all(client, body)


def _send_error(client: socket.socket, fault: str) -> None:
    status = int(fault.split("_")[0])
    if "_html_" in fault:
        page = ERROR_PAGE.format(status=status, reason=REASONS[status]).encode()
        _send_status(client, status, page, [("Content-Type", "text/html; charset=utf-8")])
    else:
        _send_status(client, status, b"", [])


def _reset(client: socket.socket) -> None:
    """Close with RST instead of FIN: what a dropped connection looks like to the client."""
    try:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # Wakes a thread blocked reading it; the descriptor closes when its reader does.
        client.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    _close(client)


def _close(client: socket.socket) -> None:
    with contextlib.suppress(OSError):
        client.close()
