"""Hostile input against every route, over real HTTP, on SQLite and on PostgreSQL.

The table is built from the service's own route table (the OpenAPI document FastAPI makes
from `app.routes`), so a new route is covered the day it is added. For each operation:
bodies that are too large (declared and streamed), nested too deeply, not UTF-8, with NUL
characters or lone surrogates in values and in member names, of the wrong media type;
path parameters and query parameters with NUL, invalid UTF-8, over-long, and for integers
negative, huge, fractional or oddly written numbers; cursors that this service never
issued; and for every field of every body, values of the wrong type (booleans as "yes",
1, "true", "off"; integers as "1", 1.5, true, 10**30) or of the right type but out of
bounds.

Each must be answered with a 4xx problem document, with no traceback in the log, and the
service must go on: the same connection serves a signed-in request afterwards (or the
service closed it, which only a 413 may do, with `Connection: close`).
"""

from __future__ import annotations

import asyncio
import base64
import copy
import http.client
import json
import logging
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest

from server.api.receipts import RECEIPT_CATEGORY
from server.app import create_app
from server.config import Settings
from server.data_stores import stores_of
from server.embedded import EmbeddedService
from server.input_limits import MAX_JSON_DEPTH, InputLimits, body_limit
from tests.server.conftest import ADA_EMAIL, ADA_PASSWORD
from tests.server.helpers import PROBLEM_JSON, FakeClock, database_files, sqlite_url
from tests.support.postgres import PostgresServer

_SCHEMA = create_app(Settings(database_url="sqlite://")).openapi()
_COMPONENTS: dict[str, Any] = _SCHEMA.get("components", {}).get("schemas", {})
OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in _SCHEMA["paths"].items()
    for method, operation in operations.items()
]
# Path parameter values that exist, so that the checks of the route itself are reached.
KNOWN_PATH_VALUES = {"category": "C6"}
CURSOR_SCOPES = {"/v1/me/receipts": RECEIPT_CATEGORY, "/v1/me/data/{category}": "C6"}


@dataclass
class Hostile:
    name: str
    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    # Only the headers go out, declaring this length: a client waiting for a go-ahead.
    declare_length: int | None = None
    chunked: bool = False


# --- examples and wrong values from the published schemas ------------------------------------


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = _COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _variants(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a oneOf/anyOf (without null), or the schema itself."""
    schema = _resolve(schema)
    options = schema.get("oneOf") or schema.get("anyOf")
    if not options:
        return [schema]
    return [_resolve(o) for o in options if _resolve(o).get("type") != "null"]


def _nullable(schema: dict[str, Any]) -> bool:
    options = _resolve(schema).get("anyOf") or []
    return any(_resolve(o).get("type") == "null" for o in options)


def example(schema: dict[str, Any]) -> Any:
    """A valid value for `schema` (the first alternative where there are several)."""
    schema = _variants(schema)[0]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        if properties:
            return {name: example(sub) for name, sub in properties.items()}
        names = schema.get("propertyNames", {}).get("enum", ["key"])
        return {names[0]: example(schema.get("additionalProperties", {"type": "string"}))}
    if kind == "array":
        return [example(schema.get("items", {"type": "string"}))]
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "boolean":
        return False
    if schema.get("format") == "date-time":
        return "2025-03-01T09:00:00Z"
    return "x" * max(1, int(schema.get("minLength", 1)))


def wrong_values(schema: dict[str, Any]) -> list[tuple[str, Any]]:
    """Values `schema` must refuse, named."""
    nullable = _nullable(schema)
    schema = _variants(schema)[0]
    wrong: list[tuple[str, Any]] = [] if nullable else [("null", None)]
    if "const" in schema or "enum" in schema:
        return [*wrong, ("not-listed", "not-one-of-these"), ("number-for-enum", 7)]
    kind = schema.get("type")
    if kind == "boolean":
        loose = ("yes", 1, "true", "off", 0, "1", "false", 1.0)
        return [*wrong, *((f"boolean-as-{v!r}", v) for v in loose), ("list", [True])]
    if kind == "integer":
        wrong += [
            ("integer-as-text", "1"),
            ("fraction", 1.5),
            ("boolean", True),
            ("huge", 10**30),
            ("hugely-negative", -(10**30)),
            ("integer-as-list", [1]),
        ]
        if "minimum" in schema:
            wrong.append(("below-minimum", int(schema["minimum"]) - 1))
        if "maximum" in schema:
            wrong.append(("above-maximum", int(schema["maximum"]) + 1))
        return wrong
    if kind == "array":
        return [*wrong, ("object-for-array", {"a": 1}), ("text-for-array", "x")]
    if kind == "object":
        return [*wrong, ("array-for-object", [1]), ("text-for-object", "x")]
    wrong += [
        ("nul", "a\x00b"),
        ("only-nul", "\x00"),
        ("lone-surrogate", "a\ud800b"),
        ("number-for-text", 12345),
        ("boolean-for-text", True),
        ("list-for-text", ["x"]),
    ]
    if "maxLength" in schema:
        wrong.append(("over-max-length", "x" * (int(schema["maxLength"]) + 1)))
    if schema.get("format") == "date-time":
        wrong += [
            ("not-a-time", "yesterday"),
            ("time-without-offset", "2025-03-01T09:00:00"),
            ("year-out-of-range", "99999-01-01T00:00:00Z"),
            ("offset-past-year-one", "0001-01-01T00:00:00+14:00"),
        ]
    return wrong


def leaves(schema: dict[str, Any], value: Any, path: tuple[Any, ...] = ()) -> Iterator[Any]:
    """(path, schema) of every field of `value`, nested ones included."""
    schema = _variants(schema)[0]
    yield path, schema
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name, member in value.items():
            sub = properties.get(name) or schema.get("additionalProperties") or {}
            yield from leaves(sub, member, (*path, name))
    elif isinstance(value, list) and value:
        yield from leaves(schema.get("items", {}), value[0], (*path, 0))


def _with(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    changed = copy.deepcopy(value)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return changed


# --- the table ------------------------------------------------------------------------------


def _base_target(path: str, operation: dict[str, Any]) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            name = parameter["name"]
            path = path.replace("{" + name + "}", KNOWN_PATH_VALUES.get(name, "no-such-thing"))
    return path


def _base_headers(operation: dict[str, Any], token: str) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "header" and parameter.get("required"):
            headers[parameter["name"]] = "*" if parameter["name"] == "If-Match" else "hostile-key"
    return headers


def _form(fields: dict[str, Any]) -> bytes:
    return "&".join(f"{quote(str(k))}={quote(str(v))}" for k, v in fields.items()).encode()


def _cursor(document: Any) -> str:
    raw = json.dumps(document).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _cursor_scope(path: str) -> str:
    if path == "/v1/me/data/{category}":
        return stores_of("C6")[0].cursor_scope
    return CURSOR_SCOPES[path]


def _garbage_cursors(path: str) -> list[tuple[str, str]]:
    scope = _cursor_scope(path)
    good_time = "2025-03-01T09:00:00+00:00"
    documents: list[tuple[str, Any]] = [
        ("nul-id", {"c": scope, "t": good_time, "i": "a\x00b"}),
        ("surrogate-id", {"c": scope, "t": good_time, "i": "\ud800"}),
        ("huge-id", {"c": scope, "t": good_time, "i": 10**30}),
        ("boolean-id", {"c": scope, "t": good_time, "i": True}),
        ("list-id", {"c": scope, "t": good_time, "i": [1]}),
        ("nul-time", {"c": scope, "t": "2025\x00", "i": 1}),
        ("time-without-offset", {"c": scope, "t": "2025-03-01T09:00:00", "i": 1}),
        ("time-overflowing", {"c": scope, "t": "0001-01-01T00:00:00+14:00", "i": 1}),
        ("number-time", {"c": scope, "t": 5, "i": 1}),
        ("other-scope", {"c": "C0", "t": good_time, "i": 1}),
        ("not-an-object", [scope, good_time, 1]),
        ("deep", json.loads("[" * 200 + "]" * 200)),
    ]
    raw = [
        ("garbage", "garbage!"),
        ("padding", "===="),
        ("not-json", base64.urlsafe_b64encode(b"not json").decode()),
        ("not-utf8", base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode()),
        ("empty", ""),
        ("nul", "%00"),
    ]
    encoded = [(name, quote(_cursor(doc), safe="")) for name, doc in documents]
    return [*encoded, *raw]


def _query_cases(parameter: dict[str, Any], path: str) -> list[tuple[str, str]]:
    schema = _variants(parameter["schema"])[0]
    values: list[tuple[str, str]] = [
        ("nul", "a%00b"),
        ("invalid-utf8", "%FF%FE"),
        ("encoded-surrogate", "%ED%A0%80"),
    ]
    if schema.get("type") == "integer":
        values += [
            ("negative", "-1"),
            ("zero-below-minimum", str(int(schema.get("minimum", 1)) - 1)),
            ("above-maximum", str(int(schema.get("maximum", 10**9)) + 1)),
            ("huge", "1" + "0" * 40),
            ("hugely-negative", "-" + "9" * 40),
            ("letters", "abc"),
            ("fraction", "1.5"),
            ("whole-float", "1.0"),
            ("plus-sign", "%2B1"),
            ("underscore", "1_0"),
            ("spaces", "%201%20"),
            ("hex", "0x10"),
            ("exponent", "1e3"),
            ("empty", ""),
        ]
    if "maxLength" in schema:
        values.append(("over-max-length", "x" * (int(schema["maxLength"]) + 1)))
    if parameter["name"] == "cursor":
        values += [(f"cursor-{name}", value) for name, value in _garbage_cursors(path)]
    if parameter["name"] == "part":
        values.append(("unknown-part", "no-such-part"))
    return values


def hostile_requests(method: str, path: str, operation: dict[str, Any], token: str) -> list[Any]:
    target = _base_target(path, operation)
    headers = _base_headers(operation, token)
    limit = body_limit(target)
    json_headers = {**headers, "Content-Type": "application/json"}
    cases = [
        Hostile(
            "body-too-large-declared-waiting-for-100-continue",
            method,
            target,
            {**json_headers, "Expect": "100-continue"},
            declare_length=limit + 1,
        ),
        Hostile("body-huge-declared", method, target, json_headers, declare_length=10**12),
        Hostile("body-too-large-sent", method, target, json_headers, b" " * (limit + 1)),
        Hostile(
            "body-too-large-streamed",
            method,
            target,
            json_headers,
            b" " * (limit + 1),
            chunked=True,
        ),
        Hostile("deep-array", method, target, json_headers, b"[" * 100_000 + b"]" * 100_000),
        Hostile(
            "deep-object",
            method,
            target,
            json_headers,
            b'{"a":' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1),
        ),
        Hostile("json-not-utf8", method, target, json_headers, b'{"password": "\xff\xfe"}'),
        Hostile(
            "json-latin1", method, target, json_headers, '{"a": "caf\u00e9"}'.encode("latin-1")
        ),
        Hostile("json-nul", method, target, json_headers, b'{"password": "a\\u0000b"}'),
        Hostile("json-nul-key", method, target, json_headers, b'{"a\\u0000": 1}'),
        Hostile("json-surrogate", method, target, json_headers, b'{"password": "\\ud800"}'),
        Hostile("json-broken", method, target, json_headers, b'{"password": '),
        Hostile("text-plain", method, target, {**headers, "Content-Type": "text/plain"}, b"hi"),
        Hostile("xml", method, target, {**headers, "Content-Type": "application/xml"}, b"<a/>"),
        Hostile(
            "multipart",
            method,
            target,
            {**headers, "Content-Type": "multipart/form-data; boundary=b"},
            b'--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nx\r\n--b--\r\n',
        ),
        Hostile(
            "octet-stream",
            method,
            target,
            {**headers, "Content-Type": "application/octet-stream"},
            b"\x00\x01\x02",
        ),
        Hostile("no-content-type-garbage", method, target, headers, b"\x00\xff garbage"),
        Hostile(
            "form-nul",
            method,
            target,
            {**headers, "Content-Type": "application/x-www-form-urlencoded"},
            b"password=a%00b&username=a%00b@example.org",
        ),
        Hostile(
            "form-not-utf8",
            method,
            target,
            {**headers, "Content-Type": "application/x-www-form-urlencoded"},
            b"password=%FF%FE",
        ),
        Hostile("query-nul", method, f"{target}?junk=a%00b", headers),
        Hostile("query-name-nul", method, f"{target}?a%00b=1", headers),
        Hostile("query-not-utf8", method, f"{target}?junk=%FF", headers),
        Hostile("path-nul", method, f"{target}%00", headers),
        Hostile("path-not-utf8", method, f"{target}%FF", headers),
    ]
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] == "path":
            for label, value in [
                ("nul", "a%00b"),
                ("invalid-utf8", "%FF%FE"),
                ("encoded-surrogate", "%ED%A0%80"),
                ("very-long", "x" * 8000),
                ("traversal", "..%2F..%2Fetc%2Fpasswd"),
            ]:
                placed = path
                for other in operation.get("parameters", []):
                    if other["in"] == "path":
                        known = KNOWN_PATH_VALUES.get(other["name"], "no-such-thing")
                        placed = placed.replace(
                            "{" + other["name"] + "}", value if other is parameter else known
                        )
                cases.append(Hostile(f"path-{name}-{label}", method, placed, headers))
        elif parameter["in"] == "query":
            for label, value in _query_cases(parameter, path):
                cases.append(
                    Hostile(f"query-{name}-{label}", method, f"{target}?{name}={value}", headers)
                )
    content = operation.get("requestBody", {}).get("content", {})
    for media_type, spec in content.items():
        for variant in _variants(spec["schema"]):
            base = example(variant)
            kind = base.get("kind", "") if isinstance(base, dict) else ""
            prefix = f"{media_type.split('/')[-1]}{'-' + kind if kind else ''}"
            cases += _body_cases(method, target, headers, media_type, variant, base, prefix)
    return cases


def _body_cases(
    method: str,
    target: str,
    headers: dict[str, str],
    media_type: str,
    schema: dict[str, Any],
    base: Any,
    prefix: str,
) -> list[Hostile]:
    typed = {**headers, "Content-Type": media_type}
    cases: list[Hostile] = []
    if media_type == "application/json":
        for label, document in [("null", None), ("array", []), ("text", "x"), ("number", 1)]:
            cases.append(
                Hostile(
                    f"{prefix}-top-level-{label}",
                    method,
                    target,
                    typed,
                    json.dumps(document).encode(),
                )
            )
        for where, leaf in leaves(schema, base):
            if not where:
                continue
            name = ".".join(str(step) for step in where)
            for label, wrong in wrong_values(leaf):
                body = json.dumps(_with(base, where, wrong)).encode("utf-8", "surrogatepass")
                cases.append(Hostile(f"{prefix}-{name}-{label}", method, target, typed, body))
    elif media_type == "text/plain":
        # The Data Rights Protocol's signed messages (base64 text, server/api/drp.py).
        for label, text in [
            ("nul", b"QUFB\x00QUFB"),
            ("invalid-utf8", b"\xff\xfe"),
            ("not-base64", b"not base64 at all!"),
            ("unsigned-json", b'{"agent-id": "ACME_AGENT"}'),
            ("signature-only", b"A" * 88),
        ]:
            cases.append(Hostile(f"{prefix}-{label}", method, target, typed, text))
    else:
        assert media_type == "application/x-www-form-urlencoded", media_type
        for name, sub in _resolve(schema).get("properties", {}).items():
            sub = _variants(sub)[0]
            values = [("nul", "a%00b"), ("invalid-utf8", "%FF"), ("encoded-surrogate", "%ED%A0%80")]
            if "maxLength" in sub:
                values.append(("over-max-length", "x" * (int(sub["maxLength"]) + 1)))
            if "enum" in sub:
                values.append(("not-listed", "client_credentials"))
            for label, value in values:
                others = "&".join(f"{k}={quote(str(v))}" for k, v in base.items() if k != name)
                body = f"{others}&{name}={value}".lstrip("&").encode("ascii")
                cases.append(Hostile(f"{prefix}-{name}-{label}", method, target, typed, body))
    return cases


# --- the service ------------------------------------------------------------------------------


@dataclass
class Live:
    service: EmbeddedService
    token: str
    records: list[logging.LogRecord]


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    """One service per backend for the whole table: the inputs change nothing they may keep."""
    backend: str = request.param
    dropped: tuple[PostgresServer, str] | None = None
    if backend == "sqlite":
        template, _ids = request.getfixturevalue("_template")
        target = tmp_path_factory.mktemp("hostile") / "service.sqlite3"
        for source in database_files(template):
            shutil.copyfile(
                source, target.with_name(source.name.replace(template.name, target.name))
            )
        url = sqlite_url(target)
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        template_name, _ids = request.getfixturevalue("_postgres_template")
        name = server.new_database_name("hostile")
        url = server.create_database(name, template=template_name)
        dropped = (server, name)
    settings = Settings(
        database_url=url,
        clock=FakeClock(),
        export_dir=tmp_path_factory.mktemp("exports"),
        sign_in_attempts_per_account=100_000,
        sign_in_attempts_per_address=100_000,
    )
    service = EmbeddedService(settings)
    service.start()
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    loggers = [
        logging.getLogger(),
        logging.getLogger("uvicorn"),
        logging.getLogger("uvicorn.error"),
    ]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=30)
        form = _form({"grant_type": "password", "username": ADA_EMAIL, "password": ADA_PASSWORD})
        connection.request(
            "POST", "/v1/auth/token", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        answer = connection.getresponse()
        assert answer.status == 200
        token = json.loads(answer.read())["access_token"]
        connection.close()
        yield Live(service, token, records)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
        service.stop()
        if dropped is not None:
            dropped[0].drop_database(dropped[1])


def _send(connection: http.client.HTTPConnection, case: Hostile) -> http.client.HTTPResponse:
    if case.declare_length is not None:
        connection.putrequest(case.method, case.target, skip_accept_encoding=True)
        for name, value in case.headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(case.declare_length))
        connection.endheaders()
    elif case.chunked:
        assert case.body is not None
        connection.request(
            case.method, case.target, iter([case.body]), case.headers, encode_chunked=True
        )
    else:
        connection.request(case.method, case.target, case.body, case.headers)
    return connection.getresponse()


def _faults(live: Live, case: Hostile, connection: http.client.HTTPConnection) -> list[str]:
    """What is wrong with the answer to `case`; then whether the connection still serves."""
    faults: list[str] = []
    answer = _send(connection, case)
    body = answer.read()
    status = answer.status
    content_type = (answer.getheader("Content-Type") or "").split(";")[0]
    if not 400 <= status < 500:
        faults.append(f"status {status}: {body[:300]!r}")
    elif content_type != PROBLEM_JSON:
        faults.append(f"{status} is not a problem document ({content_type}): {body[:200]!r}")
    else:
        document = json.loads(body)
        if document.get("status") != status or not document.get("title"):
            faults.append(f"{status}: not a complete problem document: {document}")
    if answer.will_close:
        if status != 413:
            faults.append(f"the service closed the connection after a {status}")
        connection.close()
    socket_before = connection.sock
    connection.request("GET", "/v1/me", headers={"Authorization": f"Bearer {live.token}"})
    follow_up = connection.getresponse()
    follow_up.read()
    if follow_up.status != 200:
        faults.append(f"the next request on the connection got {follow_up.status}")
    if socket_before is not None and connection.sock is not socket_before:
        faults.append("the connection was not kept for the next request")
    return faults


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    OPERATIONS,
    ids=[f"{method} {path}" for method, path, _ in OPERATIONS],
)
def test_every_hostile_input_is_refused_with_a_4xx_problem_and_the_service_goes_on(
    live: Live, method: str, path: str, operation: dict[str, Any]
) -> None:
    cases = hostile_requests(method, path, operation, live.token)
    live.records.clear()
    connection = http.client.HTTPConnection("127.0.0.1", live.service.port, timeout=30)
    faults: dict[str, list[str]] = {}
    try:
        for case in cases:
            found = _faults(live, case, connection)
            if found:
                faults[case.name] = found
    finally:
        connection.close()
    logged = [
        f"{record.name}: {record.getMessage()}"
        for record in live.records
        if record.exc_info or record.levelno >= logging.ERROR
    ]
    assert not faults, f"{len(faults)} of {len(cases)} inputs:\n" + "\n".join(
        f"  {name}: {'; '.join(found)}" for name, found in faults.items()
    )
    assert not logged, "tracebacks in the log:\n" + "\n".join(logged)


def test_the_table_covers_every_route_of_the_service() -> None:
    covered = {(method, path) for method, path, _ in OPERATIONS}
    assert ("POST", "/v1/auth/token") in covered
    assert ("GET", "/v1/me/data/{category}") in covered
    # Every route of the app that is published is in the table (none is left out).
    assert len(covered) == len(OPERATIONS) >= 20


def test_a_nul_in_a_header_never_reaches_the_service_and_it_goes_on(live: Live) -> None:
    """HTTP itself forbids a NUL in a header: the HTTP server refuses the request before the
    application sees it (uvicorn: a plain 400, and the connection is closed)."""
    raw = (
        b"GET /v1/me HTTP/1.1\r\nHost: localhost\r\n"
        b"Authorization: Bearer " + live.token.encode() + b"\r\nX-Client: a\x00b\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", live.service.port), timeout=10) as raw_socket:
        raw_socket.sendall(raw)
        answer = raw_socket.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400")
    connection = http.client.HTTPConnection("127.0.0.1", live.service.port, timeout=30)
    connection.request("GET", "/v1/me", headers={"Authorization": f"Bearer {live.token}"})
    assert connection.getresponse().status == 200
    connection.close()


def test_the_input_limits_refuse_a_nul_in_a_header_an_http_server_let_through() -> None:
    """Behind a server that passes a NUL on, the service still refuses it (a 422 problem)."""
    sent: list[dict[str, Any]] = []

    async def application(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the request must not reach the routes")

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/v1/me",
        "raw_path": b"/v1/me",
        "query_string": b"",
        "headers": [(b"idempotency-key", b"a\x00b")],
    }
    asyncio.run(InputLimits(application)(scope, receive, send))

    assert sent[0]["status"] == 422
    document = json.loads(sent[1]["body"])
    assert document["code"] == "invalid_text"
    assert document["errors"][0]["location"] == ["header", "idempotency-key"]
