"""RequestsTableModel: the user's requests, one row each, with the legal clock.

The countdown is the point of the page: privacy portals tell people by e-mail when they
feel like it, here the user sees how many days the service has left. An overdue request
is red and its tooltip says what the user can do about it. `now` is injectable so the
clock can be tested without waiting a month.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.core.deadlines import DeadlineState
from app.core.requests import PrivacyRequest
from app.ui.formatting import (
    days_left_text,
    format_date,
    overdue_advice,
    request_kind_label,
    request_status_text,
)
from app.ui.plain_text import plain_tooltip
from app.ui.style import error_colour

NO_CLOCK = "—"

AnyIndex = QModelIndex | QPersistentModelIndex
Clock = Callable[[], datetime]


class Column(IntEnum):
    KIND = 0
    STATUS = 1
    FILED = 2
    DUE = 3
    TIME_LEFT = 4


def column_title(column: Column) -> str:
    titles = {
        Column.KIND: QCoreApplication.translate("RequestsModel", "Kind"),
        Column.STATUS: QCoreApplication.translate("RequestsModel", "Status"),
        Column.FILED: QCoreApplication.translate("RequestsModel", "Filed"),
        Column.DUE: QCoreApplication.translate("RequestsModel", "Due"),
        Column.TIME_LEFT: QCoreApplication.translate("RequestsModel", "Time left"),
    }
    return titles[column]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class RequestsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, *, now: Clock = _utc_now) -> None:
        super().__init__(parent)
        self._requests: list[PrivacyRequest] = []
        self._now = now

    def set_requests(self, requests: Sequence[PrivacyRequest]) -> None:
        """Newest first, as the service lists them."""
        self.beginResetModel()
        self._requests = sorted(requests, key=lambda r: r.received_at, reverse=True)
        self.endResetModel()

    def request(self, row: int) -> PrivacyRequest:
        return self._requests[row]

    def requests(self) -> list[PrivacyRequest]:
        return list(self._requests)

    def row_of(self, request_id: str) -> int | None:
        return next((i for i, r in enumerate(self._requests) if r.id == request_id), None)

    def is_overdue(self, row: int) -> bool:
        request = self._requests[row]
        return request.deadline().state(self._now()) is DeadlineState.OVERDUE

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._requests)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation is Qt.Orientation.Horizontal and 0 <= section < len(Column)
        if horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return column_title(Column(section))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._requests):
            return None
        request = self._requests[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(request, column)
        overdue = request.deadline().state(self._now()) is DeadlineState.OVERDUE
        clock_column = column in (Column.DUE, Column.TIME_LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and overdue and clock_column:
            return error_colour()  # the style layer's, in the scheme shown
        if role == Qt.ItemDataRole.ToolTipRole:
            if overdue:
                return overdue_advice()
            if column is Column.KIND and request.agent is not None:
                return plain_tooltip(
                    QCoreApplication.translate(
                        "RequestsModel", "Filed by %1 on your behalf"
                    ).replace("%1", request.agent.name)
                )
            if column is Column.DUE and request.extension_reason:
                return plain_tooltip(
                    QCoreApplication.translate(
                        "RequestsModel", "Extended by the service: %1"
                    ).replace("%1", request.extension_reason)
                )
            text = self._display(request, column)
            return None if text == NO_CLOCK else plain_tooltip(text)  # whole, if the cell is cut
        return None

    def _display(self, request: PrivacyRequest, column: Column) -> str:
        if column is Column.KIND:
            if request.agent is not None:  # filed by an authorised agent (R6)
                return (
                    QCoreApplication.translate("RequestsModel", "%1 (by %2)")
                    .replace("%1", request_kind_label(request.kind))
                    .replace("%2", request.agent.name)
                )
            return request_kind_label(request.kind)
        if column is Column.STATUS:
            return request_status_text(request.status.value)
        if column is Column.FILED:
            return format_date(request.received_at)
        if column is Column.DUE:
            return format_date(request.due_at)
        if request.status.is_closed:
            return NO_CLOCK
        return days_left_text(request, self._now())[0]


__all__ = ["Column", "RequestsTableModel", "column_title", "format_date", "overdue_advice"]
