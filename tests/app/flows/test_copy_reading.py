"""Reading a copy for the viewer, without Qt: answers for a copy or a category no longer
shown are dropped, and a copy opened too late is closed at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.flows.copy_reading import PAGE_SIZE, SEARCH_LIMIT, CopyReading, mismatched
from app.local.access_copy import CopyCategory, FileCheck

PROFILE = CopyCategory("C1", "Your profile", 1, "data/C1.json")
NOTHING = CopyCategory("C9", "Nothing kept", None, None, "Not collected.")


class FakeCopy:
    def __init__(self, name: str) -> None:
        self.name = name
        self.closed = False
        self.asked: list[tuple[Any, ...]] = []

    def close(self) -> None:
        self.closed = True

    def records(self, member: str, start: int, count: int) -> list[dict[str, Any]]:
        self.asked.append(("records", member, start, count))
        return [{"n": start}]

    def search(self, text: str, limit: int) -> list[str]:
        self.asked.append(("search", text, limit))
        return []


def opener(opened: list[Path]) -> Any:
    def open_copy(path: Path) -> FakeCopy:
        opened.append(path)
        return FakeCopy(path.name)

    return open_copy


def test_a_copy_that_opens_after_another_was_asked_for_is_closed_not_shown(
    tmp_path: Path,
) -> None:
    opened: list[Path] = []
    reading = CopyReading(opener(opened))
    first_turn, first_work = reading.start_opening(tmp_path / "first.zip")
    second_turn, second_work = reading.start_opening(tmp_path / "second.zip")

    late = first_work()
    assert not reading.opened(first_turn, late) and late.closed
    current = second_work()
    assert reading.opened(second_turn, current) and reading.copy is current
    assert reading.path == tmp_path / "second.zip"
    assert not reading.verified(first_turn, [FileCheck("a", True)])
    assert reading.verified(second_turn, [FileCheck("a", True)]) and reading.checks is not None


def test_opening_another_copy_closes_the_one_open(tmp_path: Path) -> None:
    reading = CopyReading(opener([]))
    turn, work = reading.start_opening(tmp_path / "a.zip")
    first = work()
    reading.opened(turn, first)

    reading.start_opening(tmp_path / "b.zip")

    assert first.closed and reading.copy is None and reading.checks is None


def test_rows_are_read_a_page_at_a_time_or_up_to_a_row_far_below(tmp_path: Path) -> None:
    reading = CopyReading(opener([]))
    turn, work = reading.start_opening(tmp_path / "a.zip")
    copy = work()
    reading.opened(turn, copy)

    asked = reading.records_work(PROFILE, 0)
    assert asked is not None and asked[0] == PAGE_SIZE
    asked[1]()
    far = reading.records_work(PROFILE, 500, up_to_row=1800)
    assert far is not None and far[0] == 1800 - 500 + PAGE_SIZE
    assert reading.records_work(NOTHING, 0) is None, "nothing kept: nothing to read"
    assert copy.asked == [("records", "data/C1.json", 0, PAGE_SIZE)]


def test_rows_for_a_category_no_longer_shown_are_dropped() -> None:
    reading = CopyReading(opener([]))
    before = reading.show_category()
    after = reading.show_category()
    assert not reading.is_current_category(before) and reading.is_current_category(after)


def test_search_needs_an_open_copy_and_some_text(tmp_path: Path) -> None:
    reading = CopyReading(opener([]))
    assert reading.search_work("attic") is None
    turn, work = reading.start_opening(tmp_path / "a.zip")
    copy = work()
    reading.opened(turn, copy)
    assert reading.search_work("") is None
    search = reading.search_work("attic")
    assert search is not None
    search()
    assert copy.asked == [("search", "attic", SEARCH_LIMIT)]


def test_mismatched_names_the_files_unlike_the_manifest() -> None:
    assert mismatched([FileCheck("a", True), FileCheck("b", False)]) == ["b"]
