"""AgentAuthorisationsModel: the agents the user let file requests (R6), one row each.

Newest first, as the service lists them: which agent, what it may ask for, until when,
and whether it may still act (live, revoked, expired or replaced by a newer one). `now`
is injectable so that expiry can be tested without waiting.
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
from PySide6.QtGui import QGuiApplication, QPalette

from app.core.agents import AgentAuthorisation
from app.core.requests import RequestKind
from app.ui.formatting import format_date, format_timestamp
from app.ui.plain_text import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
Clock = Callable[[], datetime]


class Column(IntEnum):
    AGENT = 0
    MAY_ASK = 1
    UNTIL = 2
    STATE = 3


def column_title(column: Column) -> str:
    titles = {
        Column.AGENT: QCoreApplication.translate("AgentAuthorisationsModel", "Agent"),
        Column.MAY_ASK: QCoreApplication.translate("AgentAuthorisationsModel", "May ask for"),
        Column.UNTIL: QCoreApplication.translate("AgentAuthorisationsModel", "Until"),
        Column.STATE: QCoreApplication.translate("AgentAuthorisationsModel", "State"),
    }
    return titles[column]


def agent_kind_text(kind: RequestKind) -> str:
    """What an agent may ask for, in the words of the dialog's checkboxes."""
    labels = {
        RequestKind.ACCESS: QCoreApplication.translate(
            "AgentAuthorisationsModel", "a copy of your data"
        ),
        RequestKind.DELETION: QCoreApplication.translate(
            "AgentAuthorisationsModel", "the deletion of your account"
        ),
        RequestKind.CORRECTION: QCoreApplication.translate(
            "AgentAuthorisationsModel", "a correction"
        ),
    }
    return labels[kind]


def may_ask_text(kinds: Sequence[RequestKind]) -> str:
    """ "a copy of your data and deleting your account"."""
    texts = [agent_kind_text(kind) for kind in kinds]
    if len(texts) < 2:
        return "".join(texts) or "—"
    return (
        QCoreApplication.translate("AgentAuthorisationsModel", "%1 and %2")
        .replace("%1", ", ".join(texts[:-1]))
        .replace("%2", texts[-1])
    )


def state_text(authorisation: AgentAuthorisation, now: datetime) -> str:
    if authorisation.revoked_at is not None:
        return QCoreApplication.translate("AgentAuthorisationsModel", "Revoked on %1").replace(
            "%1", format_date(authorisation.revoked_at)
        )
    if authorisation.live(now):
        return QCoreApplication.translate("AgentAuthorisationsModel", "Active")
    if now >= authorisation.valid_until:
        return QCoreApplication.translate("AgentAuthorisationsModel", "Expired")
    return QCoreApplication.translate("AgentAuthorisationsModel", "Replaced by a newer one")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AgentAuthorisationsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, *, now: Clock = _utc_now) -> None:
        super().__init__(parent)
        self._rows: list[AgentAuthorisation] = []
        self._now = now

    def set_authorisations(self, authorisations: Sequence[AgentAuthorisation]) -> None:
        self.beginResetModel()
        self._rows = sorted(authorisations, key=lambda a: a.granted_at, reverse=True)
        self.endResetModel()

    def authorisation(self, row: int) -> AgentAuthorisation:
        return self._rows[row]

    def authorisations(self) -> list[AgentAuthorisation]:
        return list(self._rows)

    def is_live(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].live(self._now())

    def row_of(self, authorisation_id: str) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.id == authorisation_id), None)

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        authorisation = self._rows[index.row()]
        column = Column(index.column())
        now = self._now()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(authorisation, column, now)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.UNTIL:
            return (
                QCoreApplication.translate(
                    "AgentAuthorisationsModel", "Given on %1, valid until %2."
                )
                .replace("%1", format_timestamp(authorisation.granted_at))
                .replace("%2", format_timestamp(authorisation.valid_until))
            )
        if role == Qt.ItemDataRole.ToolTipRole:  # whole, if the cell is cut
            return plain_tooltip(self._display(authorisation, column, now))
        if role == Qt.ItemDataRole.ForegroundRole and not authorisation.live(now):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _display(self, authorisation: AgentAuthorisation, column: Column, now: datetime) -> str:
        if column is Column.AGENT:
            return authorisation.agent_name
        if column is Column.MAY_ASK:
            return may_ask_text(authorisation.kinds)
        if column is Column.UNTIL:
            return format_date(authorisation.valid_until)
        return state_text(authorisation, now)
