"""DeskApp: the app's life cycle — resume or sign in, the main window, preferences, sign out."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.api.errors import TRANSIENT, FailureKind, ServiceError
from app.local.paths import AppPaths
from app.local.settings import AppSettings, SettingsFile
from app.ui.dialogs.sign_in_dialog import SignInDialog, vault_or_system
from app.ui.first_paint import after_first_paint
from app.ui.tasks import ignore_result, log_failure, run_task, running_task_count
from app.ui.theme import apply_theme

if TYPE_CHECKING:
    # The sign-in dialog paints first; what only a signed-in app needs (the HTTP client,
    # the keyring, the main window and its pages, the failure sentences) is imported when
    # it is first used, after that paint (app/main.py warms it up on a worker meanwhile).
    from PySide6.QtWidgets import QSystemTrayIcon

    from app.api.client import PrivacyClient
    from app.auth.session import AuthSession
    from app.auth.vault import TokenVault
    from app.local.crash_reports import CrashReporter
    from app.notify.desktop import DesktopNotifier
    from app.notify.events import NoticeKind, OwnChanges
    from app.notify.watcher import NoticeWatcher
    from app.ui.context import DeskContext
    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow


_NO_KEYRING_WANTED = "no keyring wanted"


def import_the_signed_in_app(vault: TokenVault | str | None) -> None:
    """On a worker: the modules a signed-in app needs (the HTTP client and the session come
    with them), so that the GUI thread never imports them, nor waits for an import under
    way; and the keyring's backend, unless `vault` is _NO_KEYRING_WANTED."""
    import app.notify.desktop
    import app.notify.watcher
    import app.ui.context
    import app.ui.dialogs.crash_report_dialog
    import app.ui.main_window
    import app.ui.messages  # noqa: F401

    if not isinstance(vault, str):
        vault_or_system(vault).backend  # noqa: B018 (resolving it is the point)


class DemoAccount(Protocol):
    """A demo service that is up, and its account (app/demo.py: DemoService)."""

    base_url: str
    email: str
    password: str


# After forgetting, how long work that was under way may keep the app's folders from their
# last sweep (a long download, say); then they are swept anyway.
SWEEP_WAIT_MS = 10_000
SWEEP_POLL_MS = 100

# Pauses between automatic attempts to reach the service after starting offline; the last one
# repeats. The first ones are short: a refresh whose answer was lost must be retried while
# the service still recognises it as a retry (a few minutes, server/api/auth.py).
RESUME_RETRY_DELAYS: tuple[float, ...] = (2.0, 5.0, 10.0, 20.0, 30.0, 60.0)


class ForgetChoice(Enum):
    """The user's answer to "Forget this device?"."""

    CANCEL = "cancel"
    EVERYTHING = "everything"
    KEEP_PREFERENCES = "keep-preferences"  # language and theme stay; nothing of the account


def ask_to_forget_device(parent: QWidget) -> ForgetChoice:
    """The question in the dialog itself, what goes and what stays below it, and buttons
    that say what they do; Cancel is the default, so a slip of the Enter key deletes
    nothing."""
    from PySide6.QtWidgets import QCheckBox, QMessageBox  # not on the way to the first paint

    from app.ui.style import set_role

    question = QApplication.translate("DeskApp", "Forget this device?")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        question,
        question,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        QApplication.translate(
            "DeskApp",
            "You will be signed out, and everything Privacy Desk keeps on this computer is deleted: your sign-in, unsent changes, saved receipts, crash reports and logs. This cannot be undone.\n\nYour account and your data on the service stay as they are, and so do files you saved elsewhere, such as an exported copy or an evidence bundle.",
        )
    )
    forget = box.addButton(
        QApplication.translate("DeskApp", "Forget this device"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    set_role(forget, "destructive")
    cancel = box.addButton(
        QApplication.translate("DeskApp", "Cancel"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    keep = QCheckBox(
        QApplication.translate("DeskApp", "Keep my language and theme on this computer")
    )
    keep.setAccessibleName(keep.text())
    box.setCheckBox(keep)
    box.exec()
    if box.clickedButton() is not forget:
        return ForgetChoice.CANCEL
    return ForgetChoice.KEEP_PREFERENCES if keep.isChecked() else ForgetChoice.EVERYTHING


class DeskApp(QObject):
    """Owns the visible top-level window: the sign-in dialog or the main window."""

    window_changed = Signal(QWidget)
    # The first window is on screen: what start-up put off until then may run now.
    first_painted = Signal()

    def __init__(
        self,
        vault: TokenVault | None,
        paths: AppPaths,
        *,
        translations: Translations | None = None,
        language: str = "en",
        remember_sign_in: bool = True,
        client_timeout: tuple[float, float] | None = None,  # None: the client's default
        crash_reporter: CrashReporter | None = None,
        resume_retry_delays: Sequence[float] = RESUME_RETRY_DELAYS,
    ) -> None:
        super().__init__()
        self.vault = vault
        self.paths = paths
        self.settings_file = SettingsFile(paths.settings_file)
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
        # The signed-in session's context: its stores, opened once, and its session watch.
        self.context: DeskContext | None = None
        self.window: QWidget | None = None
        self._main_window: MainWindow | None = None  # the main window while it is `window`
        self._first_page = ""  # the page the next main window opens on ("": the first one)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # "Follow the system": a desktop switching to dark mid-session is followed at once.
            app.styleHints().colorSchemeChanged.connect(self.follow_system_scheme)
        # Replaceable in tests: asks the user before anything is deleted.
        self.confirm_forget_device: Callable[[QWidget], ForgetChoice] = ask_to_forget_device
        # After forgetting, the log and the fault trace stay closed until the next sign-in,
        # and a save still on its way writes no settings file.
        self._files_paused = False
        self._settings_forgotten = False
        self._resume_wanted = False  # a silent sign-in is under way (not given up for the form)
        self._resume_running = False
        # What a signed-in app needs is imported on a worker (`_prepare`); a main window
        # waits for it rather than import it on the GUI thread.
        self._preparing = False
        self._prepared = False
        self._when_prepared: list[Callable[[], None]] = []
        self._opening: AuthSession | None = None  # signed in, waiting for `_prepare`
        # Started offline: the main window shows the last known state, and the app reaches
        # for the service by itself with growing pauses until it answers.
        self.resume_retry_delays = tuple(resume_retry_delays) or RESUME_RETRY_DELAYS
        self._reconnect_failures = 0
        self._reconnect_running = False
        self._next_reconnect_at = 0.0
        self._reconnect_reason = ""
        self._reconnect_timer = QTimer(self)
        self._reconnect_timer.setSingleShot(True)
        self._reconnect_timer.timeout.connect(self.reconnect_now)
        self._countdown = QTimer(self)  # refreshes "the next try is in N seconds"
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._show_countdown)
        # Notifications (app/notify): the notifier lives as long as the app, the watcher as
        # long as a signed-in session; the tray icon while the user wants it.
        self.notifier: DesktopNotifier | None = None
        self.watcher: NoticeWatcher | None = None
        self.tray: QSystemTrayIcon | None = None
        self._quitting = False
        # Replaceable in tests: ends the event loop once the tray's Quit was chosen.
        self.quit_app: Callable[[], None] = QApplication.quit

    def make_client(self, service_url: str) -> PrivacyClient:
        from app.api.client import DEFAULT_TIMEOUT, PrivacyClient

        timeout = self.client_timeout or DEFAULT_TIMEOUT
        return PrivacyClient(service_url, language=self.language, timeout=timeout)

    # -- start ----------------------------------------------------------------------------

    def start(self) -> None:
        """Show the sign-in dialog; once it is painted, resume silently from the keyring when
        a previous sign-in is known (its face says so from the first paint)."""
        dialog = self.show_sign_in()
        if self.settings.user_id:
            dialog.resume_requested.connect(self.resume_now)
            dialog.sign_in_form_requested.connect(self._stop_resuming)
            dialog.finished.connect(self._stop_resuming)  # closed: no attempts behind its back
            self._resume_wanted = True
            dialog.show_resuming(self.tr("Signing you in…"), can_try_now=False)
        after_first_paint(dialog, self._first_painted)

    def _first_painted(self) -> None:
        self.first_painted.emit()
        self._prepare()
        self.resume_now()

    def _prepare(self) -> None:
        """Import what a signed-in app needs on a worker, while the user types or the silent
        sign-in runs, and resolve the keyring's backend (which can take a D-Bus round trip)."""
        if self._preparing:
            return
        self._preparing = True
        # The demo's throwaway account never goes into the keyring: no backend to look for.
        vault = self.vault if self.remember_sign_in else _NO_KEYRING_WANTED
        run_task(
            self,
            lambda: import_the_signed_in_app(vault),
            self._on_prepared,
            lambda error: self._on_prepared(log_failure("preparing the main window")(error)),
        )

    def _on_prepared(self, _result: None) -> None:
        # After a failure too: the main window's own import then says what is missing.
        self._prepared = True
        waiting, self._when_prepared = self._when_prepared, []
        for then in waiting:
            then()

    def _once_prepared(self, then: Callable[[], None]) -> None:
        if self._prepared:
            then()
        else:
            self._when_prepared.append(then)
            self._prepare()

    def resume_now(self) -> None:
        """One attempt at the silent sign-in, now (also what Try now does)."""
        dialog = self.window
        if not (self._resume_wanted and isinstance(dialog, SignInDialog)):
            return  # the user went to the password form, or the main window is open
        if self._resume_running:
            return
        self._resume_running = True
        dialog.show_resuming(self.tr("Signing you in…"), can_try_now=False)
        settings, make_client, vault = self.settings, self.make_client, self.vault

        def resume() -> AuthSession:
            import app.ui.messages  # noqa: F401 (here, not on the GUI thread, for a failure)
            from app.auth.session import AuthSession

            client = make_client(settings.service_url)
            # A passing failure opens the app anyway, on what it knows, not connected yet.
            return AuthSession.resume(
                client, vault_or_system(vault), settings.user_id, unconnected_on_transient=True
            )

        run_task(self, resume, self._on_resumed, self._on_resume_failed)

    def _on_resumed(self, session: AuthSession) -> None:
        self._resume_running = False
        if self._resume_wanted and isinstance(self.window, SignInDialog):
            self.open_main_window(session)
        # Otherwise the user chose the password form meanwhile; the rotated token is kept
        # in the keyring, so nothing is lost by leaving this session unused.

    def _on_resume_failed(self, error: BaseException) -> None:
        from app.auth.session import KeyringUnavailable
        from app.auth.vault import VaultStatus
        from app.ui.messages import (
            describe_failure,
            describe_keyring_at_start,
            describe_resume_stopped,
        )

        self._resume_running = False
        dialog = self.window
        if not (self._resume_wanted and isinstance(dialog, SignInDialog)):
            return
        if isinstance(error, KeyringUnavailable):
            text = describe_keyring_at_start(error.result)
            if error.result.status is VaultStatus.NO_KEYRING:
                self._stop_resuming()
                dialog.show_form(text)  # nothing to wait for: signing in again is the way in
            else:
                dialog.show_resuming(text, can_try_now=True, try_label=self.tr("Try again"))
            return
        if isinstance(error, ServiceError) and error.kind is FailureKind.SESSION_EXPIRED:
            # The service refused the stored token (or nothing was stored): it is gone.
            self._stop_resuming()
            self._remember(user_id="")
            dialog.show_form(describe_failure(error))
            return
        # Neither passing nor final (an untrusted certificate, a refusal, a surprise): the
        # stored sign-in stays, and the user decides when to try again.
        dialog.show_resuming(
            f"{describe_failure(error)} {describe_resume_stopped()}",
            can_try_now=True,
            try_label=self.tr("Try again"),
        )

    @property
    def reconnect_failures(self) -> int:
        """Failed attempts to reach the service since starting offline."""
        return self._reconnect_failures

    def _stop_resuming(self) -> None:
        self._resume_wanted = False

    # -- started offline: reach the service by itself ---------------------------------------

    def reconnect_now(self) -> None:
        """One attempt to reach the service with the stored sign-in (also Try now)."""
        session, window, context = self.session, self._main_window, self.context
        if session is None or context is None or self._reconnect_running:
            return
        if window is None:
            return
        if session.connected:
            self._on_reconnected(session)
            return
        self._cancel_reconnect_timers()
        self._reconnect_running = True
        trying = self.tr("Trying again now…")
        window.show_connection_problem(
            f"{self._reconnect_reason} {trying}".strip(), can_try_now=False
        )
        # A refused sign-in ends the session through the context's watch, before this
        # failure arrives (and finds the session gone).
        context.run(
            self,
            session.connect,
            lambda _result: self._on_reconnected(session),
            lambda error: self._on_reconnect_failed(session, error),
        )

    def _on_reconnected(self, session: AuthSession) -> None:
        self._reconnect_running = False
        self._cancel_reconnect_timers()
        window = self._main_window
        if session is not self.session or window is None:
            return
        self._reconnect_failures = 0
        self._remember(service_url=session.account.service_url, user_id=session.account.user_id)
        window.connection_restored()

    def _on_reconnect_failed(self, session: AuthSession, error: BaseException) -> None:
        from app.ui.messages import describe_failure, describe_resume_stopped

        self._reconnect_running = False
        window = self._main_window
        if session is not self.session or window is None:
            return
        if isinstance(error, ServiceError) and error.kind in TRANSIENT:
            self._reconnect_later(error)
            return
        # Not a passing failure (an untrusted certificate, say): the user decides when.
        window.show_connection_problem(
            f"{describe_failure(error)} {describe_resume_stopped()}", can_try_now=True
        )

    def _reconnect_later(self, error: BaseException | None) -> None:
        from app.ui.messages import describe_failure

        delays = self.resume_retry_delays
        delay = delays[min(self._reconnect_failures, len(delays) - 1)]
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, int | float):
            delay = max(delay, float(retry_after))
        self._reconnect_failures += 1
        self._reconnect_reason = (
            describe_failure(error, app_retries=True) if error is not None else ""
        )
        self._next_reconnect_at = time.monotonic() + delay
        self._reconnect_timer.start(max(0, int(delay * 1000)))
        self._countdown.start()
        self._show_countdown()

    def _show_countdown(self) -> None:
        from app.ui.messages import describe_resume_countdown

        session, window = self.session, self._main_window
        if session is None or window is None:
            self._cancel_reconnect_timers()
            return
        if session.connected:  # a page's own call got through meanwhile
            self._on_reconnected(session)
            return
        seconds = max(1, math.ceil(self._next_reconnect_at - time.monotonic()))
        window.show_connection_problem(
            f"{self._reconnect_reason} {describe_resume_countdown(seconds)}".strip()
        )

    def _cancel_reconnect_timers(self) -> None:
        self._reconnect_timer.stop()
        self._countdown.stop()

    def start_demo(self, start_service: Callable[[], DemoAccount]) -> None:
        """--demo: the dialog says the demo is starting from its first paint; the service
        starts on a task beside it, and its account is signed in as soon as it answers. The
        main window opens on the choices, which is what the demo is for."""
        dialog = self.show_sign_in()
        dialog.show_resuming(self.tr("Starting the demo service…"), can_try_now=False)
        dialog.use_form_button.hide()  # no address to type yet
        self._first_page = "choices"

        def started() -> None:
            # The service first: its start is the longest wait of the demo, and what the
            # first paint put off (crash reporter, TLS trust) can run beside it.
            run_task(self, start_service, self._demo_started, self._demo_failed)
            self.first_painted.emit()
            self._prepare()

        after_first_paint(dialog, started)

    def _demo_started(self, demo: DemoAccount) -> None:
        self.start_with_password(demo.base_url, demo.email, demo.password)

    def _demo_failed(self, error: BaseException) -> None:
        log_failure("starting the demo service")(error)
        if isinstance(self.window, SignInDialog):
            self.window.show_resuming(
                self.tr("The demo service could not be started. See the log for why."),
                can_try_now=False,
            )

    def start_with_password(self, service_url: str, email: str, password: str) -> None:
        """Sign in the demo's own account (demo mode), through the dialog on screen if any."""
        dialog = self.window if isinstance(self.window, SignInDialog) else self.show_sign_in()
        dialog.sign_in_with_password(service_url, email, password)

    # -- windows --------------------------------------------------------------------------

    def show_sign_in(self, message: str = "") -> SignInDialog:
        self._stop_watching()
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
        """Once its modules are imported (`_prepare`; at once when they are). Two sign-ins
        that end while waiting for them (a silent one and a typed one) open one window."""
        self._stop_resuming()
        waiting = self._opening is not None
        self._opening = session
        if not waiting:
            self._once_prepared(self._open_waiting_main_window)

    def _open_waiting_main_window(self) -> None:
        session, self._opening = self._opening, None
        if session is not None:
            self._open_main_window(session)

    def _open_main_window(self, session: AuthSession) -> None:
        from app.ui.context import DeskContext
        from app.ui.dialogs.crash_report_dialog import offer_crash_reports

        self.session = session
        context = DeskContext.signed_in(session, self.paths, self.language)
        context.session_watch.ended.connect(self._on_session_ended)  # a method: no cycle
        self.context = context
        if self._files_paused:
            self._resume_files()
        if not self.remember_sign_in:
            session.keep_nothing_on_this_computer()
        elif session.keep_in_keyring:
            self._remember(service_url=session.account.service_url, user_id=session.account.user_id)
        else:
            self._remember(service_url=session.account.service_url, user_id="")
        own = self._note_own_changes(context)
        self._show_main_window(page=self._first_page)
        self._first_page = ""
        self._start_watching(context, own)
        if not session.connected:
            self._reconnect_failures = 0
            self._reconnect_later(session.connect_problem)
        if self.crash_reporter is not None and self.window is not None:
            # Shows the exact text of any report left by a crash; sends only with X3 on.
            offer_crash_reports(self.window, context, self.crash_reporter)

    def _show_main_window(self, page: str = "") -> None:
        from app.ui.main_window import MainWindow

        assert self.context is not None
        self.context.language = self.language
        options = {
            "language": self.language,
            "theme": self.settings.theme,
            "notifications_off": ",".join(self.settings.notifications_off),
            "keep_in_tray": "on" if self.settings.keep_in_tray else "off",
            "start_at_login": "on" if self.settings.start_at_login else "off",
        }
        window = MainWindow(self.context, options, first_page=page or "overview")
        window.sign_out_requested.connect(self.sign_out)
        window.forget_device_requested.connect(self.forget_device)
        window.option_changed.connect(self.change_option)
        window.reconnect_requested.connect(self.reconnect_now)
        old = self._main_window
        if old is not None:
            window.restoreGeometry(old.saveGeometry())  # a rebuilt window stays where it was
        window.installEventFilter(self)  # closing it may mean "to the tray" (eventFilter)
        self._replace_window(window, main_window=window)

    def _replace_window(self, window: QWidget, *, main_window: MainWindow | None = None) -> None:
        old = self.window
        self.window = window
        self._main_window = main_window
        # Gone (deleted by whoever): nothing may reach it through this desk any more.
        window.destroyed.connect(lambda *_: self._forget_window(window))
        window.show()
        if old is not None:
            old.close()
            old.deleteLater()
        self.window_changed.emit(window)

    def _forget_window(self, window: QWidget) -> None:
        if self.window is window:
            self.window = None
        if self._main_window is window:
            self._main_window = None

    # -- preferences ----------------------------------------------------------------------

    def change_option(self, key: str, value: str) -> None:
        if key == "language":
            self.set_language(value)
        elif key == "theme":
            self.set_theme(value)
        elif key.startswith("notify:"):
            kind = key.partition(":")[2]
            off = [k for k in self.settings.notifications_off if k != kind]
            if value != "on":
                off.append(kind)
            self._remember(notifications_off=tuple(sorted(off)))
        elif key == "keep_in_tray":
            self._remember(keep_in_tray=value == "on")
            self._update_tray()
        elif key == "start_at_login":
            self.set_start_at_login(value == "on")

    def set_start_at_login(self, on: bool) -> None:
        """Written or removed the platform's way (app/local/autostart.py), on a worker."""
        self._remember(start_at_login=on)

        def apply() -> None:
            from app.local.autostart import for_this_platform

            entry = for_this_platform()
            if on:
                entry.switch_on()
            else:
                entry.switch_off()

        run_task(self, apply, ignore_result, log_failure("changing start at login"))

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
        self._settings_forgotten = False
        run_task(self, self._save_latest_settings, ignore_result, self._on_save_failed)

    def _save_latest_settings(self) -> None:
        """On a worker. Saves run in any order, so each writes the newest settings under a
        lock: whichever runs last leaves the user's last change on disk."""
        with self._settings_lock:
            if not self._settings_forgotten:
                self.settings_file.save(self.settings)

    def _on_save_failed(self, error: BaseException) -> None:
        log_failure("saving the settings")(error)
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
        """Sign out, remove the keyring entry and every file the app wrote (app/local/forget.py);
        the preferences stay only if the user asked for that."""
        session, window = self.session, self.window
        if session is None or window is None:
            return
        choice = self.confirm_forget_device(window)
        if choice not in (ForgetChoice.EVERYTHING, ForgetChoice.KEEP_PREFERENCES):
            return
        window.setEnabled(False)  # nothing new to write while the files go
        self._stop_watching()
        # Ended now: a page's call refused after the revoke is no "session has ended".
        self.session = None
        paths, reporter = self.paths, self.crash_reporter
        keep = self.settings if choice is ForgetChoice.KEEP_PREFERENCES else None
        self._files_paused = True
        self._settings_forgotten = True  # a save queued before this one must not bring it back

        def forget() -> list[Path]:
            from app.local.forget import forget_local_files

            session.sign_out()
            with self._settings_lock:  # a save under way finishes first, then goes with the rest
                return forget_local_files(paths, crash_reporter=reporter, keep_preferences=keep)

        run_task(
            self,
            forget,
            lambda left: self._forgotten(left, keep),
            lambda error: self._forgotten(None, keep, error),
        )

    def _forgotten(
        self, left: list[Path] | None, keep: AppSettings | None, error: BaseException | None = None
    ) -> None:
        if error is not None:
            log_failure("forgetting this device")(error)
        self.session = None
        # The address, language and theme stay in memory for the rest of this run (the
        # sign-in form, the window as it looks now); nothing of them is written here.
        self.settings = AppSettings(
            service_url=self.settings.service_url,
            language=self.settings.language,
            theme=self.settings.theme,
        )
        if left == []:
            self.show_sign_in(self.tr("This device has been forgotten."))
        else:
            self.show_sign_in(
                self.tr(
                    "You are signed out, but some of Privacy Desk's files could not be deleted. Close the app and delete them from the folders listed in Settings."
                )
            )
        self._sweep_when_idle(keep, SWEEP_WAIT_MS // SWEEP_POLL_MS)

    def _sweep_when_idle(self, keep: AppSettings | None, polls_left: int) -> None:
        """Work started before forgetting (a page's reload saving the last-seen choices, say)
        may write a file after the folders went: once no task runs, they are swept again."""
        if self.session is not None or not self._settings_forgotten:
            return  # signed in again meanwhile: the files are the new sign-in's
        if running_task_count() > 0 and polls_left > 0:
            QTimer.singleShot(
                SWEEP_POLL_MS, self, lambda: self._sweep_when_idle(keep, polls_left - 1)
            )
            return
        paths = self.paths

        def sweep() -> None:
            from app.local.forget import forget_account_files

            with self._settings_lock:
                if self._settings_forgotten:
                    forget_account_files(paths, keep_preferences=keep)

        run_task(self, sweep, ignore_result, log_failure("sweeping the forgotten files"))

    def _resume_files(self) -> None:
        """Signed in again after forgetting: the log and the fault trace are written again."""
        self._files_paused = False
        paths, reporter = self.paths, self.crash_reporter

        def resume() -> None:
            from app.local.logs import resume_log_file

            resume_log_file(paths.log_dir)
            if reporter is not None:
                reporter.start_fault_trace_again()

        run_task(self, resume, ignore_result, log_failure("reopening the log"))

    def _signed_out(self, error: BaseException | None = None) -> None:
        """Signed out on this computer whether or not the service heard of it."""
        if error is not None:
            log_failure("revoking the sign-in")(error)
        self.session = None
        self._remember(user_id="")
        self.show_sign_in()

    def _on_session_ended(self) -> None:
        """A task of this session found it ended. The watch of an earlier session (a late
        answer after signing in again) has ended, not this one's: that changes nothing."""
        if self.context is not None and self.context.session_watch.has_ended:
            self._on_session_expired()

    def _on_session_expired(self) -> None:
        """The service refused the sign-in (its refresh token): the stored copy is worth
        nothing any more, so it goes from the keyring; unsent changes stay journaled."""
        session = self.session
        if session is None:
            return  # signed out or forgotten already; a late refusal changes nothing
        if session.keep_in_keyring:
            vault, key = session.vault, session.account.vault_key
            run_task(
                self,
                lambda: vault.delete(key),
                ignore_result,
                log_failure("removing the ended sign-in from the keyring"),
            )
            self._remember(user_id="")
        self.session = None
        self.show_sign_in(self.tr("Your session has ended. Please sign in again."))

    # -- notifications, the tray ------------------------------------------------------------

    def _note_own_changes(self, context: DeskContext) -> OwnChanges:
        """The account's journal, as the pages will use it, also notes the user's own
        changes: the notifications never tell them back as made elsewhere."""
        from dataclasses import replace

        from app.notify.events import OwnChanges
        from app.notify.watcher import NotingJournal

        own = OwnChanges()
        context.stores = replace(context.stores, journal=NotingJournal(context.stores.journal, own))
        return own

    def enabled_notices(self) -> frozenset[NoticeKind]:
        from app.notify.events import NoticeKind

        off = set(self.settings.notifications_off)
        return frozenset(kind for kind in NoticeKind if kind.value not in off)

    def _start_watching(self, context: DeskContext, own: OwnChanges) -> None:
        from app.notify.desktop import DesktopNotifier
        from app.notify.watcher import NoticeWatcher

        self._stop_watching()
        if self.notifier is None:
            self.notifier = DesktopNotifier(self)
            self.notifier.activated.connect(self.open_notice)
            self.notifier.start()
        self._update_tray()
        self.watcher = NoticeWatcher(context, self.notifier, own, enabled=self.enabled_notices)
        self.watcher.start()

    def _stop_watching(self) -> None:
        watcher, self.watcher = self.watcher, None
        if watcher is not None:
            watcher.stop()  # and gone with its last reference (a task of it may hold one)

    def open_notice(self, target: str) -> None:
        """A notice was clicked: the window comes up on what it is about."""
        self.show_window()
        window = self._main_window
        if window is None:
            return
        kind, _, item = target.partition(":")
        if kind == "request":
            page: QWidget = window.requests_page
            window.show_page(page)
            select = getattr(page, "select_request", None)
            if callable(select):
                select(item)
        elif kind == "choice":
            window.show_page(window.choices_page)

    def show_window(self) -> None:
        window = self.window
        if window is None:
            return
        window.show()
        window.raise_()
        window.activateWindow()
        if self.watcher is not None:
            self.watcher.set_window_visible(True)

    def _update_tray(self) -> None:
        """A tray icon while the user wants the app to stay there (and a tray exists)."""
        from PySide6.QtWidgets import QMenu, QSystemTrayIcon

        wanted = self.settings.keep_in_tray and QSystemTrayIcon.isSystemTrayAvailable()
        if not wanted:
            if self.tray is not None:
                self.tray.hide()
                self.tray = None  # the last reference: gone with it
                if self.notifier is not None:
                    self.notifier.set_tray(None)
            return
        if self.tray is not None:
            return
        app = QApplication.instance()
        tray = QSystemTrayIcon()  # kept by `self.tray` only, so dropping it removes it
        if isinstance(app, QApplication):
            tray.setIcon(app.windowIcon())
        tray.setToolTip("Privacy Desk")  # the app's name: the same in every language
        menu = QMenu()
        menu.addAction(self.tr("Open Privacy Desk"), self.show_window)
        menu.addAction(self.tr("Quit"), self.quit)
        tray.setContextMenu(menu)
        tray._menu = menu  # type: ignore[attr-defined]  # kept alive with the icon
        tray.activated.connect(
            lambda reason: (
                self.show_window() if reason == QSystemTrayIcon.ActivationReason.Trigger else None
            )
        )
        tray.show()
        self.tray = tray
        if self.notifier is not None:
            self.notifier.set_tray(tray)

    def quit(self) -> None:
        """Quit for real (the tray's Quit): the window closes instead of hiding."""
        self._quitting = True
        self.shut_down()
        if self.window is not None:
            self.window.close()
        self.quit_app()

    def shut_down(self) -> None:
        """Stop all that runs by itself: the reconnect timers, the watcher, the notifier and
        the tray. For the end of the app, and for a test done with this desk."""
        self._cancel_reconnect_timers()
        self._stop_watching()
        if self.notifier is not None:
            self.notifier.close()
        if self.tray is not None:
            self.tray.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The main window's close: to the tray when the user wants that; its showing and
        hiding set the watcher's pace; using it says the user is there."""
        if watched is not self._main_window or watched is not self.window:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close and not self._quitting and self.tray is not None:
            event.ignore()
            self.window.hide()
            if self.watcher is not None:
                self.watcher.set_window_visible(False)
            return True
        if self.watcher is not None:
            if kind == QEvent.Type.Hide:
                self.watcher.set_window_visible(False)
            elif kind == QEvent.Type.WindowActivate:
                self.watcher.set_window_visible(True)
        return False
