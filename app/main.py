"""Command line and QApplication bootstrap."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.identity import APP_ID, APP_NAME, DISTRIBUTION
from app.self_test import EMAIL_VARIABLE, PASSWORD_VARIABLE

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication, QIcon

    from app.demo import DemoService
    from app.local.paths import AppPaths
    from app.ui.desk import DeskApp


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
        from app.identity import VERSION

        print(f"{DISTRIBUTION} {VERSION}")
        return 0
    if args.service is not None and not args.self_test:
        parser.error("--service goes with --self-test")
    if args.service is not None and args.demo:
        parser.error("--self-test takes --demo or --service, not both")

    if args.self_test:
        return _self_test(args.lang, demo=args.demo, service=args.service)
    return _run(args.lang, demo=args.demo)


def _self_test(lang: str | None, *, demo: bool, service: str | None) -> int:
    from PySide6.QtWidgets import QApplication

    from app.auth.vault import TokenVault
    from app.local.paths import AppPaths
    from app.local.settings import SettingsFile
    from app.self_test import run_self_test
    from app.ui.i18n import Translations, choose_language

    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication(sys.argv[:1])
    present_as_the_app(app)
    saved = SettingsFile(AppPaths.default().settings_file).load()
    language = choose_language(lang or saved.language or None)
    translations = Translations(app)
    translations.use(language)
    return run_self_test(TokenVault(), language, demo=demo, service=service)


def _run(lang: str | None, *, demo: bool) -> int:
    """The first window is painted before anything it does not need is even imported: the
    crash reporter, TLS trust, the keyring, the HTTP client and the main window come after
    (`_after_first_paint`), and the demo's service starts beside the window, on a worker."""
    import gc

    # No collection while start-up imports: MainThreadGarbageCollector (below) keeps it off
    # until start-up has settled, then collects on the GUI thread only.
    gc.disable()
    from PySide6.QtWidgets import QApplication

    from app.local.paths import AppPaths
    from app.local.settings import SettingsFile
    from app.ui.desk import DeskApp
    from app.ui.i18n import Translations, choose_language
    from app.ui.main_thread_gc import MainThreadGarbageCollector
    from app.ui.style import apply_look
    from app.ui.tasks import wait_for_all_tasks

    paths = AppPaths.default()
    if sys.platform == "win32":
        # Taskbar grouping and pinning follow this id, not the python.exe that runs us.
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_ID)
    app = QApplication(sys.argv[:1])
    name_the_app(app)  # the version follows after the first paint
    saved = SettingsFile(paths.settings_file).load()
    language = choose_language(lang or saved.language or None)
    translations = Translations(app)
    translations.use(language)
    apply_look(app, saved.theme)  # palette, style and style sheet: the one look
    collector = MainThreadGarbageCollector(app)

    desk = DeskApp(
        None,  # the system keyring, resolved off the GUI thread when first needed
        paths,
        translations=translations,
        language=language,
        remember_sign_in=not demo,
    )
    desk.first_painted.connect(lambda: _after_first_paint(desk, paths, demo=demo))
    started: list[DemoService] = []
    try:
        if demo:
            desk.start_demo(lambda: _start_demo_service(started))
        else:
            desk.start()
        return app.exec()
    finally:
        # Let journal and evidence writes that are under way finish before the process ends.
        wait_for_all_tasks(10_000)
        del translations, collector
        for service in started:
            service.stop()


def _start_demo_service(started: list[DemoService]) -> DemoService:
    """On a worker, beside the window: kept in `started` at once, so that it is stopped at
    the end even when the window was closed before it answered."""
    from app.demo import start_demo_service

    service = start_demo_service()
    started.append(service)
    print(
        f"Demo service at {service.base_url}; account {service.email}, password {service.password}",
        flush=True,
    )
    return service


def _after_first_paint(desk: DeskApp, paths: AppPaths, *, demo: bool) -> None:
    """What start-up put off until the first window was on screen: the log and the crash
    reporter (DeskApp imports what a signed-in app needs on a worker meanwhile)."""
    from app.ui.first_paint import after_first_paint_of, report, reporting

    report("first-paint", desk.window)  # for benchmarks/bench_start.py, when it asks

    from PySide6.QtCore import QCoreApplication

    from app.identity import VERSION
    from app.local.crash_reports import CrashReporter, crash_reports_dir
    from app.local.logs import configure_logging

    # A crash before this point (while Qt started, or during the first paint) leaves no
    # report: the price of painting first. No data of the user's is handled before it.
    configure_logging(paths.log_dir)
    desk.crash_reporter = CrashReporter(crash_reports_dir(paths), VERSION)
    desk.crash_reporter.install()
    QCoreApplication.setApplicationVersion(VERSION)
    # TLS trust: the operating system's store, set by the first PrivacyClient (app/api/trust.py).

    if demo and reporting():
        from app.ui.widgets.choice_card import ChoiceCard

        # For benchmarks/bench_start.py: the demo's choices on screen, with the service's values.
        after_first_paint_of(ChoiceCard, lambda: report("choices-painted", desk.window))


def present_as_the_app(app: QGuiApplication) -> None:
    """Name, version, desktop file and icon: how the desktop shows and groups our windows."""
    from app.identity import VERSION

    name_the_app(app)
    app.setApplicationVersion(VERSION)


def name_the_app(app: QGuiApplication) -> None:
    """`present_as_the_app` but for the version, which the desktop does not show and which
    takes importlib.metadata to read: what must be set before the first window is shown."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
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
