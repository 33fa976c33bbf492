"""AuthSession against the real service: refresh on demand, one refresh at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import keyring.errors
import pytest
from sqlalchemy import func, select

from app.api.client import PrivacyClient
from app.api.errors import TRANSIENT, FailureKind, ServiceError
from app.auth.session import AuthSession, KeyringUnavailable, SignInKept
from app.auth.vault import TokenVault, VaultStatus
from server.db.models import RefreshToken
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.support import fault_proxy as fp
from tests.support.fault_proxy import FaultProxy
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


# --- a refresh whose answer is lost, a locked keyring, a real refusal ------------------------


def _family_revoked(service: EmbeddedService, refresh_token: str) -> bool:
    from server.security import token_digest

    with service.database.session() as session:
        family = session.scalar(
            select(RefreshToken.family_id).where(
                RefreshToken.token_hash == token_digest(refresh_token)
            )
        )
        links = list(session.scalars(select(RefreshToken).where(RefreshToken.family_id == family)))
    assert links, "the token was issued by this service"
    # Withdrawn lost pairs are revoked on purpose; the family ends only if every link did.
    return all(link.revoked_at is not None for link in links)


@pytest.fixture
def proxy(live_service: EmbeddedService) -> Iterator[FaultProxy]:
    with FaultProxy(live_service.base_url) as running:
        yield running


def _stored_token(keyring_backend: MemoryKeyring) -> str:
    (token,) = keyring_backend.entries.values()
    return token


def _sign_in_through(proxy: FaultProxy, keyring_backend: MemoryKeyring) -> str:
    """Sign in as the app does, leave the refresh token in the keyring; the user id."""
    session, stored = AuthSession.sign_in(
        PrivacyClient(proxy.base_url), TokenVault(keyring_backend), USER_EMAIL, USER_PASSWORD
    )
    assert stored.ok
    return session.account.user_id


@pytest.mark.parametrize(
    "fault", [fp.RESET_AFTER, fp.CUT_BODY, fp.MALFORMED_JSON, "503_html_after", "500_empty_after"]
)
def test_a_refresh_whose_answer_is_lost_after_the_service_rotated_keeps_the_session(
    live_service: EmbeddedService, proxy: FaultProxy, memory_keyring: MemoryKeyring, fault: str
) -> None:
    clock = FakeClock()
    client = PrivacyClient(proxy.base_url)
    grant = client.password_grant(USER_EMAIL, USER_PASSWORD)
    pauses: list[float] = []
    session = AuthSession(
        client,
        TokenVault(memory_keyring),
        grant,
        keep_in_keyring=True,
        clock=clock,
        sleep=pauses.append,
    )
    assert session.save_refresh_token().ok
    clock.now += 3600  # the access token has expired: the next call refreshes first

    proxy.force(fault)  # the service rotates the token; its answer never arrives whole
    values = session.call(session.client.choices)

    assert len(values.values) == 9
    assert len(pauses) == 1, "the same token was sent again once, after a short pause"
    assert proxy.log[-3][0].startswith("POST /v1/auth/token")
    stored = _stored_token(memory_keyring)
    assert not _family_revoked(live_service, stored)
    # What the keyring holds now works, and keeps working: nothing looked like theft.
    assert PrivacyClient(live_service.base_url).refresh_grant(stored).user_id == grant.user_id


def test_a_silent_sign_in_cut_off_after_the_service_rotated_works_at_the_next_try(
    live_service: EmbeddedService, proxy: FaultProxy, memory_keyring: MemoryKeyring
) -> None:
    user_id = _sign_in_through(proxy, memory_keyring)
    before = _stored_token(memory_keyring)
    vault = TokenVault(memory_keyring)

    # The refresh reaches the service, which rotates the token; the answer is lost, and so
    # is every quick retry: the network went away right after.
    proxy.force(fp.RESET_AFTER, fp.RESET_BEFORE, fp.RESET_BEFORE)
    with pytest.raises(ServiceError) as failed:
        AuthSession.resume(PrivacyClient(proxy.base_url), vault, user_id, sleep=lambda _s: None)

    assert failed.value.kind in TRANSIENT
    assert failed.value.kind is not FailureKind.SESSION_EXPIRED
    assert _stored_token(memory_keyring) == before, "the stored sign-in is kept as it was"

    # The next attempt (the app retries by itself, or the next start) signs in silently.
    session = AuthSession.resume(PrivacyClient(proxy.base_url), vault, user_id)
    assert len(session.call(session.client.choices).values) == 9
    assert _stored_token(memory_keyring) != before
    assert not _family_revoked(live_service, _stored_token(memory_keyring))


def test_a_silent_sign_in_while_offline_keeps_the_stored_sign_in(
    live_service: EmbeddedService, proxy: FaultProxy, memory_keyring: MemoryKeyring
) -> None:
    user_id = _sign_in_through(proxy, memory_keyring)
    before = dict(memory_keyring.entries)
    proxy.go_offline()

    with pytest.raises(ServiceError) as failed:
        AuthSession.resume(
            PrivacyClient(proxy.base_url),
            TokenVault(memory_keyring),
            user_id,
            sleep=lambda _s: None,
        )

    assert failed.value.kind in TRANSIENT
    assert memory_keyring.entries == before
    proxy.go_online()
    assert AuthSession.resume(PrivacyClient(proxy.base_url), TokenVault(memory_keyring), user_id)


def test_a_locked_keyring_at_a_silent_sign_in_is_reported_as_locked_and_ends_nothing(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring
) -> None:
    session = _signed_in(live_service, memory_keyring, FakeClock())
    before = dict(memory_keyring.entries)
    memory_keyring.failure = keyring.errors.KeyringLocked("locked")

    with pytest.raises(KeyringUnavailable) as failed:
        AuthSession.resume(
            PrivacyClient(live_service.base_url),
            TokenVault(memory_keyring),
            session.account.user_id,
        )

    assert failed.value.result.status is VaultStatus.LOCKED
    memory_keyring.failure = None  # unlocked
    assert memory_keyring.entries == before
    resumed = AuthSession.resume(
        PrivacyClient(live_service.base_url), TokenVault(memory_keyring), session.account.user_id
    )
    assert resumed.account.user_id == session.account.user_id


def test_only_a_refused_refresh_token_removes_the_stored_sign_in(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring
) -> None:
    session = _signed_in(live_service, memory_keyring, FakeClock())
    session.client.revoke(_stored_token(memory_keyring))

    with pytest.raises(ServiceError) as failed:
        AuthSession.resume(
            PrivacyClient(live_service.base_url),
            TokenVault(memory_keyring),
            session.account.user_id,
        )

    assert failed.value.kind is FailureKind.SESSION_EXPIRED
    assert memory_keyring.entries == {}, "a token the service refused is not kept"


def test_where_the_sign_in_is_kept_is_known_for_every_kind_of_run(
    live_service: EmbeddedService, memory_keyring: MemoryKeyring
) -> None:
    session = _signed_in(live_service, memory_keyring, FakeClock())
    assert session.kept is SignInKept.IN_KEYRING
    session.keep_for_this_run_only()
    assert session.kept is SignInKept.THIS_RUN_ONLY
    session.keep_nothing_on_this_computer()
    assert session.kept is SignInKept.NOT_ASKED
