"""Every way a call to the service can fail, as one exception with a kind the UI can explain."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.api.certificates import CertificateProblem


class FailureKind(Enum):
    OFFLINE = "offline"  # no connection could be made: nothing reached the service
    CONNECTION_LOST = "connection_lost"  # the connection broke after the call was sent
    TIMEOUT = "timeout"  # connected, but no answer in time
    CERTIFICATE = "certificate"  # no trusted TLS connection: nothing was sent
    REDIRECTED = "redirected"  # sent elsewhere (3xx): not followed, nothing sent there
    SERVER_ERROR = "server_error"  # 500 and other 5xx: trouble on the service's side
    SERVICE_BUSY = "service_busy"  # 502, 503, 504: busy or restarting, worth waiting out
    CUT_OFF = "cut_off"  # an answer that stopped before its end, or arrived garbled
    BAD_ANSWER = "bad_answer"  # a complete answer, but not what this app understands
    SESSION_EXPIRED = "session_expired"  # 401: the access or refresh token is no good
    SIGN_IN_REFUSED = "sign_in_refused"  # wrong e-mail or password
    ACCOUNT_DELETED = "account_deleted"  # the account was deleted at the user's request
    CONFLICT = "conflict"  # 412: changed elsewhere
    RATE_LIMITED = "rate_limited"  # 429
    ALREADY_REQUESTED = "already_requested"  # 409 deletion_pending: one is on its way already
    NO_LONGER_POSSIBLE = "no_longer_possible"  # 409 not_cancellable, grace_period_over
    COPY_GONE = "copy_gone"  # 410: the access copy expired, or its file is gone
    CHECKSUM_MISMATCH = "checksum_mismatch"  # a downloaded copy unlike the announced SHA-256
    STEP_UP_REQUIRED = "step_up_required"  # 403: a deletion needs the password checked again
    REJECTED = "rejected"  # any other 4xx


# Failures where the call may or may not have taken effect on the service: the app cannot
# know, so it must find out (read the state again, or resend with the same idempotency key)
# instead of guessing. OFFLINE is not here: a connection that never opened sent nothing.
OUTCOME_UNKNOWN = frozenset(
    {
        FailureKind.CONNECTION_LOST,
        FailureKind.TIMEOUT,
        FailureKind.SERVER_ERROR,
        FailureKind.SERVICE_BUSY,
        FailureKind.CUT_OFF,
        FailureKind.BAD_ANSWER,
    }
)

# The service answered "no" for a reason of its own: the call took no effect, and sending it
# again unchanged gets the same answer.
REFUSED = frozenset(
    {
        FailureKind.REJECTED,
        FailureKind.ALREADY_REQUESTED,
        FailureKind.NO_LONGER_POSSIBLE,
        FailureKind.COPY_GONE,
        FailureKind.STEP_UP_REQUIRED,
    }
)

# Nothing of the call reached the service's handling, so it took no effect, yet the
# service did not refuse it either: no connection, a certificate the app does not trust
# (nothing sent), a redirect the app does not follow. A user's change stays pending.
NOT_DELIVERED = frozenset({FailureKind.OFFLINE, FailureKind.CERTIFICATE, FailureKind.REDIRECTED})

# Failures that pass with time: waiting and trying again is the right answer to them.
TRANSIENT = OUTCOME_UNKNOWN | {FailureKind.OFFLINE, FailureKind.RATE_LIMITED}


class ServiceError(Exception):
    """A failed call. `detail` is the service's own explanation when it sent one, for logs
    only: what the UI says comes from `kind`. `code` is the problem's machine-readable
    `code` (RFC 9457 extension) when the service sent one; `retry_after` the seconds it
    asked the app to wait (`Retry-After`), when it did. A CERTIFICATE failure carries what
    was wrong with the certificate (`certificate`), a REDIRECTED one where the service
    pointed (`redirect_to`, scheme, host and port only)."""

    def __init__(
        self,
        kind: FailureKind,
        detail: str = "",
        status: int | None = None,
        *,
        retry_after: float | None = None,
        code: str = "",
        certificate: CertificateProblem | None = None,
        redirect_to: str = "",
    ) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
        self.status = status
        self.retry_after = retry_after
        self.code = code
        self.certificate = certificate
        self.redirect_to = redirect_to

    @property
    def outcome_unknown(self) -> bool:
        """The call may have taken effect on the service: find out before saying it failed."""
        return self.kind in OUTCOME_UNKNOWN


def as_confirmation_failure(error: ServiceError) -> ServiceError:
    """A 401 for a password confirmation's own token (a step-up) says the confirmation is
    no good any more, not that the session ended: the user confirms again and stays
    signed in."""
    if error.kind is not FailureKind.SESSION_EXPIRED:
        return error
    return ServiceError(
        FailureKind.STEP_UP_REQUIRED, error.detail, error.status, code="step_up_required"
    )
