"""AuthSession against the real service: refresh on demand, one refresh at a time."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.api.client import PrivacyClient
from app.api.errors import FailureKind, ServiceError
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from server.db.models import RefreshToken
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.support.memory_keyring import MemoryKeyring


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _refresh_tokens_issued(service: EmbeddedService) -> int:
    with service.database.session() as session:
        return int(session.scalar(select(func.count()).select_from(RefreshToken)) or 0)


def _signed_in(service: EmbeddedService, keyring: MemoryKeyring, clock: FakeClock) -> AuthSession:
    client = PrivacyClient(service.base_url)
    grant = client.password_grant(USER_EMAIL, USER_PASSWORD)
    session = AuthSession(client, TokenVault(keyring), grant, keep_in_keyring=True, clock=clock)
    assert session.save_refresh_token().ok
    return session


def test_concurrent_calls_with_an_expired_access_token_refresh_only_once(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring
) -> None:
    clock = FakeClock()
    session = _signed_in(live_service, memory_keyring, clock)
    before = _refresh_tokens_issued(live_service)
    clock.now += 3600  # the access token is long expired

    results: list[object] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        try:
            results.append(session.call(session.client.choices))
        except ServiceError as error:
            results.append(error)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [type(r).__name__ for r in results] == ["ChoiceValues"] * 8
    assert _refresh_tokens_issued(live_service) == before + 1, "exactly one rotation"
    # The rotated token is the one kept, and it still works (no reuse detection fired).
    stored = next(iter(memory_keyring.entries.values()))
    assert session.client.refresh_grant(stored).user_id == session.account.user_id


def test_a_rejected_access_token_is_refreshed_once_and_the_call_retried(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring
) -> None:
    session = _signed_in(live_service, memory_keyring, FakeClock())
    session._access_token = "no-longer-valid"  # as if the service restarted and forgot it
    values = session.call(session.client.choices)
    assert len(values.values) == 9


def test_resume_from_the_keyring_after_sign_out_is_impossible(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring
) -> None:
    session = _signed_in(live_service, memory_keyring, FakeClock())
    user_id = session.account.user_id
    assert session.sign_out().ok
    client = PrivacyClient(live_service.base_url)
    try:
        AuthSession.resume(client, TokenVault(memory_keyring), user_id)
    except ServiceError as error:
        assert error.kind is FailureKind.SESSION_EXPIRED
    else:
        raise AssertionError("a signed-out account must not resume")


def test_a_revoked_refresh_token_in_the_keyring_means_signing_in_again(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring
) -> None:
    session = _signed_in(live_service, memory_keyring, FakeClock())
    stored = next(iter(memory_keyring.entries.values()))
    session.client.revoke(stored)
    try:
        AuthSession.resume(
            PrivacyClient(live_service.base_url),
            TokenVault(memory_keyring),
            session.account.user_id,
        )
    except ServiceError as error:
        assert error.kind is FailureKind.SESSION_EXPIRED
    else:
        raise AssertionError("a revoked sign-in must not resume")
