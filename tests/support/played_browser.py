"""The user's browser, played by a test: it opens the URL the app hands it, signs in on
the real service's page (or presses Cancel there), and follows the redirect to the app's
loopback listener, on a thread of its own as a browser is another process. Put it in
place of `app.ui.browser_sign_in.open_in_browser`."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import httpx

from tests.server.helpers import Account
from tests.server.oauth_flow import hidden_fields, send_form


class PlayedBrowser:
    def __init__(self, email: str, password: str, *, action: str = "sign_in") -> None:
        self.account = Account(id="", email=email, password=password)
        self.action = action
        self.opened: list[str] = []
        self.failures: list[BaseException] = []
        self._threads: list[threading.Thread] = []

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
        try:
            parts = urlsplit(url)
            with httpx.Client(base_url=f"{parts.scheme}://{parts.netloc}", timeout=15) as web:
                page = web.get(url)
                page.raise_for_status()
                answer = send_form(web, parts.path, hidden_fields(page), self.account, self.action)
                if answer.status_code != 303:
                    raise AssertionError(f"the page answered {answer.status_code}: {answer.text}")
                httpx.get(answer.headers["location"], timeout=15)  # to the app's listener
        except BaseException as error:  # reported by finish()
            self.failures.append(error)
