"""A TCP relay on loopback between the app and the service, for tests that break the
connection on purpose. It forwards bytes both ways on a thread per direction; a subclass
decides what passes (`_to_service`, `_to_app`) and keeps what it needs per connection
(`_opened`). TLS passes through untouched: the relay never reads what it carries unless a
subclass does."""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any


class TcpRelay:
    scheme = "http"  # what the app puts in front of the relay's address

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, name=type(self).__name__, daemon=True).start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def close(self) -> None:
        """Stop forwarding and refuse new connections from now on.

        Closing the listener alone does not stop an accept() already waiting in the other
        thread (on Linux it still takes one more connection), so it is shut down first,
        which wakes that accept(), and anything it took after this point is dropped."""
        with self._lock:
            self._closed = True
            for sock in self._sockets:
                shut(sock)
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                app_side, _address = self._listener.accept()
            except OSError:
                return
            try:
                service_side = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                shut(app_side)
                continue
            with self._lock:
                if self._closed:
                    shut(app_side)
                    shut(service_side)
                    return
                self._sockets += [app_side, service_side]
                state = self._opened()
            pair = (app_side, service_side, state)
            threading.Thread(target=self._to_service, args=pair, daemon=True).start()
            threading.Thread(target=self._to_app, args=pair, daemon=True).start()

    def _opened(self) -> Any:
        """What a subclass keeps for one connection; called under the lock."""
        return None

    def _to_service(self, app_side: socket.socket, service_side: socket.socket, state: Any) -> None:
        forward(app_side, service_side)

    def _to_app(self, app_side: socket.socket, service_side: socket.socket, state: Any) -> None:
        forward(service_side, app_side)


def forward(source: socket.socket, target: socket.socket) -> None:
    """Everything from `source` to `target` until either ends; then both end."""
    while data := receive(source):
        try:
            target.sendall(data)
        except OSError:
            break
    shut(target)
    shut(source)


def receive(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
