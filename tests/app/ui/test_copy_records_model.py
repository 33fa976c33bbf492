"""CopyRecordsModel: a downloaded copy's records read as on the Your data page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.local.access_copy import CopyCategory
from app.ui.formatting import format_timestamp
from app.ui.models.copy_records_model import CopyRecordsModel

PROFILE = CopyCategory("C1", "Your profile", 2, "data/C1-your-profile.json")
CREATED = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)


@pytest.fixture
def model(qtbot: QtBot) -> CopyRecordsModel:
    model = CopyRecordsModel()
    ModelTester(qtbot).check(model)
    model.show_category(PROFILE)
    return model


def header(model: CopyRecordsModel, column: int) -> object:
    return model.headerData(column, Qt.Orientation.Horizontal)


def cell(model: CopyRecordsModel, row: int, column: int) -> object:
    return model.data(model.index(row, column))


def test_fields_have_their_labels_and_times_the_users_locale(model: CopyRecordsModel) -> None:
    model.append(
        [{"email": "ada@example.org", "created_at": "2025-03-01T12:30:00Z", "verified": True}],
        asked=10,
    )

    assert [header(model, c) for c in range(3)] == ["E-mail address", "Created", "Verified"]
    assert [model.field_at(c) for c in range(3)] == ["email", "created_at", "verified"]
    assert cell(model, 0, 1) == format_timestamp(CREATED), "not the raw created_at"
    assert cell(model, 0, 2) == "yes"


def test_a_field_first_seen_on_a_later_row_adds_a_column_and_nested_values_read_as_json(
    model: CopyRecordsModel,
) -> None:
    model.append([{"name": "Ada"}], asked=1)
    model.append([{"name": "Bo", "devices": ["tv", "phone"]}], asked=1)

    assert model.columnCount() == 2 and model.rowCount() == 2
    assert cell(model, 0, 1) == ""
    assert cell(model, 1, 1) == '["tv", "phone"]'


def test_it_asks_for_more_until_a_short_page_says_that_was_all(
    qtbot: QtBot, model: CopyRecordsModel
) -> None:
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.more_wanted, timeout=1_000):
        model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex()), "one request at a time"

    model.append([{"name": "Ada"}], asked=500)

    assert model.complete() and not model.canFetchMore(QModelIndex())


def test_a_category_without_records_asks_for_nothing(model: CopyRecordsModel) -> None:
    model.show_category(CopyCategory("C9", "Nothing kept", None, None, "Not collected."))
    assert model.complete() and model.rowCount() == 0
