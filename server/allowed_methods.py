"""`OPTIONS` and 405 name every method a path supports (RFC 9110 sections 9.3.7, 15.5.6).

Routing goes method by method, so on a path served by two routes (GET and PATCH
/v1/me/choices) a 405 named only the methods of the first route tried, and `OPTIONS` got
that 405 too. This middleware asks every route of the path instead: `OPTIONS` is answered
204 with `Allow`, and a 405 carries the full `Allow`. Nothing else changes (an unknown path
is still 404), and the routes are only asked on `OPTIONS` and on a 405.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# What a route of this service can take; HEAD is not among them (no route answers it).
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(routes: list[BaseRoute], scope: Scope) -> list[str]:
    """The methods some route takes at the request's path, OPTIONS included; empty when no
    route has the path at all."""
    allowed = [
        method
        for method in _METHODS
        if any(route.matches({**scope, "method": method})[0] is Match.FULL for route in routes)
    ]
    return [*allowed, "OPTIONS"] if allowed else []


class AllowedMethods:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        routes = scope["app"].router.routes
        if scope["method"] == "OPTIONS":
            allow = allowed_methods(routes, scope)
            if allow:
                await Response(status_code=204, headers={"Allow": ", ".join(allow)})(
                    scope, receive, send
                )
                return

        async def send_with_full_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                headers = MutableHeaders(scope=message)
                headers["Allow"] = ", ".join(allowed_methods(routes, scope))
            await send(message)

        await self.app(scope, receive, send_with_full_allow)
