"""AuthSession: the access token in memory, refreshed on demand, one refresh at a time."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from enum import Enum
from typing import TypeVar

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import OUTCOME_UNKNOWN, TRANSIENT, FailureKind, ServiceError
from app.auth.vault import TokenVault, VaultResult, VaultStatus
from app.core.account import Account, vault_key

T = TypeVar("T")

# Refresh this long before the access token's stated expiry, to absorb clock skew.
EXPIRY_MARGIN_SECONDS = 30.0

# When a refresh may have reached the service but its answer was lost, send the same token
# again after these pauses. The service answers such a retry for a few minutes
# (server/api/auth.py: REFRESH_RETRY_GRACE); retrying at once keeps well inside that.
REFRESH_RETRY_DELAYS: tuple[float, ...] = (0.5, 2.0)


class KeyringUnavailable(Exception):
    """The keyring could not be read at a silent sign-in. Nothing about the sign-in ended:
    the stored token is still there once the keyring can be read again."""

    def __init__(self, result: VaultResult) -> None:
        super().__init__(f"keyring: {result.status.value}")
        self.result = result


class SignInKept(Enum):
    """Where the sign-in lives between runs, as the pages explain it."""

    IN_KEYRING = "in_keyring"
    NOT_ASKED = "not_asked"  # demo mode: a throwaway account never goes near the keyring
    THIS_RUN_ONLY = "this_run_only"  # the keyring could not keep it (see last_vault_result)


class AuthSession:
    """Thread-safe: worker threads call `call()` concurrently.

    The refresh token rotates on every refresh, so two refreshes racing with the same
    token would look like theft to the service and end the session. A lock makes sure
    only one refresh runs, and the others reuse its result.
    """

    def __init__(
        self,
        client: PrivacyClient,
        vault: TokenVault,
        grant: TokenGrant,
        *,
        keep_in_keyring: bool,
        clock: Callable[[], float] = time.monotonic,
        retry_delays: Sequence[float] = REFRESH_RETRY_DELAYS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.vault = vault
        self.account = Account(client.base_url, grant.user_id, grant.email)
        self.keep_in_keyring = keep_in_keyring
        # Set when the keyring was deliberately left alone (demo mode), not when it failed.
        self.keyring_not_asked = False
        self._clock = clock
        self._retry_delays = tuple(retry_delays)
        self._sleep = sleep
        self._lock = threading.Lock()
        self.last_vault_result = VaultResult(VaultStatus.OK)
        self._access_token = ""
        self._refresh_token = ""
        self._expires_at = 0.0
        self._connected = False
        # Why a session started offline has not reached the service yet (see `resume`).
        self.connect_problem: ServiceError | None = None
        self._apply(grant)

    # -- starting a session ---------------------------------------------------------------

    @classmethod
    def sign_in(
        cls,
        client: PrivacyClient,
        vault: TokenVault,
        email: str,
        password: str,
        *,
        keep_in_keyring: bool = True,
    ) -> tuple[AuthSession, VaultResult]:
        """Password sign-in (the demo and automation; people sign in through the browser)."""
        grant = client.password_grant(email, password)
        return cls.start(client, vault, grant, keep_in_keyring=keep_in_keyring)

    @classmethod
    def start(
        cls,
        client: PrivacyClient,
        vault: TokenVault,
        grant: TokenGrant,
        *,
        keep_in_keyring: bool = True,
    ) -> tuple[AuthSession, VaultResult]:
        """A session from a fresh grant (browser, device or password sign-in), its refresh
        token kept in the keyring. The session works even when the keyring result is not OK."""
        session = cls(client, vault, grant, keep_in_keyring=keep_in_keyring)
        stored = session.save_refresh_token()
        return session, stored

    @classmethod
    def resume(
        cls,
        client: PrivacyClient,
        vault: TokenVault,
        user_id: str,
        *,
        retry_delays: Sequence[float] = REFRESH_RETRY_DELAYS,
        sleep: Callable[[float], None] = time.sleep,
        unconnected_on_transient: bool = False,
    ) -> AuthSession:
        """Silent sign-in from the keyring.

        With `unconnected_on_transient`, a passing failure (offline, busy, a lost answer)
        does not raise: the session comes back not `connected`, holding the stored token,
        with the failure in `connect_problem`; its first call (or `connect()`) tries again.
        That is how the app starts into the last known state while the service is away.

        Raises KeyringUnavailable when the keyring cannot be read (locked, missing, broken),
        ServiceError(SESSION_EXPIRED) when nothing is stored or the service refused the
        stored token (invalid_grant: only then is the dead entry removed), and any other
        ServiceError as it came: a transient one leaves the stored sign-in exactly as it was,
        so the next attempt can use it.
        """
        key = vault_key(client.base_url, user_id)
        loaded = vault.load(key)
        if loaded.status is VaultStatus.NOT_FOUND:
            raise ServiceError(FailureKind.SESSION_EXPIRED, "keyring: nothing stored")
        if not loaded.ok or loaded.token is None:
            raise KeyringUnavailable(loaded)
        try:
            grant = _refresh(client, loaded.token, retry_delays, sleep)
        except ServiceError as error:
            if error.kind is FailureKind.SESSION_EXPIRED:
                vault.delete(key)  # refused for good: nothing worth keeping
                raise
            if not (unconnected_on_transient and error.kind in TRANSIENT):
                raise
            waiting = TokenGrant("", loaded.token, 0, user_id, "")
            session = cls(
                client,
                vault,
                waiting,
                keep_in_keyring=True,
                retry_delays=retry_delays,
                sleep=sleep,
            )
            session.connect_problem = error
            return session
        session = cls(
            client, vault, grant, keep_in_keyring=True, retry_delays=retry_delays, sleep=sleep
        )
        session.save_refresh_token()
        return session

    # -- using it -------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """False until a session started offline has reached the service once."""
        return self._connected

    def connect(self) -> None:
        """Reach the service now with the stored sign-in; raises ServiceError as `call`."""
        self._valid_access_token()

    def call(self, action: Callable[[str], T]) -> T:
        """Run `action(access_token)`, refreshing first or once after a 401."""
        token = self._valid_access_token()
        try:
            return action(token)
        except ServiceError as error:
            if error.kind is not FailureKind.SESSION_EXPIRED:
                raise
        return action(self._refresh_replacing(token))

    def save_refresh_token(self) -> VaultResult:
        """Put the current refresh token in the keyring (or, in session-only mode, don't)."""
        if not self.keep_in_keyring:
            return VaultResult(VaultStatus.OK)
        self.last_vault_result = self.vault.store(self.account.vault_key, self._refresh_token)
        return self.last_vault_result

    def keep_for_this_run_only(self) -> None:
        self.keep_in_keyring = False

    def keep_nothing_on_this_computer(self) -> None:
        """Demo mode: the keyring is never asked, so nothing about it can be reported."""
        self.keep_in_keyring = False
        self.keyring_not_asked = True

    @property
    def kept(self) -> SignInKept:
        if self.keyring_not_asked:
            return SignInKept.NOT_ASKED
        if self.keep_in_keyring and self.last_vault_result.ok:
            return SignInKept.IN_KEYRING
        return SignInKept.THIS_RUN_ONLY

    def sign_out(self) -> VaultResult:
        """Revoke on the service if it can be reached; always forget the keyring entry."""
        # Offline or refused: the keyring entry still goes; the token expires on the service.
        with contextlib.suppress(ServiceError):
            self.client.revoke(self._refresh_token)
        self._access_token = ""
        return self.vault.delete(self.account.vault_key)

    # -- internals ------------------------------------------------------------------------

    def _apply(self, grant: TokenGrant) -> None:
        self._access_token = grant.access_token
        self._refresh_token = grant.refresh_token
        self._expires_at = self._clock() + grant.expires_in - EXPIRY_MARGIN_SECONDS
        if grant.access_token:
            self._connected = True
            self.connect_problem = None
            if grant.email != self.account.email:  # a session started offline learns it now
                self.account = Account(self.account.service_url, grant.user_id, grant.email)

    def _valid_access_token(self) -> str:
        with self._lock:
            if self._access_token and self._clock() < self._expires_at:
                return self._access_token
            current = self._access_token
        return self._refresh_replacing(current)

    def _refresh_replacing(self, stale_access_token: str) -> str:
        with self._lock:
            if self._access_token and self._access_token != stale_access_token:
                return self._access_token  # another thread refreshed while we waited
            grant = _refresh(self.client, self._refresh_token, self._retry_delays, self._sleep)
            self._apply(grant)
            self.save_refresh_token()
            return self._access_token

    def __repr__(self) -> str:
        return f"AuthSession(service={self.client.base_url!r}, user={self.account.user_id!r})"


def _refresh(
    client: PrivacyClient,
    refresh_token: str,
    retry_delays: Sequence[float],
    sleep: Callable[[float], None],
) -> TokenGrant:
    """Exchange the refresh token; only a refusal of the token itself ends the session.

    When the outcome is unknown (the call may have reached the service, which then rotated
    the token), the same token is sent again soon: the service recognises a retry of a
    refresh whose answer was lost and hands out a fresh pair. Any other failure is raised as
    it came, and the caller still holds the token it started with.
    """
    pauses = iter(retry_delays)
    while True:
        try:
            return client.refresh_grant(refresh_token)
        except ServiceError as error:
            if error.kind is FailureKind.SIGN_IN_REFUSED:  # invalid_grant
                raise ServiceError(
                    FailureKind.SESSION_EXPIRED, error.detail, error.status
                ) from None
            pause = next(pauses, None) if error.kind in OUTCOME_UNKNOWN else None
            if pause is None:
                raise
        sleep(pause)
