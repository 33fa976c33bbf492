"""The published contract, `/openapi.json`, made exact.

FastAPI derives most of the document from the routes; what it cannot know is added here,
once, when the document is first asked for:

- Every answer with a status of 400 or more is documented as `application/problem+json`
  with the `Problem` schema (`server/problems.py` serves every error that way), never as
  FastAPI's default `application/json` `HTTPValidationError`.
- Operations that need a signed-in caller (they depend on `get_current_user` or
  `bearer_token`, or on the ingest caller, which also takes an application id) declare
  their `security` and their 401 with `WWW-Authenticate`; the schemes are in
  `components.securitySchemes`.
- What the checks in front of every route answer (`server/input_limits.py`): 413 and 415
  for operations that take a body, 422 for all (text with a NUL, a body that is not JSON);
  and "no NUL" is written into every text an operation takes (`_TextRule`). Every
  operation that admission control may shed (`server/admission.py`) documents its 503.
- Links name where one operation's answer feeds another (the ETag into `If-Match`, a new
  request's id into reading it, a page's `next_cursor` into the next page), so clients and
  stateful testers can follow them.
- Operation ids are the handler names (`get_choices`, `file_request`): readable method
  names in generated clients.

Statuses an operation answers for its own reasons (404, 409, 412, 428, 429, ...) are
declared in its route decorator with `responses=`; this module gives them their content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

import fastapi.routing
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from server.admission import NEVER_QUEUED
from server.api.deps import bearer_token, get_current_user
from server.api.ingest import get_ingest_caller
from server.problems import PROBLEM_JSON, PROBLEM_SCHEMA

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An access token from `POST /v1/auth/token`: "
        "`Authorization: Bearer <access_token>`.",
    },
    "appId": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "One of the account's application ids, for the ingest endpoints only: "
        "`Authorization: AppId <application id>.<secret>`.",
    },
}

# Which dependency means which credentials (any one of the requirements listed will do).
_SECURITY_BY_DEPENDENCY: tuple[tuple[Callable[..., Any], list[dict[str, list[str]]]], ...] = (
    (get_ingest_caller, [{"bearer": []}, {"appId": []}]),
    (get_current_user, [{"bearer": []}]),
    # The hot routes take the token and check it in their own transaction (deps.py).
    (bearer_token, [{"bearer": []}]),
)

_UNAUTHORIZED: dict[str, Any] = {
    "description": "No valid credentials: the access token (or application id) is missing, "
    "unknown or expired (`invalid_token`, `invalid_credentials`)",
    "headers": {
        "WWW-Authenticate": {
            "description": "The scheme to authenticate with (RFC 9110 section 11.6.1)",
            "required": True,
            "schema": {"type": "string"},
        }
    },
}

# server/admission.py sheds what it cannot queue, on every path it admits.
_OVERLOADED: dict[str, Any] = {
    "description": "The service is busy (`overloaded`): try again after `Retry-After`",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before trying again",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}

# server/input_limits.py, in front of every route: a body has a size limit and one of two
# media types, and no text anywhere in a request may hold a NUL (nor a lone surrogate,
# which no portable regular expression can name).
_TOO_LARGE: dict[str, Any] = {"description": "The body is too large (`body_too_large`)"}
_UNSUPPORTED: dict[str, Any] = {
    "description": "The body is neither JSON nor a form (`unsupported_media_type`)"
}
_INVALID: dict[str, Any] = {
    "description": "The request is not valid: a body that is not JSON (`invalid_json`) or "
    "nests too deeply (`nested_too_deeply`), text with a NUL or not UTF-8 (`invalid_text`), "
    "or fields not as described (`errors` names each)"
}
NO_NUL = "^[^\\u0000]*$"


_ERROR_DESCRIPTIONS = {
    400: "The request is not valid",
    422: "The request is not valid: `errors` names each field and what is wrong with it",
}


# Both the catalog and the data summary list categories: the same ways on from either.
_FIRST_CATEGORY_LINKS: dict[str, Any] = {
    "ReadRecords": {
        "operationId": "data_records",
        "description": "The records of the first category",
        "parameters": {"path.category": "$response.body#/categories/0/id"},
    },
    "ReadTimeline": {
        "operationId": "data_timeline",
        "description": "The records per month of the first category",
        "parameters": {"path.category": "$response.body#/categories/0/id"},
    },
}


# (operation id, status) -> the links of that answer. Parameter names are `{in}.{name}`.
LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("token", "200"): {
        "RefreshTheSignIn": {
            "operationId": "token",
            "description": "Exchange the refresh token for a new pair",
            "requestBody": {
                "grant_type": "refresh_token",
                "refresh_token": "$response.body#/refresh_token",
            },
        },
        "SignOut": {
            "operationId": "revoke",
            "description": "End this sign-in",
            "requestBody": {"token": "$response.body#/refresh_token"},
        },
    },
    ("get_choices", "200"): {
        "ChangeChoices": {
            "operationId": "patch_choices",
            "description": "Change choices on top of the version just read",
            "parameters": {"header.If-Match": "$response.header.ETag"},
        }
    },
    ("patch_choices", "200"): {
        "ChangeAgain": {
            "operationId": "patch_choices",
            "description": "Change choices on top of the version just written",
            "parameters": {"header.If-Match": "$response.header.ETag"},
        },
        "ReadReceipt": {
            "operationId": "get_receipt",
            "description": "The receipt of the first choice this change switched",
            "parameters": {"path.receipt_id": "$response.body#/receipts/0/id"},
        },
    },
    ("list_receipts", "200"): {
        "ReadReceipt": {
            "operationId": "get_receipt",
            "description": "The newest receipt on this page",
            "parameters": {"path.receipt_id": "$response.body#/receipts/0/id"},
        },
        "NextPage": {
            "operationId": "list_receipts",
            "description": "The next, older page",
            "parameters": {"query.cursor": "$response.body#/next_cursor"},
        },
    },
    ("catalog", "200"): _FIRST_CATEGORY_LINKS,
    ("data_summary", "200"): _FIRST_CATEGORY_LINKS,
    ("data_records", "200"): {
        "NextPage": {
            "operationId": "data_records",
            "description": "The next, older page of the same category and part",
            "parameters": {
                "path.category": "$response.body#/category",
                "query.part": "$response.body#/part",
                "query.cursor": "$response.body#/next_cursor",
            },
        }
    },
    ("list_requests", "200"): {
        "ReadRequest": {
            "operationId": "get_request",
            "description": "The newest request",
            "parameters": {"path.request_id": "$response.body#/requests/0/id"},
        }
    },
}
# Filing answers 201 the first time and 200 for a retry: the same request either way.
for _status in ("200", "201"):
    LINKS[("file_request", _status)] = {
        "ReadRequest": {
            "operationId": "get_request",
            "description": "The request just filed, with its history",
            "parameters": {"path.request_id": "$response.body#/id"},
        },
        "CancelRequest": {
            "operationId": "cancel_request",
            "description": "Withdraw the request just filed",
            "parameters": {"path.request_id": "$response.body#/id"},
        },
        "DownloadCopy": {
            "operationId": "download_export",
            "description": "The access copy, once the request is completed",
            "parameters": {"path.request_id": "$response.body#/id"},
        },
    }


def operation_id(route: APIRoute) -> str:
    """The handler's name: `generate_unique_id_function` of the application."""
    return route.name


def install_openapi(app: FastAPI) -> None:
    """Serve the exact contract at `/openapi.json` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = exact_contract(schema, app.routes)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def exact_contract(schema: dict[str, Any], routes: Sequence[BaseRoute]) -> dict[str, Any]:
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    text_rule = _TextRule(schemas)
    for route in api_routes(routes):
        if not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = schema["paths"][route.path_format][method.lower()]
            _complete(operation, route)
            text_rule.apply(operation)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return schema


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """Every API route with its full path, also inside included routers (FastAPI 0.16x
    keeps those as included-router entries; `iter_route_contexts` gives each route as
    it is served, prefix and router dependencies included)."""
    iter_route_contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    if iter_route_contexts is None:  # older FastAPI: the routes are already flat
        yield from (route for route in routes if isinstance(route, APIRoute))
        return
    for context in iter_route_contexts(routes):
        if isinstance(context.original_route, APIRoute):
            yield cast(APIRoute, context)  # a view with the route's attributes


def _complete(operation: dict[str, Any], route: APIRoute) -> None:
    responses: dict[str, Any] = operation["responses"]
    security = _security_of(route.dependant)
    if security is not None:
        operation["security"] = security
        responses.setdefault("401", {}).update(_UNAUTHORIZED)
    body_types = operation.get("requestBody", {}).get("content", {})
    if body_types:
        responses.setdefault("413", _TOO_LARGE)
        responses.setdefault("415", _UNSUPPORTED)
    responses.setdefault("422", _INVALID)
    if route.path_format not in NEVER_QUEUED:
        responses.setdefault("503", _OVERLOADED)
    for status, response in responses.items():
        if status.isdigit() and int(status) >= 400:
            _as_problem(int(status), response)
        for name, link in LINKS.get((operation["operationId"], status), {}).items():
            response.setdefault("links", {})[name] = link
    operation["responses"] = dict(sorted(responses.items()))


def _as_problem(status: int, response: dict[str, Any]) -> None:
    """An error answer is a problem document, whatever a route or FastAPI said."""
    content = response.get("content", {})
    problem = content.get(PROBLEM_JSON, {})
    schema = problem.get("schema")
    if not schema or schema == {"type": "object"}:
        schema = PROBLEM_REF
    response["content"] = {PROBLEM_JSON: {**problem, "schema": schema}}
    if not response.get("description") or response["description"] == "Validation Error":
        response["description"] = _ERROR_DESCRIPTIONS.get(status, "See the problem's `code`")


def _security_of(dependant: Dependant) -> list[dict[str, list[str]]] | None:
    calls = set(_calls(dependant))
    for dependency, requirements in _SECURITY_BY_DEPENDENCY:
        if dependency in calls:
            return requirements
    return None


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


class _TextRule:
    """Writes "no NUL in any text" into what an operation takes: a `pattern` on each free
    string, `propertyNames` on each object, and a form's unknown fields as such strings.
    A JSON body takes no member it does not name (every body model is closed, checked by
    tests/server/test_openapi_exact.py), so there is no unknown JSON to describe."""

    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.done: set[str] = set()

    def apply(self, operation: dict[str, Any]) -> None:
        for parameter in operation.get("parameters", []):
            self._walk(parameter.get("schema", {}), form=False)
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            self._walk(content.get("schema", {}), form=media_type.endswith("form-urlencoded"))

    def _walk(self, schema: dict[str, Any], *, form: bool) -> None:
        reference = schema.get("$ref")
        if isinstance(reference, str):
            name = reference.rsplit("/", 1)[-1]
            if name not in self.done:
                self.done.add(name)
                self._walk(self.schemas[name], form=form)
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for part in schema.get(key, []):
                self._walk(part, form=form)
        kind = schema.get("type")
        if kind == "string" and not {"enum", "const", "pattern"} & set(schema):
            schema["pattern"] = NO_NUL
        elif kind == "array" and isinstance(schema.get("items"), dict):
            self._walk(schema["items"], form=form)
        elif kind == "object":
            for value in schema.get("properties", {}).values():
                self._walk(value, form=form)
            schema.setdefault("propertyNames", {"pattern": NO_NUL})
            extra = schema.get("additionalProperties", True)
            if extra is True and form:
                schema["additionalProperties"] = {"type": "string", "pattern": NO_NUL}
            elif isinstance(extra, dict):
                self._walk(extra, form=form)
