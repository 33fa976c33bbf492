"""Every visible string exists in Dutch, keeps its placeholders, and the shipped files are current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from app.auth.vault import TokenVault
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.i18n import resources_dir
from tests.support.memory_keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[3]
TS_FILE = resources_dir() / "translations" / "privacy_desk_nl.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def _messages(path: Path) -> list[tuple[str, str, str | None, str | None]]:
    rows = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            rows.append(
                (name, message.findtext("source") or "", translation.text, translation.get("type"))
            )
    return rows


def test_every_string_has_a_finished_dutch_translation() -> None:
    rows = _messages(TS_FILE)
    assert len(rows) > 40
    unfinished = [source for _, source, text, kind in rows if not text or kind is not None]
    assert unfinished == []


def test_dutch_translations_keep_every_placeholder() -> None:
    for _, source, text, _ in _messages(TS_FILE):
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text or "")), (
            source
        )


def test_the_translation_file_lists_every_string_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS_FILE, fresh)
    sources = sorted(str(p) for p in (ROOT / "app").rglob("*.py"))
    subprocess.run(
        [
            BIN / "pyside6-lupdate",
            *sources,
            "-ts",
            str(fresh),
            "-no-obsolete",
            "-locations",
            "none",
        ],
        check=True,
        capture_output=True,
    )
    committed = {(c, s) for c, s, _, _ in _messages(TS_FILE)}
    current = {(c, s) for c, s, _, _ in _messages(fresh)}
    assert current - committed == set(), "run `make translations` and translate the new strings"
    assert committed - current == set(), "run `make translations` to drop strings no longer used"


def test_the_compiled_translations_match_the_source_file(tmp_path: Path) -> None:
    compiled = tmp_path / "check.qm"
    subprocess.run(
        [BIN / "pyside6-lrelease", str(TS_FILE), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == QM_FILE.read_bytes(), "run `make translations`"


@pytest.fixture
def dutch() -> object:
    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    yield translator
    app.removeTranslator(translator)


def test_the_sign_in_dialog_speaks_dutch(qtbot: QtBot, dutch: object) -> None:
    dialog = SignInDialog(TokenVault(MemoryKeyring()), lambda url: None, "")  # type: ignore[arg-type,return-value]
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Inloggen bij Privacy Desk"
    assert dialog.sign_in_button.text() == "Inloggen"
    assert dialog.password.accessibleName() == "Wachtwoord"
