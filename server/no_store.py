"""`Cache-Control: no-store` on every answer that is about one person or hands out a token.

Everything under `/v1/me` is the signed-in user's own data (the profile with its e-mail
address, choices, records, receipts, requests, the access copy), everything under `/drp`
answers an authorised agent about one person's requests, and the token, revoke
and step-up endpoints answer with or about credentials (RFC 6749 section 5.1), and the
sign-in pages carry a form token or, redirecting, an authorization code. No browser,
proxy or shared cache may keep any of it, errors included: a 404 or a 409 still says
something about the account. One middleware says so for all of them, so a new route under
`/v1/me` cannot forget it; the routes themselves set no caching header.

It sits outside every other middleware, so the refusals made before routing (too large,
too many, a method the path does not take) carry it as well.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.oauth_errors import OAUTH_ENDPOINTS

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
PERSONAL_PREFIX = "/v1/me"
# The Data Rights Protocol's routes answer agents about one person's requests, with tokens.
AGENT_PREFIX = "/drp"
# The sign-in pages carry a form token and the request's state; their redirects, a code.
SIGN_IN_PAGES = frozenset({"/v1/oauth/authorize", "/v1/oauth/device"})
TOKEN_PATHS = OAUTH_ENDPOINTS | SIGN_IN_PAGES | {"/v1/auth/step-up"}


def is_never_stored(path: str) -> bool:
    """Is this the path of a personal answer or a token answer?"""
    path = path.rstrip("/")
    return (
        any(
            path == prefix or path.startswith(prefix + "/")
            for prefix in (PERSONAL_PREFIX, AGENT_PREFIX)
        )
        or path in TOKEN_PATHS
    )


class NoStore:
    """Adds `NO_STORE` to the answers of the paths `is_never_stored` names."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_never_stored(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return

        async def send_never_stored(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in NO_STORE.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_never_stored)
