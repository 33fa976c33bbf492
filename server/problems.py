"""Every error leaves the service as RFC 9457 problem details, never as an HTML traceback."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

# The schema of every error answer, as `/openapi.json` publishes it (`server/openapi.py`).
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details. Other members may appear (e.g. `request_id` "
    "of the pending deletion on a `deletion_pending` refusal).",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "Always `about:blank`: see `code`"},
        "title": {"type": "string", "description": "A short summary for people"},
        "status": {"type": "integer", "description": "The HTTP status of the answer"},
        "detail": {"type": "string", "description": "What happened, as a sentence"},
        "code": {
            "type": "string",
            "description": "A stable machine-readable reason (e.g. `stale_etag`)",
        },
        "error": {
            "type": "string",
            "description": "The RFC 6749 section 5.2 error code (the sign-in endpoints)",
        },
        "error_description": {
            "type": "string",
            "description": "The RFC 6749 section 5.2 description (the sign-in endpoints)",
        },
        "errors": {
            "type": "array",
            "description": "On a 422 for the request's fields: each field and its fault",
            "items": {
                "type": "object",
                "required": ["location", "message"],
                "properties": {
                    "location": {"type": "array", "items": {"type": "string"}},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

# A precondition header the route needs: missing, it is answered 428 (RFC 6585), not 422,
# so that a client knows to read the state first (If-Match) or to make a key.
PRECONDITION_HEADERS: dict[str, tuple[str, str, str | None]] = {
    "if-match": (
        "If-Match required",
        "Send the ETag from GET /v1/me/choices.",
        "if_match_required",
    ),
    "idempotency-key": (
        "Idempotency-Key required",
        "Send an Idempotency-Key header (e.g. a random UUID) so a retry never files twice.",
        "idempotency_key_required",
    ),
}


class Problem(Exception):
    """Raise from a route to answer with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        commit: bool = False,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        # True when what the request wrote must stand although it fails (e.g. a revocation).
        self.commit = commit
        self.status = status
        self.title = title
        self.detail = detail
        self.code = code
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    title: str,
    detail: str = "",
    *,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if code:
        # A stable machine-readable reason next to the human title (an extension member).
        body["code"] = code
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(
        exc.status, exc.title, exc.detail, code=exc.code, headers=exc.headers, **exc.extra
    )


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem_response(
        exc.status_code, _title_for(exc.status_code), detail, headers=exc.headers
    )


def _missing_precondition(exc: RequestValidationError) -> JSONResponse | None:
    for error in exc.errors():
        location = [str(part).lower() for part in error.get("loc", ())]
        if error.get("type") == "missing" and len(location) == 2 and location[0] == "header":
            known = PRECONDITION_HEADERS.get(location[1])
            if known is not None:
                title, detail, code = known
                return problem_response(428, title, detail, code=code)
    return None


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # A route that checks its token itself never ran: an unknown token is told so first.
    from server.api.deps import unchecked_token_refusal

    refusal = await unchecked_token_refusal(request)
    if refusal is not None:
        return await _on_problem(request, refusal)
    precondition = _missing_precondition(exc)
    if precondition is not None:
        return precondition
    errors = [
        {"location": [str(part) for part in error.get("loc", ())], "message": error.get("msg", "")}
        for error in exc.errors()
    ]
    return problem_response(
        422, "The request is not valid", "See 'errors' for each field.", errors=errors
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    # Answered outside every middleware (Starlette's ServerErrorMiddleware), so past NoStore.
    from server.hsts import HEADER, VALUE, is_https
    from server.no_store import NO_STORE, is_never_stored

    headers = dict(NO_STORE) if is_never_stored(request.url.path) else {}
    if is_https(request.scope):
        headers[HEADER] = VALUE
    return problem_response(
        500, "Internal server error", "The service could not finish this.", headers=headers
    )


def _title_for(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)
