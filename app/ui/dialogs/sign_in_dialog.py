"""Sign in through the service's own page, in the browser or on another device; or wait
for a silent sign-in. The app never asks for, sees or sends the user's password.

The form face asks only for the service's address, then "Sign in with your browser"
(OAuth 2.0 for native apps: the service's page in the system browser, back to the app's
one-shot loopback listener) or "Sign in on another device" (a short code typed on a
device that has a browser). While the browser or the other device is used, the dialog says
so and offers Cancel. The resume face is shown while the app signs in by itself from the
keyring (DeskApp drives it): it says what is happening, offers "Try now" and a way to the
form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialogs.fit import needed_height
from app.ui.style import say, set_role
from app.ui.tasks import run_task

if TYPE_CHECKING:
    # This dialog is the first window the app paints: the HTTP client, the keyring and the
    # failure sentences are imported when a sign-in is under way (on the task's thread).
    from app.api.client import DeviceAuthorization, PrivacyClient, TokenGrant
    from app.auth.session import AuthSession
    from app.auth.vault import TokenVault, VaultResult
    from app.ui.browser_sign_in import BrowserSignInTask, DeviceSignInTask

ClientFactory = Callable[[str], "PrivacyClient"]

MINIMUM_WIDTH = 440


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
    # The resume face: the user asks for another attempt now, or for the sign-in form.
    resume_requested = Signal()
    sign_in_form_requested = Signal()

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

        heading = QLabel(self.tr("Sign in"))
        heading.setObjectName("pageTitle")
        self.heading = heading
        intro = QLabel(
            self.tr(
                "You sign in on your service's own page, in your web browser. Privacy Desk never sees your password."
            )
        )
        intro.setWordWrap(True)

        self.address = QLineEdit(service_url)
        self.address.setAccessibleName(self.tr("Service address"))
        self.address.setPlaceholderText(self.tr("https://privacy.example.org"))
        form = QFormLayout()
        form.addRow(self.tr("Service address"), self.address)
        self.form = form
        self.intro = intro

        # Device sign-in: the code to type on the other device, large and selectable.
        self.device_code = QLabel()
        self.device_code.setObjectName("deviceCode")
        self.device_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.device_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.device_code.setAccessibleName(self.tr("Code to type on the other device"))
        self.device_code.hide()

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("formMessage")
        # A certificate's fingerprint is read out to an administrator, or pasted to them.
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Sign-in message"))
        self.message.hide()

        self.sign_in_button = QPushButton(self.tr("Sign in with your browser"))
        set_role(self.sign_in_button, "suggested")  # the dialog's main action
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.device_button = QPushButton(self.tr("Sign in on another device"))
        self.device_button.clicked.connect(self.sign_in_on_another_device)
        self.cancel_wait_button = QPushButton(self.tr("Cancel"))
        self.cancel_wait_button.setAccessibleName(self.tr("Stop waiting for the sign-in"))
        self.cancel_wait_button.clicked.connect(self.cancel_waiting)
        self.cancel_wait_button.hide()
        self.retry_keyring_button = QPushButton(self.tr("Try the keyring again"))
        self.retry_keyring_button.clicked.connect(self._retry_keyring)
        self.session_only_button = QPushButton(self.tr("Stay signed in for this session only"))
        self.session_only_button.clicked.connect(self._continue_session_only)
        self.use_form_button = QPushButton(self.tr("Sign in again"))
        self.use_form_button.clicked.connect(self._choose_sign_in_form)
        self.try_now_button = QPushButton(self.tr("Try now"))
        self.try_now_button.clicked.connect(self.resume_requested)
        for button in (
            self.retry_keyring_button,
            self.session_only_button,
            self.use_form_button,
            self.try_now_button,
        ):
            button.hide()
        buttons = QHBoxLayout()
        self._buttons = buttons
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_wait_button)
        buttons.addWidget(self.device_button)
        buttons.addWidget(self.use_form_button)
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
        layout.addWidget(self.device_code)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        # At least this wide, as part of the layout rather than the window's own minimum: a
        # window with an explicit minimum width no longer takes the layout's, and its
        # buttons were squeezed once a larger font or the style sheet made them wider.
        margins = layout.contentsMargins()
        layout.addItem(
            QSpacerItem(
                MINIMUM_WIDTH - margins.left() - margins.right(),
                0,
                QSizePolicy.Policy.Minimum,
                QSizePolicy.Policy.Fixed,
            )
        )
        (self.sign_in_button if service_url else self.address).setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        self._waiting: BrowserSignInTask | DeviceSignInTask | None = None

    def show_message(self, text: str, *, error: bool = True) -> None:
        say(self.message, text, error=error)
        # A line that cannot wrap (a certificate's fingerprint) widens the dialog rather
        # than being cut off; the height follows in _fit_height.
        metrics = self.message.fontMetrics()
        longest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
        margins = self.message.contentsMargins()  # room the style keeps for an error's icon
        indent = metrics.horizontalAdvance("x")  # QLabel's own indent inside a styled frame
        self.message.setMinimumWidth(longest + margins.left() + margins.right() + indent)
        self._fit_height()

    # -- the resume face ------------------------------------------------------------------

    def show_resuming(self, text: str, *, can_try_now: bool, try_label: str = "") -> None:
        """The app is signing in by itself: no form, what is happening, and what can be done.

        `can_try_now` offers the Try now button (labelled `try_label` when given); the way to
        the sign-in form is always there, for someone who wants another account.
        """
        self.resuming = True
        self._set_form_visible(False)
        self.show_message(text, error=False)
        self.try_now_button.setText(try_label or self.tr("Try now"))
        self.try_now_button.setVisible(can_try_now)
        self.try_now_button.setEnabled(can_try_now)
        self.use_form_button.show()
        self.use_form_button.setEnabled(True)
        if can_try_now:
            self.try_now_button.setDefault(True)
        self._fit_height()

    def show_form(self, text: str = "", *, error: bool = True) -> None:
        """The sign-in form, with an optional message above the buttons."""
        self.resuming = False
        self._set_form_visible(True)
        self.try_now_button.hide()
        self.use_form_button.hide()
        self.sign_in_button.setDefault(True)
        if text:
            self.show_message(text, error=error)
        else:
            self.message.hide()
        self._fit_height()
        (self.sign_in_button if self.address.text() else self.address).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def _choose_sign_in_form(self) -> None:
        self.show_form()
        self.sign_in_form_requested.emit()

    def _set_form_visible(self, visible: bool) -> None:
        self.sign_in_button.setEnabled(visible)
        if visible == self.sign_in_button.isVisibleTo(self):
            return
        self.heading.setText(self.tr("Sign in") if visible else self.tr("Signing in"))
        self.intro.setVisible(visible)
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, visible)
        self.sign_in_button.setVisible(visible)
        self.device_button.setVisible(visible)

    def _buttons_width(self) -> int:
        """The width the row of buttons needs, from the buttons' own size hints: the
        layout's cached minimum can still hold a button measured before the style sheet
        (or a larger font) reached it, and would squeeze it."""
        shown = [button for button in self.findChildren(QPushButton) if button.isVisibleTo(self)]
        if not shown:
            return 0
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        spacing = max(self._buttons.spacing(), 0)
        return (
            sum(button.minimumSizeHint().width() for button in shown)
            + spacing * (len(shown) - 1)
            + margins.left()
            + margins.right()
        )

    def _fit_height(self) -> None:
        """No empty band where the form was, and room for a wrapped message: the dialog
        grows (and shrinks) with what it says, and can never be made shorter than that.
        (Not redone on every resize: a minimum size changed from resizeEvent fed resizes
        back into the event loop and starved the app's timers.)"""
        layout = self.layout()
        if layout is None:
            return
        # Sizes measured before the style sheet polished the widgets (a button's padding)
        # are measured again.
        self.ensurePolished()
        layout.invalidate()
        layout.activate()
        needed_width = max(layout.totalMinimumSize().width(), self._buttons_width())
        # The minimum height is what the narrowest dialog needs (the most lines of the
        # message), so the user can never make it so small that the field is squeezed.
        self.setMinimumHeight(needed_height(self, needed_width))
        width = max(self.width(), needed_width)
        height = max(self.minimumHeight(), needed_height(self, width))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    # -- the form -------------------------------------------------------------------------

    def submit(self) -> None:
        """Sign in with the browser: the service's page opens there, the app waits."""
        self._load_then(self._start_in_browser)

    def sign_in_on_another_device(self) -> None:
        """Device sign-in: a code to type on a phone or computer that has a browser."""
        self._load_then(self._start_on_another_device)

    def _load_then(self, start: Callable[[PrivacyClient], None]) -> None:
        """The HTTP client and the sign-in code are imported on a task's thread (they are
        not on the path to the first paint, and importing them takes a GUI-thread while)."""
        url = self._service_address()
        if url is None:
            return
        self._set_busy(True)
        make_client = self.client_factory

        def load() -> PrivacyClient:
            import app.ui.browser_sign_in
            import app.ui.messages  # noqa: F401

            return make_client(url)

        run_task(self, load, start, self._on_failed)

    def _start_in_browser(self, client: PrivacyClient) -> None:
        from app.ui.browser_sign_in import BrowserSignInTask

        # The client speaks the app's language, and so does the service's page.
        task = BrowserSignInTask(self, client, language=client.language)
        self._wait_for(task, client)
        self.show_message(
            self.tr("Waiting for your browser… Finish signing in on your service's page there."),
            error=False,
        )
        task.start()

    def _start_on_another_device(self, client: PrivacyClient) -> None:
        from app.ui.browser_sign_in import DeviceSignInTask

        task = DeviceSignInTask(self, client)
        task.started.connect(self._show_device_code)
        self._wait_for(task, client)
        self.show_message(self.tr("Asking your service for a code…"), error=False)
        task.start()

    def sign_in_with_password(self, service_url: str, email: str, password: str) -> None:
        """The demo's own account on its own in-process service (which takes the password
        grant): signed in directly, nothing typed. Never used for a person's account."""
        self.address.setText(service_url)
        make_client = self.client_factory

        def by_password(vault: TokenVault, keep: bool) -> tuple[AuthSession, VaultResult]:
            from app.auth.session import AuthSession

            client = make_client(service_url)
            return AuthSession.sign_in(client, vault, email, password, keep_in_keyring=keep)

        self._open_session(by_password)

    def cancel_waiting(self) -> None:
        if self._waiting is not None:
            self._waiting.cancel()

    def _service_address(self) -> str | None:
        from app.core.service_address import InvalidServiceAddress, normalise_service_address

        try:
            return normalise_service_address(self.address.text())
        except InvalidServiceAddress as problem:
            from app.ui.messages import describe_failure

            self.show_message(describe_failure(problem))
            self.address.setFocus()
            return None

    def _wait_for(self, task: BrowserSignInTask | DeviceSignInTask, client: PrivacyClient) -> None:
        self._waiting = task
        self._set_busy(True)
        self.cancel_wait_button.show()
        self.cancel_wait_button.setEnabled(True)
        self.cancel_wait_button.setFocus()
        task.succeeded.connect(lambda grant: self._granted(client, grant))
        task.failed.connect(self._on_failed)

    def _show_device_code(self, authorization: DeviceAuthorization) -> None:
        self.device_code.setText(authorization.user_code)  # as the service spells it
        self.device_code.show()
        self.show_message(
            self.tr(
                "On a phone or computer with a browser, open {address} and type this code. This window goes on by itself once you have allowed it."
            ).format(address=authorization.verification_uri),
            error=False,
        )
        self._fit_height()

    def _granted(self, client: PrivacyClient, grant: TokenGrant) -> None:
        """Back from the browser (or the other device): the window comes to the front."""
        self._stop_waiting()
        self.raise_()
        self.activateWindow()

        def with_grant(vault: TokenVault, keep: bool) -> tuple[AuthSession, VaultResult]:
            from app.auth.session import AuthSession

            return AuthSession.start(client, vault, grant, keep_in_keyring=keep)

        self._open_session(with_grant)

    def _open_session(
        self, start: Callable[[TokenVault, bool], tuple[AuthSession, VaultResult]]
    ) -> None:
        """Off the GUI thread: the session started, its sign-in kept in the keyring (or
        not, as `keep_in_keyring` says), whichever way the grant came."""
        self._set_busy(True)
        self.show_message(self.tr("Signing in…"), error=False)
        vault, keep = self.vault, self.keep_in_keyring

        def open_session() -> tuple[AuthSession, VaultResult]:
            import app.ui.messages  # noqa: F401 (here, not on the GUI thread, for a failure)

            return start(vault_or_system(vault), keep)

        run_task(self, open_session, self._on_signed_in, self._on_failed)

    def _stop_waiting(self) -> None:
        if self._waiting is not None:
            self._waiting.deleteLater()
        self._waiting = None
        self.cancel_wait_button.hide()
        self.device_code.hide()

    def _on_signed_in(self, result: tuple[AuthSession, VaultResult]) -> None:
        from app.auth.vault import VaultStatus
        from app.ui.messages import describe_vault_problem

        self.session, stored = result
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

        self._stop_waiting()
        self._set_busy(False)
        self.show_message(describe_failure(error))
        self._fit_height()
        self.sign_in_button.setFocus()

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
            self.sign_in_button,
            self.device_button,
            self.retry_keyring_button,
            self.session_only_button,
        ):
            widget.setEnabled(not busy)
