"""A Data Rights Protocol error answer (DRP 3.06), as this service answers every error.

DRP asks for a JSON body with `code` (the HTTP status as text), `message` and `fatal`. The
service answers every error as an RFC 9457 problem document; a DRP refusal is one that also
carries those three members, so a DRP agent and a problem-aware client both read it.
"""

from __future__ import annotations

from server.problems import Problem

_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
}


def drp_error(status: int, message: str, *, fatal: bool = False) -> Problem:
    """`fatal`: sending the same thing again can never succeed (DRP: not retryable)."""
    return Problem(
        status,
        _TITLES.get(status, "Refused"),
        message,
        code=str(status),
        message=message,
        fatal=fatal,
        headers={"Cache-Control": "no-store"},
    )
