"""What any request may carry, checked in one place in front of every route.

Before a route (or FastAPI's own parsing) sees a request:

- the body is at most `body_limit(path)` bytes (64 KiB; 8 MiB for the ingest batches):
  a larger one is answered 413 `body_too_large` without being read to the end, and the
  connection is closed, since the rest of the body would still be on its way;
- a body is JSON (`application/json`, `application/*+json`) or a form
  (`application/x-www-form-urlencoded`), the only kinds any route takes, or, under
  `/drp/` alone, `text/plain` (the Data Rights Protocol sends its signed messages so);
  anything else is 415 `unsupported_media_type`;
- JSON is UTF-8, parses, and nests at most `MAX_JSON_DEPTH` arrays and objects deep
  (deeper is 422 `nested_too_deeply`, never a `RecursionError`);
- every text a request carries (the path, each query parameter, each header, each form
  field, each JSON string and object key) is UTF-8 without a NUL character or a lone
  surrogate: PostgreSQL cannot store a NUL, nothing can store a lone surrogate, and no
  route has a use for either. Such text is 422 `invalid_text`, naming where it was.

Each refusal is a problem document like every other error (`errors` lists the location,
as for a validation error), never cached; on an OAuth endpoint it also carries RFC 6749's
`error` (server/oauth_errors.py). Typed values are the routes' business (strict booleans
and integers in their models, `WholeNumber` for integers in a query).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from pydantic import BeforeValidator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.no_store import NO_STORE
from server.oauth_errors import OAUTH_ENDPOINTS, with_oauth_error
from server.problems import problem_response

DEFAULT_BODY_LIMIT = 64 * 1024
# Ingest batches carry up to 1000 events (crash reports with their text): larger, but bounded.
BODY_LIMITS = {"/v1/ingest/": 8 * 1024 * 1024}
# The deepest body any route takes is three levels (a batch, its events, an event); a
# margin for clients that wrap, and far below Python's recursion limit.
MAX_JSON_DEPTH = 32

_JSON_TYPES = re.compile(r"^application/([a-z0-9.+-]+\+)?json$")
_FORM_TYPE = "application/x-www-form-urlencoded"
_TEXT_TYPE = "text/plain"
# The Data Rights Protocol's signed messages are base64 text (server/api/drp.py).
TEXT_BODY_PREFIXES = ("/drp/",)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def body_limit(path: str) -> int:
    for prefix, limit in BODY_LIMITS.items():
        if path.startswith(prefix):
            return limit
    return DEFAULT_BODY_LIMIT


class Refusal(Exception):
    """A request refused before any route sees it; `location` and `message` name the field."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        code: str,
        location: list[str] | None = None,
        message: str = "",
        *,
        close: bool = False,
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.code = status, title, detail, code
        self.location, self.message = location, message or detail
        # The body was not read to its end: the connection cannot carry another request.
        self.close = close


def _text_fault(text: str) -> str | None:
    if "\x00" in text:
        return "must not contain a NUL character"
    if _LONE_SURROGATE.search(text):
        return "must be valid Unicode text (a lone surrogate is not)"
    return None


def storable_text(text: str) -> bool:
    """Text every database takes: no NUL character, no lone surrogate."""
    return _text_fault(text) is None


def _invalid_text(location: list[str], message: str) -> Refusal:
    return Refusal(
        422,
        "The request is not valid",
        "Text in the request cannot be taken as it is: see 'errors'.",
        "invalid_text",
        location,
        message,
    )


def _decoded(raw: bytes, location: list[str]) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid_text(location, "must be UTF-8 text") from None
    fault = _text_fault(text)
    if fault is not None:
        raise _invalid_text(location, fault)
    return text


def _check_pairs(encoded: bytes, where: str) -> None:
    """Each name=value of a query string or a form body (percent- and +-encoded)."""
    for part in encoded.split(b"&"):
        if not part:
            continue
        raw_name, _, raw_value = part.partition(b"=")
        name = _decoded(unquote_to_bytes(raw_name.replace(b"+", b" ")), [where])
        _decoded(unquote_to_bytes(raw_value.replace(b"+", b" ")), [where, name])


def check_target(scope: Scope) -> None:
    """The path, the query string and the headers."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    _decoded(unquote_to_bytes(raw_path), ["path"])
    _check_pairs(scope.get("query_string", b""), "query")
    for name, value in scope.get("headers", ()):
        if b"\x00" in value:
            header = name.decode("latin-1").lower()
            raise _invalid_text(["header", header], "must not contain a NUL character")


def _media_type(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-type":
            media_type: str = value.decode("latin-1").split(";")[0].strip().lower()
            return media_type
    return None


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _walk_json(value: Any) -> None:
    """Depth and text of a parsed JSON document, without recursion."""
    stack: list[tuple[Any, list[str]]] = [(value, ["body"])]
    while stack:
        item, location = stack.pop()
        if len(location) - 1 > MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(item, str):
            fault = _text_fault(item)
            if fault is not None:
                raise _invalid_text(location, fault)
        elif isinstance(item, dict):
            for key, member in item.items():
                fault = _text_fault(key)
                if fault is not None:
                    raise _invalid_text(location, f"a member name {fault}")
                stack.append((member, [*location, key]))
        elif isinstance(item, list):
            stack.extend((member, [*location, str(index)]) for index, member in enumerate(item))


def _too_deep() -> Refusal:
    return Refusal(
        422,
        "The request is not valid",
        f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.",
        "nested_too_deeply",
        ["body"],
    )


def check_body(media_type: str | None, body: bytes, path: str = "") -> None:
    if not body:
        return
    if media_type == _TEXT_TYPE and path.startswith(TEXT_BODY_PREFIXES):
        _decoded(body, ["body"])
        return
    if media_type is None or _JSON_TYPES.match(media_type):
        text = _decoded_json_text(body)
        try:
            document = json.loads(text)
        except RecursionError:
            raise _too_deep() from None
        except ValueError:
            raise Refusal(
                422, "The request is not valid", "The body is not JSON.", "invalid_json", ["body"]
            ) from None
        _walk_json(document)
    elif media_type == _FORM_TYPE:
        _check_pairs(body, "body")
    else:
        raise Refusal(
            415,
            "Unsupported media type",
            "Send the body as application/json, or as application/x-www-form-urlencoded "
            "where the endpoint takes a form.",
            "unsupported_media_type",
        )


def _decoded_json_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid_text(["body"], "must be UTF-8 text") from None


def _speaks_oauth(scope: Scope) -> bool:
    return str(scope.get("path", "")).rstrip("/") in OAUTH_ENDPOINTS


async def _refuse(scope: Scope, receive: Receive, send: Send, refusal: Refusal) -> None:
    extra: dict[str, Any] = {}
    if refusal.location is not None:
        extra["errors"] = [{"location": refusal.location, "message": refusal.message}]
    headers = dict(NO_STORE)
    if refusal.close:
        headers["Connection"] = "close"
    if _speaks_oauth(scope):
        document = {"title": refusal.title, "detail": refusal.detail, "code": refusal.code}
        oauth = with_oauth_error(refusal.status, document)
        extra.update(error=oauth["error"], error_description=oauth["error_description"])
    response = problem_response(
        refusal.status,
        refusal.title,
        refusal.detail,
        code=refusal.code,
        headers=headers,
        **extra,
    )
    await response(scope, receive, send)


class InputLimits:
    """Pure ASGI: reads the body once (bounded), checks it, hands the same bytes on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            limit = body_limit(scope["path"])
            declared = _declared_length(scope)
            if declared is not None and declared > limit:
                await _refuse_declared(scope, receive, declared, limit)
            check_target(scope)
            body = await _read_body(receive, limit)
            check_body(_media_type(scope), body, scope["path"])
        except Refusal as refusal:
            await _refuse(scope, receive, send, refusal)
            return
        await self.app(scope, _replay(body, receive), send)


def _too_large(limit: int, *, close: bool) -> Refusal:
    return Refusal(
        413,
        "Request body too large",
        f"This endpoint takes at most {limit} bytes.",
        "body_too_large",
        close=close,
    )


# A body found too large is read on, up to this much, and thrown away before the 413: a
# client that sends its whole body before it reads the answer then gets the answer and
# keeps its connection, instead of a reset. A larger body is not read: the answer goes at
# once and the connection is closed.
_DRAIN_LIMIT = 1024 * 1024


async def _refuse_declared(scope: Scope, receive: Receive, declared: int, limit: int) -> None:
    """Content-Length says too much: refuse before reading, or after draining a little."""
    waits_for_go_ahead = any(
        name.lower() == b"expect" and value.lower() == b"100-continue"
        for name, value in scope.get("headers", ())
    )
    if waits_for_go_ahead or declared > limit + _DRAIN_LIMIT:
        raise _too_large(limit, close=True)
    raise _too_large(limit, close=not await _drain(receive, declared))


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        more = bool(message.get("more_body", False))
        size += len(chunk)
        if size > limit:
            drained = not more or await _drain(receive, _DRAIN_LIMIT)
            raise _too_large(limit, close=not drained)
        chunks.append(chunk)
    return b"".join(chunks)


async def _drain(receive: Receive, most: int) -> bool:
    """Read and drop the rest of the body, at most `most` bytes; True if it all came."""
    drained = 0
    while drained <= most:
        message = await receive()
        if message["type"] == "http.disconnect":
            return False
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
    return False


def _replay(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _whole_number(value: object) -> object:
    """A query's integer is written in digits (and a sign), nothing looser."""
    if isinstance(value, str) and not re.fullmatch(r"-?[0-9]+", value):
        raise ValueError("must be a whole number written in digits")
    return value


def _json_integer(value: object) -> object:
    """JSON Schema's integer: a number without a fraction (2, 2.0), never text or a boolean."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a whole number, not text or a boolean")
    return value


# Beside `Query(...)` of an integer query parameter (after it, so the published schema keeps
# its minimum and maximum): `limit=10` yes; `limit=1.0`, `+1`, `1_000`, ` 1` no.
WholeNumberText = BeforeValidator(_whole_number)
# On an integer field of a JSON body: pydantic alone would take "1" and true as well.
JsonInteger = BeforeValidator(_json_integer)


def iso_text_only(value: object) -> object:
    """A time in a JSON body is ISO 8601 text; pydantic would also take a number as Unix time."""
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 date and time, as text")
    return value
