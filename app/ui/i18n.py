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


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install ours and Qt's own (for standard buttons). Returned so they stay alive."""
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Dutch if language == "nl" else QLocale.Language.English,
            QLocale.Country.Netherlands if language == "nl" else QLocale.Country.UnitedKingdom,
        )
    )
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "translations" / f"privacy_desk_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed
