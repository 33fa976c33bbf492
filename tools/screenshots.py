"""Take screenshots of every page, signed in to the demo service: `make screenshots`.

Runs the real app against the embedded demo service, waits for each page to load,
and saves `<out>/<language>-<page>.png`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("PRIVACY_DESK_HOME", "/tmp/privacy-desk-screenshots")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", action="append", choices=("en", "nl"))
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from app.demo import start_demo_service
    from app.ui.style import STYLE_SHEET
    from app.ui.theme import apply_theme

    app = QApplication(sys.argv[:1])
    apply_theme(app, args.theme)
    app.setStyleSheet(STYLE_SHEET)
    demo = start_demo_service()
    try:
        for language in args.lang or ["en", "nl"]:
            for path in _shoot_every_page(demo, language, out):
                print(path)
    finally:
        demo.stop()
    return 0


def _shoot_every_page(demo: Any, language: str, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.auth.vault import TokenVault
    from app.local.paths import AppPaths
    from app.ui.desk import DeskApp
    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    translations = Translations(app)
    translations.use(language)
    desk = DeskApp(
        TokenVault(),
        AppPaths.default(),
        translations=translations,
        language=language,
        remember_sign_in=False,
    )
    desk.start_with_password(demo.base_url, demo.email, demo.password)
    _wait_for(lambda: isinstance(desk.window, MainWindow))
    window = desk.window
    assert isinstance(window, MainWindow)
    _wait_for(lambda: window.choices_page.state.currentIndex() == 1)
    saved = []
    for index in range(window.stack.count()):
        window.sidebar.setCurrentRow(index)
        _settle(1.0)
        name = window.stack.widget(index).objectName() or f"page{index}"
        path = out / f"{language}-{name}.png"
        window.grab().save(str(path))
        saved.append(path)
    window.close()
    translations.use("en")
    return saved


def _settle(seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QApplication.processEvents()
        if condition():
            return
        time.sleep(0.02)
    raise TimeoutError("the app did not reach the expected state")


if __name__ == "__main__":
    sys.exit(main())
