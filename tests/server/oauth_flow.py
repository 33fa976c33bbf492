"""The steps of browser and device sign-in as a test takes them: PKCE pairs, the sign-in
page read and filled in like a browser without JavaScript would, and the answers read back.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.server.helpers import Account

CLIENT_ID = "privacy-desk"
REDIRECT_URI = "http://127.0.0.1:53682/callback"
AUTHORIZE = "/v1/oauth/authorize"
DEVICE_PAGE = "/v1/oauth/device"
DEVICE_AUTHORIZATION = "/v1/oauth/device_authorization"
TOKEN = "/v1/auth/token"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
# A state with characters that must survive the round trip as they are.
ODD_STATE = "s/t a+t=e&é~1"


class Browser(Protocol):
    """A TestClient or an httpx.Client: both keep cookies, as a browser does."""

    def get(self, url: str, **kwargs: Any) -> httpx.Response: ...

    def post(self, url: str, **kwargs: Any) -> httpx.Response: ...


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def new_pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).decode().rstrip("="))


def authorize_query(pkce: Pkce, **changes: str | None) -> dict[str, str]:
    """A good authorization request; a change of None leaves that parameter out."""
    query: dict[str, str | None] = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
        "state": ODD_STATE,
        **changes,
    }
    return {name: value for name, value in query.items() if value is not None}


class PageReader(HTMLParser):
    """What a browser would see of the page: its elements' attributes, unescaped."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attributes for name, attributes in self.elements if name == tag]


def hidden_fields(page: httpx.Response) -> dict[str, str]:
    return {
        field["name"]: field["value"]
        for field in PageReader(page.text).all("input")
        if field.get("type") == "hidden"
    }


def send_form(
    browser: Browser,
    url: str,
    fields: dict[str, str],
    account: Account,
    action: str,
    *,
    password: str | None = None,
) -> httpx.Response:
    """Post a sign-in page's form with the account's e-mail and password typed in and the
    button named `action` pressed; the answer, unfollowed."""
    typed = {"email": account.email, "password": account.password if password is None else password}
    return browser.post(url, data={**fields, **typed, "action": action}, follow_redirects=False)


def fill_in_sign_in(
    browser: Browser, query: dict[str, str], account: Account, *, password: str | None = None
) -> httpx.Response:
    """Open the page, type the e-mail and password, press Sign in; the answer, unfollowed."""
    page = browser.get(AUTHORIZE, params=query)
    assert page.status_code == 200, page.text
    return send_form(browser, AUTHORIZE, hidden_fields(page), account, "sign_in", password=password)


def callback(answer: httpx.Response) -> tuple[str, dict[str, str]]:
    """Where the page sent the browser, and the parameters it added (each once)."""
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    parts = urlsplit(location)
    parameters = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert all(len(values) == 1 for values in parse_qs(parts.query).values())
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parameters


def code_for(browser: Browser, account: Account, pkce: Pkce, **changes: str | None) -> str:
    _, parameters = callback(fill_in_sign_in(browser, authorize_query(pkce, **changes), account))
    assert "error" not in parameters, parameters
    return parameters["code"]


def exchange(
    browser: Browser,
    code: str,
    verifier: str,
    *,
    redirect_uri: str = REDIRECT_URI,
    client_id: str = CLIENT_ID,
) -> httpx.Response:
    return browser.post(
        TOKEN,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": client_id,
            "code_verifier": verifier,
        },
    )


def oauth_error(answer: httpx.Response) -> str:
    assert answer.status_code == 400, answer.text
    error: str = answer.json()["error"]
    return error


def is_page_without_redirect(answer: httpx.Response) -> bool:
    return (
        "location" not in answer.headers
        and answer.headers["content-type"].startswith("text/html")
        and answer.status_code >= 400
    )


def start_device(browser: Browser) -> dict[str, Any]:
    answer = browser.post(DEVICE_AUTHORIZATION, data={"client_id": CLIENT_ID})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def poll(browser: Browser, device_code: str) -> httpx.Response:
    return browser.post(
        TOKEN,
        data={"grant_type": DEVICE_GRANT, "device_code": device_code, "client_id": CLIENT_ID},
    )


def decide_on_device_page(
    browser: Browser, user_code: str, account: Account, action: str = "allow"
) -> httpx.Response:
    page = browser.get(DEVICE_PAGE)
    assert page.status_code == 200, page.text
    fields = {**hidden_fields(page), "user_code": user_code}
    return send_form(browser, DEVICE_PAGE, fields, account, action)
