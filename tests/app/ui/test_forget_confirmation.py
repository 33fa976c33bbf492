"""The "Forget this device?" question: No by default, preferences kept only when asked."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.ui.desk import ForgetChoice, ask_to_forget_device


def answer(
    qtbot: QtBot, *, keep_preferences: bool, button: QMessageBox.StandardButton
) -> dict[str, object]:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def respond() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, respond)
            return
        check = box.checkBox()
        seen["default_is_no"] = box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        seen["check_named"] = bool(check.accessibleName()) and not check.isChecked()
        seen["text"] = box.text()
        check.setChecked(keep_preferences)
        box.button(button).click()

    QTimer.singleShot(0, respond)
    seen["choice"] = ask_to_forget_device(parent)
    return seen


def test_the_user_can_forget_everything_or_keep_only_the_preferences(qtbot: QtBot) -> None:
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    everything = answer(qtbot, keep_preferences=False, button=yes)
    assert everything["choice"] is ForgetChoice.EVERYTHING
    assert everything["default_is_no"] is True, "a slip of the Enter key deletes nothing"
    assert everything["check_named"] is True, "named, and preferences go unless asked"
    assert "crash reports and logs" in str(everything["text"])
    kept = answer(qtbot, keep_preferences=True, button=yes)
    assert kept["choice"] is ForgetChoice.KEEP_PREFERENCES
    cancelled = answer(qtbot, keep_preferences=True, button=no)
    assert cancelled["choice"] is ForgetChoice.CANCEL
