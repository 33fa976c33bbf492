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
EN_TS_FILE = TS_FILE.with_name("privacy_desk_en.ts")
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def _messages(path: Path) -> list[tuple[str, str, list[str], str | None]]:
    """(context, source, translated forms, unfinished marker) for every message."""
    rows = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [form.text or "" for form in translation.iter("numerusform")]
            if not forms:
                forms = [translation.text or ""]
            source = message.findtext("source") or ""
            rows.append((name, source, forms, translation.get("type")))
    return rows


def test_every_string_has_a_finished_dutch_translation() -> None:
    rows = _messages(TS_FILE)
    assert len(rows) > 40
    unfinished = [source for _, source, forms, kind in rows if not all(forms) or kind]
    assert unfinished == []


def test_english_plural_forms_are_all_written() -> None:
    rows = _messages(EN_TS_FILE)
    assert rows, "the English file carries the plural forms"
    incomplete = [source for _, source, forms, kind in rows if len(forms) != 2 or kind]
    assert incomplete == []


def test_translations_keep_every_placeholder() -> None:
    for ts in (TS_FILE, EN_TS_FILE):
        for _, source, forms, _ in _messages(ts):
            wanted = sorted(set(PLACEHOLDER.findall(source)))
            for text in forms:
                assert sorted(set(PLACEHOLDER.findall(text))) == wanted, source


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


def test_the_compiled_translations_match_the_source_files(tmp_path: Path) -> None:
    for ts in (TS_FILE, TS_FILE.with_name("privacy_desk_en.ts")):
        compiled = tmp_path / "check.qm"
        subprocess.run(
            [BIN / "pyside6-lrelease", str(ts), "-qm", str(compiled)],
            check=True,
            capture_output=True,
        )
        assert compiled.read_bytes() == ts.with_suffix(".qm").read_bytes(), (
            "run `make translations`"
        )


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
    assert dialog.sign_in_button.text() == "Inloggen met je browser"
    assert dialog.device_button.text() == "Inloggen op een ander apparaat"
    assert dialog.address.accessibleName() == "Adres van de dienst"
