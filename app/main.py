"""Command line and QApplication bootstrap."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


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
    parser.add_argument("--lang", choices=("en", "nl"), help="language (default: the system's)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    import truststore

    truststore.inject_into_ssl()  # verify TLS against the operating system's trust store

    from app import __version__
    from app.local.crash_reports import CrashReporter, crash_reports_dir
    from app.local.logs import configure_logging
    from app.local.paths import AppPaths

    paths = AppPaths.default()
    crash_reporter = None
    if not args.self_test:
        # First, so that a crash while Qt starts is caught too.
        configure_logging(paths.log_dir)
        crash_reporter = CrashReporter(crash_reports_dir(paths), __version__)
        crash_reporter.install()

    from PySide6.QtWidgets import QApplication

    from app.auth.vault import TokenVault
    from app.local.settings import SettingsFile
    from app.ui.i18n import Translations, choose_language
    from app.ui.style import STYLE_SHEET
    from app.ui.theme import apply_theme

    if args.self_test and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Privacy Desk")
    app.setOrganizationName("Privacy Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("privacy-desk")
    saved = SettingsFile(paths.settings_file).load()
    language = choose_language(args.lang or saved.language or None)
    translations = Translations(app)
    translations.use(language)
    vault = TokenVault()

    if args.self_test:
        return _self_test(app, vault, args.demo, language)

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


def _self_test(app: object, vault: object, with_demo: bool, language: str) -> int:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    from app import __version__
    from app.auth.vault import TokenVault

    assert isinstance(vault, TokenVault)
    print(f"version: {__version__}")
    print(f"qt: {qVersion()} (PySide6 {pyside_version})")
    print(f"platform: {QGuiApplication.platformName()}")
    print(f"language: {language}")
    print(f"keyring: {vault.backend_name()}")
    status = 0 if vault.usable() else 1
    if with_demo:
        from app.api.client import PrivacyClient
        from app.auth.session import AuthSession
        from app.demo import start_demo_service

        demo = start_demo_service()
        try:
            client = PrivacyClient(demo.base_url, language=language)
            grant = client.password_grant(demo.email, demo.password)
            session = AuthSession(client, vault, grant, keep_in_keyring=False)
            values = session.call(client.choices)
            print(f"service: {demo.base_url}")
            print(f"signed-in: {session.account.email}")
            print(f"choices: {len(values.values)}")
            session.sign_out()
        finally:
            demo.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
