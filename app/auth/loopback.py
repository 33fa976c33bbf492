"""The app's one-shot listener for the browser's return (RFC 8252 §7.3).

It listens on 127.0.0.1 on a port the system picks, for exactly one request to
`/callback` carrying the `state` the app sent: that request gets a short page ("you can
close this tab", in the user's language, given by the UI) and ends the wait. Anything else
— another path, another state, a favicon — gets a plain 404 or 400 and the listener keeps
waiting, so a stray or hostile request can neither end the sign-in nor see it. The wait
ends with the callback, at the deadline, or when `cancelled` is set; the socket is closed
either way.
"""

from __future__ import annotations

import html
import http.server
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
CALLBACK_PATH = "/callback"  # the path the service registered for this app
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class CallbackPage:
    """What the browser shows once the app has its answer."""

    language: str
    title: str
    message: str

    def render(self) -> bytes:
        return (
            "<!doctype html>\n"
            f'<html lang="{html.escape(self.language)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(self.title)}</title></head>"
            '<body style="font-family: sans-serif; max-width: 32em; margin: 4em auto">'
            f"<h1>{html.escape(self.title)}</h1><p>{html.escape(self.message)}</p>"
            "</body></html>\n"
        ).encode()


@dataclass(frozen=True)
class Callback:
    """The browser's answer: a code, or an OAuth error (`access_denied`, ...)."""

    code: str = ""
    error: str = ""
    error_description: str = ""
    issuer: str = ""

    def __repr__(self) -> str:
        return f"Callback(error={self.error!r})"


class ListenerTimedOut(Exception):
    """No answer came from the browser in time."""


class ListenerCancelled(Exception):
    """The user stopped waiting."""


class LoopbackListener:
    def __init__(self, state: str, page: CallbackPage) -> None:
        self._state = state
        self._page = page
        self._answer: Callback | None = None
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener._handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the query holds the code: nothing of it reaches a log

        self._server = http.server.HTTPServer((HOST, 0), Handler)
        self._server.timeout = POLL_SECONDS

    @property
    def redirect_uri(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}{CALLBACK_PATH}"

    def wait(self, timeout: float, cancelled: threading.Event | None = None) -> Callback:
        deadline = time.monotonic() + timeout
        try:
            while self._answer is None:
                if cancelled is not None and cancelled.is_set():
                    raise ListenerCancelled()
                if time.monotonic() >= deadline:
                    raise ListenerTimedOut()
                self._server.handle_request()
            return self._answer
        finally:
            self._server.server_close()

    def close(self) -> None:
        self._server.server_close()

    def _handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        if parts.path != CALLBACK_PATH:
            self._reply(request, 404, b"Not found\n", "text/plain; charset=utf-8")
            return
        if self._answer is not None or query.get("state") != self._state:
            self._reply(request, 400, b"Not the sign-in this app started\n", "text/plain")
            return
        self._answer = Callback(
            code=query.get("code", ""),
            error=query.get("error", "" if "code" in query else "invalid_request"),
            error_description=query.get("error_description", ""),
            issuer=query.get("iss", ""),
        )
        self._reply(request, 200, self._page.render(), "text/html; charset=utf-8")

    @staticmethod
    def _reply(
        request: http.server.BaseHTTPRequestHandler, status: int, body: bytes, kind: str
    ) -> None:
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Cache-Control", "no-store")
        request.send_header("Referrer-Policy", "no-referrer")
        request.send_header("Connection", "close")
        request.end_headers()
        request.wfile.write(body)
