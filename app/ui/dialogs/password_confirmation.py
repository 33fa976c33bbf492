"""The password confirmed in the browser before an action that needs it (a step-up).

Filing a deletion and letting an agent ask for one both need the account holder to have
re-entered their password moments ago. Privacy Desk never sees the password: the browser
opens the service's page, the user confirms there, and the dialog goes on with the token
that confirmation gave. One way to do that wait, for every dialog that needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QPushButton

from app.api.client import TokenGrant
from app.auth.oauth import SignInStopped, StopReason
from app.ui.browser_sign_in import BrowserSignInTask

if TYPE_CHECKING:
    from app.auth.session import AuthSession
    from app.ui.context import DeskContext


class ConfirmsPasswordInBrowser:
    """Mixed into a QDialog (before QDialog) whose action may need the password confirmed.

    The dialog sets `confirmation = None` and has `session`, `context`, `submit_button`,
    `cancel_button` and `stop_waiting_button` (hidden until a wait starts); it implements
    `_send(confirmed)`, `_set_busy(busy)`, `_show_message(text, error=...)` and
    `failure_text(error)`, and calls `stop_waiting()` when it closes (in `done`).
    """

    confirmation: BrowserSignInTask | None
    session: AuthSession
    context: DeskContext
    submit_button: QPushButton
    cancel_button: QPushButton
    stop_waiting_button: QPushButton

    def _send(self, confirmed: TokenGrant | None) -> None:
        raise NotImplementedError

    def _set_busy(self, busy: bool) -> None:
        raise NotImplementedError

    def _show_message(self, text: str, *, error: bool = True) -> None:
        raise NotImplementedError

    def failure_text(self, error: BaseException) -> str:
        raise NotImplementedError

    def _confirm_in_browser(self) -> None:
        assert isinstance(self, QDialog)
        self.confirmation = BrowserSignInTask(
            self,
            self.session.client,
            language=self.context.language,
            login_hint=self.session.account.email,
            step_up=True,
        )
        self.confirmation.succeeded.connect(self._on_confirmed)
        self.confirmation.failed.connect(self._on_not_confirmed)
        self._set_waiting(True)
        self._show_message(
            QCoreApplication.translate(
                "PasswordConfirmation",
                "Waiting for your browser… Confirm it is you on the service's page, then come back here.",
            ),
            error=False,
        )
        self.confirmation.start()

    def stop_waiting(self) -> None:
        """Ends the wait for the browser; the dialog stays, with what was chosen or typed."""
        if self.confirmation is not None:
            self.confirmation.cancel()

    def waiting_for_browser(self) -> bool:
        return self.confirmation is not None

    def _on_confirmed(self, confirmed: TokenGrant) -> None:
        self._end_wait()
        assert isinstance(self, QDialog)
        self.raise_()
        self.activateWindow()
        self._send(confirmed)

    def _on_not_confirmed(self, error: BaseException) -> None:
        self._end_wait()
        self.submit_button.setFocus()  # where the user tries again from
        stopped_here = isinstance(error, SignInStopped) and error.reason is StopReason.CANCELLED
        self._show_message(self.failure_text(error), error=not stopped_here)

    def _end_wait(self) -> None:
        if self.confirmation is not None:
            self.confirmation.deleteLater()
            self.confirmation = None
        self._set_waiting(False)

    def _set_waiting(self, waiting: bool) -> None:
        self._set_busy(waiting)
        self.cancel_button.setVisible(not waiting)
        self.stop_waiting_button.setVisible(waiting)
        if waiting:
            self.stop_waiting_button.setFocus()
