"""The Requests table, read cell by cell without a window, on a clock the test sets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester

from app.core.requests import PrivacyRequest, RequestEvent, RequestKind, RequestStatus
from app.ui.formatting import format_date
from app.ui.i18n import Translations
from app.ui.models.requests_model import Column, RequestsTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english(qapp: QCoreApplication) -> Iterator[None]:
    """English, whose .qm carries the plural forms ("12 days left")."""
    translations = Translations(qapp)
    translations.use("en")
    yield
    for translator in list(translations._installed):
        qapp.removeTranslator(translator)


def request(
    kind: RequestKind,
    status: RequestStatus,
    received: datetime,
    *,
    extension_reason: str | None = None,
    extra_months: int = 0,
) -> PrivacyRequest:
    due = received + timedelta(days=31 + 30 * extra_months)
    return PrivacyRequest(
        id=f"{kind.value}-{received:%m%d}",
        kind=kind,
        status=status,
        received_at=received,
        due_at=due,
        extension_reason=extension_reason,
        denial_reason=None,
        grace_until=None,
        completed_at=None,
        details={},
        history=(RequestEvent(status, received, "Filed from your signed-in account."),),
        export=None,
    )


def model_with(*requests: PrivacyRequest) -> RequestsTableModel:
    model = RequestsTableModel(now=lambda: NOW)
    model.set_requests(requests)
    return model


def cell(model: RequestsTableModel, row: int, column: Column, role: int = DISPLAY) -> object:
    return model.data(model.index(row, column), role)


def test_columns_are_named_for_what_a_user_wants_to_know(qtmodeltester: ModelTester) -> None:
    model = model_with(request(RequestKind.ACCESS, RequestStatus.RECEIVED, NOW))

    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]

    assert titles == ["Kind", "Status", "Filed", "Due", "Time left"]
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_an_open_request_counts_down_the_days_it_has_left() -> None:
    filed = NOW - timedelta(days=19, hours=1)
    model = model_with(request(RequestKind.CORRECTION, RequestStatus.IN_PROGRESS, filed))

    assert cell(model, 0, Column.KIND) == "Correction"
    assert cell(model, 0, Column.STATUS) == "In progress"
    assert cell(model, 0, Column.FILED) == format_date(filed)
    assert cell(model, 0, Column.DUE) == format_date(filed + timedelta(days=31))
    assert cell(model, 0, Column.TIME_LEFT) == "11 days left"
    assert cell(model, 0, Column.TIME_LEFT, FOREGROUND) is None
    assert not model.is_overdue(0)


def test_an_overdue_request_is_red_and_says_what_the_user_can_do() -> None:
    filed = NOW - timedelta(days=34)
    model = model_with(request(RequestKind.ACCESS, RequestStatus.VERIFYING, filed))

    assert cell(model, 0, Column.TIME_LEFT) == "3 days overdue"
    assert cell(model, 0, Column.TIME_LEFT, FOREGROUND) == QColor("#c01c28")
    assert cell(model, 0, Column.DUE, FOREGROUND) == QColor("#c01c28")
    advice = str(cell(model, 0, Column.TIME_LEFT, TOOLTIP))
    assert "data protection authority" in advice
    assert model.is_overdue(0)


def test_an_answered_request_has_no_clock_even_long_after_its_due_date() -> None:
    model = model_with(
        request(RequestKind.DELETION, RequestStatus.CANCELLED, NOW - timedelta(days=90))
    )

    assert cell(model, 0, Column.STATUS) == "Cancelled"
    assert cell(model, 0, Column.TIME_LEFT) == "—"
    assert cell(model, 0, Column.TIME_LEFT, FOREGROUND) is None
    assert cell(model, 0, Column.TIME_LEFT, TOOLTIP) is None


def test_an_extended_deadline_explains_itself() -> None:
    filed = NOW - timedelta(days=40)
    model = model_with(
        request(
            RequestKind.ACCESS,
            RequestStatus.IN_PROGRESS,
            filed,
            extension_reason="Many requests this month.",
            extra_months=1,
        )
    )

    assert cell(model, 0, Column.TIME_LEFT) == "21 days left"
    assert (
        cell(model, 0, Column.DUE, TOOLTIP) == "Extended by the service: Many requests this month."
    )


def test_newest_request_comes_first_and_can_be_found_by_id() -> None:
    older = request(RequestKind.ACCESS, RequestStatus.COMPLETED, NOW - timedelta(days=20))
    newer = request(RequestKind.CORRECTION, RequestStatus.RECEIVED, NOW - timedelta(days=1))

    model = model_with(older, newer)

    assert [model.request(row).id for row in range(model.rowCount())] == [newer.id, older.id]
    assert model.row_of(older.id) == 1 and model.row_of("nope") is None


def test_the_clock_moves_with_now() -> None:
    moments = [NOW]
    model = RequestsTableModel(now=lambda: moments[0])
    model.set_requests([request(RequestKind.ACCESS, RequestStatus.RECEIVED, NOW)])
    assert cell(model, 0, Column.TIME_LEFT) == "31 days left"

    moments[0] = NOW + timedelta(days=31, hours=12)

    assert cell(model, 0, Column.TIME_LEFT) == "1 day overdue"


def test_a_cell_cut_short_in_a_narrow_table_gives_its_whole_value_in_a_tooltip() -> None:
    model = model_with(
        request(RequestKind.ACCESS, RequestStatus.VERIFYING, NOW - timedelta(days=2))
    )

    for column in (Column.KIND, Column.STATUS, Column.FILED):
        assert cell(model, 0, column, TOOLTIP) == cell(model, 0, column), column
