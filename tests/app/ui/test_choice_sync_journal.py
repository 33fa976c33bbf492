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

    for n in range(12):
        ticket = turns.ticket()
        run_task(holder, lambda t=ticket, n=n: turns.take(t, lambda: work(n)), print, print)
    assert wait_for_all_tasks(10_000)
    assert done == list(range(12))


def test_every_write_lands_when_the_app_waits_for_its_tasks_at_quit(qtbot: QtBot) -> None:
    """What app/main.py does after the event loop ends: nothing queued is dropped."""
    turns = _Turns()
    written: list[int] = []
    holder = QObject()
    for n in range(8):
        ticket = turns.ticket()
        run_task(
            holder, lambda t=ticket, n=n: turns.take(t, lambda: written.append(n)), print, print
        )
    del holder  # the page is gone; its writes are not
    assert wait_for_all_tasks(10_000)
    assert written == list(range(8))
