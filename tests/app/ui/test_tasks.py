"""run_task: results arrive on the GUI thread, errors are delivered, dead owners get nothing."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread
from pytestqt.qtbot import QtBot

from app.ui.tasks import run_task, wait_for_all_tasks


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    owner = QObject()
    seen: list[tuple[object, bool]] = []
    worker_threads: list[threading.Thread] = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    run_task(
        owner,
        work,
        lambda value: seen.append((value, QThread.currentThread().isMainThread())),
        seen.append,
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [(42, True)]
    assert worker_threads[0] is not threading.main_thread()


def test_an_exception_is_delivered_to_on_error(qtbot: QtBot) -> None:
    owner = QObject()
    errors: list[BaseException] = []

    def work() -> None:
        raise ValueError("broken")

    run_task(owner, work, lambda _v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0], ValueError)


def test_a_deleted_owner_receives_nothing(qtbot: QtBot) -> None:
    owner = QObject()
    release = threading.Event()
    delivered: list[object] = []

    run_task(owner, lambda: release.wait(5), delivered.append, delivered.append)
    owner.deleteLater()
    qtbot.wait(50)  # the owner is gone before the work finishes
    release.set()
    assert wait_for_all_tasks(5_000)
    qtbot.wait(100)
    assert delivered == []
