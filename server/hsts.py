"""`Strict-Transport-Security` on every answer given over HTTPS (RFC 6797).

A browser that has seen the header once goes to this host over HTTPS only, for a year,
and refuses to let its user click through a certificate warning: a sign-in page reached
later through a hostile network's plain-HTTP redirect is never shown (P1, TLS between
every server, service and app).

The header is sent only when the request came over HTTPS, as the ASGI scope's scheme says.
`privacy-server serve --certfile` sets that scheme itself; behind a reverse proxy that
terminates TLS, uvicorn's proxy headers set it from the proxy's `X-Forwarded-Proto: https`
(from the addresses `FORWARDED_ALLOW_IPS` trusts). Over plain HTTP it is never sent: RFC
6797 section 7.2 forbids it there (a man in the middle could forge or strip it anyway).

No `includeSubDomains`: the service is usually one name under an operator's domain
(privacy.example.org), and the operator's other names (an intranet, a printer's page) are
theirs to move to HTTPS, not ours to lock them out of plain HTTP for a year. No `preload`
for the same reason: that is a decision about the whole domain.

It sits outside every other middleware, so the refusals made before routing (too large, too
many, a method the path does not take) and every error answer carry it as well. The 500 of an unexpected failure is answered by
Starlette outside all middleware, so its handler in server/problems.py adds the header itself
(as it adds `no-store`).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# One year, in seconds: long enough to cover the gaps between a user's visits.
MAX_AGE = 365 * 24 * 60 * 60
HEADER = "Strict-Transport-Security"
VALUE = f"max-age={MAX_AGE}"


def is_https(scope: Scope) -> bool:
    """Did this request reach the service over TLS (directly or through a trusted proxy)?"""
    return scope["type"] == "http" and scope.get("scheme") == "https"


class StrictTransportSecurity:
    """Adds `HEADER: VALUE` to every answer of a request made over HTTPS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_https(scope):
            await self.app(scope, receive, send)
            return

        async def send_with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = VALUE
            await send(message)

        await self.app(scope, receive, send_with_hsts)
