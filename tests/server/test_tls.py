"""The service over HTTPS (issue 17, P1): `privacy-server serve --certfile --keyfile` for a small
deployment, TLS 1.2 or newer, `Strict-Transport-Security` on every answer over HTTPS and never
over plain HTTP, a clear line for each certificate or key it cannot serve, and the access copy
downloaded in ranges over TLS exactly as over HTTP.

Every certificate comes from a throwaway certificate authority made in the test; the clients
trust that authority alone (`verify=` its PEM)."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization

from server.config import Settings
from server.db.database import Database
from server.embedded import EmbeddedService
from server.hsts import HEADER as HSTS
from server.jobs.worker import run_worker
from tests.server.helpers import Account, bearer, playback_history
from tests.server.oauth_flow import AUTHORIZE, authorize_query, new_pkce
from tests.server.processes import REPOSITORY, serve_command, stop
from tests.support.certificates import IssuedCertificate, TestAuthority

# The tests are about the transport; the database behind it is the same on both backends.
pytestmark = pytest.mark.sqlite_only

ONE_YEAR = "max-age=31536000"


@pytest.fixture
def authority(tmp_path: Path) -> TestAuthority:
    return TestAuthority(tmp_path / "ca")


@pytest.fixture
def certificate(authority: TestAuthority) -> IssuedCertificate:
    """The service's certificate for 127.0.0.1 and localhost, from the test's authority."""
    return authority.issue()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


StartHttps = Callable[..., str]


@pytest.fixture
def serve_https(
    database_url: str, tmp_path: Path, authority: TestAuthority
) -> Iterator[StartHttps]:
    """`privacy-server serve` with TLS options in a process of its own; returns its
    https:// address once it answers a client trusting the test's authority."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*tls_options: str) -> str:
        port = _free_port()
        log = tmp_path / f"serve-{len(started)}.log"
        command = serve_command(database_url, tmp_path / "exports", "--port", str(port))
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*command, *tls_options],
                cwd=REPOSITORY,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        base_url = f"https://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base_url}/v1/health", verify=trusting(authority), timeout=2)
                if health.status_code == 200:
                    return base_url
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)

    yield start
    for process in started:
        stop(process)


def trusting(authority: TestAuthority) -> ssl.SSLContext:
    """A client context that trusts the test's authority and nothing else."""
    return ssl.create_default_context(cafile=authority.certfile)


def _one_pem_holding_both(certificate: IssuedCertificate) -> Path:
    both = certificate.certfile.with_name("certificate-and-key.pem")
    both.write_bytes(certificate.certfile.read_bytes() + certificate.keyfile.read_bytes())
    return both


# --- serve --certfile: HTTPS with Strict-Transport-Security ---------------------------------


@pytest.mark.parametrize("layout", ["separate files", "one file holding both, two workers"])
def test_serve_with_a_certificate_answers_over_https_and_tells_browsers_https_only(
    serve_https: StartHttps,
    authority: TestAuthority,
    certificate: IssuedCertificate,
    layout: str,
) -> None:
    if layout == "separate files":
        options = ["--certfile", str(certificate.certfile), "--keyfile", str(certificate.keyfile)]
    else:
        both = _one_pem_holding_both(certificate)
        options = ["--certfile", str(both), "--workers", "2"]
    base_url = serve_https(*options)

    with httpx.Client(base_url=base_url, verify=trusting(authority), timeout=10) as client:
        health = client.get("/v1/health")
        not_signed_in = client.get("/v1/me")
        sign_in_page = client.get(AUTHORIZE, params=authorize_query(new_pkce()))

    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert not_signed_in.status_code == 401
    assert sign_in_page.status_code == 200
    assert sign_in_page.headers["content-type"].startswith("text/html")
    for answer in (health, not_signed_in, sign_in_page):
        assert answer.headers[HSTS] == ONE_YEAR, answer.request.url
        # The service's own names only: the operator's other subdomains are not ours to pin.
        assert "includesubdomains" not in answer.headers[HSTS].lower()


def test_every_error_answer_over_https_says_https_only_too(
    settings: Settings, authority: TestAuthority, certificate: IssuedCertificate, ada: Account
) -> None:
    one_try = replace(settings, sign_in_attempts_per_account=1)
    with (
        EmbeddedService(one_try, tls=certificate.tls) as service,
        httpx.Client(base_url=service.base_url, verify=trusting(authority), timeout=10) as client,
    ):
        unknown = client.get("/v1/no-such-thing")
        not_signed_in = client.get("/v1/me")
        wrong_method = client.put("/v1/health")
        too_large = client.post(
            "/v1/me/requests",
            content=b"{" + b" " * 2_000_000 + b"}",
            headers={"Content-Type": "application/json", "Idempotency-Key": "k"},
        )
        guesses = [
            client.post(
                "/v1/auth/token",
                data={"grant_type": "password", "username": ada.email, "password": "guess"},
            )
            for _ in range(2)
        ]

    answers = {
        404: unknown,
        401: not_signed_in,
        405: wrong_method,
        413: too_large,
        429: guesses[-1],
    }
    for status, answer in answers.items():
        assert answer.status_code == status, answer.text
        assert answer.headers.get(HSTS) == ONE_YEAR, (status, answer.headers)


def test_plain_http_never_says_https_only_unless_a_trusted_proxy_says_it_came_over_https(
    settings: Settings,
) -> None:
    with (
        EmbeddedService(settings) as service,
        httpx.Client(base_url=service.base_url, timeout=10) as client,
    ):
        plain = [client.get("/v1/health"), client.get("/v1/me"), client.get("/v1/nothing")]
        # A reverse proxy on this machine that terminated TLS (uvicorn trusts loopback).
        proxied = client.get("/v1/health", headers={"X-Forwarded-Proto": "https"})

    assert [answer.status_code for answer in plain] == [200, 401, 404]
    assert all(HSTS not in answer.headers for answer in plain)
    assert proxied.headers[HSTS] == ONE_YEAR


# --- serve refuses a certificate or key it cannot use, in one line ---------------------------


def _encrypted_copy(certificate: IssuedCertificate) -> Path:
    key = serialization.load_pem_private_key(certificate.keyfile.read_bytes(), password=None)
    encrypted = certificate.keyfile.with_name("encrypted.key")
    encrypted.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"a passphrase nobody will type"),
        )
    )
    return encrypted


# What is wrong with the options, and the words the one line on stderr must hold.
BAD_PAIRS = {
    "missing certificate": "cannot read the certificate file",
    "unreadable key": "cannot read the key file",
    "key of another certificate": "does not belong to the certificate",
    "encrypted key": "is encrypted",
    "key without certificate": "--keyfile needs --certfile",
    "certificate file without the key": "no private key in",
    "key given as the certificate": "no PEM certificate in",
}


def _bad_options(problem: str, mine: IssuedCertificate, other: IssuedCertificate) -> list[str]:
    certfile, keyfile = str(mine.certfile), str(mine.keyfile)
    match problem:
        case "missing certificate":
            return ["--certfile", str(mine.certfile.with_name("nowhere.pem")), "--keyfile", keyfile]
        case "unreadable key":  # a folder: the tests may run as root, who reads any file
            return ["--certfile", certfile, "--keyfile", str(mine.keyfile.parent)]
        case "key of another certificate":
            return ["--certfile", certfile, "--keyfile", str(other.keyfile)]
        case "encrypted key":
            return ["--certfile", certfile, "--keyfile", str(_encrypted_copy(mine))]
        case "key without certificate":
            return ["--keyfile", keyfile]
        case "certificate file without the key":
            return ["--certfile", certfile]
        case "key given as the certificate":
            return ["--certfile", keyfile, "--keyfile", keyfile]
    raise AssertionError(problem)


@pytest.mark.parametrize("problem", BAD_PAIRS)
def test_serve_refuses_a_certificate_or_key_it_cannot_use_in_one_line(
    database_url: str,
    tmp_path: Path,
    authority: TestAuthority,
    certificate: IssuedCertificate,
    problem: str,
) -> None:
    other = authority.issue(stem="another-service")
    command = serve_command(database_url, tmp_path / "exports", "--port", str(_free_port()))
    finished = subprocess.run(
        [*command, *_bad_options(problem, certificate, other)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
        # Nobody at a terminal: an encrypted key must not wait for a passphrase.
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )

    assert finished.returncode == 2, (problem, finished.stderr)
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    assert lines[0].startswith("privacy-server: ")
    assert BAD_PAIRS[problem] in lines[0]
    assert "Traceback" not in finished.stderr


# --- TLS 1.2 or newer -----------------------------------------------------------------------


def _client_limited_to(version: ssl.TLSVersion, authority: TestAuthority) -> ssl.SSLContext:
    """A client that offers `version` and nothing else, with every cipher OpenSSL still has
    (security level 0), so an old version is really on offer rather than refused at home."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile=authority.certfile)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSVersion.TLSv1_1 is
        context.minimum_version = context.maximum_version = version
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context


def _handshake(port: int, context: ssl.SSLContext) -> str:
    """The version agreed with the server on `port`; raises ssl.SSLError when refused."""
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        version = tls.version()
        assert version is not None
        return version


def _lenient_server_accepts(certificate: IssuedCertificate, client: ssl.SSLContext) -> bool:
    """Would a server that still allows TLS 1.1 shake hands with `client`? The control that
    shows the refusal below is the service's doing, not the client's or the platform's."""
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(*certificate.tls)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        server.minimum_version = ssl.TLSVersion.TLSv1_1
    server.set_ciphers("DEFAULT:@SECLEVEL=0")
    with socket.create_server(("127.0.0.1", 0)) as listener:

        def answer_one() -> None:
            connection, _ = listener.accept()
            try:
                with server.wrap_socket(connection, server_side=True) as tls:
                    tls.recv(1)
            except (ssl.SSLError, OSError):
                connection.close()

        thread = threading.Thread(target=answer_one)
        thread.start()
        try:
            return _handshake(listener.getsockname()[1], client) == "TLSv1.1"
        except ssl.SSLError:
            return False
        finally:
            thread.join(timeout=10)


def test_serve_refuses_tls_1_1_and_speaks_tls_1_2_and_1_3(
    serve_https: StartHttps, authority: TestAuthority, certificate: IssuedCertificate
) -> None:
    old_client = _client_limited_to(ssl.TLSVersion.TLSv1_1, authority)
    # The control: this client really offers TLS 1.1 (a lenient server agrees to it), so
    # the refusal below is our service's doing, not the client's inability.
    assert _lenient_server_accepts(certificate, old_client)
    base_url = serve_https(
        "--certfile", str(certificate.certfile), "--keyfile", str(certificate.keyfile)
    )
    port = httpx.URL(base_url).port
    assert port is not None

    # Refused in the handshake: asyncio's TLS closes the connection on the old ClientHello
    # (an EOF on the client's side) where a blocking server would send a protocol alert.
    with pytest.raises(ssl.SSLError):
        _handshake(port, old_client)

    tls_1_2 = _client_limited_to(ssl.TLSVersion.TLSv1_2, authority)
    tls_1_3 = _client_limited_to(ssl.TLSVersion.TLSv1_3, authority)
    assert _handshake(port, tls_1_2) == "TLSv1.2"
    assert _handshake(port, tls_1_3) == "TLSv1.3"


# --- the access copy in ranges over TLS -----------------------------------------------------


def _records_for_a_copy_of_some_size(database: Database, account: Account) -> None:
    """Enough playback history that the copy spans several TLS records (16 KiB each)."""
    with database.session() as session:
        session.add_all(playback_history(account.id, 1500))


def _downloads(client: httpx.Client, path: str, token: str) -> dict[str, httpx.Response]:
    """The whole copy, a dropped download resumed with If-Range, the last bytes, and a
    resume against a copy that is no longer there."""
    whole = client.get(path, headers=bearer(token))
    half = int(whole.headers["content-length"]) // 2
    etag = whole.headers["etag"]
    stale = '"' + "0" * 64 + '"'
    return {
        "whole": whole,
        "first half": client.get(path, headers={**bearer(token), "Range": f"bytes=0-{half - 1}"}),
        "resumed": client.get(
            path, headers={**bearer(token), "Range": f"bytes={half}-", "If-Range": etag}
        ),
        "last bytes": client.get(path, headers={**bearer(token), "Range": "bytes=-1000"}),
        "stale resume": client.get(
            path, headers={**bearer(token), "Range": f"bytes={half}-", "If-Range": stale}
        ),
    }


def test_resumed_download_of_the_copy_over_https_is_byte_for_byte_the_one_over_http(
    settings: Settings,
    database: Database,
    authority: TestAuthority,
    certificate: IssuedCertificate,
    ada: Account,
) -> None:
    _records_for_a_copy_of_some_size(database, ada)
    with (
        EmbeddedService(settings, tls=certificate.tls) as secure,
        EmbeddedService(settings) as plain,
        httpx.Client(base_url=secure.base_url, verify=trusting(authority), timeout=30) as https,
        httpx.Client(base_url=plain.base_url, timeout=30) as http,
    ):
        token = https.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": ada.email, "password": ada.password},
        ).json()["access_token"]
        filed = https.post(
            "/v1/me/requests",
            json={"kind": "access"},
            headers={**bearer(token), "Idempotency-Key": "copy over tls"},
        )
        assert filed.status_code in (200, 201, 202), filed.text
        run_worker(database, settings, once=True, schedule_retention=False)
        path = f"/v1/me/requests/{filed.json()['id']}/export"
        over_https = _downloads(https, path, token)
        over_http = _downloads(http, path, token)

    whole = over_https["whole"]
    assert whole.status_code == 200, whole.text
    size = len(whole.content)
    half = size // 2
    assert size > 2 * 16 * 1024, "the copy should span several TLS records"
    assert over_https["first half"].status_code == 206
    assert over_https["first half"].headers["content-range"] == f"bytes 0-{half - 1}/{size}"
    assert over_https["resumed"].status_code == 206
    assert over_https["first half"].content + over_https["resumed"].content == whole.content
    assert over_https["last bytes"].status_code == 206
    assert over_https["last bytes"].content == whole.content[-1000:]
    assert over_https["stale resume"].status_code == 200
    assert over_https["stale resume"].content == whole.content
    for name, secure_answer in over_https.items():
        plain_answer = over_http[name]
        assert secure_answer.status_code == plain_answer.status_code, name
        assert secure_answer.content == plain_answer.content, name
        for header in ("content-range", "content-length", "etag", "accept-ranges"):
            assert secure_answer.headers.get(header) == plain_answer.headers.get(header), name
        assert secure_answer.headers[HSTS] == ONE_YEAR
        assert HSTS not in plain_answer.headers


def test_an_unexpected_failure_over_https_says_https_only_and_over_http_does_not(
    settings: Settings, database: Database
) -> None:
    # The 500 of a bug is answered outside every middleware (server/problems.py adds it).
    from fastapi.testclient import TestClient

    from server.app import create_app

    app = create_app(settings, database)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/v1/broken", broken)
    answers = {}
    for scheme in ("https", "http"):
        with TestClient(
            app, base_url=f"{scheme}://testserver", raise_server_exceptions=False
        ) as client:
            answers[scheme] = client.get("/v1/broken")

    assert answers["https"].status_code == answers["http"].status_code == 500
    assert answers["https"].headers.get(HSTS) == ONE_YEAR
    assert HSTS not in answers["http"].headers
