"""The real service over loopback HTTPS for end-to-end tests: a throwaway authority, a
service per certificate, the switch that makes this process trust the authority, and a
relay that cuts a connection once without reading what passes through it."""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import struct
from pathlib import Path

import pytest

from server.config import Settings
from server.embedded import EmbeddedService
from tests.support.certificates import IssuedCertificate, TestAuthority
from tests.support.tcp_relay import TcpRelay, receive, shut


class Services:
    """Services started for one test, each with its own certificate (None: plain HTTP) on
    its own copy of the seeded database with the two test accounts."""

    def __init__(self, folder: Path, template: Path) -> None:
        self.folder = folder
        self.template = template
        self.started: list[EmbeddedService] = []

    def start(self, certificate: IssuedCertificate | None) -> EmbeddedService:
        folder = self.folder / f"service-{len(self.started)}"
        folder.mkdir(parents=True)
        database = folder / "service.sqlite3"
        shutil.copyfile(self.template, database)
        settings = Settings(database_url=f"sqlite:///{database}", export_dir=folder / "exports")
        service = EmbeddedService(settings, tls=certificate.tls if certificate else None)
        service.start(migrate=False)  # the template is at the latest schema
        self.started.append(service)
        return service

    def stop_all(self) -> None:
        for service in self.started:
            service.stop()


def trust(monkeypatch: pytest.MonkeyPatch, authority: TestAuthority) -> None:
    """This computer trusts the authority from now on: OpenSSL's store, which truststore
    reads on Linux at each new connection, is the authority's PEM alone."""
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.certfile))


def trust_nothing_of_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenSSL's store as it is on this machine, which knows no test authority."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)


def browser_trusting(authority: TestAuthority) -> ssl.SSLContext:
    """What the played browser trusts: the authority, as a user's browser would once the
    administrator had them install it."""
    return ssl.create_default_context(cafile=str(authority.certfile))


class CuttingRelay(TcpRelay):
    """Forwards TCP between the app and the service, byte for byte, without reading it:
    TLS passes through whole, so the app still talks to the service's certificate.

    Once `cut_after` is set, the first connection that has carried that many bytes of the
    service's answer since then is closed on both sides, once. From then on the relay
    counts what it forwards to the app (`to_app_since_armed`) and the connections that open
    after the cut (`connections_after_cut`)."""

    scheme = "https"

    def __init__(self, upstream_port: int) -> None:
        self.cuts = 0
        self.connections = 0
        self.connections_after_cut = 0
        self.to_app_since_armed = 0
        self._cut_after: int | None = None
        self._reset = False
        self._armed = False
        self._carried: dict[int, int] = {}  # connection number -> answer bytes since arming
        super().__init__(upstream_port)

    def cut_once_after(self, answer_bytes: int, *, reset: bool = False) -> None:
        """`reset`: the app's side ends with a TCP reset instead of an orderly close."""
        with self._lock:
            self._reset = reset
            self._cut_after = answer_bytes
            self._armed = True
            self._carried = dict.fromkeys(self._carried, 0)
            self.to_app_since_armed = 0

    def disarm(self) -> None:
        """No cut from now on, whether or not one happened."""
        with self._lock:
            self._cut_after = None

    def _opened(self) -> int:
        self.connections += 1
        if self.cuts:
            self.connections_after_cut += 1
        self._carried[self.connections] = 0
        return self.connections

    def _to_app(self, app_side: socket.socket, service_side: socket.socket, number: int) -> None:
        while data := receive(service_side):
            data, cut = self._count(number, data)
            try:
                app_side.sendall(data)
            except OSError:
                break
            if cut:
                if self._reset:
                    # SO_LINGER of zero: the last close sends RST, not FIN. SHUT_RD sends
                    # nothing but wakes the other direction's thread blocked in recv(),
                    # which holds the socket open until it returns.
                    with contextlib.suppress(OSError):
                        app_side.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                        app_side.shutdown(socket.SHUT_RD)
                        app_side.close()
                break
        shut(app_side)
        shut(service_side)

    def _count(self, number: int, data: bytes) -> tuple[bytes, bool]:
        """What of `data` goes on to the app, and whether the connection is cut after it."""
        with self._lock:
            if not self._armed:
                return data, False
            carried = self._carried.get(number, 0)
            cut = self._cut_after is not None and carried + len(data) >= self._cut_after
            if cut:
                assert self._cut_after is not None
                data = data[: self._cut_after - carried]
                self._cut_after = None
                self.cuts += 1
            self._carried[number] = carried + len(data)
            self.to_app_since_armed += len(data)
            return data, cut
