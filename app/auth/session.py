"""AuthSession: the access token in memory, refreshed on demand, one refresh at a time."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.auth.vault import TokenVault, VaultResult, VaultStatus
from app.core.account import Account, vault_key

T = TypeVar("T")

# Refresh this long before the access token's stated expiry, to absorb clock skew.
EXPIRY_MARGIN_SECONDS = 30.0


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
    ) -> None:
        self.client = client
        self.vault = vault
        self.account = Account(client.base_url, grant.user_id, grant.email)
        self.keep_in_keyring = keep_in_keyring
        self._clock = clock
        self._lock = threading.Lock()
        self.last_vault_result = VaultResult(VaultStatus.OK)
        self._access_token = ""
        self._refresh_token = ""
        self._expires_at = 0.0
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
        """Password sign-in. The session works even when the keyring result is not OK."""
        grant = client.password_grant(email, password)
        session = cls(client, vault, grant, keep_in_keyring=keep_in_keyring)
        stored = session.save_refresh_token()
        return session, stored

    @classmethod
    def resume(cls, client: PrivacyClient, vault: TokenVault, user_id: str) -> AuthSession:
        """Silent sign-in from the keyring. Raises ServiceError(SESSION_EXPIRED) if impossible."""
        key = vault_key(client.base_url, user_id)
        loaded = vault.load(key)
        if not loaded.ok or loaded.token is None:
            raise ServiceError(FailureKind.SESSION_EXPIRED, f"keyring: {loaded.status.value}")
        grant = _refresh(client, loaded.token)
        session = cls(client, vault, grant, keep_in_keyring=True)
        session.save_refresh_token()
        return session

    # -- using it -------------------------------------------------------------------------

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
            self._apply(_refresh(self.client, self._refresh_token))
            self.save_refresh_token()
            return self._access_token

    def __repr__(self) -> str:
        return f"AuthSession(service={self.client.base_url!r}, user={self.account.user_id!r})"


def _refresh(client: PrivacyClient, refresh_token: str) -> TokenGrant:
    try:
        return client.refresh_grant(refresh_token)
    except ServiceError as error:
        if error.kind is FailureKind.SIGN_IN_REFUSED:
            raise ServiceError(FailureKind.SESSION_EXPIRED, error.detail, error.status) from None
        raise
