"""The fault suite's stall recorder counts the app's own time on the GUI thread.

The fault suite fails a run on a stall over 100 ms of the app's own. These tests make
sure such a stall is seen whatever it is made of: the GUI thread computing, or the GUI
thread asleep in a call (what a network call or an fsync on the GUI thread would be).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from tests.support.app_driver import Recorder

STALL_MS = 160


def _record_around(qtbot: QtBot, stall: object) -> Recorder:
    recorder = Recorder()
    owner = QObject()
    timer = recorder.start_stall_timer(owner)
    qtbot.wait(100)  # a few ordinary ticks first
    QTimer.singleShot(0, stall)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(recorder.stalls), timeout=5000)
    qtbot.wait(50)
    timer.stop()
    recorder.stop()
    return recorder


def test_a_gui_thread_that_computes_is_a_stall_of_its_own(qtbot: QtBot) -> None:
    def compute() -> None:
        end = time.thread_time() + STALL_MS / 1000
        while time.thread_time() < end:
            pass

    stall = max(_record_around(qtbot, compute).stalls, key=lambda s: s["ms"])
    assert stall["gui_cpu_ms"] >= STALL_MS * 0.9
    assert stall["own_ms"] >= STALL_MS * 0.9


def test_a_gui_thread_asleep_in_a_call_is_a_stall_of_its_own(qtbot: QtBot) -> None:
    def block() -> None:
        time.sleep(STALL_MS / 1000)  # as a blocking read or fsync would

    stall = max(_record_around(qtbot, block).stalls, key=lambda s: s["ms"])
    assert stall["gui_cpu_ms"] < STALL_MS / 2
    assert stall["blocked_ms"] >= STALL_MS * 0.7
    assert stall["own_ms"] >= STALL_MS * 0.7
