"""Sign in with the service address, e-mail and password, or wait for a silent sign-in.

The dialog has two faces. The form asks for the password. The resume face is shown while
the app signs in by itself from the keyring (DeskApp drives it): it says what is happening,
offers "Try now" and a way to the form, and never asks for a password the user does not
need to type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.style import say
from app.ui.tasks import run_task

if TYPE_CHECKING:
    # This dialog is the first window the app paints: the HTTP client, the keyring and the
    # failure sentences are imported when a sign-in is under way (on the task's thread).
    from app.api.client import PrivacyClient
    from app.auth.session import AuthSession
    from app.auth.vault import TokenVault, VaultResult

ClientFactory = Callable[[str], "PrivacyClient"]


def vault_or_system(vault: TokenVault | None) -> TokenVault:
    """`vault`, or (None) one on the system's keyring, made where it is first needed: on a
    task's thread, since importing keyring is too slow for the path to the first paint."""
    if vault is not None:
        return vault
    from app.auth.vault import TokenVault

    return TokenVault()


class SignInDialog(QDialog):
    """Emits `signed_in` with a working session, whether or not the keyring kept it."""

    signed_in = Signal(object)
    # The resume face: the user asks for another attempt now, or for the password form.
    resume_requested = Signal()
    password_form_requested = Signal()

    def __init__(
        self,
        vault: TokenVault | None,
        client_factory: ClientFactory,
        service_url: str,
        parent: QWidget | None = None,
        *,
        keep_in_keyring: bool = True,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.keep_in_keyring = keep_in_keyring
        self.client_factory = client_factory
        self.session: AuthSession | None = None
        self.resuming = False  # showing the resume face rather than the form
        self.setWindowTitle(self.tr("Sign in to Privacy Desk"))
        self.setMinimumWidth(440)

        heading = QLabel(self.tr("Sign in"))
        heading.setObjectName("pageTitle")
        self.heading = heading
        intro = QLabel(
            self.tr(
                "Use the account of your media service. Your password is sent to the service only and never stored."
            )
        )
        intro.setWordWrap(True)

        self.address = QLineEdit(service_url)
        self.address.setAccessibleName(self.tr("Service address"))
        self.email = QLineEdit()
        self.email.setAccessibleName(self.tr("E-mail address"))
        self.email.setPlaceholderText(self.tr("you@example.org"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        form = QFormLayout()
        form.addRow(self.tr("Service address"), self.address)
        form.addRow(self.tr("E-mail address"), self.email)
        form.addRow(self.tr("Password"), self.password)
        self.form = form
        self.intro = intro

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("formMessage")
        self.message.setAccessibleName(self.tr("Sign-in message"))
        self.message.hide()

        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.retry_keyring_button = QPushButton(self.tr("Try the keyring again"))
        self.retry_keyring_button.clicked.connect(self._retry_keyring)
        self.session_only_button = QPushButton(self.tr("Stay signed in for this session only"))
        self.session_only_button.clicked.connect(self._continue_session_only)
        self.use_password_button = QPushButton(self.tr("Sign in with a password instead"))
        self.use_password_button.clicked.connect(self._choose_password_form)
        self.try_now_button = QPushButton(self.tr("Try now"))
        self.try_now_button.clicked.connect(self.resume_requested)
        for button in (
            self.retry_keyring_button,
            self.session_only_button,
            self.use_password_button,
            self.try_now_button,
        ):
            button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.use_password_button)
        buttons.addWidget(self.try_now_button)
        buttons.addWidget(self.retry_keyring_button)
        buttons.addWidget(self.session_only_button)
        buttons.addWidget(self.sign_in_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        (self.email if service_url else self.address).setFocus(Qt.FocusReason.OtherFocusReason)

    def show_message(self, text: str, *, error: bool = True) -> None:
        say(self.message, text, error=error)

    # -- the resume face ------------------------------------------------------------------

    def show_resuming(self, text: str, *, can_try_now: bool, try_label: str = "") -> None:
        """The app is signing in by itself: no form, what is happening, and what can be done.

        `can_try_now` offers the Try now button (labelled `try_label` when given); the way to
        the password form is always there, for someone who wants another account.
        """
        self.resuming = True
        self._set_form_visible(False)
        self.show_message(text, error=False)
        self.try_now_button.setText(try_label or self.tr("Try now"))
        self.try_now_button.setVisible(can_try_now)
        self.try_now_button.setEnabled(can_try_now)
        self.use_password_button.show()
        self.use_password_button.setEnabled(True)
        if can_try_now:
            self.try_now_button.setDefault(True)
        self._fit_height()

    def show_form(self, text: str = "", *, error: bool = True) -> None:
        """The password form, with an optional message above the buttons."""
        self.resuming = False
        self._set_form_visible(True)
        self.try_now_button.hide()
        self.use_password_button.hide()
        self.sign_in_button.setDefault(True)
        if text:
            self.show_message(text, error=error)
        else:
            self.message.hide()
        self._fit_height()
        (self.email if self.address.text() else self.address).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def _choose_password_form(self) -> None:
        self.show_form()
        self.password_form_requested.emit()

    def _set_form_visible(self, visible: bool) -> None:
        self.sign_in_button.setEnabled(visible)
        if visible == self.sign_in_button.isVisibleTo(self):
            return
        self.heading.setText(self.tr("Sign in") if visible else self.tr("Signing in"))
        self.intro.setVisible(visible)
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, visible)
        self.sign_in_button.setVisible(visible)

    def _fit_height(self) -> None:
        """No empty band where the form was, and room for a wrapped message."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        height = max(layout.totalHeightForWidth(self.width()), layout.totalMinimumSize().height())
        if height != self.height():
            self.resize(self.width(), height)

    # -- the form -------------------------------------------------------------------------

    def submit(self) -> None:
        from app.core.service_address import InvalidServiceAddress, normalise_service_address

        try:
            url = normalise_service_address(self.address.text())
        except InvalidServiceAddress as problem:
            from app.ui.messages import describe_failure

            self.show_message(describe_failure(problem))
            return
        email, password = self.email.text().strip(), self.password.text()
        if not email or not password:
            self.show_message(self.tr("Enter your e-mail address and your password."))
            return
        self._set_busy(True)
        self.show_message(self.tr("Signing in…"), error=False)
        make_client, vault, keep = self.client_factory, self.vault, self.keep_in_keyring

        def sign_in() -> tuple[AuthSession, VaultResult]:
            import app.ui.messages  # noqa: F401 (here, not on the GUI thread, for a failure)
            from app.auth.session import AuthSession

            client = make_client(url)
            return AuthSession.sign_in(
                client, vault_or_system(vault), email, password, keep_in_keyring=keep
            )

        run_task(self, sign_in, self._on_signed_in, self._on_failed)

    def _on_signed_in(self, result: tuple[AuthSession, VaultResult]) -> None:
        from app.auth.vault import VaultStatus
        from app.ui.messages import describe_vault_problem

        self.session, stored = result
        self.password.clear()
        if stored.ok:
            self._finish()
            return
        if stored.status is VaultStatus.NO_KEYRING:
            # Nothing to decide and nothing to retry: this run only, said on the overview and
            # in Settings instead of a dialog that waits for a button.
            self.session.keep_for_this_run_only()
            self._finish()
            return
        self._set_busy(False)
        self.sign_in_button.hide()
        self.retry_keyring_button.show()
        self.session_only_button.show()
        self.session_only_button.setFocus()
        self.show_message(describe_vault_problem(stored))

    def _on_failed(self, error: BaseException) -> None:
        from app.ui.messages import describe_failure

        self._set_busy(False)
        self.show_message(describe_failure(error))
        self.password.setFocus()

    def _retry_keyring(self) -> None:
        session = self.session
        assert session is not None
        self._set_busy(True)
        run_task(self, session.save_refresh_token, self._on_keyring_retried, self._on_failed)

    def _on_keyring_retried(self, stored: VaultResult) -> None:
        from app.ui.messages import describe_vault_problem

        self._set_busy(False)
        if stored.ok:
            self._finish()
        else:
            self.show_message(describe_vault_problem(stored))

    def _continue_session_only(self) -> None:
        assert self.session is not None
        self.session.keep_for_this_run_only()
        self._finish()

    def _finish(self) -> None:
        # The dialog stays on screen, busy, until the main window takes its place (its owner
        # closes it then): never a moment with no window, which would end the app.
        self._set_busy(True)
        self.signed_in.emit(self.session)

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self.address,
            self.email,
            self.password,
            self.sign_in_button,
            self.retry_keyring_button,
            self.session_only_button,
        ):
            widget.setEnabled(not busy)
