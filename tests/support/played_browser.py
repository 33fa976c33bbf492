"""The user's browser, played by a test: it opens the URL the app hands it, signs in on
the real service's page (or presses Cancel there), and follows the redirect to the app's
loopback listener, on a thread of its own as a browser is another process. Put it in
place of `app.ui.browser_sign_in.open_in_browser`."""

from __future__ import annotations

import ssl
import threading
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.server.helpers import Account
from tests.server.oauth_flow import hidden_fields, send_form


class PlayedBrowser:
    """`attempts`: like a person pressing reload, a visit that fails on the way (a network
    fault between the browser and the service) is tried again from the start.

    `verify`: the certificates this browser trusts on an HTTPS service, as a context or the
    path of a PEM file (a test's own authority); by default httpx's own bundle."""

    def __init__(
        self,
        email: str,
        password: str,
        *,
        action: str = "sign_in",
        attempts: int = 1,
        verify: ssl.SSLContext | Path | str | None = None,
    ) -> None:
        self.account = Account(id="", email=email, password=password)
        self.action = action
        self.attempts = attempts
        self.verify: ssl.SSLContext | bool = _trusting(verify)
        self.opened: list[str] = []
        self.failures: list[BaseException] = []
        self._threads: list[threading.Thread] = []

    @property
    def gave_up(self) -> bool:
        """Every visit is over and one of them failed: the app will hear nothing."""
        return bool(self.failures) and not any(t.is_alive() for t in self._threads)

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        thread = threading.Thread(target=self._visit, args=(url,), daemon=True)
        self._threads.append(thread)
        thread.start()
        return True

    def finish(self, timeout: float = 30) -> None:
        """Wait for every visit; re-raise what went wrong in one."""
        for thread in self._threads:
            thread.join(timeout)
        if self.failures:
            raise self.failures[0]

    def _visit(self, url: str) -> None:
        for attempt in range(self.attempts):
            try:
                self._visit_once(url)
                return
            except Exception as error:
                if attempt == self.attempts - 1:
                    self.failures.append(error)  # reported by finish()

    def _visit_once(self, url: str) -> None:
        parts = urlsplit(url)
        with httpx.Client(
            base_url=f"{parts.scheme}://{parts.netloc}", timeout=15, verify=self.verify
        ) as web:
            page = web.get(url)
            page.raise_for_status()
            answer = send_form(web, parts.path, hidden_fields(page), self.account, self.action)
            if answer.status_code != 303:
                raise AssertionError(f"the page answered {answer.status_code}: {answer.text}")
            # To the app's listener (plain HTTP on loopback, unless a test says otherwise).
            httpx.get(answer.headers["location"], timeout=15, verify=self.verify)


def _trusting(verify: ssl.SSLContext | Path | str | None) -> ssl.SSLContext | bool:
    """httpx's `verify`: True (its own bundle) unless told; a PEM path becomes a context
    (httpx 0.28 no longer takes a path)."""
    if verify is None:
        return True
    if isinstance(verify, (Path, str)):
        return ssl.create_default_context(cafile=str(verify))
    return verify
