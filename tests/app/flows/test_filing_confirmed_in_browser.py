"""A deletion confirmed in the browser, filed by the flow against the real service: the
browser (played by the test) types the password on the service's page, the app only gets
the stepped-up tokens, files with them, and gives them back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.auth.loopback import CallbackPage
from app.auth.oauth import BrowserSignIn, SignInStopped, StopReason
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.core.requests import RequestKind
from app.flows.filing import RequestFiling
from app.local.pending_requests import PendingRequests
from server.db.models import PrivacyRequest as StoredRequest
from server.embedded import EmbeddedService
from tests.conftest import OTHER_EMAIL, OTHER_PASSWORD, USER_EMAIL, USER_PASSWORD
from tests.support.fault_proxy import RESET_AFTER, FaultProxy
from tests.support.memory_keyring import MemoryKeyring
from tests.support.played_browser import PlayedBrowser


@pytest.fixture
def client(live_service: EmbeddedService) -> Iterator[PrivacyClient]:
    yield PrivacyClient(live_service.base_url)


@pytest.fixture
def session(client: PrivacyClient) -> AuthSession:
    """The app's own sign-in, as the test user."""
    signed_in, _kept = AuthSession.sign_in(
        client, TokenVault(MemoryKeyring()), USER_EMAIL, USER_PASSWORD
    )
    return signed_in


@pytest.fixture
def filing(session: AuthSession, tmp_path: Path) -> RequestFiling:
    store = PendingRequests(tmp_path / "pending-requests.json")
    return RequestFiling(session, store, RequestKind.DELETION, sleep=lambda _s: None)


def confirm_in_browser(client: PrivacyClient, email: str, password: str) -> TokenGrant:
    """What the dialog's BrowserSignInTask does, without Qt: the page with prompt=login."""
    page = CallbackPage("en", "Confirmed", "You can close this tab.")
    confirmation = BrowserSignIn.prepare(
        client, page, language="en", login_hint=USER_EMAIL, step_up=True
    )
    browser = PlayedBrowser(email, password)
    browser(confirmation.url)
    grant = confirmation.finish(client, timeout=30)
    browser.finish()
    return grant


def stored_deletions(service: EmbeddedService) -> list[str]:
    with service.database.session() as db:
        return [r.status for r in db.scalars(select(StoredRequest)) if r.kind == "deletion"]


def stored_keys(service: EmbeddedService) -> list[str]:
    with service.database.session() as db:
        return [r.idempotency_key for r in db.scalars(select(StoredRequest))]


def test_a_deletion_confirmed_in_the_browser_is_filed_and_the_confirmation_given_back(
    live_service: EmbeddedService,
    client: PrivacyClient,
    session: AuthSession,
    filing: RequestFiling,
) -> None:
    confirmed = confirm_in_browser(client, USER_EMAIL, USER_PASSWORD)
    assert confirmed.user_id == session.account.user_id

    outcome = filing.file({}, confirmed=confirmed)

    assert outcome.request.kind is RequestKind.DELETION
    assert stored_deletions(live_service) == ["in_progress"]
    with pytest.raises(ServiceError) as refused:
        client.refresh_grant(confirmed.refresh_token)
    assert refused.value.kind is FailureKind.SIGN_IN_REFUSED, "the confirmation is revoked"
    (listed,) = session.call(client.requests)  # the app's own sign-in goes on
    assert listed.id == outcome.request.id


def test_another_account_confirming_files_nothing_and_its_tokens_are_revoked(
    live_service: EmbeddedService,
    client: PrivacyClient,
    session: AuthSession,
    filing: RequestFiling,
) -> None:
    someone_else = confirm_in_browser(client, OTHER_EMAIL, OTHER_PASSWORD)

    with pytest.raises(SignInStopped) as stopped:
        filing.file({}, confirmed=someone_else)

    assert stopped.value.reason is StopReason.WRONG_ACCOUNT
    assert stored_deletions(live_service) == []
    with pytest.raises(ServiceError) as refused:
        client.refresh_grant(someone_else.refresh_token)
    assert refused.value.kind is FailureKind.SIGN_IN_REFUSED, "their tokens are not kept"
    assert session.call(client.requests) == ()


def test_a_confirmed_deletion_whose_answer_is_lost_is_resent_with_the_same_key_once(
    live_service: EmbeddedService, tmp_path: Path
) -> None:
    with FaultProxy(live_service.base_url) as proxy:
        client = PrivacyClient(proxy.base_url)
        session, _kept = AuthSession.sign_in(
            client, TokenVault(MemoryKeyring()), USER_EMAIL, USER_PASSWORD
        )
        filing = RequestFiling(
            session,
            PendingRequests(tmp_path / "pending-requests.json"),
            RequestKind.DELETION,
            sleep=lambda _s: None,
        )
        confirmed = confirm_in_browser(client, USER_EMAIL, USER_PASSWORD)
        proxy.force(RESET_AFTER, method="POST", path="/v1/me/requests")

        outcome = filing.file({}, confirmed=confirmed)

        filed = [line for line, _fault in proxy.log if line.startswith("POST /v1/me/requests")]
    assert len(filed) == 2, "the lost answer was asked for again"
    assert stored_keys(live_service) == [filing.key]
    assert outcome.request.kind is RequestKind.DELETION
    assert stored_deletions(live_service) == ["in_progress"]
