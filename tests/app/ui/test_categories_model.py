"""CategoriesListModel: the list on the left of Your data."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.core.data import CategorySummary
from app.ui.models.categories_model import SUMMARY_ROLE, CategoriesListModel


def summary(category_id: str, count: int, reason: str | None = None) -> CategorySummary:
    return CategorySummary(
        id=category_id,
        title=f"Category {category_id}",
        holds_records=reason is None,
        empty_reason=reason,
        count=count,
        first_collected=None,
        last_collected=None,
        retention="",
        retention_rule=None,
        sources="",
        purposes="",
        recipients="",
        ccpa=(),
    )


def test_each_row_reads_title_and_count_and_a_category_empty_by_design_says_why(
    qtbot: QtBot,
) -> None:
    model = CategoriesListModel()
    ModelTester(qtbot).check(model)
    model.set_categories([summary("C5", 12345), summary("C9", 0, "Never collected.")])

    assert model.rowCount() == 2
    counted, by_design = model.index(0), model.index(1)
    assert counted.data() == f"Category C5 — {QLocale().toString(12345)}"
    assert by_design.data() == "Category C9"
    assert (
        by_design.data(Qt.ItemDataRole.AccessibleTextRole) == "Category C9: holds nothing by design"
    )
    assert "Never collected." in by_design.data(Qt.ItemDataRole.ToolTipRole)
    assert by_design.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert counted.data(SUMMARY_ROLE).id == "C5"


def test_rows_are_found_by_category_id(qtbot: QtBot) -> None:
    model = CategoriesListModel()
    model.set_categories([summary("C1", 1), summary("C2", 2)])
    assert model.row_of("C2") == 1 and model.row_of("C16") == -1
    assert model.category(0).id == "C1" and len(model.summaries()) == 2
