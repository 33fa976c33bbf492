"""The Qt binding itself must be sound: PySide6 6.12.0 on CPython 3.11 was not."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_calls_into_qt_leave_the_reference_counts_of_none_true_and_false_alone(
    qtbot: QtBot,
) -> None:
    """A binding that drops a reference per call makes the interpreter abort after a few
    thousand calls (`none_dealloc`): a crash while scrolling a long table."""
    label = QLabel()
    qtbot.addWidget(label)
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(2_000):
        label.setText("x")  # returns None
        label.isVisible()  # returns False
        label.isEnabled()  # returns True
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    assert [b - a for a, b in zip(before, after, strict=True)] == [0, 0, 0]
