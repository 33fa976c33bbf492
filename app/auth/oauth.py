"""Signing in without the password passing through the app (OAuth 2.0 for native apps).

The app opens the service's sign-in page in the user's browser with an authorization
request (RFC 6749 §4.1) carrying a PKCE challenge (RFC 7636, S256) and a random `state`;
the browser comes back to the app's one-shot loopback listener (app/auth/loopback.py,
RFC 8252 §7.3) with a code, which only this app, holding the verifier, can exchange.
`step_up` asks the page for the password again (`prompt=login`): the deletion's check.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlencode

from app.api.client import CLIENT_ID, DeviceAuthorization, PrivacyClient, TokenGrant
from app.api.errors import TRANSIENT, ServiceError
from app.auth.loopback import CallbackPage, ListenerCancelled, ListenerTimedOut, LoopbackListener

# How long the app waits for the browser before giving up on a sign-in.
BROWSER_TIMEOUT_SECONDS = 300.0
# RFC 8628 §3.5: each slow_down adds five seconds to the polling interval.
DEVICE_SLOW_DOWN_SECONDS = 5


@dataclass(frozen=True)
class Pkce:
    verifier: str

    @classmethod
    def new(cls) -> Pkce:
        # 64 random bytes: 86 characters from RFC 7636's unreserved set (43 to 128 allowed).
        return cls(secrets.token_urlsafe(64))

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def __repr__(self) -> str:  # the verifier is as good as the code: never in a log
        return "Pkce(...)"


def new_state() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class AuthorizationRequest:
    """One browser sign-in: what goes into the URL, and what the answer must match."""

    authorization_endpoint: str
    redirect_uri: str
    pkce: Pkce
    state: str
    language: str = "en"
    login_hint: str = ""
    step_up: bool = False

    @property
    def url(self) -> str:
        query = {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": self.redirect_uri,
            "code_challenge": self.pkce.challenge,
            "code_challenge_method": "S256",
            "state": self.state,
            "lang": self.language,
        }
        if self.login_hint:
            query["login_hint"] = self.login_hint
        if self.step_up:
            query["prompt"] = "login"
        return f"{self.authorization_endpoint}?{urlencode(query)}"


class StopReason(Enum):
    TIMED_OUT = "timed_out"  # no answer from the browser or the other device in time
    CANCELLED = "cancelled"  # the user stopped waiting
    DENIED = "denied"  # the user said no on the service's page (access_denied)
    EXPIRED = "expired"  # the device code ran out before anyone used it
    REFUSED = "refused"  # the page sent back another OAuth error
    WRONG_ISSUER = "wrong_issuer"  # the answer names another service (RFC 9207)
    NO_BROWSER = "no_browser"  # the system had no browser to open
    WRONG_ACCOUNT = "wrong_account"  # a confirmation signed in as someone else


class SignInStopped(Exception):
    def __init__(self, reason: StopReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


@dataclass
class BrowserSignIn:
    """Prepared off the GUI thread (metadata, listener); the UI opens `url` in the
    browser; `finish` waits for the browser and exchanges the code, off the GUI thread."""

    request: AuthorizationRequest
    issuer: str
    listener: LoopbackListener

    @classmethod
    def prepare(
        cls,
        client: PrivacyClient,
        page: CallbackPage,
        *,
        language: str,
        login_hint: str = "",
        step_up: bool = False,
    ) -> BrowserSignIn:
        server = client.authorization_server()
        state = new_state()
        listener = LoopbackListener(state, page)
        request = AuthorizationRequest(
            authorization_endpoint=server.authorization_endpoint,
            redirect_uri=listener.redirect_uri,
            pkce=Pkce.new(),
            state=state,
            language=language,
            login_hint=login_hint,
            step_up=step_up,
        )
        return cls(request, server.issuer, listener)

    @property
    def url(self) -> str:
        return self.request.url

    def finish(
        self,
        client: PrivacyClient,
        timeout: float = BROWSER_TIMEOUT_SECONDS,
        cancelled: threading.Event | None = None,
    ) -> TokenGrant:
        try:
            callback = self.listener.wait(timeout, cancelled)
        except ListenerTimedOut:
            raise SignInStopped(StopReason.TIMED_OUT) from None
        except ListenerCancelled:
            raise SignInStopped(StopReason.CANCELLED) from None
        if callback.issuer and callback.issuer != self.issuer:
            raise SignInStopped(StopReason.WRONG_ISSUER, callback.issuer)
        if callback.error == "access_denied":
            raise SignInStopped(StopReason.DENIED)
        if callback.error or not callback.code:
            raise SignInStopped(StopReason.REFUSED, callback.error or "no code")
        return client.code_grant(
            callback.code, self.request.redirect_uri, self.request.pkce.verifier
        )

    def abandon(self) -> None:
        self.listener.close()


def wait_for_device(
    client: PrivacyClient,
    authorization: DeviceAuthorization,
    cancelled: threading.Event,
    *,
    pause: Callable[[float], bool] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> TokenGrant:
    """Polls at the service's interval until the user has decided on the other device.

    `pause(seconds)` waits and answers True when the user cancelled meanwhile (by default,
    `cancelled.wait`). `slow_down` adds five seconds to the interval from then on (RFC 8628
    §3.5); a passing network failure is waited out like a pending answer.
    """
    wait = pause or cancelled.wait
    interval = max(authorization.interval, 1)
    deadline = clock() + authorization.expires_in
    while True:
        if wait(interval) or cancelled.is_set():
            raise SignInStopped(StopReason.CANCELLED)
        if clock() >= deadline:
            raise SignInStopped(StopReason.EXPIRED)
        try:
            return client.device_grant(authorization.device_code)
        except ServiceError as error:
            if error.code == "authorization_pending" or error.kind in TRANSIENT:
                continue
            if error.code == "slow_down":
                interval += DEVICE_SLOW_DOWN_SECONDS
                continue
            if error.code == "access_denied":
                raise SignInStopped(StopReason.DENIED) from None
            if error.code == "expired_token":
                raise SignInStopped(StopReason.EXPIRED) from None
            raise
