"""Loading the app's translations (English is the source language; Dutch ships too)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SUPPORTED_LANGUAGES = ("en", "nl")


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # inside a PyInstaller build
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def choose_language(requested: str | None) -> str:
    """The requested language if we have it, else the system's, else English."""
    if requested in SUPPORTED_LANGUAGES:
        return requested
    for name in QLocale.system().uiLanguages():
        primary = name.split("-")[0].split("_")[0].lower()
        if primary in SUPPORTED_LANGUAGES:
            return primary
    return "en"


class Translations:
    """The installed translators; `use()` swaps them at runtime (widgets are then rebuilt)."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "en"
        self._installed: list[QTranslator] = []

    def use(self, language: str) -> None:
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []
        self.language = language if language in SUPPORTED_LANGUAGES else "en"
        if self.language == "nl":
            QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        else:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        ours = QTranslator(self.app)  # for English: only the plural forms
        if ours.load(str(resources_dir() / "translations" / f"privacy_desk_{self.language}.qm")):
            self.app.installTranslator(ours)
            self._installed.append(ours)
        qt_own = QTranslator(self.app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if self.language != "en" and qt_own.load(f"qtbase_{self.language}", qt_dir):
            self.app.installTranslator(qt_own)
            self._installed.append(qt_own)
