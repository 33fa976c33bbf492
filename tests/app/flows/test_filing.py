"""Filing a request exactly once, without Qt: the flow against a simulated service whose
network loses answers before or after the service stored the request."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from app.api.client import TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.auth.oauth import SignInStopped, StopReason
from app.core.account import Account
from app.core.requests import PrivacyRequest, RequestKind, RequestStatus
from app.flows.filing import FilingOutcomeUnknown, RequestFiling
from app.local.pending_requests import PendingRequests

T = TypeVar("T")
PASSWORD = "correct horse battery"
CORRECTION: dict[str, object] = {
    "field": "username",
    "proposed_value": "Ada Lovelace",
    "reason": "My name is spelled wrong.",
}

# What the network does to one filing call: deliver it, lose it before the service sees
# it, or let the service store it and lose (or spoil) the answer on its way back.
OK = "ok"
FAULTS_BEFORE = {
    "offline": FailureKind.OFFLINE,
    "untrusted_certificate": FailureKind.CERTIFICATE,
    "redirected": FailureKind.REDIRECTED,
    "lost_before": FailureKind.CONNECTION_LOST,
    "busy_before": FailureKind.SERVICE_BUSY,
}
FAULTS_AFTER = {
    "lost_after": FailureKind.CONNECTION_LOST,
    "timeout_after": FailureKind.TIMEOUT,
    "cut_after": FailureKind.CUT_OFF,
    "busy_after": FailureKind.SERVICE_BUSY,
    "error_after": FailureKind.SERVER_ERROR,
}


@dataclass
class SimulatedService:
    """Files once per key like the real one; the network in front of it follows `faults`."""

    faults: list[str] = field(default_factory=list)
    filed: dict[str, tuple[RequestKind, dict[str, object], PrivacyRequest]] = field(
        default_factory=dict
    )
    stepped_up: set[str] = field(default_factory=set)
    calls: list[tuple[str, str]] = field(default_factory=list)  # (what, key or token)
    tokens_filed_with: list[str] = field(default_factory=list)
    # Access tokens the service no longer knows (their sign-in was revoked): 401.
    unknown_tokens: set[str] = field(default_factory=set)
    revoked: list[str] = field(default_factory=list)
    retry_after: float | None = None

    def step_up(self, access_token: str, password: str) -> None:
        self.calls.append(("step_up", access_token))
        if password != PASSWORD:
            raise ServiceError(FailureKind.SIGN_IN_REFUSED, "wrong password", 400)
        self.stepped_up.add(access_token)

    def file_request(
        self,
        access_token: str,
        idempotency_key: str,
        kind: RequestKind,
        details: dict[str, object],
    ) -> PrivacyRequest:
        self.calls.append(("file", idempotency_key))
        self.tokens_filed_with.append(access_token)
        fault = self.faults.pop(0) if self.faults else OK
        if fault in FAULTS_BEFORE:
            raise ServiceError(FAULTS_BEFORE[fault], fault, retry_after=self.retry_after)
        request = self._file(access_token, idempotency_key, kind, details)
        if fault in FAULTS_AFTER:
            raise ServiceError(FAULTS_AFTER[fault], fault, retry_after=self.retry_after)
        return request

    def revoke(self, token: str) -> None:
        self.calls.append(("revoke", token))
        self.revoked.append(token)

    def _file(
        self, token: str, key: str, kind: RequestKind, details: dict[str, object]
    ) -> PrivacyRequest:
        if token in self.unknown_tokens:
            raise ServiceError(FailureKind.SESSION_EXPIRED, "", 401)
        if key in self.filed:
            filed_kind, filed_details, request = self.filed[key]
            if (filed_kind, filed_details) != (kind, details):
                raise ServiceError(FailureKind.REJECTED, "idempotency_key_reused", 422)
            return request
        if kind is RequestKind.DELETION:
            if token not in self.stepped_up:
                raise ServiceError(FailureKind.STEP_UP_REQUIRED, "", 403, code="step_up_required")
            if any(k is RequestKind.DELETION for k, _d, _r in self.filed.values()):
                raise ServiceError(FailureKind.ALREADY_REQUESTED, "", 409, code="deletion_pending")
        now = datetime(2025, 3, 1, 12, tzinfo=UTC) + timedelta(minutes=len(self.filed))
        request = PrivacyRequest(
            id=f"req-{len(self.filed) + 1}",
            kind=kind,
            status=RequestStatus.VERIFYING,
            received_at=now,
            due_at=now + timedelta(days=31),
            extension_reason=None,
            denial_reason=None,
            grace_until=None,
            completed_at=None,
            details=dict(details),
            history=(),
            export=None,
        )
        self.filed[key] = (kind, dict(details), request)
        return request

    def keys_sent(self) -> list[str]:
        return [key for what, key in self.calls if what == "file"]


class SimulatedSession:
    """Like AuthSession.call: hands out the current access token."""

    def __init__(self, service: SimulatedService) -> None:
        self.client = service
        self.account = Account("https://privacy.example", "user-1", "ada@example.org")
        self.token = "token-1"

    def call(self, action: Callable[[str], T]) -> T:
        return action(self.token)


@pytest.fixture
def service() -> SimulatedService:
    return SimulatedService()


@pytest.fixture
def session(service: SimulatedService) -> SimulatedSession:
    return SimulatedSession(service)


@pytest.fixture
def store(tmp_path: Path) -> PendingRequests:
    return PendingRequests(tmp_path / "data" / "pending-requests.json")


@pytest.fixture
def pauses() -> list[float]:
    return []


def new_dialog(
    session: SimulatedSession,
    store: PendingRequests,
    kind: RequestKind,
    pauses: list[float],
) -> RequestFiling:
    """What each NewRequestDialog makes: a filing of its own, on the shared store."""
    return RequestFiling(session, store, kind, sleep=pauses.append)


def account(session: SimulatedSession) -> str:
    return session.account.vault_key


# --- an answer lost once ---------------------------------------------------------------------


@pytest.mark.parametrize("fault", sorted(FAULTS_AFTER))
def test_an_answer_lost_after_the_service_filed_is_found_out_with_the_same_key(
    service: SimulatedService,
    session: SimulatedSession,
    store: PendingRequests,
    pauses: list[float],
    fault: str,
) -> None:
    service.faults = [fault]

    outcome = new_dialog(session, store, RequestKind.ACCESS, pauses).file({})

    assert len(service.filed) == 1
    assert outcome.request.id == "req-1"
    first, again = service.keys_sent()
    assert first == again, "the resend carries the same Idempotency-Key"
    assert pauses == [0.5], "a short pause before asking again"
    assert store.pending(account(session)) == (), "settled: the outcome is known"


def test_an_answer_lost_before_the_service_saw_it_is_filed_by_the_resend_once(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_before", "busy_before"]

    outcome = new_dialog(session, store, RequestKind.ACCESS, []).file({})

    assert [r.id for _k, _d, r in service.filed.values()] == [outcome.request.id]
    assert len(set(service.keys_sent())) == 1


def test_a_busy_service_s_retry_after_stretches_the_pause_within_reason(
    service: SimulatedService,
    session: SimulatedSession,
    store: PendingRequests,
    pauses: list[float],
) -> None:
    service.faults, service.retry_after = ["busy_after", "busy_after"], 120.0

    new_dialog(session, store, RequestKind.ACCESS, pauses).file({})

    assert pauses == [5.0, 5.0], "Retry-After is honoured up to a few seconds"


# --- every answer lost -----------------------------------------------------------------------


def test_when_every_answer_is_lost_it_says_so_and_a_new_dialog_reuses_the_key(
    service: SimulatedService,
    session: SimulatedSession,
    store: PendingRequests,
    pauses: list[float],
) -> None:
    """The story of the issue: the dialog said "failed", the request was filed, and the
    next try from a new dialog filed a duplicate."""
    service.faults = ["lost_after", "timeout_after", "busy_after", "lost_after"]

    with pytest.raises(FilingOutcomeUnknown) as unknown:
        new_dialog(session, store, RequestKind.CORRECTION, pauses).file(CORRECTION)

    assert unknown.value.attempts == 4 and unknown.value.last.kind is FailureKind.CONNECTION_LOST
    assert pauses == [0.5, 1.5, 3.0]
    (pending,) = store.pending(account(session))
    assert pending.idempotency_key == service.keys_sent()[0]

    # The user closes the dialog, opens a new one and types the same correction.
    outcome = new_dialog(session, store, RequestKind.CORRECTION, pauses).file(dict(CORRECTION))

    assert len(service.filed) == 1, "exactly one request on the service"
    assert outcome.earlier, "the dialog can say it had been filed before"
    assert set(service.keys_sent()) == {pending.idempotency_key}
    assert store.pending(account(session)) == ()


def test_the_key_survives_a_restart_of_the_app(
    service: SimulatedService, session: SimulatedSession, tmp_path: Path
) -> None:
    path = tmp_path / "data" / "pending-requests.json"
    service.faults = ["lost_after"] * 4
    with pytest.raises(FilingOutcomeUnknown):
        new_dialog(session, PendingRequests(path), RequestKind.ACCESS, []).file({})

    after_restart = PendingRequests(path)
    new_dialog(session, after_restart, RequestKind.ACCESS, []).file({})

    assert len(service.filed) == 1
    assert after_restart.pending(account(session)) == ()


def test_other_details_are_another_request_with_a_key_of_its_own(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_after"] * 4
    with pytest.raises(FilingOutcomeUnknown):
        new_dialog(session, store, RequestKind.CORRECTION, []).file(CORRECTION)

    other = {**CORRECTION, "proposed_value": "Ada King"}
    new_dialog(session, store, RequestKind.CORRECTION, []).file(other)

    assert len(service.filed) == 2
    assert len(set(service.keys_sent())) == 2
    (still_unknown,) = store.pending(account(session))
    assert still_unknown.idempotency_key == service.keys_sent()[0]


def test_the_pending_file_holds_no_personal_text(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_after"] * 4
    with pytest.raises(FilingOutcomeUnknown):
        new_dialog(session, store, RequestKind.CORRECTION, []).file(CORRECTION)

    assert store.path is not None
    text = store.path.read_text(encoding="utf-8")
    for personal in ("Ada Lovelace", "spelled wrong", "ada@example.org"):
        assert personal not in text
    assert json.loads(text)["accounts"][account(session)][0]["kind"] == "correction"


# --- outcomes known without finding out ------------------------------------------------------


def test_offline_before_anything_was_sent_says_so_at_once_and_keeps_nothing(
    service: SimulatedService,
    session: SimulatedSession,
    store: PendingRequests,
    pauses: list[float],
) -> None:
    service.faults = ["offline"]

    with pytest.raises(ServiceError) as raised:
        new_dialog(session, store, RequestKind.ACCESS, pauses).file({})

    assert raised.value.kind is FailureKind.OFFLINE
    assert pauses == [] and service.filed == {}
    assert store.pending(account(session)) == ()


def test_offline_while_finding_out_keeps_finding_out(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_after", "offline", "offline"]

    outcome = new_dialog(session, store, RequestKind.ACCESS, []).file({})

    assert outcome.request.id == "req-1" and len(service.filed) == 1


@pytest.mark.parametrize("fault", ["untrusted_certificate", "redirected"])
def test_a_connection_it_will_not_trust_while_finding_out_keeps_finding_out(
    fault: str, service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    # The first send may have landed; then a certificate or a redirect stops the app from
    # asking. It keeps the same key and keeps asking: never a second request.
    service.faults = ["lost_after", fault, fault]

    outcome = new_dialog(session, store, RequestKind.ACCESS, []).file({})

    assert outcome.request.id == "req-1" and len(service.filed) == 1


def test_offline_for_an_intent_left_unknown_keeps_it_pending(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_after"] * 4
    with pytest.raises(FilingOutcomeUnknown):
        new_dialog(session, store, RequestKind.ACCESS, []).file({})

    service.faults = ["offline"] * 4
    with pytest.raises(FilingOutcomeUnknown) as unknown:
        new_dialog(session, store, RequestKind.ACCESS, []).file({})

    assert unknown.value.last.kind is FailureKind.OFFLINE
    assert len(store.pending(account(session))) == 1, "still not known: still pending"


def test_a_refusal_is_an_answer_and_settles_the_intent(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.stepped_up.add(session.token)
    service.file_request(session.token, "from-another-device", RequestKind.DELETION, {})

    with pytest.raises(ServiceError) as raised:
        new_dialog(session, store, RequestKind.DELETION, []).file({}, PASSWORD)

    assert raised.value.kind is FailureKind.ALREADY_REQUESTED
    assert store.pending(account(session)) == ()


# --- the same dialog, and a deletion's password check ----------------------------------------


def test_sending_again_from_the_same_dialog_after_success_repeats_the_same_request(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    dialog = new_dialog(session, store, RequestKind.ACCESS, [])
    first = dialog.file({})
    again = dialog.file({})

    assert again.request.id == first.request.id and again.earlier and not first.earlier
    assert len(service.filed) == 1


def test_a_deletion_checks_the_password_once_and_resends_without_it(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_after", "lost_after"]

    new_dialog(session, store, RequestKind.DELETION, []).file({}, PASSWORD)

    assert [what for what, _ in service.calls] == ["step_up", "file", "file", "file"]
    assert len(service.filed) == 1


def test_a_deletion_resend_on_a_new_token_checks_the_password_again_when_needed(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_before"]
    real_file = service.file_request

    def file_then_refresh(token: str, key: str, kind: RequestKind, d: dict[str, object]):  # type: ignore[no-untyped-def]
        try:
            return real_file(token, key, kind, d)
        finally:
            session.token = "token-2"  # the session refreshed its access token meanwhile

    service.file_request = file_then_refresh  # type: ignore[method-assign]

    outcome = new_dialog(session, store, RequestKind.DELETION, []).file({}, PASSWORD)

    assert outcome.request.kind is RequestKind.DELETION
    assert [what for what, _ in service.calls] == ["step_up", "file", "file", "step_up", "file"]
    assert len(service.filed) == 1


def test_a_wrong_password_files_nothing_and_keeps_nothing(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    with pytest.raises(ServiceError) as raised:
        new_dialog(session, store, RequestKind.DELETION, []).file({}, "wrong")

    assert raised.value.kind is FailureKind.SIGN_IN_REFUSED
    assert service.keys_sent() == [] and store.pending(account(session)) == ()


# --- a deletion confirmed in the browser -----------------------------------------------------


def confirmation(
    service: SimulatedService, n: int = 1, *, user_id: str = "user-1", fresh: bool = True
) -> TokenGrant:
    """The token pair a step-up on the service's page gives: stepped up while fresh."""
    grant = TokenGrant(f"confirmed-{n}", f"confirmed-refresh-{n}", 900, user_id, "x@example.org")
    if fresh:
        service.stepped_up.add(grant.access_token)
    return grant


def test_a_confirmed_deletion_is_filed_with_the_confirmation_s_token_and_no_password(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    confirmed = confirmation(service)

    outcome = new_dialog(session, store, RequestKind.DELETION, []).file({}, confirmed=confirmed)

    assert outcome.request.kind is RequestKind.DELETION and not outcome.earlier
    assert [what for what, _ in service.calls] == ["file", "revoke"], "no password step"
    assert service.tokens_filed_with == ["confirmed-1"], "not the session's token"
    assert service.revoked == ["confirmed-refresh-1"], "the session keeps its own sign-in"
    assert store.pending(account(session)) == ()


def test_a_confirmation_by_another_account_files_nothing_and_is_revoked(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    someone_else = confirmation(service, user_id="user-2")

    with pytest.raises(SignInStopped) as stopped:
        new_dialog(session, store, RequestKind.DELETION, []).file({}, confirmed=someone_else)

    assert stopped.value.reason is StopReason.WRONG_ACCOUNT
    assert service.keys_sent() == [] and service.filed == {}
    assert service.revoked == ["confirmed-refresh-1"], "their tokens are not kept either"
    assert store.pending(account(session)) == ()


def test_a_confirmed_deletion_whose_answer_is_lost_is_resent_with_the_same_key_and_token(
    service: SimulatedService,
    session: SimulatedSession,
    store: PendingRequests,
    pauses: list[float],
) -> None:
    service.faults = ["lost_after", "timeout_after"]

    outcome = new_dialog(session, store, RequestKind.DELETION, pauses).file(
        {}, confirmed=confirmation(service)
    )

    assert len(service.filed) == 1 and outcome.request.kind is RequestKind.DELETION
    assert len(set(service.keys_sent())) == 1 and len(service.keys_sent()) == 3
    assert set(service.tokens_filed_with) == {"confirmed-1"}
    assert pauses == [0.5, 1.5]
    assert [what for what, _ in service.calls][-1] == "revoke", "revoked after the last try"


def test_a_confirmed_deletion_with_every_answer_lost_is_refiled_once_after_confirming_again(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    service.faults = ["lost_after"] * 4
    with pytest.raises(FilingOutcomeUnknown):
        new_dialog(session, store, RequestKind.DELETION, []).file(
            {}, confirmed=confirmation(service, 1)
        )
    assert service.revoked == ["confirmed-refresh-1"], "revoked even when nothing is known"
    (pending,) = store.pending(account(session))

    outcome = new_dialog(session, store, RequestKind.DELETION, []).file(
        {}, confirmed=confirmation(service, 2)
    )

    assert outcome.earlier and len(service.filed) == 1
    assert set(service.keys_sent()) == {pending.idempotency_key}
    assert service.revoked == ["confirmed-refresh-1", "confirmed-refresh-2"]


def test_a_confirmation_gone_stale_asks_to_confirm_again_without_a_password_step(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    dialog = new_dialog(session, store, RequestKind.DELETION, [])

    with pytest.raises(ServiceError) as raised:
        dialog.file({}, confirmed=confirmation(service, 1, fresh=False))

    assert raised.value.kind is FailureKind.STEP_UP_REQUIRED
    assert [what for what, _ in service.calls] == ["file", "revoke"]
    assert service.filed == {} and store.pending(account(session)) == ()
    first_key = dialog.key

    dialog.file({}, confirmed=confirmation(service, 2))

    assert len(service.filed) == 1 and service.keys_sent() == [first_key, first_key]


def test_a_confirmation_the_service_no_longer_knows_asks_to_confirm_again_not_to_sign_in(
    service: SimulatedService, session: SimulatedSession, store: PendingRequests
) -> None:
    confirmed = confirmation(service)
    service.unknown_tokens.add(confirmed.access_token)

    with pytest.raises(ServiceError) as raised:
        new_dialog(session, store, RequestKind.DELETION, []).file({}, confirmed=confirmed)

    assert raised.value.kind is FailureKind.STEP_UP_REQUIRED, "the session has not ended"
    assert service.filed == {}
