from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.deadlines import DeadlineState, RequestDeadline, add_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2026, 1, 31, 9, tzinfo=UTC), 1, datetime(2026, 2, 28, 9, tzinfo=UTC)),
        (datetime(2028, 1, 31, 9, tzinfo=UTC), 1, datetime(2028, 2, 29, 9, tzinfo=UTC)),
        (datetime(2026, 3, 15, 9, tzinfo=UTC), 1, datetime(2026, 4, 15, 9, tzinfo=UTC)),
        (datetime(2026, 12, 10, 9, tzinfo=UTC), 1, datetime(2027, 1, 10, 9, tzinfo=UTC)),
        (datetime(2026, 11, 30, 9, tzinfo=UTC), 3, datetime(2027, 2, 28, 9, tzinfo=UTC)),
    ],
)
def test_one_month_is_a_calendar_month_clamped_to_the_last_day(
    start: datetime, months: int, expected: datetime
) -> None:
    assert add_months(start, months) == expected


def test_days_left_counts_down_and_goes_negative_when_overdue() -> None:
    received = datetime(2026, 11, 1, 12, tzinfo=UTC)
    deadline = RequestDeadline(add_months(received, 1))
    assert deadline.days_left(received) == 30
    assert deadline.state(received) is DeadlineState.ON_TIME
    assert deadline.state(deadline.due_at - timedelta(days=3)) is DeadlineState.DUE_SOON
    late = deadline.due_at + timedelta(days=2, hours=1)
    assert deadline.days_left(late) == -3
    assert deadline.state(late) is DeadlineState.OVERDUE


def test_an_answered_request_is_never_overdue() -> None:
    deadline = RequestDeadline(datetime(2026, 1, 1, tzinfo=UTC), answered=True)
    assert deadline.state(datetime(2027, 1, 1, tzinfo=UTC)) is DeadlineState.ANSWERED
