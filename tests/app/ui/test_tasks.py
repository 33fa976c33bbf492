"""run_task: results arrive on the GUI thread, errors are delivered, dead owners get nothing."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject, QThread
from pytestqt.qtbot import QtBot

from app.api.errors import FailureKind, ServiceError
from app.ui.tasks import SessionWatch, log_failure, run_task, wait_for_all_tasks


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


def test_with_latest_only_the_newest_tasks_answer_is_delivered_whatever_order_they_end(
    qtbot: QtBot,
) -> None:
    owner = QObject()
    first_may_end = threading.Event()
    shown: list[str] = []

    run_task(
        owner, lambda: first_may_end.wait(5) and "first", shown.append, shown.append, latest="load"
    )
    run_task(owner, lambda: "second", shown.append, shown.append, latest="load")
    qtbot.waitUntil(lambda: shown == ["second"], timeout=5_000)
    first_may_end.set()
    assert wait_for_all_tasks(5_000)
    qtbot.wait(100)
    assert shown == ["second"], "the older answer came last and was dropped"


def test_latest_is_per_owner_and_name(qtbot: QtBot) -> None:
    one, other = QObject(), QObject()
    shown: list[str] = []

    run_task(one, lambda: "one", shown.append, shown.append, latest="load")
    run_task(other, lambda: "other", shown.append, shown.append, latest="load")
    run_task(one, lambda: "chart", shown.append, shown.append, latest="chart")
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=5_000)
    assert sorted(shown) == ["chart", "one", "other"]


def test_an_ended_session_is_reported_once_to_the_watch_and_still_to_on_error(
    qtbot: QtBot,
) -> None:
    owner, watch = QObject(), SessionWatch()
    ended: list[bool] = []
    watch.ended.connect(lambda: ended.append(True))
    errors: list[BaseException] = []

    def refused() -> None:
        raise ServiceError(FailureKind.SESSION_EXPIRED, "", 401)

    for _ in range(3):
        run_task(owner, refused, lambda _v: None, errors.append, watch=watch)
    run_task(owner, lambda: 1, lambda _v: None, errors.append, watch=watch)
    qtbot.waitUntil(lambda: len(errors) == 3, timeout=5_000)
    assert ended == [True]
    assert watch.has_ended


def test_other_failures_do_not_end_the_session(qtbot: QtBot) -> None:
    owner, watch = QObject(), SessionWatch()
    errors: list[BaseException] = []

    def offline() -> None:
        raise ServiceError(FailureKind.OFFLINE)

    run_task(owner, offline, lambda _v: None, errors.append, watch=watch)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert not watch.has_ended


def test_an_ended_session_is_reported_even_when_its_owner_is_gone(qtbot: QtBot) -> None:
    owner, watch = QObject(), SessionWatch()
    release = threading.Event()

    def refused() -> None:
        release.wait(5)
        raise ServiceError(FailureKind.SESSION_EXPIRED, "", 401)

    run_task(owner, refused, lambda _v: None, lambda _e: None, watch=watch)
    owner.deleteLater()
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: watch.has_ended, timeout=5_000)


def test_a_logged_failure_names_its_kind_and_never_its_detail(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        log_failure("saving the settings")(ServiceError(FailureKind.TIMEOUT, "ada@example.org"))
        log_failure("reading the log")(PermissionError(13, "denied", "/home/ada/file"))
    assert "saving the settings failed: timeout" in caplog.text
    assert "reading the log failed: PermissionError" in caplog.text
    assert "ada" not in caplog.text
