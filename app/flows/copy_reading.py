"""Reading a downloaded copy for the viewer: which copy is open, which category is shown,
and whether an answer that arrives now still belongs to them.

Opening, checking, paging and searching are blocking calls on `AccessCopy` (run on a
worker); the viewer starts them through this object and asks it, when the answer comes,
whether to show it. An answer for a copy or a category no longer shown is dropped, and a
copy opened too late is closed at once, so no file stays open behind the user's back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.local.access_copy import AccessCopy, CopyCategory, FileCheck, SearchHit

PAGE_SIZE = 500  # records read from the copy at a time
SEARCH_LIMIT = 200  # places a search lists at most

Work = Callable[[], Any]


class CopyReading:
    def __init__(self, open_copy: Callable[[Path], AccessCopy] = AccessCopy.open) -> None:
        self._open_copy = open_copy
        self.path: Path | None = None
        self.copy: AccessCopy | None = None
        self.checks: list[FileCheck] | None = None
        self._copy_turn = 0
        self._category_turn = 0

    # -- the copy -------------------------------------------------------------------------

    def start_opening(self, path: Path) -> tuple[int, Callable[[], AccessCopy]]:
        """Close what is open; (the turn that identifies this opening, the work to run)."""
        self._copy_turn += 1
        self.path = Path(path)
        self.close()
        target, opener = self.path, self._open_copy
        return self._copy_turn, lambda: opener(target)

    def opened(self, turn: int, copy: AccessCopy) -> bool:
        """Keep the copy if it is still the one asked for; close it otherwise."""
        if turn != self._copy_turn:
            copy.close()
            return False
        self.copy = copy
        return True

    def is_current(self, turn: int) -> bool:
        return turn == self._copy_turn

    def verified(self, turn: int, checks: list[FileCheck]) -> bool:
        if turn != self._copy_turn:
            return False
        self.checks = checks
        return True

    def close(self) -> None:
        if self.copy is not None:
            self.copy.close()
        self.copy, self.checks = None, None

    # -- one category ---------------------------------------------------------------------

    def show_category(self) -> int:
        """A category was chosen: answers for the one before no longer count."""
        self._category_turn += 1
        return self._category_turn

    def category_turn(self) -> int:
        return self._category_turn

    def is_current_category(self, turn: int) -> bool:
        return turn == self._category_turn

    def records_work(
        self, category: CopyCategory, start: int, up_to_row: int | None = None
    ) -> tuple[int, Callable[[], list[dict[str, Any]]]] | None:
        """(how many rows are asked for, the work), or None when there is nothing to read.
        Jumping to a row far below asks for everything up to it and a page more."""
        copy, member = self.copy, category.data_file
        if copy is None or member is None:
            return None
        count = PAGE_SIZE if up_to_row is None else max(PAGE_SIZE, up_to_row - start + PAGE_SIZE)
        return count, lambda: copy.records(member, start, count)

    def search_work(self, text: str) -> Callable[[], list[SearchHit]] | None:
        copy = self.copy
        if copy is None or not text:
            return None
        return lambda: copy.search(text, SEARCH_LIMIT)


def mismatched(checks: list[FileCheck]) -> list[str]:
    """The files that do not match the copy's manifest."""
    return [check.path for check in checks if not check.ok]
