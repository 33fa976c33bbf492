"""Refusals of the OAuth endpoints speak OAuth: RFC 6749 section 5.2 (and RFC 7009 for
revocation) next to the problem fields.

A standard OAuth client knows a refusal by its `error` member; without one it takes the
body for a token. So every answer of `POST /v1/auth/token` and `POST /v1/auth/revoke`
that is not a success carries `error` and `error_description` besides the RFC 9457
members (`code` included, which the app reads), whoever raised it: the route, one of its
dependencies (the rate limiter), request validation or the input limits in front of every
route (server/input_limits.py). That none of their answers is cached, errors included
(RFC 6749 section 5.1), is said for them in server/no_store.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from server.problems import Problem

# The paths of the routes made with `OAuthEndpoint`, for refusals made before routing.
OAUTH_ENDPOINTS = frozenset({"/v1/auth/token", "/v1/auth/revoke", "/v1/oauth/device_authorization"})

# Problem codes that are a refused grant in OAuth's words.
_INVALID_GRANT_CODES = frozenset({"invalid_grant", "account_deleted"})
# Problem codes that are OAuth error codes as they stand: RFC 6749 section 5.2 and the
# device grant's answers while it waits (RFC 8628 section 3.5).
_OAUTH_CODES = frozenset(
    {
        "invalid_client",
        "unsupported_grant_type",
        "authorization_pending",
        "slow_down",
        "expired_token",
        "access_denied",
    }
)
# RFC 6749 section 5.2: error_description is printable ASCII without '"' and '\'.
_DESCRIPTION_CHARACTERS = frozenset(chr(c) for c in range(0x20, 0x7F)) - {'"', "\\"}


def oauth_error(status: int, body: Mapping[str, Any]) -> str:
    """The RFC 6749 error code for a problem document of an OAuth endpoint."""
    code = body.get("code")
    if code in _INVALID_GRANT_CODES:
        return "invalid_grant"
    if code in _OAUTH_CODES:
        return str(code)
    if status == 429:
        # None of section 5.2's codes fits; this registered one says "not now, try later",
        # and Retry-After says when.
        return "temporarily_unavailable"
    if status >= 500:
        return "server_error"
    return "invalid_request"


def oauth_refusal(code: str, detail: str, *, commit: bool = False) -> Problem:
    """A 400 refusal of an OAuth endpoint whose RFC 6749 `error` is `code`; `commit` keeps
    what the request wrote (a code marked used, a family revoked, a polling pause grown)."""
    return Problem(400, "Sign-in refused", detail, code=code, commit=commit)


def with_oauth_error(status: int, body: dict[str, Any], error: str | None = None) -> dict[str, Any]:
    """`body` with `error` and `error_description` added (the problem members stay)."""
    description = str(body.get("detail") or body.get("title") or "")
    cleaned = "".join(c if c in _DESCRIPTION_CHARACTERS else "?" for c in description)
    return {**body, "error": error or oauth_error(status, body), "error_description": cleaned}


def _unsupported_grant_type(error: Exception) -> bool:
    """A grant_type was sent, but not one this service knows."""
    if not isinstance(error, RequestValidationError):
        return False
    return any(
        tuple(part.get("loc", ())) == ("body", "grant_type") and part.get("type") != "missing"
        for part in error.errors()
    )


def _handler_for(request: Request, error: Exception) -> Callable[..., Any] | None:
    handlers: Mapping[Any, Callable[..., Any]] = request.app.exception_handlers
    for kind in type(error).__mro__:
        if kind in handlers:
            return handlers[kind]
    return None


async def _rendered(request: Request, error: Exception) -> Response:
    """The answer the service's own exception handlers give, with the OAuth members."""
    handler = _handler_for(request, error)
    if handler is None:
        raise error
    response: Response = await handler(request, error)
    try:
        body = json.loads(bytes(response.body))
    except ValueError:
        return response
    if not isinstance(body, dict):
        return response
    override = "unsupported_grant_type" if _unsupported_grant_type(error) else None
    enriched = json.dumps(with_oauth_error(response.status_code, body, override))
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in ("content-length", "content-type")
    }
    return Response(
        enriched.encode("utf-8"),
        status_code=response.status_code,
        headers=headers,
        media_type=response.media_type,
    )


class OAuthEndpoint(APIRoute):
    """A route whose refusals are RFC 6749 errors."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        answer = super().get_route_handler()

        async def oauth_answer(request: Request) -> Response:
            try:
                response = await answer(request)
            except (Problem, RequestValidationError, HTTPException) as error:
                response = await _rendered(request, error)
            return response

        return oauth_answer
