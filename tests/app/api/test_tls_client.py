"""The app's client over HTTPS (issue 17): against the real service with a certificate from a
test authority the system store trusts, everything works; every certificate it must not trust
is refused with its reason and the facts to check, nothing sent; a TLS connection that drops
is the network's failure, not the certificate's.

"The system store the test controls" is OpenSSL's, through SSL_CERT_FILE: truststore reads
it on every new connection (app/api/trust.py)."""

from __future__ import annotations

import hashlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.api.certificates import CertificateProblem, CertificateReason, certificate_problem
from app.api.client import PrivacyClient
from app.api.download import download_export
from app.api.errors import NOT_DELIVERED, FailureKind, ServiceError
from app.core.requests import RequestKind, RequestStatus
from server.embedded import EmbeddedService
from server.jobs.worker import run_worker
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import stored_choice
from tests.e2e.https_service import Services
from tests.support.certificates import (
    IssuedCertificate,
    TestAuthority,
    days_from_now,
    self_signed,
)


@pytest.fixture
def authority(tmp_path: Path) -> TestAuthority:
    return TestAuthority(tmp_path / "ca")


@pytest.fixture
def trusted(authority: TestAuthority, monkeypatch: pytest.MonkeyPatch) -> TestAuthority:
    """The test's authority in the store the app verifies against."""
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.certfile))
    return authority


@pytest.fixture
def https_service(
    tmp_path: Path, _service_template: Path
) -> Iterator[Callable[[IssuedCertificate], EmbeddedService]]:
    """The real service, on a copy of the test accounts' database, over HTTPS with the
    certificate a test chooses."""
    services = Services(tmp_path / "services", _service_template)
    yield services.start
    services.stop_all()


def _failure(call: Callable[[], object]) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        call()
    return raised.value


# -- a certificate the system trusts ----------------------------------------------------------


def test_with_a_trusted_authority_sign_in_choices_requests_and_the_copy_all_work(
    https_service: Callable[[IssuedCertificate], EmbeddedService],
    trusted: TestAuthority,
    tmp_path: Path,
) -> None:
    service = https_service(trusted.issue())
    assert service.base_url.startswith("https://")
    client = PrivacyClient(service.base_url)

    grant = client.password_grant(USER_EMAIL, USER_PASSWORD)
    values = client.choices(grant.access_token)
    choice_id = values.values[0].id
    wanted = not values.value_of(choice_id)
    client.change_choices(grant.access_token, values.etag, {choice_id: wanted})
    filed = client.file_request(grant.access_token, "tls-1", RequestKind.ACCESS, {})
    assert run_worker(service.database, service.settings, once=True, schedule_retention=False)
    done = client.request(grant.access_token, filed.id)
    copy = download_export(client, lambda: grant.access_token, filed.id, tmp_path / "copy.zip")

    assert stored_choice(service, USER_EMAIL, choice_id) is wanted
    assert done.status is RequestStatus.COMPLETED and done.export is not None
    assert copy.sha256 == done.export.sha256
    assert hashlib.sha256(copy.path.read_bytes()).hexdigest() == done.export.sha256


# -- certificates it must not trust -----------------------------------------------------------


@dataclass(frozen=True)
class Case:
    reason: CertificateReason
    trust_authority: bool

    def certificate(self, authority: TestAuthority, folder: Path) -> IssuedCertificate:
        if self.reason is CertificateReason.SELF_SIGNED:
            return self_signed(folder)
        if self.reason is CertificateReason.EXPIRED:
            return authority.issue(not_before=days_from_now(-30), not_after=days_from_now(-2))
        if self.reason is CertificateReason.NOT_YET_VALID:
            return authority.issue(not_before=days_from_now(3), not_after=days_from_now(30))
        if self.reason is CertificateReason.WRONG_NAME:
            return authority.issue(["privacy.other.example", "other.example"])
        return authority.issue()


CASES = [
    Case(CertificateReason.UNTRUSTED, trust_authority=False),
    Case(CertificateReason.SELF_SIGNED, trust_authority=False),
    Case(CertificateReason.EXPIRED, trust_authority=True),
    Case(CertificateReason.NOT_YET_VALID, trust_authority=True),
    Case(CertificateReason.WRONG_NAME, trust_authority=True),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.reason.value)
def test_a_refused_certificate_says_why_shows_what_was_presented_and_sends_nothing(
    case: Case,
    https_service: Callable[[IssuedCertificate], EmbeddedService],
    authority: TestAuthority,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if case.trust_authority:
        monkeypatch.setenv("SSL_CERT_FILE", str(authority.certfile))
    presented = case.certificate(authority, tmp_path / "certificates")
    service = https_service(presented)
    client = PrivacyClient(service.base_url)

    failure = _failure(lambda: client.password_grant(USER_EMAIL, USER_PASSWORD))
    again = _failure(client.catalog)  # nothing was remembered from the first refusal

    for refused in (failure, again):
        assert refused.kind is FailureKind.CERTIFICATE and refused.kind in NOT_DELIVERED
        problem = refused.certificate
        assert isinstance(problem, CertificateProblem)
        assert problem.reason is case.reason
        assert problem.host == "127.0.0.1"
        assert problem.sha256 == presented.sha256
        assert problem.facts is not None
        assert (problem.facts.subject, problem.facts.issuer) == (
            presented.subject,
            presented.issuer,
        )
    # Verification stays on, whatever failed; nothing was signed in, so nothing to keep.
    assert client._http.verify is True


def test_an_attempted_change_behind_an_untrusted_certificate_never_reaches_the_service(
    https_service: Callable[[IssuedCertificate], EmbeddedService],
    authority: TestAuthority,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Signed in while the authority was trusted; then the computer no longer trusts it.
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.certfile))
    service = https_service(authority.issue())
    client = PrivacyClient(service.base_url)
    grant = client.password_grant(USER_EMAIL, USER_PASSWORD)
    values = client.choices(grant.access_token)
    choice_id = values.values[0].id
    before = stored_choice(service, USER_EMAIL, choice_id)
    monkeypatch.delenv("SSL_CERT_FILE")
    fresh = PrivacyClient(service.base_url)  # a new connection: the handshake happens again

    failure = _failure(
        lambda: fresh.change_choices(grant.access_token, values.etag, {choice_id: not before})
    )

    assert failure.certificate is not None
    assert failure.certificate.reason is CertificateReason.UNTRUSTED
    assert stored_choice(service, USER_EMAIL, choice_id) is before


# -- what goes over the wire when a certificate is refused ------------------------------------


@dataclass
class RecordingTlsServer:
    """A TLS server that records, per connection, whether the handshake finished and every
    byte the client sent after it."""

    certificate: IssuedCertificate
    connections: list[bytearray] = field(default_factory=list)
    handshakes: int = 0
    close_after_request: bool = False  # then: answer nothing, just drop the connection
    workers: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(*self.certificate.tls)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            received = bytearray()
            self.connections.append(received)
            worker = threading.Thread(target=self._one, args=(connection, received), daemon=True)
            self.workers.append(worker)
            worker.start()

    def _one(self, connection: socket.socket, received: bytearray) -> None:
        connection.settimeout(5)
        try:
            with self.context.wrap_socket(connection, server_side=True) as secured:
                self.handshakes += 1
                while chunk := secured.recv(65536):
                    received.extend(chunk)
                    if self.close_after_request and b"\r\n\r\n" in received:
                        # Drop the TCP connection with no TLS close_notify and no answer
                        # (SSLSocket.shutdown leaves TLS without a word).
                        secured.shutdown(socket.SHUT_RDWR)
                        return
        except OSError:
            pass
        finally:
            connection.close()

    def close(self) -> None:
        """Stop listening, and wait until every connection has been heard out."""
        self.listener.close()
        for worker in self.workers:
            worker.join(timeout=10)


def test_reading_a_refused_certificate_sends_nothing_on_either_connection(
    tmp_path: Path,
) -> None:
    presented = self_signed(tmp_path)
    server = RecordingTlsServer(presented)
    try:
        failure = _failure(lambda: PrivacyClient(server.url).password_grant("a@b.example", "pw"))
    finally:
        server.close()

    assert failure.certificate is not None
    assert failure.certificate.reason is CertificateReason.SELF_SIGNED
    assert failure.certificate.sha256 == presented.sha256
    # The refused connection, then the one that read the certificate: no byte of a call,
    # no e-mail address, no password on either.
    assert len(server.connections) == 2
    assert server.handshakes == 1  # the refused one never finished its handshake
    assert all(received == b"" for received in server.connections)


def test_a_connection_dropped_inside_tls_is_the_networks_failure_not_the_certificates(
    trusted: TestAuthority,
) -> None:
    server = RecordingTlsServer(trusted.issue(), close_after_request=True)
    try:
        failure = _failure(lambda: PrivacyClient(server.url).catalog())
    finally:
        server.close()

    assert b"GET /v1/catalog" in bytes(server.connections[0])
    # The call went out: whether it took effect is unknown, and it is worth another try.
    assert failure.kind is FailureKind.CONNECTION_LOST
    assert failure.certificate is None


def test_https_to_a_service_that_speaks_plain_http_says_no_secure_connection(
    live_service: EmbeddedService,
) -> None:
    address = live_service.base_url.replace("http://", "https://")

    failure = _failure(PrivacyClient(address).catalog)

    assert failure.kind is FailureKind.CERTIFICATE
    assert failure.certificate is not None
    assert failure.certificate.reason is CertificateReason.NO_SECURE_CONNECTION
    assert failure.certificate.sha256 == "" and failure.certificate.facts is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (10, CertificateReason.EXPIRED),
        (9, CertificateReason.NOT_YET_VALID),
        (62, CertificateReason.WRONG_NAME),
        (64, CertificateReason.WRONG_NAME),
        (18, CertificateReason.SELF_SIGNED),
        (20, CertificateReason.UNTRUSTED),
        (23, CertificateReason.UNTRUSTED),  # revoked: no sentence of its own
        (None, CertificateReason.UNTRUSTED),  # macOS and Windows give no OpenSSL code
    ],
)
def test_when_the_certificate_cannot_be_read_again_the_tls_librarys_code_decides(
    code: int | None, reason: CertificateReason
) -> None:
    refusal = ssl.SSLCertVerificationError(1, "certificate verify failed")
    if code is not None:
        refusal.verify_code = code
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there any more: the certificate cannot be read

    problem = certificate_problem(refusal, f"https://127.0.0.1:{port}/v1/me", timeout=2)

    assert problem == CertificateProblem(reason, "127.0.0.1")
