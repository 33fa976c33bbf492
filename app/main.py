"""Command line and QApplication bootstrap."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.identity import APP_ID, APP_NAME, DISTRIBUTION, VERSION
from app.self_test import EMAIL_VARIABLE, PASSWORD_VARIABLE

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication, QIcon


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="privacy-desk", description="See and steer what your media service knows about you."
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start a demo service on this computer and sign in to its demo account",
    )
    parser.add_argument(
        "--self-test", action="store_true", help="print what the app runs on, then exit"
    )
    parser.add_argument(
        "--service",
        metavar="URL",
        help="with --self-test: sign in to this service and back out, keeping the sign-in in "
        f"the keyring meanwhile; the account comes from {EMAIL_VARIABLE} and {PASSWORD_VARIABLE}",
    )
    parser.add_argument("--lang", choices=("en", "nl"), help="language (default: the system's)")
    parser.add_argument("--version", action="store_true", help="print the version, then exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:  # before Qt is even imported: packaging scripts call this
        print(f"{DISTRIBUTION} {VERSION}")
        return 0
    if args.service is not None and not args.self_test:
        parser.error("--service goes with --self-test")
    if args.service is not None and args.demo:
        parser.error("--self-test takes --demo or --service, not both")

    import truststore

    truststore.inject_into_ssl()  # verify TLS against the operating system's trust store

    from app.local.crash_reports import CrashReporter, crash_reports_dir
    from app.local.logs import configure_logging
    from app.local.paths import AppPaths

    paths = AppPaths.default()
    crash_reporter = None
    if not args.self_test:
        # First, so that a crash while Qt starts is caught too.
        configure_logging(paths.log_dir)
        crash_reporter = CrashReporter(crash_reports_dir(paths), VERSION)
        crash_reporter.install()

    from PySide6.QtWidgets import QApplication

    from app.auth.vault import TokenVault
    from app.local.settings import SettingsFile
    from app.ui.i18n import Translations, choose_language
    from app.ui.style import STYLE_SHEET
    from app.ui.theme import apply_theme

    if args.self_test and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if sys.platform == "win32":
        # Taskbar grouping and pinning follow this id, not the python.exe that runs us.
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_ID)
    app = QApplication(sys.argv[:1])
    present_as_the_app(app)
    saved = SettingsFile(paths.settings_file).load()
    language = choose_language(args.lang or saved.language or None)
    translations = Translations(app)
    translations.use(language)
    vault = TokenVault()

    if args.self_test:
        from app.self_test import run_self_test

        return run_self_test(vault, language, demo=args.demo, service=args.service)

    from app.ui.desk import DeskApp
    from app.ui.main_thread_gc import MainThreadGarbageCollector
    from app.ui.tasks import wait_for_all_tasks

    apply_theme(app, saved.theme)
    app.setStyleSheet(STYLE_SHEET)
    collector = MainThreadGarbageCollector(app)

    demo = None
    if args.demo:
        from app.demo import start_demo_service

        demo = start_demo_service()
    desk = DeskApp(
        vault,
        paths,
        translations=translations,
        language=language,
        remember_sign_in=demo is None,
        crash_reporter=crash_reporter,
    )
    try:
        if demo is not None:
            print(
                f"Demo service at {demo.base_url}; account {demo.email}, password {demo.password}"
            )
            desk.start_with_password(demo.base_url, demo.email, demo.password)
        else:
            desk.start()
        return app.exec()
    finally:
        # Let journal and evidence writes that are under way finish before the process ends.
        wait_for_all_tasks(10_000)
        del translations, collector
        if demo is not None:
            demo.stop()


def present_as_the_app(app: QGuiApplication) -> None:
    """Name, version, desktop file and icon: how the desktop shows and groups our windows."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(VERSION)
    # Wayland and X11 docks match the windows to org.privacydesk.PrivacyDesk.desktop.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


def app_icon() -> QIcon:
    """The app's icon at every size rendered (tools/make_icons.py); Qt picks per use."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from app.ui.i18n import resources_dir

    icon = QIcon()
    hicolor = resources_dir() / "icons" / "hicolor"
    for png in hicolor.glob(f"*/apps/{APP_ID}.png"):
        side = int(png.parts[-3].split("x")[0])  # hicolor/<side>x<side>/apps/
        icon.addFile(str(png), QSize(side, side))
    return icon


if __name__ == "__main__":
    sys.exit(main())
