"""Dialogs are as tall as what they say (issue 18, finding 1 and its kind): every wrapped
sentence gets all its lines, in English and in the longer Dutch, before and after an
error appears."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.core.requests import RequestKind
from app.ui.context import DeskContext
from app.ui.dialogs.new_request_dialog import NewRequestDialog
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.i18n import Translations
from app.ui.theme import apply_theme


def cut_labels(dialog: QWidget) -> list[str]:
    """The visible wrapped labels shorter than their text needs at their width."""
    return [
        label.text()[:40]
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.height() < label.heightForWidth(label.width())
    ]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("kind", list(RequestKind))
def test_a_request_dialog_shows_every_line_of_what_it_says(
    qtbot: QtBot,
    qapp: QApplication,
    context: DeskContext,
    english: Translations,
    language: str,
    kind: RequestKind,
) -> None:
    apply_theme(qapp, "light")  # the app's look: its headings are large
    english.use(language)
    parent = QWidget()  # as the Requests page opens it
    qtbot.addWidget(parent)
    parent.show()
    dialog = NewRequestDialog(context, kind, parent)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert cut_labels(dialog) == []

    # An error appears below the form: the dialog grows for it.
    dialog._show_message("The service could not be reached. " * 6)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    qtbot.wait(10)
    assert cut_labels(dialog) == []


def test_each_dialog_marks_its_main_action(qtbot: QtBot, context: DeskContext) -> None:
    """The button Enter presses looks like the main action: suggested, or destructive for a
    deletion (finding 13: nothing marked the main action)."""
    sign_in = SignInDialog(None, lambda _url: context.session.client, "https://example.org")
    qtbot.addWidget(sign_in)
    assert sign_in.sign_in_button.isDefault()
    assert sign_in.sign_in_button.property("role") == "suggested"
    for kind in RequestKind:
        dialog = NewRequestDialog(context, kind)
        qtbot.addWidget(dialog)
        expected = "destructive" if kind is RequestKind.DELETION else "suggested"
        assert dialog.submit_button.property("role") == expected, kind
