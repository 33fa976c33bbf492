"""A flaky network under TLS is the network's failure, never the certificate's (issue 17).

A relay between the client and the real service over HTTPS cuts one connection at a drawn
byte of the service's side (inside the handshake, a header, a body), by an orderly close or
a reset. Whatever the place, the client reports a failure the app waits out and tries again
(TRANSIENT), never CERTIFICATE (which would stop the app's retries and blame the service's
certificate), and the next call over the same client succeeds. Drawn by hypothesis, so a
failure prints the offset that replays it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import TRANSIENT, FailureKind, ServiceError
from app.core.requests import RequestKind
from server.config import Settings
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.https_service import CuttingRelay
from tests.support.certificates import TestAuthority


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    patcher = pytest.MonkeyPatch()
    yield patcher
    patcher.undo()


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
    _service_template: Path,
    monkeypatch_module: pytest.MonkeyPatch,
) -> Iterator[tuple[EmbeddedService, TokenGrant]]:
    """The service over HTTPS with a certificate this process trusts, and a sign-in (one:
    the service limits sign-ins per address)."""
    folder = tmp_path_factory.mktemp("tls-faults")
    authority = TestAuthority(folder / "ca")
    database = folder / "service.sqlite3"
    shutil.copyfile(_service_template, database)
    service = EmbeddedService(
        Settings(database_url=f"sqlite:///{database}", export_dir=folder / "exports"),
        tls=authority.issue().tls,
    )
    service.start(migrate=False)
    monkeypatch_module.setenv("SSL_CERT_FILE", str(authority.certfile))
    yield service, PrivacyClient(service.base_url).password_grant(USER_EMAIL, USER_PASSWORD)
    service.stop()


CALLS: dict[str, Callable[[PrivacyClient, TokenGrant], object]] = {
    "catalog": lambda client, _grant: client.catalog(),
    "choices": lambda client, grant: client.choices(grant.access_token),
    "requests": lambda client, grant: client.requests(grant.access_token),
    "file": lambda client, grant: client.file_request(
        grant.access_token, "tls-faults-one-key", RequestKind.ACCESS, {}
    ),
}


@settings(max_examples=60, deadline=None)
@given(
    offset=st.integers(min_value=0, max_value=12_000),
    reset=st.booleans(),
    call=st.sampled_from(sorted(CALLS)),
)
def test_a_cut_anywhere_in_a_tls_connection_is_a_failure_worth_another_try(
    served: tuple[EmbeddedService, TokenGrant],
    offset: int,
    reset: bool,
    call: str,
) -> None:
    service, grant = served
    relay = CuttingRelay(service.port)
    try:
        client = PrivacyClient(relay.url, timeout=(2.0, 5.0))
        relay.cut_once_after(offset, reset=reset)
        try:
            CALLS[call](client, grant)
        except ServiceError as failure:
            assert failure.kind in TRANSIENT, failure
            assert failure.kind is not FailureKind.CERTIFICATE
            assert failure.certificate is None
            assert relay.cuts == 1
        relay.disarm()
        # Trying again, as the app does, goes through: at most once more a connection kept
        # alive from before the cut turns out closed (a transient failure again).
        try:
            CALLS[call](client, grant)
        except ServiceError as failure:
            assert failure.kind in TRANSIENT and failure.certificate is None, failure
            CALLS[call](client, grant)
    finally:
        relay.close()
