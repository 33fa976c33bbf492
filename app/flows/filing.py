"""Filing a privacy request exactly once, even when the answer gets lost.

A request is sent with an idempotency key; the service files it once per key and answers a
repeat with the request it already filed. When an answer is lost (the connection broke,
the service timed out, a gateway answered 503, the body was cut off) the request may or
may not have been filed, so this flow finds out before anyone says "failed": it sends
the same key again a few times, with a short pause between, and only then reports what
it knows.

The key belongs to the user's intent, not to one dialog: until the outcome is known the
intent (kind, key, fingerprint of the details) stays in `PendingRequests`, so asking for
the same thing again from a new dialog, or after a restart, reuses the key. It is settled
as soon as the service answers, with the request or with a refusal.

A deletion needs the user to have proved it is them moments ago (step-up). The app's way
is a confirmation in the browser: the service's page asks for the password, and the
stepped-up token pair the app gets back (`confirmed`) files the deletion; the app never
sees the password. That pair is a sign-in of its own, for whoever typed a password on the
page, so it must be this account's, and it is revoked afterwards: the session keeps its
own. The older way, the password sent by the app (`POST /v1/auth/step-up`), stays for
automation and tests.

Runs on a worker thread (app/ui/tasks.py); blocking, no Qt.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from app.api.client import TokenGrant
from app.api.errors import (
    NOT_DELIVERED,
    OUTCOME_UNKNOWN,
    REFUSED,
    FailureKind,
    ServiceError,
    as_confirmation_failure,
)
from app.auth.oauth import SignInStopped, StopReason
from app.core.account import Account
from app.core.requests import PrivacyRequest, RequestKind
from app.local.pending_requests import PendingRequests, intent_fingerprint

T = TypeVar("T")

# Pauses (seconds) before each resend after an answer was lost. Read at call time, so a
# test can shorten them.
FIND_OUT_DELAYS: tuple[float, ...] = (0.5, 1.5, 3.0)
# The longest pause a busy service's Retry-After stretches one of those to.
MAX_FIND_OUT_WAIT = 5.0


class FilingClient(Protocol):
    def file_request(
        self,
        access_token: str,
        idempotency_key: str,
        kind: RequestKind,
        details: dict[str, object],
    ) -> PrivacyRequest: ...

    def step_up(self, access_token: str, password: str) -> None: ...

    def revoke(self, token: str) -> None: ...


class FilingSession(Protocol):
    """What the flow needs of `AuthSession`."""

    @property
    def client(self) -> FilingClient: ...

    @property
    def account(self) -> Account: ...

    def call(self, action: Callable[[str], T]) -> T: ...


@dataclass(frozen=True)
class Filed:
    request: PrivacyRequest
    # The key had been sent before (a lost answer, another dialog, an earlier run), so the
    # service may have answered with the request it filed then.
    earlier: bool


class FilingOutcomeUnknown(Exception):
    """Every answer was lost: the request may have been filed or not. The intent stays
    pending, so the next try (from any dialog) sends the same key and cannot file twice."""

    def __init__(self, last: ServiceError, attempts: int) -> None:
        super().__init__(f"outcome unknown after {attempts} attempts: {last}")
        self.last = last
        self.attempts = attempts


class _AttemptFailed(Exception):
    def __init__(self, error: ServiceError, *, during_step_up: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.during_step_up = during_step_up


def _new_key() -> str:
    return str(uuid.uuid4())


class RequestFiling:
    """One dialog's filing of one kind of request. Call `file()` for each Send press;
    one call at a time (the dialog is busy meanwhile)."""

    def __init__(
        self,
        session: FilingSession,
        store: PendingRequests,
        kind: RequestKind,
        *,
        delays: tuple[float, ...] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        new_key: Callable[[], str] = _new_key,
    ) -> None:
        self.session = session
        self.store = store
        self.kind = kind
        self._delays = delays
        self._sleep = sleep
        self._new_key = new_key
        # The intent this dialog last sent (fingerprint, key), kept after it is settled:
        # pressing Send again in the same dialog repeats the same request.
        self._intent: tuple[str, str] | None = None
        self._maybe_sent: set[str] = set()

    @property
    def key(self) -> str | None:
        """The idempotency key of the intent this dialog last sent."""
        return None if self._intent is None else self._intent[1]

    def file(
        self,
        details: dict[str, object],
        password: str = "",
        *,
        confirmed: TokenGrant | None = None,
    ) -> Filed:
        """File the request, finding out on a lost answer. Raises ServiceError when the
        service refused it or could not be reached at all (nothing filed), and
        FilingOutcomeUnknown when every answer was lost.

        A deletion goes with `confirmed`, a stepped-up grant from the browser for this
        account (else SignInStopped(WRONG_ACCOUNT), nothing filed), or else with the
        `password` checked first. A confirmation too old for the service is
        STEP_UP_REQUIRED: confirm again. The confirmation is revoked afterwards, whatever
        the outcome.
        """
        if confirmed is None:
            return self._file(details, password, None)
        try:
            if confirmed.user_id != self.session.account.user_id:
                raise SignInStopped(StopReason.WRONG_ACCOUNT)
            return self._file(details, "", confirmed)
        finally:
            self._revoke(confirmed)

    def _file(
        self, details: dict[str, object], password: str, confirmed: TokenGrant | None
    ) -> Filed:
        account = self.session.account.vault_key
        fingerprint = intent_fingerprint(account, self.kind.value, details)
        key = self._key_for(account, fingerprint)
        earlier = key in self._maybe_sent
        self._intent = (fingerprint, key)
        with contextlib.suppress(OSError):
            # Kept before sending, so a crash mid-call still ties the key to the intent.
            # A disk that refuses only costs the protection across dialogs.
            self.store.record(account, self.kind.value, fingerprint, key)

        delays = FIND_OUT_DELAYS if self._delays is None else self._delays
        # The password check, when there is no confirmation to file with.
        checks_password = self.kind is RequestKind.DELETION and confirmed is None
        step_up = checks_password
        last: ServiceError | None = None
        attempts = 0
        for pause in (0.0, *delays):
            if last is not None and last.retry_after is not None:
                pause = max(pause, min(last.retry_after, MAX_FIND_OUT_WAIT))
            if attempts and pause > 0:
                self._sleep(pause)
            attempts += 1
            stepped_up = step_up
            try:
                request = self._send(key, details, password, confirmed, step_up=step_up)
            except _AttemptFailed as failed:
                error = failed.error
                if failed.during_step_up:
                    if error.kind in OUTCOME_UNKNOWN:
                        last = error  # nothing filed in this attempt; try it again
                        continue
                    self._give_up(account, key)
                    raise error from None
                step_up = False  # the password check holds for this token for minutes
                if error.kind in OUTCOME_UNKNOWN:
                    self._maybe_sent.add(key)
                    last = error
                    continue
                if key in self._maybe_sent and error.kind in NOT_DELIVERED:
                    last = error  # the earlier send may have landed: keep finding out
                    continue
                if (
                    checks_password
                    and error.kind is FailureKind.STEP_UP_REQUIRED
                    and not stepped_up
                ):
                    # A resend without a password check found nothing filed, and the check
                    # went with a token since replaced: check again, then file.
                    step_up = True
                    last = error
                    continue
                if error.kind in REFUSED:
                    # The service answered for this key: nothing is filed with it.
                    self._maybe_sent.discard(key)
                    self._settle(account, key)
                else:
                    self._give_up(account, key)
                raise error from None
            self._maybe_sent.add(key)
            self._settle(account, key)
            return Filed(request, earlier)
        assert last is not None
        if key in self._maybe_sent:
            raise FilingOutcomeUnknown(last, attempts)
        self._give_up(account, key)
        raise last

    # -- internals ------------------------------------------------------------------------

    def _key_for(self, account: str, fingerprint: str) -> str:
        if self._intent is not None and self._intent[0] == fingerprint:
            return self._intent[1]
        with contextlib.suppress(OSError):
            pending = self.store.find(account, self.kind.value, fingerprint)
            if pending is not None:
                self._maybe_sent.add(pending.idempotency_key)
                return pending.idempotency_key
        return self._new_key()

    def _send(
        self,
        key: str,
        details: dict[str, object],
        password: str,
        confirmed: TokenGrant | None,
        *,
        step_up: bool,
    ) -> PrivacyRequest:
        client, kind = self.session.client, self.kind
        if confirmed is not None:
            try:
                return client.file_request(confirmed.access_token, key, kind, details)
            except ServiceError as error:
                raise _AttemptFailed(as_confirmation_failure(error), during_step_up=False) from None

        stage = ["step_up" if step_up else "file"]

        def file(token: str) -> PrivacyRequest:
            if step_up:
                # The step-up belongs to this token, so both go with the same one.
                stage[0] = "step_up"
                client.step_up(token, password)
            stage[0] = "file"
            return client.file_request(token, key, kind, details)

        try:
            return self.session.call(file)
        except ServiceError as error:
            raise _AttemptFailed(error, during_step_up=stage[0] == "step_up") from None

    def _revoke(self, confirmed: TokenGrant) -> None:
        """Best effort: the confirmation's sign-in is not needed any more (revoking its
        refresh token ends its family); a revocation that fails leaves a refresh token
        nobody holds, which the service lets expire."""
        with contextlib.suppress(ServiceError):
            self.session.client.revoke(confirmed.refresh_token)

    def _settle(self, account: str, key: str) -> None:
        with contextlib.suppress(OSError):
            self.store.settle(account, key)

    def _give_up(self, account: str, key: str) -> None:
        """A failure that filed nothing: forget the intent unless an earlier send may have."""
        if key not in self._maybe_sent:
            self._settle(account, key)
