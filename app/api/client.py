"""PrivacyClient: every call the app makes to the service, each with a timeout."""

from __future__ import annotations

import email.utils
import http.client
import json
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote, urljoin, urlsplit

import requests
import urllib3

from app import __version__
from app.api.certificates import certificate_problem, find_cause
from app.api.errors import FailureKind, ServiceError
from app.api.parse import (
    field,
    parse_agent_authorisation,
    parse_agent_authorisations,
    parse_agents,
    parse_catalog,
    parse_choice_values,
    parse_choices_changed,
    parse_data_summary,
    parse_gpc_setting,
    parse_public_keys,
    parse_receipt_page,
    parse_record_page,
    parse_request,
    parse_request_list,
    parse_timeline,
)
from app.api.trust import use_the_system_trust_store
from app.core.acknowledgements import SignedAcknowledgement
from app.core.agents import Agent, AgentAuthorisation, GpcSetting
from app.core.catalog import Catalog
from app.core.choices import ChoiceValues
from app.core.data import CategorySummary, RecordPage
from app.core.receipts import ConsentReceipt, PublicKey
from app.core.requests import PrivacyRequest, RequestKind

# (connect, read) seconds. Long enough for a slow link, short enough to never hang.
DEFAULT_TIMEOUT = (5.0, 20.0)
USER_AGENT = f"PrivacyDesk/{__version__}"
# PrivacyClient has a method named `requests`; inside the class that name is the method.
HttpResponse = requests.Response
Parsed = TypeVar("Parsed")


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_in: int
    user_id: str
    email: str

    def __repr__(self) -> str:  # never print a token, not even in a traceback
        return f"TokenGrant(user_id={self.user_id!r}, expires_in={self.expires_in})"


@dataclass(frozen=True)
class AuthorizationServer:
    """Where the service signs people in (its RFC 8414 metadata)."""

    issuer: str
    authorization_endpoint: str
    device_authorization_endpoint: str


@dataclass(frozen=True)
class DeviceAuthorization:
    """A device sign-in under way (RFC 8628): the code the user types elsewhere."""

    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int

    def __repr__(self) -> str:  # the device code is as good as a sign-in: never in a log
        return f"DeviceAuthorization(user_code={self.user_code!r})"


# The app's registration at the service: a public client (PKCE, no secret).
CLIENT_ID = "privacy-desk"
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def _body_only(parse: Callable[[Any], Parsed]) -> Callable[[Any, str | None], Parsed]:
    """A parser of the body alone, for `_read_again`, which also hands over the ETag."""
    return lambda data, _etag: parse(data)


class PrivacyClient:
    """Stateless about tokens: the caller passes the access token it holds."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        language: str = "en",
        http: requests.Session | None = None,
    ) -> None:
        use_the_system_trust_store()  # before this client can make any connection
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.language = language
        self._http = http or requests.Session()
        self._http.headers["User-Agent"] = USER_AGENT
        self._http.headers["X-Client"] = USER_AGENT
        # What each conditional read last answered, by path and language: (ETag, parsed).
        # The ETag is a digest of the answer, so a 304 means exactly this content.
        self._validated: dict[tuple[str, str], tuple[str, Any]] = {}
        self._validated_lock = threading.Lock()

    # -- plumbing -------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        access_token: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> HttpResponse:
        all_headers = {"Accept-Language": self.language, **(headers or {})}
        if access_token:
            all_headers["Authorization"] = f"Bearer {access_token}"
        try:
            response = self._http.request(
                method,
                self.base_url + path,
                headers=all_headers,
                timeout=self.timeout,
                allow_redirects=False,
                **kwargs,
            )
        except requests.exceptions.RequestException as error:
            raise transport_failure(error, timeout=self.timeout[0]) from None
        if 300 <= response.status_code < 400 and response.status_code != 304:
            response.close()
            raise _redirect_failure(self.base_url + path, response)
        if response.status_code >= 400:
            failure = _failure_for(response)
            response.close()  # a streamed answer would otherwise hold its connection
            raise failure
        return response

    def _read_again(
        self, path: str, access_token: str | None, parse: Callable[[Any, str | None], Parsed]
    ) -> Parsed:
        """GET with If-None-Match: a 304 (nothing changed) gives what was parsed last time.
        `parse` gets the body and the ETag (the choices' version is part of what is read)."""
        key = (path, self.language)
        with self._validated_lock:
            known = self._validated.get(key)
        headers = {"If-None-Match": known[0]} if known is not None else {}
        response = self._send("GET", path, access_token=access_token, headers=headers)
        if response.status_code == 304 and known is not None:
            result: Parsed = known[1]
            return result
        etag = response.headers.get("ETag")
        result = parse(self._json(response), etag)
        with self._validated_lock:
            if etag:
                self._validated[key] = (etag, result)
            else:
                self._validated.pop(key, None)
        return result

    @staticmethod
    def _json(response: HttpResponse) -> Any:
        """The body as JSON. A body that promised JSON but does not parse was cut off or
        garbled on the way; a body of another kind altogether (a proxy's HTML page, a
        different server) is an answer this app does not understand."""
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError):
            kind = FailureKind.CUT_OFF if _meant_as_json(response) else FailureKind.BAD_ANSWER
            raise ServiceError(kind, "not JSON", response.status_code) from None

    # -- auth -----------------------------------------------------------------------------

    def password_grant(self, email: str, password: str) -> TokenGrant:
        response = self._send(
            "POST",
            "/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": password},
        )
        return _token_grant(self._json(response))

    def authorization_server(self) -> AuthorizationServer:
        """The service's sign-in endpoints. Its issuer must be the address the app was given
        (RFC 8414 §3.3): metadata naming another issuer is not this service's."""
        data = self._json(self._send("GET", "/.well-known/oauth-authorization-server"))
        issuer = field(data, "issuer", str)
        if issuer.rstrip("/") != self.base_url:
            raise ServiceError(FailureKind.BAD_ANSWER, f"metadata of another issuer: {issuer}")
        # The browser is sent there with the sign-in's state: only to this very service,
        # over the scheme the user gave (never from https:// down to http://).
        authorization_endpoint = field(data, "authorization_endpoint", str)
        if not authorization_endpoint.startswith(self.base_url + "/"):
            raise ServiceError(FailureKind.BAD_ANSWER, "sign-in page elsewhere")
        return AuthorizationServer(
            issuer=issuer,
            authorization_endpoint=authorization_endpoint,
            device_authorization_endpoint=field(data, "device_authorization_endpoint", str),
        )

    def code_grant(self, code: str, redirect_uri: str, code_verifier: str) -> TokenGrant:
        """Exchanges the code the browser brought back (with the PKCE verifier)."""
        response = self._send(
            "POST",
            "/v1/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": CLIENT_ID,
                "code_verifier": code_verifier,
            },
        )
        return _token_grant(self._json(response))

    def device_authorization(self, endpoint: str) -> DeviceAuthorization:
        """Starts a device sign-in at the metadata's `device_authorization_endpoint`."""
        if not endpoint.startswith(self.base_url + "/"):
            raise ServiceError(FailureKind.BAD_ANSWER, "device sign-in elsewhere")
        response = self._send(
            "POST", endpoint.removeprefix(self.base_url), data={"client_id": CLIENT_ID}
        )
        data = self._json(response)
        return DeviceAuthorization(
            device_code=field(data, "device_code", str),
            user_code=field(data, "user_code", str),
            verification_uri=field(data, "verification_uri", str),
            verification_uri_complete=field(data, "verification_uri_complete", str),
            expires_in=field(data, "expires_in", int),
            interval=field(data, "interval", int),
        )

    def device_grant(self, device_code: str) -> TokenGrant:
        """One poll. Until the user decides: REJECTED with `code` authorization_pending,
        slow_down, expired_token or access_denied (RFC 8628 §3.5)."""
        response = self._send(
            "POST",
            "/v1/auth/token",
            data={
                "grant_type": DEVICE_CODE_GRANT,
                "device_code": device_code,
                "client_id": CLIENT_ID,
            },
        )
        return _token_grant(self._json(response))

    def refresh_grant(self, refresh_token: str) -> TokenGrant:
        response = self._send(
            "POST",
            "/v1/auth/token",
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        )
        return _token_grant(self._json(response))

    def revoke(self, token: str) -> None:
        self._send("POST", "/v1/auth/revoke", data={"token": token})

    # -- catalog and choices --------------------------------------------------------------

    def catalog(self) -> Catalog:
        """Read again with If-None-Match: while it did not change, the answer is an empty 304."""
        return self._read_again("/v1/catalog", None, _body_only(parse_catalog))

    def choices(self, access_token: str) -> ChoiceValues:
        """Read again with If-None-Match: while the version is the same, an empty 304."""
        return self._read_again("/v1/me/choices", access_token, parse_choice_values)

    def change_choices(
        self, access_token: str, etag: str, changes: dict[str, bool]
    ) -> ChoiceValues:
        return self.change_choices_with_receipts(access_token, etag, changes)[0]

    def change_choices_with_receipts(
        self, access_token: str, etag: str, changes: dict[str, bool]
    ) -> tuple[ChoiceValues, tuple[ConsentReceipt, ...]]:
        """The new values, and one signed receipt per choice whose value really changed."""
        response = self._send(
            "PATCH",
            "/v1/me/choices",
            access_token=access_token,
            headers={"If-Match": etag},
            json={"changes": changes},
        )
        return parse_choices_changed(self._json(response), response.headers.get("ETag"))

    # -- your data ------------------------------------------------------------------------

    def data_summary(self, access_token: str) -> tuple[CategorySummary, ...]:
        response = self._send("GET", "/v1/me/data", access_token=access_token)
        return parse_data_summary(self._json(response))

    def timeline(self, access_token: str, category: str) -> tuple[tuple[str, int], ...]:
        """Records collected per month (UTC, "YYYY-MM"), oldest first, at most 24 months."""
        response = self._send(
            "GET", f"/v1/me/data/{_segment(category)}/timeline", access_token=access_token
        )
        return parse_timeline(self._json(response), category)

    def records(
        self,
        access_token: str,
        category: str,
        cursor: str | None = None,
        limit: int = 200,
        part: str | None = None,
    ) -> RecordPage:
        """One page of a category's records, newest first; pass `next_cursor` for older ones.
        `part` picks one of the category's `parts` (the main one when None)."""
        params: dict[str, str | int] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        if part is not None:
            params["part"] = part
        response = self._send(
            "GET",
            f"/v1/me/data/{_segment(category)}",
            access_token=access_token,
            params=params,
        )
        page = parse_record_page(self._json(response))
        if page.category != category:
            raise ServiceError(FailureKind.BAD_ANSWER, "records of another category")
        return page

    # -- receipts -------------------------------------------------------------------------

    def receipts(
        self, access_token: str, cursor: str | None = None, limit: int = 100
    ) -> tuple[tuple[ConsentReceipt, ...], str | None]:
        """One page of the user's consent receipts, newest first, and the next page's cursor."""
        params: dict[str, str | int] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = self._send("GET", "/v1/me/receipts", access_token=access_token, params=params)
        return parse_receipt_page(self._json(response))

    def public_keys(self) -> tuple[PublicKey, ...]:
        """The service's Ed25519 keys; public, so no token."""
        return parse_public_keys(self._json(self._send("GET", "/v1/keys")))

    # -- requests -------------------------------------------------------------------------

    def requests(self, access_token: str) -> tuple[PrivacyRequest, ...]:
        """All of the user's requests, newest first, each with its full history.

        Asked with the last answer's ETag: when nothing changed the service answers an
        empty 304 and the last answer is returned."""
        return self._read_again("/v1/me/requests", access_token, _body_only(parse_request_list))

    def request(self, access_token: str, request_id: str) -> PrivacyRequest:
        path = f"/v1/me/requests/{_segment(request_id)}"
        return self._read_again(path, access_token, _body_only(parse_request))

    def file_request(
        self,
        access_token: str,
        idempotency_key: str,
        kind: RequestKind,
        details: dict[str, object],
    ) -> PrivacyRequest:
        """File a request; sending the same key again returns the request already filed.

        `details` are the kind's own fields: for a correction `field`, `proposed_value` and
        `reason`; for a deletion optionally `agent`. A deletion needs `step_up` first (a 403
        REJECTED otherwise); a second open deletion is refused as ALREADY_REQUESTED.
        """
        response = self._send(
            "POST",
            "/v1/me/requests",
            access_token=access_token,
            headers={"Idempotency-Key": idempotency_key},
            json={**details, "kind": kind.value},
        )
        return parse_request(self._json(response))

    def cancel_request(self, access_token: str, request_id: str) -> PrivacyRequest:
        """Withdraw an open request (a deletion only during its grace period); 409 otherwise."""
        response = self._send(
            "POST",
            f"/v1/me/requests/{_segment(request_id)}/cancel",
            access_token=access_token,
        )
        return parse_request(self._json(response))

    def send_reminder(self, access_token: str, request_id: str) -> PrivacyRequest:
        """Remind the service of an overdue request; it is recorded in the request's history.
        409 (`not_overdue`, `reminder_too_soon`) when it cannot be sent now."""
        response = self._send(
            "POST",
            f"/v1/me/requests/{_segment(request_id)}/reminders",
            access_token=access_token,
        )
        return parse_request(self._json(response))

    def acknowledgement(self, access_token: str, request_id: str) -> SignedAcknowledgement:
        """The request's facts and history as the service states them, signed."""
        response = self._send(
            "GET",
            f"/v1/me/requests/{_segment(request_id)}/acknowledgement",
            access_token=access_token,
        )
        data = self._json(response)
        return SignedAcknowledgement(
            payload=field(data, "payload", str),
            signature=field(data, "signature", str),
            key_id=field(data, "key_id", str),
        )

    def step_up(self, access_token: str, password: str) -> None:
        """Re-enter the password: for five minutes this access token may file a deletion.

        The step-up belongs to the token it was sent with, so file the deletion with the
        same token (one `AuthSession.call` for both). A wrong password is SIGN_IN_REFUSED.
        """
        self._send(
            "POST",
            "/v1/auth/step-up",
            access_token=access_token,
            data={"password": password},
        )

    # -- authorised agents (R6) and Global Privacy Control ------------------------------

    def agents(self, access_token: str) -> tuple[Agent, ...]:
        """The agents the service's operator registered. Read again with If-None-Match:
        the list changes rarely. A service without agents answers 404 (REJECTED)."""
        return self._read_again("/v1/agents", access_token, _body_only(parse_agents))

    def agent_authorisations(self, access_token: str) -> tuple[AgentAuthorisation, ...]:
        """Every authorisation the user gave, live or not, newest first."""
        response = self._send("GET", "/v1/me/agent-authorisations", access_token=access_token)
        return parse_agent_authorisations(self._json(response))

    def authorise_agent(
        self,
        access_token: str,
        agent_id: str,
        kinds: tuple[RequestKind, ...],
        valid_until: datetime,
    ) -> AgentAuthorisation:
        """Let the agent file these kinds of request until `valid_until` (at most 366
        days ahead); it replaces the agent's live authorisation, if any. Allowing a
        deletion needs a step-up first, like filing one: 403 STEP_UP_REQUIRED otherwise."""
        response = self._send(
            "POST",
            "/v1/me/agent-authorisations",
            access_token=access_token,
            json={
                "agent_id": agent_id,
                "kinds": [kind.value for kind in kinds],
                "valid_until": valid_until.astimezone(UTC).isoformat(),
            },
        )
        return parse_agent_authorisation(self._json(response))

    def revoke_agent_authorisation(
        self, access_token: str, authorisation_id: str
    ) -> AgentAuthorisation:
        """From now on the agent cannot file requests; those it filed stay."""
        response = self._send(
            "DELETE",
            f"/v1/me/agent-authorisations/{_segment(authorisation_id)}",
            access_token=access_token,
        )
        return parse_agent_authorisation(self._json(response))

    def gpc_setting(self, access_token: str) -> GpcSetting:
        """Whether Global Privacy Control signals are honoured; 404 (REJECTED) from a
        service that does not know GPC."""
        response = self._send("GET", "/v1/me/gpc", access_token=access_token)
        return parse_gpc_setting(self._json(response))

    def set_gpc_setting(self, access_token: str, honour_signals: bool) -> GpcSetting:
        response = self._send(
            "PUT",
            "/v1/me/gpc",
            access_token=access_token,
            json={"honour_signals": honour_signals},
        )
        return parse_gpc_setting(self._json(response))

    # -- what the app itself sends --------------------------------------------------------

    def send_crash_report(self, access_token: str, report: dict[str, str]) -> int:
        """Send one crash report (app, app_version, device, summary, body); returns how
        many reports the service kept: 1, or 0 when choice X3 was off as it arrived.

        A 202 alone does not mean the report was kept, so the count is what tells the app
        whether it may delete its own copy.
        """
        response = self._send(
            "POST",
            "/v1/ingest/crash-reports",
            access_token=access_token,
            json={"events": [report]},
        )
        stored: int = field(self._json(response), "stored", int)
        return stored

    # -- the access copy ------------------------------------------------------------------

    def open_export(
        self,
        access_token: str,
        request_id: str,
        *,
        headers: dict[str, str] | None = None,
    ) -> HttpResponse:
        """The copy's response, body not yet read (streamed); app/api/download.py reads it.

        The caller must close the response.
        """
        return self._send(
            "GET",
            f"/v1/me/requests/{_segment(request_id)}/export",
            access_token=access_token,
            headers=headers,
            stream=True,
        )


def _segment(value: str) -> str:
    """An id as one path segment: nothing in it can reach another route."""
    return quote(value, safe="")


def _token_grant(data: Any) -> TokenGrant:
    user = field(data, "user", dict)
    return TokenGrant(
        access_token=field(data, "access_token", str),
        refresh_token=field(data, "refresh_token", str),
        expires_in=field(data, "expires_in", int),
        user_id=field(user, "id", str),
        email=field(user, "email", str),
    )


# Answers from a gateway or a service that is starting, stopping or overloaded: they say
# nothing about the request itself and pass when waited out.
_BUSY_STATUSES = frozenset({502, 503, 504})
# The longest Retry-After taken at its word; anything longer is treated as this.
MAX_RETRY_AFTER = 600.0


def transport_failure(
    error: requests.exceptions.RequestException, *, timeout: float = DEFAULT_TIMEOUT[0]
) -> ServiceError:
    """What really happened when no complete answer came back, as a ServiceError.

    `requests` raises ConnectionError both when no connection could be made (nothing was
    sent) and when the connection broke after the call went out (it may have taken
    effect), so the cause urllib3 recorded decides between OFFLINE and CONNECTION_LOST.
    A TLS failure is examined (app/api/certificates.py), within `timeout` seconds.
    """
    name = type(error).__name__
    if isinstance(error, requests.exceptions.SSLError):
        return _tls_failure(error, timeout)
    # ConnectTimeout is a ConnectionError too: the connection never opened.
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return ServiceError(FailureKind.OFFLINE, name)
    if isinstance(error, requests.exceptions.Timeout):
        return ServiceError(FailureKind.TIMEOUT, name)
    if isinstance(
        error,
        requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError,
    ):
        return ServiceError(FailureKind.CUT_OFF, name)  # the body stopped early or garbled
    if isinstance(error, requests.exceptions.ConnectionError):
        return _connection_failure(error)
    if isinstance(
        error,
        requests.exceptions.InvalidURL
        | requests.exceptions.InvalidSchema
        | requests.exceptions.MissingSchema,
    ):
        return ServiceError(FailureKind.OFFLINE, name)  # nothing could be sent
    return ServiceError(FailureKind.BAD_ANSWER, name)


def _tls_failure(error: requests.exceptions.SSLError, timeout: float) -> ServiceError:
    """A connection cut inside TLS (an EOF where a TLS record was due) is the network's
    doing, and urllib3 reports it so whether the call had gone out or not: CONNECTION_LOST.
    Anything else is the service's certificate or its TLS, examined for the user."""
    verification = find_cause(error, ssl.SSLCertVerificationError)
    if verification is None and (
        find_cause(error, ssl.SSLEOFError) or find_cause(error, ConnectionError)
    ):
        return ServiceError(FailureKind.CONNECTION_LOST, "the connection ended inside TLS")
    url = error.request.url if error.request is not None else ""
    problem = certificate_problem(error, url or "", timeout)
    return ServiceError(
        FailureKind.CERTIFICATE, f"SSLError: {problem.reason.value}", certificate=problem
    )


def _redirect_failure(url: str, response: HttpResponse) -> ServiceError:
    """A redirect is never followed: the call and its token stay with the address the user
    gave. The failure names where the service pointed (scheme, host and port only)."""
    target = urlsplit(urljoin(url, response.headers.get("Location", "")))
    host = target.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{target.port}" if target.port else ""
    where = f"{target.scheme}://{host}{port}" if target.scheme and host else ""
    return ServiceError(
        FailureKind.REDIRECTED,
        f"{response.status_code} to {where or 'nowhere'}",
        response.status_code,
        redirect_to=where,
    )


def _connection_failure(error: requests.exceptions.ConnectionError) -> ServiceError:
    cause: object = error.args[0] if error.args else None
    if isinstance(cause, urllib3.exceptions.MaxRetryError):
        cause = cause.reason
    if isinstance(cause, urllib3.exceptions.ProxyError):
        cause = cause.original_error
    # NameResolutionError is a NewConnectionError; both are ConnectTimeoutErrors.
    if isinstance(cause, urllib3.exceptions.ConnectTimeoutError):
        return ServiceError(FailureKind.OFFLINE, type(cause).__name__)
    if isinstance(cause, urllib3.exceptions.ReadTimeoutError):
        return ServiceError(FailureKind.TIMEOUT, type(cause).__name__)
    if isinstance(cause, urllib3.exceptions.ProtocolError) and _is_incomplete_body(cause):
        return ServiceError(FailureKind.CUT_OFF, type(cause).__name__)
    # Reset, closed before the status line (RemoteDisconnected), broken pipe while sending:
    # the request may have reached the service.
    return ServiceError(FailureKind.CONNECTION_LOST, type(cause or error).__name__)


def _is_incomplete_body(error: urllib3.exceptions.ProtocolError) -> bool:
    return any(isinstance(arg, http.client.IncompleteRead) for arg in error.args)


def _meant_as_json(response: HttpResponse) -> bool:
    """Did this answer set out to be JSON (by its type, or by how it starts)?"""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        return True
    start = response.content.lstrip()[:1]
    return start in (b"", b"{", b"[")


def retry_after_seconds(response: HttpResponse) -> float | None:
    """`Retry-After` as seconds from now (delay-seconds or an HTTP date), if usable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _failure_for(response: HttpResponse) -> ServiceError:
    status = response.status_code
    detail = ""
    code = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            detail = str(body.get("detail") or body.get("title") or "")
            code = str(body.get("code") or "")
    except (ValueError, requests.exceptions.RequestException):
        pass  # an HTML error page, an empty or cut-off body: the status still says enough
    retry_after = retry_after_seconds(response)
    if status in _BUSY_STATUSES:
        kind = FailureKind.SERVICE_BUSY
    elif status >= 500:
        kind = FailureKind.SERVER_ERROR
    elif status == 401:
        kind = FailureKind.SESSION_EXPIRED
    elif status == 400 and code == "account_deleted":
        kind = FailureKind.ACCOUNT_DELETED
    elif status == 400 and code in ("invalid_grant", "wrong_password"):
        kind = FailureKind.SIGN_IN_REFUSED
    elif status == 412:
        kind = FailureKind.CONFLICT
    elif status == 429:
        kind = FailureKind.RATE_LIMITED
    elif status == 409 and code == "deletion_pending":
        kind = FailureKind.ALREADY_REQUESTED
    elif status == 409 and code in ("not_cancellable", "grace_period_over"):
        kind = FailureKind.NO_LONGER_POSSIBLE
    elif status == 410:
        kind = FailureKind.COPY_GONE
    elif status == 403 and code == "step_up_required":
        kind = FailureKind.STEP_UP_REQUIRED
    else:
        kind = FailureKind.REJECTED
    return ServiceError(kind, detail, status, retry_after=retry_after, code=code)
