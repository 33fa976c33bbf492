"""A redirect is never followed (issue 17): not from https:// down to http://, not to another
host, not even on the same one. The token (in the Authorization header or in the body of a
token call) stays with the address the user gave; the failure names where the service
pointed. Real client, real sockets: a service that redirects, and a place it redirects to
that records whatever reaches it."""

from __future__ import annotations

import http.server
import json
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.api.client import PrivacyClient
from app.api.errors import NOT_DELIVERED, FailureKind, ServiceError
from tests.support.certificates import TestAuthority

ACCESS_TOKEN = "access-token-that-must-stay-home"
REFRESH_TOKEN = "refresh-token-that-must-stay-home"


@dataclass
class Site:
    """An HTTP(S) server on loopback answering every call with `answer(path)`:
    (status, headers, body). It records every request that reaches it."""

    answer: Callable[[str], tuple[int, dict[str, str], bytes]]
    context: ssl.SSLContext | None = None
    host: str = "127.0.0.1"
    seen: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                site.seen.append((self.command, self.path, dict(self.headers), body))
                status, headers, content = site.answer(self.path)
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(content))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self.context is not None:
            self.server.socket = self.context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def origin(self) -> str:
        scheme = "https" if self.context is not None else "http"
        return f"{scheme}://{self.host}:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server context whose certificate the app trusts (127.0.0.1 and localhost)."""
    authority = TestAuthority(tmp_path / "ca")
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.certfile))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*authority.issue().tls)
    return context


@pytest.fixture
def sites() -> Iterator[Callable[..., Site]]:
    started: list[Site] = []

    def start(*args: object, **kwargs: object) -> Site:
        site = Site(*args, **kwargs)  # type: ignore[arg-type]
        started.append(site)
        return site

    yield start
    for site in started:
        site.close()


def _nothing(_path: str) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, b"{}"


def _redirecting(status: int, location: str) -> Callable[[str], tuple[int, dict[str, str], bytes]]:
    return lambda path: (status, {"Location": location + path}, b"")


def _failure(call: Callable[[], object]) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        call()
    return raised.value


CALLS: dict[str, Callable[[PrivacyClient], object]] = {
    # A bearer token in the Authorization header.
    "read choices": lambda client: client.choices(ACCESS_TOKEN),
    # A token in the body of a POST (307 and 308 would send the body again).
    "refresh sign-in": lambda client: client.refresh_grant(REFRESH_TOKEN),
    # A change: PATCH with a body.
    "change a choice": lambda client: client.change_choices(ACCESS_TOKEN, '"v1"', {"X1": False}),
}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("call", list(CALLS), ids=str)
def test_a_redirect_from_https_down_to_http_is_refused_and_nothing_reaches_it(
    status: int, call: str, tls: ssl.SSLContext, sites: Callable[..., Site]
) -> None:
    plain = sites(_nothing)
    service = sites(_redirecting(status, plain.origin), context=tls)

    failure = _failure(lambda: CALLS[call](PrivacyClient(service.origin)))

    assert failure.kind is FailureKind.REDIRECTED and failure.kind in NOT_DELIVERED
    assert failure.redirect_to == plain.origin  # scheme, host and port: where it pointed
    assert failure.status == status
    assert len(service.seen) == 1  # asked once, never again
    assert plain.seen == []


@pytest.mark.parametrize("status", [302, 307, 308])
@pytest.mark.parametrize("call", list(CALLS), ids=str)
def test_a_redirect_to_another_host_carries_no_token_there(
    status: int, call: str, tls: ssl.SSLContext, sites: Callable[..., Site]
) -> None:
    # Another host, over HTTPS with a certificate the app trusts: the most tempting case.
    elsewhere = sites(_nothing, context=tls, host="localhost")
    service = sites(_redirecting(status, elsewhere.origin), context=tls)

    failure = _failure(lambda: CALLS[call](PrivacyClient(service.origin)))

    assert failure.kind is FailureKind.REDIRECTED
    assert failure.redirect_to == elsewhere.origin
    assert elsewhere.seen == []
    # And what the service itself received was the call as the app made it, once.
    ((_method, _path, headers, body),) = service.seen
    assert ACCESS_TOKEN in headers.get("Authorization", "") or REFRESH_TOKEN in body.decode()


def test_a_redirect_on_the_same_host_is_not_followed_either(
    tls: ssl.SSLContext, sites: Callable[..., Site]
) -> None:
    service = sites(lambda path: (308, {"Location": "/v2" + path}, b""), context=tls)

    failure = _failure(lambda: PrivacyClient(service.origin).choices(ACCESS_TOKEN))

    assert failure.kind is FailureKind.REDIRECTED
    assert failure.redirect_to == service.origin
    assert [path for _method, path, _headers, _body in service.seen] == ["/v1/me/choices"]


def test_where_a_redirect_points_is_told_without_paths_or_credentials(
    tls: ssl.SSLContext, sites: Callable[..., Site]
) -> None:
    location = "https://user:secret@localhost:9/steal?token=abc#x"
    service = sites(lambda _path: (302, {"Location": location}, b""), context=tls)

    failure = _failure(lambda: PrivacyClient(service.origin).catalog())

    assert failure.redirect_to == "https://localhost:9"
    assert "secret" not in str(failure) and "token=abc" not in str(failure)


def test_the_not_modified_answer_is_not_mistaken_for_a_redirect(
    tls: ssl.SSLContext, sites: Callable[..., Site]
) -> None:
    body = json.dumps({"choices": [{"id": "X1", "value": True}]}).encode()

    def conditional(_path: str) -> tuple[int, dict[str, str], bytes]:
        if len(service.seen) > 1:
            return 304, {"ETag": '"v3"'}, b""
        return 200, {"ETag": '"v3"', "Content-Type": "application/json"}, body

    service = sites(conditional, context=tls)
    client = PrivacyClient(service.origin)

    first = client.choices(ACCESS_TOKEN)
    second = client.choices(ACCESS_TOKEN)

    assert second == first and len(service.seen) == 2


@pytest.mark.parametrize(
    "endpoint",
    ["http://{host}/authorize", "https://evil.example/authorize", "{origin}.evil.example/a"],
)
def test_a_sign_in_page_elsewhere_than_the_service_is_refused(
    endpoint: str, tls: ssl.SSLContext, sites: Callable[..., Site]
) -> None:
    def metadata(_path: str) -> tuple[int, dict[str, str], bytes]:
        document = {
            "issuer": service.origin,
            "authorization_endpoint": endpoint.format(
                host=service.origin.removeprefix("https://"), origin=service.origin
            ),
            "device_authorization_endpoint": service.origin + "/v1/auth/device",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(document).encode()

    service = sites(metadata, context=tls)

    failure = _failure(PrivacyClient(service.origin).authorization_server)

    assert failure.kind is FailureKind.BAD_ANSWER
