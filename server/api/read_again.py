"""Reads an app repeats (the requests, a request, the choices, the catalog): an ETag with
every answer, and an empty 304 when the caller's If-None-Match names the current one
(RFC 9110 section 13.1.2). The app's watcher looks every so often; most looks then cost a
header and no body."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import Header, Response
from pydantic import BaseModel

ETAG_HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "A digest of this answer: send it as If-None-Match to read again "
        "for free (304) while nothing changed",
        "required": True,
        "schema": {"type": "string"},
    }
}
READ_AGAIN: dict[int | str, dict[str, Any]] = {
    200: {"headers": ETAG_HEADERS},
    304: {
        "description": "Not modified: the answer would be the one the ETag in If-None-Match "
        "names (no body)",
        "headers": ETAG_HEADERS,
    },
}
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        max_length=2000,
        description="ETags of earlier answers (RFC 9110 section 13.1.2): 304 when one of "
        "them is still current",
    ),
]


def answer_with_etag(
    model: BaseModel, if_none_match: str | None, headers: dict[str, str] | None = None
) -> Response:
    """The JSON answer with a strong ETag over its bytes, or 304 when the caller has it."""
    body = model.model_dump_json()
    etag = '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:40] + '"'
    return answer_or_not_modified(body, etag, if_none_match, headers)


def answer_or_not_modified(
    body: str, etag: str, if_none_match: str | None, headers: dict[str, str] | None = None
) -> Response:
    """`body` (JSON) under `etag`, or an empty 304 when If-None-Match names it."""
    sent = {"ETag": etag, "Vary": "Accept-Language", **(headers or {})}
    if if_none_match is not None and names(if_none_match, etag):
        return Response(status_code=304, headers=sent)
    return Response(body, media_type="application/json", headers=sent)


def names(if_none_match: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: `W/` does not matter, `*` matches anything."""
    wanted = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", etag.removeprefix("W/")) for tag in wanted)
