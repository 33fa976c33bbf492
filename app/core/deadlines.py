"""The legal clock of a request (policy-facts R8): one month to answer, extendable."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


def add_months(moment: datetime, months: int) -> datetime:
    """Same day-of-month N months later, clamped to the month's last day (31 Jan → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


class DeadlineState(Enum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"  # a week or less left
    OVERDUE = "overdue"
    ANSWERED = "answered"


@dataclass(frozen=True)
class RequestDeadline:
    due_at: datetime
    answered: bool = False

    def days_left(self, now: datetime) -> int:
        """Whole days until the deadline; negative once it has passed."""
        seconds = (self.due_at - now).total_seconds()
        days = int(seconds // 86_400)
        return days

    def state(self, now: datetime) -> DeadlineState:
        if self.answered:
            return DeadlineState.ANSWERED
        if now > self.due_at:
            return DeadlineState.OVERDUE
        if self.days_left(now) <= 7:
            return DeadlineState.DUE_SOON
        return DeadlineState.ON_TIME
