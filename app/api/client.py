"""PrivacyClient: every call the app makes to the service, each with a timeout."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

from app import __version__
from app.api.errors import FailureKind, ServiceError
from app.api.parse import field, parse_catalog, parse_choice_values
from app.core.catalog import Catalog
from app.core.choices import ChoiceValues

# (connect, read) seconds. Long enough for a slow link, short enough to never hang.
DEFAULT_TIMEOUT = (5.0, 20.0)
USER_AGENT = f"PrivacyDesk/{__version__}"


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_in: int
    user_id: str
    email: str

    def __repr__(self) -> str:  # never print a token, not even in a traceback
        return f"TokenGrant(user_id={self.user_id!r}, expires_in={self.expires_in})"


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
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.language = language
        self._http = http or requests.Session()
        self._http.headers["User-Agent"] = USER_AGENT
        self._http.headers["X-Client"] = USER_AGENT

    # -- plumbing -------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        access_token: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
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
        except requests.exceptions.SSLError as error:
            raise ServiceError(FailureKind.CERTIFICATE, type(error).__name__) from None
        except requests.exceptions.Timeout:
            raise ServiceError(FailureKind.TIMEOUT) from None
        except (requests.exceptions.ConnectionError, requests.exceptions.InvalidURL) as error:
            raise ServiceError(FailureKind.OFFLINE, type(error).__name__) from None
        except requests.exceptions.RequestException as error:
            raise ServiceError(FailureKind.BAD_ANSWER, type(error).__name__) from None
        if response.status_code >= 400:
            raise _failure_for(response)
        return response

    @staticmethod
    def _json(response: requests.Response) -> Any:
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError):
            raise ServiceError(FailureKind.BAD_ANSWER, "not JSON", response.status_code) from None

    # -- auth -----------------------------------------------------------------------------

    def password_grant(self, email: str, password: str) -> TokenGrant:
        response = self._send(
            "POST",
            "/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": password},
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
        return parse_catalog(self._json(self._send("GET", "/v1/catalog")))

    def choices(self, access_token: str) -> ChoiceValues:
        response = self._send("GET", "/v1/me/choices", access_token=access_token)
        return parse_choice_values(self._json(response), response.headers.get("ETag"))

    def change_choices(
        self, access_token: str, etag: str, changes: dict[str, bool]
    ) -> ChoiceValues:
        response = self._send(
            "PATCH",
            "/v1/me/choices",
            access_token=access_token,
            headers={"If-Match": etag},
            json={"changes": changes},
        )
        return parse_choice_values(self._json(response), response.headers.get("ETag"))


def _token_grant(data: Any) -> TokenGrant:
    user = field(data, "user", dict)
    return TokenGrant(
        access_token=field(data, "access_token", str),
        refresh_token=field(data, "refresh_token", str),
        expires_in=field(data, "expires_in", int),
        user_id=field(user, "id", str),
        email=field(user, "email", str),
    )


def _failure_for(response: requests.Response) -> ServiceError:
    status = response.status_code
    detail = ""
    code = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            detail = str(body.get("detail") or body.get("title") or "")
            code = str(body.get("code") or "")
    except ValueError:
        pass
    if status >= 500:
        kind = FailureKind.SERVER_ERROR
    elif status == 401:
        kind = FailureKind.SESSION_EXPIRED
    elif status == 400 and code == "invalid_grant":
        kind = FailureKind.SIGN_IN_REFUSED
    elif status == 412:
        kind = FailureKind.CONFLICT
    elif status == 429:
        kind = FailureKind.RATE_LIMITED
    else:
        kind = FailureKind.REJECTED
    return ServiceError(kind, detail, status)
