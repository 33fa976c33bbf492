"""Every way a call to the service can fail, as one exception with a kind the UI can explain."""

from __future__ import annotations

from enum import Enum


class FailureKind(Enum):
    OFFLINE = "offline"  # no connection could be made
    TIMEOUT = "timeout"  # connected, but no answer in time
    CERTIFICATE = "certificate"  # the TLS certificate was not trusted
    SERVER_ERROR = "server_error"  # 5xx
    BAD_ANSWER = "bad_answer"  # an answer we cannot understand
    SESSION_EXPIRED = "session_expired"  # 401: the access or refresh token is no good
    SIGN_IN_REFUSED = "sign_in_refused"  # wrong e-mail or password
    ACCOUNT_DELETED = "account_deleted"  # the account was deleted at the user's request
    CONFLICT = "conflict"  # 412: changed elsewhere
    RATE_LIMITED = "rate_limited"  # 429
    REJECTED = "rejected"  # any other 4xx


class ServiceError(Exception):
    """A failed call. `detail` is the service's own explanation when it sent one."""

    def __init__(self, kind: FailureKind, detail: str = "", status: int | None = None) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
        self.status = status
