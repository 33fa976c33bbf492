"""Browser and device sign-in as the app does them (app/auth/oauth.py, loopback.py),
against the real service over loopback HTTP. The test plays the browser: it opens the
URL the app built, fills in the service's sign-in page like a browser without JavaScript,
and follows the redirect to the app's own listener."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.auth.loopback import CallbackPage
from app.auth.oauth import BrowserSignIn, SignInStopped, StopReason, wait_for_device
from server.config import Settings
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.server.helpers import Account
from tests.server.oauth_flow import (
    decide_on_device_page,
    hidden_fields,
    send_form,
)

ADA = Account(id="", email=USER_EMAIL, password=USER_PASSWORD)
PAGE = CallbackPage("nl", "Je bent aangemeld", "Je kunt dit tabblad sluiten.")


@pytest.fixture
def service(tmp_path: Path, _service_template: Path) -> Iterator[EmbeddedService]:
    """The real service, polling interval of device sign-in at its shortest (1 s)."""
    import shutil

    path = tmp_path / "service.sqlite3"
    shutil.copyfile(_service_template, path)
    settings = Settings(
        database_url=f"sqlite:///{path}",
        export_dir=tmp_path / "exports",
        device_poll_interval=timedelta(seconds=1),
    )
    running = EmbeddedService(settings)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def client(service: EmbeddedService) -> PrivacyClient:
    return PrivacyClient(service.base_url)


@pytest.fixture
def browser(service: EmbeddedService) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.base_url, timeout=10) as cookies_and_all:
        yield cookies_and_all


@pytest.fixture
def worker() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


def sign_in_on_the_page(browser: httpx.Client, url: str, action: str = "sign_in") -> str:
    """Open the app's URL, sign in (or cancel); where the page sends the browser."""
    page = browser.get(url)
    assert page.status_code == 200, page.text
    answer = send_form(browser, urlsplit(url).path, hidden_fields(page), ADA, action)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def test_browser_sign_in_brings_back_a_working_sign_in_without_the_app_seeing_a_password(
    client: PrivacyClient, browser: httpx.Client, worker: ThreadPoolExecutor
) -> None:
    sign_in = BrowserSignIn.prepare(client, PAGE, language="nl", login_hint=USER_EMAIL)
    query = parse_qs(urlsplit(sign_in.url).query)
    assert query["code_challenge_method"] == ["S256"] and query["lang"] == ["nl"]
    assert urlsplit(sign_in.request.redirect_uri).hostname == "127.0.0.1"
    waiting: Future[TokenGrant] = worker.submit(sign_in.finish, client, 30)

    location = sign_in_on_the_page(browser, sign_in.url)
    landed = httpx.get(location)  # the browser arrives at the app's listener

    assert landed.status_code == 200
    assert '<html lang="nl">' in landed.text and "Je kunt dit tabblad sluiten." in landed.text
    grant = waiting.result(timeout=30)
    assert grant.email == USER_EMAIL
    assert client.choices(grant.access_token).values  # a real sign-in
    # The code was used up: the same callback cannot be exchanged again.
    code = parse_qs(urlsplit(location).query)["code"][0]
    with pytest.raises(ServiceError) as replay:
        client.code_grant(code, sign_in.request.redirect_uri, sign_in.request.pkce.verifier)
    assert replay.value.kind is FailureKind.SIGN_IN_REFUSED


def test_the_listener_ignores_stray_requests_and_waits_for_its_own_callback(
    client: PrivacyClient, browser: httpx.Client, worker: ThreadPoolExecutor
) -> None:
    sign_in = BrowserSignIn.prepare(client, PAGE, language="en")
    waiting = worker.submit(sign_in.finish, client, 30)
    redirect = sign_in.request.redirect_uri
    listener_root = redirect.removesuffix("/callback")

    assert httpx.get(listener_root + "/favicon.ico").status_code == 404
    forged = httpx.get(redirect, params={"code": "forged", "state": "not-the-app's"})
    assert forged.status_code == 400
    assert not waiting.done()

    httpx.get(sign_in_on_the_page(browser, sign_in.url))

    assert waiting.result(timeout=30).email == USER_EMAIL


def test_cancel_on_the_page_is_a_denied_sign_in(
    client: PrivacyClient, browser: httpx.Client, worker: ThreadPoolExecutor
) -> None:
    sign_in = BrowserSignIn.prepare(client, PAGE, language="en")
    waiting = worker.submit(sign_in.finish, client, 30)

    httpx.get(sign_in_on_the_page(browser, sign_in.url, action="cancel"))

    with pytest.raises(SignInStopped) as stopped:
        waiting.result(timeout=30)
    assert stopped.value.reason is StopReason.DENIED


def test_an_answer_naming_another_issuer_is_refused(
    client: PrivacyClient, worker: ThreadPoolExecutor
) -> None:
    sign_in = BrowserSignIn.prepare(client, PAGE, language="en")
    waiting = worker.submit(sign_in.finish, client, 30)

    httpx.get(
        sign_in.request.redirect_uri,
        params={"code": "x", "state": sign_in.request.state, "iss": "https://elsewhere.example"},
    )

    with pytest.raises(SignInStopped) as stopped:
        waiting.result(timeout=30)
    assert stopped.value.reason is StopReason.WRONG_ISSUER


def test_waiting_ends_when_the_user_cancels_or_the_time_is_up(client: PrivacyClient) -> None:
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(SignInStopped) as stopped:
        BrowserSignIn.prepare(client, PAGE, language="en").finish(client, 30, cancelled)
    assert stopped.value.reason is StopReason.CANCELLED

    sign_in = BrowserSignIn.prepare(client, PAGE, language="en")
    with pytest.raises(SignInStopped) as timed_out:
        sign_in.finish(client, 0.3)
    assert timed_out.value.reason is StopReason.TIMED_OUT
    with pytest.raises(httpx.ConnectError):  # the listener is gone with the wait
        httpx.get(sign_in.request.redirect_uri)


def test_step_up_asks_the_page_for_the_password_again(client: PrivacyClient) -> None:
    sign_in = BrowserSignIn.prepare(client, PAGE, language="en", step_up=True)
    try:
        assert parse_qs(urlsplit(sign_in.url).query)["prompt"] == ["login"]
    finally:
        sign_in.abandon()


def test_device_sign_in_polls_until_the_user_allows_it_on_another_device(
    client: PrivacyClient, browser: httpx.Client, service: EmbeddedService
) -> None:
    metadata = client.authorization_server()
    authorization = client.device_authorization(metadata.device_authorization_endpoint)
    assert authorization.interval == 1
    assert authorization.verification_uri_complete.endswith(authorization.user_code)
    decide_on_device_page(browser, authorization.user_code, ADA, "allow")

    grant = wait_for_device(client, authorization, threading.Event())

    assert grant.email == USER_EMAIL


def test_device_sign_in_denied_on_the_other_device(
    client: PrivacyClient, browser: httpx.Client
) -> None:
    metadata = client.authorization_server()
    authorization = client.device_authorization(metadata.device_authorization_endpoint)
    decide_on_device_page(browser, authorization.user_code, ADA, "deny")

    with pytest.raises(SignInStopped) as stopped:
        wait_for_device(client, authorization, threading.Event())
    assert stopped.value.reason is StopReason.DENIED


def test_polling_too_fast_slows_the_app_down_as_the_service_asks(client: PrivacyClient) -> None:
    metadata = client.authorization_server()
    authorization = client.device_authorization(metadata.device_authorization_endpoint)
    asked: list[float] = []

    def no_waiting(seconds: float) -> bool:
        asked.append(seconds)
        return len(asked) > 3  # then the user cancels

    with pytest.raises(SignInStopped) as stopped:
        wait_for_device(client, authorization, threading.Event(), pause=no_waiting)

    assert stopped.value.reason is StopReason.CANCELLED
    # The first poll is merely pending; each later one came too early, and each slow_down
    # added five seconds to the interval the app waits.
    assert asked == [1, 1, 6, 11]
