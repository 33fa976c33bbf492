"""DeskApp: the app's life cycle — resume or sign in, the main window, preferences, sign out."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.api.client import DEFAULT_TIMEOUT, PrivacyClient
from app.auth.session import AuthSession
from app.auth.vault import TokenVault
from app.local.crash_reports import CrashReporter
from app.local.paths import AppPaths
from app.local.pending_changes import PendingChangesJournal
from app.local.settings import AppSettings, SettingsFile
from app.ui.context import DeskContext
from app.ui.dialogs.crash_report_dialog import offer_crash_reports
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.messages import describe_failure
from app.ui.tasks import run_task
from app.ui.theme import apply_theme


def ask_to_forget_device(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        QApplication.translate("DeskApp", "Forget this device?"),
        QApplication.translate(
            "DeskApp",
            "You will be signed out, and your unsent changes, saved receipts and crash reports on this computer will be deleted. This cannot be undone.",
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


class DeskApp(QObject):
    """Owns the visible top-level window: the sign-in dialog or the main window."""

    window_changed = Signal(QWidget)

    def __init__(
        self,
        vault: TokenVault,
        paths: AppPaths,
        *,
        translations: Translations | None = None,
        language: str = "en",
        remember_sign_in: bool = True,
        client_timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        crash_reporter: CrashReporter | None = None,
    ) -> None:
        super().__init__()
        self.vault = vault
        self.paths = paths
        self.settings_file = SettingsFile(paths.settings_file)
        self.journal = PendingChangesJournal(paths.pending_changes_file)
        # Read once at start-up (before the event loop); later writes go through tasks.
        self.settings: AppSettings = self.settings_file.load()
        self._settings_lock = threading.Lock()
        self.translations = translations
        self.language = language
        # False in demo mode: a throwaway account never goes into the user's keyring.
        self.remember_sign_in = remember_sign_in
        self.client_timeout = client_timeout
        self.crash_reporter = crash_reporter
        self.session: AuthSession | None = None
        self.window: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # "Follow the system": a desktop switching to dark mid-session is followed at once.
            app.styleHints().colorSchemeChanged.connect(self.follow_system_scheme)
        # Replaceable in tests: asks the user before anything is deleted.
        self.confirm_forget_device: Callable[[QWidget], bool] = ask_to_forget_device

    def make_client(self, service_url: str) -> PrivacyClient:
        return PrivacyClient(service_url, language=self.language, timeout=self.client_timeout)

    # -- start ----------------------------------------------------------------------------

    def start(self) -> None:
        """Resume silently from the keyring when a previous sign-in is known."""
        settings = self.settings
        dialog = self.show_sign_in()
        if not settings.user_id:
            return
        dialog.show_message(self.tr("Signing you in…"), error=False)
        dialog.sign_in_button.setEnabled(False)
        client = self.make_client(settings.service_url)
        vault = self.vault
        run_task(
            self,
            lambda: AuthSession.resume(client, vault, settings.user_id),
            self.open_main_window,
            self._on_resume_failed,
        )

    def _on_resume_failed(self, error: BaseException) -> None:
        if isinstance(self.window, SignInDialog):
            self.window.sign_in_button.setEnabled(True)
            self.window.show_message(describe_failure(error))

    def start_with_password(self, service_url: str, email: str, password: str) -> None:
        """Fill in and submit the sign-in dialog (demo mode)."""
        dialog = self.show_sign_in()
        dialog.address.setText(service_url)
        dialog.email.setText(email)
        dialog.password.setText(password)
        dialog.submit()

    # -- windows --------------------------------------------------------------------------

    def show_sign_in(self, message: str = "") -> SignInDialog:
        dialog = SignInDialog(
            self.vault,
            self.make_client,
            self.settings.service_url,
            keep_in_keyring=self.remember_sign_in,
        )
        dialog.signed_in.connect(self.open_main_window)
        if message:
            dialog.show_message(message)
        self._replace_window(dialog)
        return dialog

    def open_main_window(self, session: AuthSession) -> None:
        self.session = session
        if not self.remember_sign_in:
            session.keep_for_this_run_only()
        elif session.keep_in_keyring:
            self._remember(service_url=session.account.service_url, user_id=session.account.user_id)
        else:
            self._remember(service_url=session.account.service_url, user_id="")
        self._show_main_window()
        if self.crash_reporter is not None and self.window is not None:
            # Shows the exact text of any report left by a crash; sends only with X3 on.
            offer_crash_reports(self.window, session, self.crash_reporter)

    def _show_main_window(self, page: str = "") -> None:
        assert self.session is not None
        context = DeskContext(self.session, self.paths, self.journal, self.language)
        options = {"language": self.language, "theme": self.settings.theme}
        window = MainWindow(context, options)
        window.sign_out_requested.connect(self.sign_out)
        window.forget_device_requested.connect(self.forget_device)
        window.session_expired.connect(self._on_session_expired)
        window.option_changed.connect(self.change_option)
        if page:
            window.show_page_named(page)
        self._replace_window(window)

    def _replace_window(self, window: QWidget) -> None:
        old = self.window
        self.window = window
        if isinstance(old, MainWindow) and isinstance(window, MainWindow):
            window.restoreGeometry(old.saveGeometry())  # a rebuilt window stays where it was
        window.show()
        if old is not None:
            old.close()
            old.deleteLater()
        self.window_changed.emit(window)

    # -- preferences ----------------------------------------------------------------------

    def change_option(self, key: str, value: str) -> None:
        if key == "language":
            self.set_language(value)
        elif key == "theme":
            self.set_theme(value)

    def set_language(self, language: str) -> None:
        """Switch at once: new translators, the service's texts in that language, rebuilt pages."""
        if language == self.language:
            return
        self.language = language
        if self.translations is not None:
            self.translations.use(language)
        self._remember(language=language)
        if self.session is not None:
            self.session.client.language = language
            self._show_main_window(page="settings")

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self._remember(theme=theme)

    def follow_system_scheme(self, *_scheme: object) -> None:
        app = QApplication.instance()
        if self.settings.theme == "system" and isinstance(app, QApplication):
            apply_theme(app, "system")

    def _remember(self, **changes: Any) -> None:
        self.settings = self.settings.with_changes(**changes)
        run_task(self, self._save_latest_settings, lambda _: None, self._on_save_failed)

    def _save_latest_settings(self) -> None:
        """On a worker. Saves run in any order, so each writes the newest settings under a
        lock: whichever runs last leaves the user's last change on disk."""
        with self._settings_lock:
            self.settings_file.save(self.settings)

    def _on_save_failed(self, _error: BaseException) -> None:
        if isinstance(self.window, SignInDialog):
            self.window.show_message(
                self.tr("Your settings could not be saved. Check that the disk is not full.")
            )

    # -- ending the session ---------------------------------------------------------------

    def sign_out(self) -> None:
        session = self.session
        if session is None:
            return
        run_task(self, session.sign_out, lambda _result: self._signed_out(), self._signed_out)

    def forget_device(self) -> None:
        """Sign out, remove the keyring entry and every file the app keeps for this user."""
        session = self.session
        if session is None or self.window is None or not self.confirm_forget_device(self.window):
            return
        paths = self.paths

        def forget() -> None:
            session.sign_out()
            shutil.rmtree(paths.data_dir, ignore_errors=True)
            paths.settings_file.unlink(missing_ok=True)

        run_task(self, forget, lambda _r: self._forgotten(), self._forgotten)

    def _forgotten(self, _error: object = None) -> None:
        self.session = None
        self.settings = AppSettings(
            service_url=self.settings.service_url, language=self.settings.language
        )
        self.show_sign_in(self.tr("This device has been forgotten."))

    def _signed_out(self, _error: object = None) -> None:
        self.session = None
        self._remember(user_id="")
        self.show_sign_in()

    def _on_session_expired(self) -> None:
        self.session = None
        self.show_sign_in(self.tr("Your session has ended. Please sign in again."))
