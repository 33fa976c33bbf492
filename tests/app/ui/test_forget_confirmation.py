"""The "Forget this device?" question: asked in the dialog itself, with what goes and what
stays; buttons that say what they do; Cancel by default; preferences kept only when asked."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.ui.desk import ForgetChoice, ask_to_forget_device


def answer(qtbot: QtBot, *, keep_preferences: bool, press: str) -> dict[str, object]:
    """Open the question, note what it shows, tick the box as told, press `press`."""
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def respond() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, respond)
            return
        check = box.checkBox()
        buttons: list[QAbstractButton] = box.buttons()
        seen["buttons"] = sorted(button.text() for button in buttons)
        seen["default"] = box.defaultButton().text()
        seen["escape"] = box.escapeButton().text() if box.escapeButton() else ""
        seen["roles"] = {button.text(): button.property("role") for button in buttons}
        seen["check_named"] = bool(check.accessibleName()) and not check.isChecked()
        seen["text"] = box.text()
        seen["explanation"] = box.informativeText()
        check.setChecked(keep_preferences)
        (pressed,) = [button for button in buttons if button.text() == press]
        pressed.click()

    QTimer.singleShot(0, respond)
    seen["choice"] = ask_to_forget_device(parent)
    return seen


def test_the_question_is_asked_in_the_dialog_and_its_buttons_say_what_they_do(
    qtbot: QtBot,
) -> None:
    seen = answer(qtbot, keep_preferences=False, press="Cancel")

    assert seen["text"] == "Forget this device?"
    explanation = str(seen["explanation"])
    assert "crash reports and logs" in explanation, "what is removed"
    assert "Your account and your data on the service stay" in explanation, "what stays"
    assert "evidence bundle" in explanation
    assert seen["buttons"] == ["Cancel", "Forget this device"], "no Yes and No"
    assert seen["roles"] == {"Forget this device": "destructive", "Cancel": None}
    assert seen["default"] == "Cancel", "a slip of the Enter key deletes nothing"
    assert seen["escape"] == "Cancel"
    assert seen["choice"] is ForgetChoice.CANCEL


def test_the_user_can_forget_everything_or_keep_only_the_preferences(qtbot: QtBot) -> None:
    everything = answer(qtbot, keep_preferences=False, press="Forget this device")
    assert everything["choice"] is ForgetChoice.EVERYTHING
    assert everything["check_named"] is True, "named, and preferences go unless asked"
    kept = answer(qtbot, keep_preferences=True, press="Forget this device")
    assert kept["choice"] is ForgetChoice.KEEP_PREFERENCES
    cancelled = answer(qtbot, keep_preferences=True, press="Cancel")
    assert cancelled["choice"] is ForgetChoice.CANCEL
