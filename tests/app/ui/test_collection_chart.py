"""The monthly chart tells a screen reader its story with counted words: "1 record"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication

from app.ui.i18n import Translations
from app.ui.widgets.collection_chart import CollectionChart


@pytest.fixture
def english(qapp: object) -> Iterator[None]:
    """As the app does at start: English, whose .qm carries the plural forms."""
    app = QCoreApplication.instance()
    assert app is not None
    translations = Translations(app)
    translations.use("en")
    yield
    for translator in list(translations._installed):
        app.removeTranslator(translator)


def test_one_record_is_announced_as_one_record(english: None) -> None:
    chart = CollectionChart()
    chart.set_months([("2026-04", 0), ("2026-05", 1)])

    assert chart.accessibleDescription() == (
        "Most collected in May 2026: 1 record. From April 2026 to May 2026: 1 record in all."
    )


def test_many_records_are_counted_in_the_users_locale(english: None) -> None:
    chart = CollectionChart()
    chart.set_months([("2026-04", 12345), ("2026-05", 2)])

    assert chart.accessibleDescription() == (
        "Most collected in April 2026: 12,345 records. "
        "From April 2026 to May 2026: 12,347 records in all."
    )
