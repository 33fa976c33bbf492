"""A record as the copy writes it: exact values for the JSON file, safe cells for the CSV."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# First characters that make a spreadsheet run a cell as a formula (CSV injection).
_FORMULA_STARTS = frozenset("=+-@\t\r")


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot put a {type(value).__name__} into the export")


RECORD_JSON = json.JSONEncoder(ensure_ascii=False, default=_json_default)


@dataclass(frozen=True)
class RecordShape:
    """A category's fields and which of them need converting, worked out once per category.

    A million records means ten million cells, so the per-cell work is kept to the columns
    that need it, found from the table's column types rather than by testing every value.
    """

    names: tuple[str, ...]
    times: tuple[int, ...]
    texts: tuple[int, ...]
    flags: tuple[int, ...]

    @classmethod
    def of(cls, model: type[Any], names: tuple[str, ...]) -> RecordShape:
        kinds = [getattr(model, name).type.python_type for name in names]
        return cls(
            names,
            times=tuple(i for i, kind in enumerate(kinds) if issubclass(kind, datetime)),
            texts=tuple(i for i, kind in enumerate(kinds) if issubclass(kind, str)),
            flags=tuple(i for i, kind in enumerate(kinds) if issubclass(kind, bool)),
        )

    def plain(self, values: Sequence[Any]) -> list[Any]:
        """The exact values, with times as ISO 8601 text: what the JSON file holds."""
        row = list(values)
        for index in self.times:
            moment = row[index]
            if moment is not None:
                row[index] = moment.isoformat()
        return row

    def spreadsheet_cells(self, plain: list[Any]) -> list[Any]:
        """CSV cells: text a spreadsheet would run as a formula gets a leading apostrophe
        (CSV injection); true/false in words; None becomes an empty cell (csv does that)."""
        cells = list(plain)
        for index in self.texts:
            text = cells[index]
            if text and text[0] in _FORMULA_STARTS:
                cells[index] = "'" + text
        for index in self.flags:
            flag = cells[index]
            if flag is not None:
                cells[index] = "true" if flag else "false"
        return cells
