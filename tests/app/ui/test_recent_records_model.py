"""RecentRecordsModel: the few records behind a choice, read as on Your data."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.core.data import RecordPage
from app.ui.formatting import format_timestamp
from app.ui.models.recent_records_model import RecentRecordsModel

PLAYED = datetime(2025, 3, 1, 20, 15, tzinfo=UTC)


def test_a_page_shows_a_labelled_column_per_field_and_readable_cells(qtbot: QtBot) -> None:
    model = RecentRecordsModel()
    ModelTester(qtbot).check(model)
    page = RecordPage(
        "C5",
        ("occurred_at", "media_kind"),
        ({"occurred_at": "2025-03-01T20:15:00Z", "media_kind": "film"},),
        None,
    )

    model.set_page(page)

    assert (model.rowCount(), model.columnCount()) == (1, 2)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)]
    assert headers == ["When", "Kind of media"]
    assert model.data(model.index(0, 0)) == format_timestamp(PLAYED)
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) is not None


def test_an_empty_page_is_an_empty_table(qtbot: QtBot) -> None:
    model = RecentRecordsModel()
    model.set_page(RecordPage("C6", ("id",), (), None))
    assert model.rowCount() == 0 and model.columnCount() == 1
