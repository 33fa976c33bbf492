"""Run the service inside another process on a loopback port (demo mode, tests)."""

from __future__ import annotations

import dataclasses
import socket
import ssl
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from server.app import create_app
from server.config import Settings
from server.db.database import Database
from server.jobs.commands import start_worker_thread

# How long a stop waits for open connections before it cancels what they still do.
STOP_GRACE_SECONDS = 1


def tls_options(tls: tuple[Path, Path] | None) -> dict[str, Any]:
    """uvicorn's options for serving HTTPS with this certificate and key (none: HTTP)."""
    if tls is None:
        return {}
    certfile, keyfile = tls
    return {
        "ssl_certfile": str(certfile),
        "ssl_keyfile": str(keyfile),
        "ssl_context_factory": tls_1_2_or_newer,
    }


def tls_1_2_or_newer(
    _config: uvicorn.Config, library_default: Callable[[], ssl.SSLContext]
) -> ssl.SSLContext:
    """uvicorn's context with TLS 1.2 as the oldest version, said here rather than left to
    the Python and OpenSSL of the day (policy P1). A module-level function, so that
    `serve --workers` can hand it to its processes."""
    context = library_default()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class EmbeddedService:
    """A real HTTP server on 127.0.0.1 with a free port, in a background thread."""

    def __init__(
        self,
        settings: Settings,
        *,
        with_worker: bool = False,
        worker_first_poll_after: float = 0.0,
        password_grant: bool = True,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        # The demo, the tests and the app's self-test still sign in with the password grant,
        # which `privacy-server serve` refuses unless told (Settings.password_grant); here it
        # is on unless the caller says `password_grant=False`.
        self.settings = dataclasses.replace(
            settings, password_grant=settings.password_grant or password_grant
        )
        # The demo runs requests to completion in-process, like `serve --with-worker`.
        self.with_worker = with_worker
        # (certificate file, key file): serve HTTPS, as `privacy-server serve --certfile`.
        self.tls = tls
        self.worker_first_poll_after = worker_first_poll_after
        self._worker: tuple[threading.Thread, threading.Event] | None = None
        self.database = Database(settings.database_url, pool_size=settings.pool_size)
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        assert self.port, "start() first"
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0, port: int = 0, *, migrate: bool = True) -> str:
        """Start serving; `port` 0 picks a free one, a number restarts on a known address.
        `migrate=False` is for a database known to be at the latest schema (the demo's copy
        of a template built for it), which spares importing Alembic."""
        if migrate:
            from server.db.migrate import upgrade_to_latest

            upgrade_to_latest(self.settings.database_url)
        app = create_app(self.settings, self.database)
        # IPPROTO_TCP said out loud: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
        # sockets that say so, and with it on every answer waited ~40 ms for a delayed ACK.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", port))
        self.port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            **tls_options(self.tls),
        )
        if self.tls:
            # A TLS connection a client keeps alive waits, once closed, for the client's
            # goodbye (asyncio's SSL shutdown, up to 30 s); a stop does not wait for it.
            config.timeout_graceful_shutdown = STOP_GRACE_SECONDS
        self._server = uvicorn.Server(config)
        sockets = [self._socket]
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": sockets},
            name="privacy-service",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded privacy service did not start")
            time.sleep(0.01)
        if self.with_worker:
            self._worker = start_worker_thread(
                self.database, self.settings, first_poll_after=self.worker_first_poll_after
            )
        return self.base_url

    def stop(self) -> None:
        if self._worker is not None:
            thread, stop = self._worker
            stop.set()
            thread.join(timeout=10)
            self._worker = None
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self.database.dispose()

    def restart(self) -> str:
        """Come back on the same address, as a service does after an outage."""
        assert self.port, "start() first"
        self.database = Database(self.settings.database_url, pool_size=self.settings.pool_size)
        return self.start(port=self.port)

    def __enter__(self) -> EmbeddedService:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
