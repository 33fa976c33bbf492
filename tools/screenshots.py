"""Take screenshots of the app signed in to the demo service: `make screenshots`.

Runs the real app against the embedded demo service, waits for each page to load,
and saves `docs/screenshots/<language>-<page>.png`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PRIVACY_DESK_HOME", "/tmp/privacy-desk-screenshots")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", action="append", choices=("en", "nl"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from app.auth.vault import TokenVault
    from app.demo import start_demo_service
    from app.local.paths import AppPaths
    from app.local.pending_changes import PendingChangesJournal
    from app.local.settings import SettingsFile
    from app.ui.desk import DeskApp
    from app.ui.i18n import install_translators
    from app.ui.main_window import MainWindow
    from app.ui.style import STYLE_SHEET

    app = QApplication(sys.argv[:1])
    app.setStyleSheet(STYLE_SHEET)
    demo = start_demo_service()
    try:
        for language in args.lang or ["en", "nl"]:
            translators = install_translators(app, language)
            desk = DeskApp(
                TokenVault(),
                SettingsFile(AppPaths.default().settings_file),
                PendingChangesJournal(AppPaths.default().pending_changes_file),
                language=language,
                remember_sign_in=False,
            )
            desk.start_with_password(demo.base_url, demo.email, demo.password)
            window = _wait_for(app, lambda: isinstance(desk.window, MainWindow) and desk.window)
            assert isinstance(window, MainWindow)
            _wait_for(app, lambda: window.choices_page.state.currentIndex() == 1)
            for index in range(window.stack.count()):
                window.sidebar.setCurrentRow(index)
                _settle(app)
                name = window.stack.widget(index).objectName() or f"page{index}"
                path = out / f"{language}-{name}.png"
                window.grab().save(str(path))
                print(path)
            window.close()
            for translator in translators:
                app.removeTranslator(translator)
    finally:
        demo.stop()
    return 0


def _settle(app: object, seconds: float = 0.3) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _wait_for(app: object, condition, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QApplication.processEvents()
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError("the app did not reach the expected state")


if __name__ == "__main__":
    sys.exit(main())
