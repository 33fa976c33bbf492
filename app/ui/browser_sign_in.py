"""A sign-in in the user's browser, run from a dialog: the one way the app signs people
in (and confirms it is them before a deletion) without seeing their password.

`BrowserSignInTask` prepares the request off the GUI thread (the service's metadata, the
loopback listener), opens the browser, waits for it off the GUI thread, and reports the
grant or the failure on the GUI thread. Until then the dialog shows "Waiting for your
browser…" with a Cancel that ends the wait at once. `open_in_browser` is looked up when
the task starts, so tests can put a browser of their own in its place.

Device sign-in (a code typed on another device) is `DeviceSignInTask`, the same shape.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from app.api.client import DeviceAuthorization, PrivacyClient
from app.auth.loopback import CallbackPage
from app.auth.oauth import (
    BROWSER_TIMEOUT_SECONDS,
    BrowserSignIn,
    SignInStopped,
    StopReason,
    wait_for_device,
)
from app.ui.tasks import run_task


def _cancelled_with(task: QObject) -> threading.Event:
    """The task's cancel flag, also set when the task goes (its dialog closed): a wait on a
    worker thread never outlives the window that started it."""
    cancelled = threading.Event()
    task.destroyed.connect(lambda *_args: cancelled.set())
    return cancelled


def open_in_browser(url: str) -> bool:
    """The system's browser on `url`; False when there is none to open."""
    return QDesktopServices.openUrl(QUrl(url))


class BrowserSignInTask(QObject):
    succeeded = Signal(object)  # TokenGrant
    failed = Signal(object)  # BaseException: ServiceError, SignInStopped, ...

    def __init__(
        self,
        parent: QObject,
        client: PrivacyClient,
        *,
        language: str,
        login_hint: str = "",
        step_up: bool = False,
        timeout: float = BROWSER_TIMEOUT_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._language = language
        self._login_hint = login_hint
        self._step_up = step_up
        self._timeout = timeout
        self._cancelled = _cancelled_with(self)
        self.url = ""

    def start(self) -> None:
        page = self._callback_page()
        client, language, hint, step_up = (
            self._client,
            self._language,
            self._login_hint,
            self._step_up,
        )
        run_task(
            self,
            lambda: BrowserSignIn.prepare(
                client, page, language=language, login_hint=hint, step_up=step_up
            ),
            self._prepared,
            self.failed.emit,
        )

    def cancel(self) -> None:
        self._cancelled.set()

    def _prepared(self, sign_in: BrowserSignIn) -> None:
        if self._cancelled.is_set():
            sign_in.abandon()
            self.failed.emit(SignInStopped(StopReason.CANCELLED))
            return
        self.url = sign_in.url
        if not open_in_browser(sign_in.url):
            sign_in.abandon()
            self.failed.emit(SignInStopped(StopReason.NO_BROWSER))
            return
        client, timeout, cancelled = self._client, self._timeout, self._cancelled
        run_task(
            self,
            lambda: sign_in.finish(client, timeout, cancelled),
            self.succeeded.emit,
            self.failed.emit,
        )

    def _callback_page(self) -> CallbackPage:
        if self._step_up:
            title = self.tr("Confirmed")
            message = self.tr("You can close this tab. Privacy Desk goes on with your request.")
        else:
            title = self.tr("You are signed in")
            message = self.tr("You can close this tab and go back to Privacy Desk.")
        return CallbackPage(self._language, title, message)


class DeviceSignInTask(QObject):
    """Sign-in with a code typed on another device: `started` gives the code to show."""

    started = Signal(object)  # DeviceAuthorization
    succeeded = Signal(object)  # TokenGrant
    failed = Signal(object)

    def __init__(self, parent: QObject, client: PrivacyClient) -> None:
        super().__init__(parent)
        self._client = client
        self._cancelled = _cancelled_with(self)

    def start(self) -> None:
        client = self._client
        run_task(
            self,
            lambda: client.device_authorization(
                client.authorization_server().device_authorization_endpoint
            ),
            self._authorized,
            self.failed.emit,
        )

    def cancel(self) -> None:
        self._cancelled.set()

    def _authorized(self, authorization: DeviceAuthorization) -> None:
        self.started.emit(authorization)
        client, cancelled = self._client, self._cancelled
        run_task(
            self,
            lambda: wait_for_device(client, authorization, cancelled),
            self.succeeded.emit,
            self.failed.emit,
        )
