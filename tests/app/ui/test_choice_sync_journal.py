"""Journal writes from the choice sync keep their order and all land, even at quit."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.ui.choice_sync import _Turns
from app.ui.tasks import run_task, wait_for_all_tasks


def test_work_started_in_order_runs_in_order_whatever_the_threads_do(qtbot: QtBot) -> None:
    turns = _Turns()
    done: list[int] = []
    holder = QObject()

    def work(n: int) -> None:
        time.sleep(0.02 if n % 3 == 0 else 0.0)  # the first of each three is slow
        done.append(n)

    failures: list[BaseException] = []
    for n in range(12):
        ticket = turns.ticket()
        run_task(
            holder, lambda t=ticket, n=n: turns.take(t, lambda: work(n)), _done, failures.append
        )
    assert wait_for_all_tasks(10_000)
    assert done == list(range(12)) and failures == []


def test_every_write_lands_when_the_app_waits_for_its_tasks_at_quit(qtbot: QtBot) -> None:
    """What app/main.py does after the event loop ends: nothing queued is dropped."""
    turns = _Turns()
    written: list[int] = []
    holder = QObject()
    failures: list[BaseException] = []
    for n in range(8):
        ticket = turns.ticket()
        run_task(
            holder,
            lambda t=ticket, n=n: turns.take(t, lambda: written.append(n)),
            _done,
            failures.append,
        )
    del holder  # the page is gone; its writes are not
    assert wait_for_all_tasks(10_000)
    assert written == list(range(8)) and failures == []


def _done(_result: object) -> None:
    """Nothing to do with a write's result: the test looks at what was written."""
