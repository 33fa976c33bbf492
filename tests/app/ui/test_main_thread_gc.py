"""The cycle collector: quiet while start-up settles, then on the GUI thread only, never
again over what start-up built (app/ui/main_thread_gc.py)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.ui.main_thread_gc import MainThreadGarbageCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def garbage_cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


@pytest.fixture
def collections() -> Iterator[list[tuple[int, int]]]:
    """(generation, thread id) of every collection while the test runs."""
    seen: list[tuple[int, int]] = []

    def heard(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append((info["generation"], threading.get_ident()))

    gc.callbacks.append(heard)
    yield seen
    gc.callbacks.remove(heard)
    gc.unfreeze()


def test_nothing_is_collected_while_start_up_settles_then_it_is_frozen_and_collection_begins(
    qtbot: QtBot, collections: list[tuple[int, int]]
) -> None:
    collector = MainThreadGarbageCollector(interval_ms=10, settle_ms=60_000)
    try:
        from_start_up = garbage_cycle()
        keep = [
            [] for _ in range(5 * collector.thresholds[0])
        ]  # well past generation 0's threshold
        qtbot.wait(200)
        assert collections == [], "collected while start-up was settling"
        assert from_start_up() is not None

        frozen_before = gc.get_freeze_count()
        collector.settle()
        assert gc.get_freeze_count() > frozen_before + len(keep)
        assert not collector.settling.isActive()

        later = garbage_cycle()
        more = [[] for _ in range(2 * collector.thresholds[0])]
        qtbot.waitUntil(lambda: later() is None, timeout=5_000)
        assert collections, "the timer never collected"
        assert {thread for _, thread in collections} == {threading.get_ident()}
        assert from_start_up() is not None, "what start-up left is frozen, not scanned"
        del keep, more
    finally:
        collector.stop()


def test_automatic_collection_stays_off_so_no_worker_thread_ever_collects() -> None:
    gc.enable()
    collector = MainThreadGarbageCollector(settle_ms=60_000)
    try:
        assert not gc.isenabled()
    finally:
        collector.stop()


def test_it_settles_by_itself(qtbot: QtBot) -> None:
    collector = MainThreadGarbageCollector(interval_ms=10, settle_ms=50)
    try:
        qtbot.waitUntil(collector.timer.isActive, timeout=5_000)
        assert gc.get_freeze_count() > 0
    finally:
        collector.stop()
        gc.unfreeze()
