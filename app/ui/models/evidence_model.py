"""EvidenceTableModel: the evidence log as a table, one row per chain entry, oldest first.

Rows keep the chain's order so "broken from here" reads naturally top to bottom. The
chain column can be filled from the local file alone; the signature column only after
the service's public keys were fetched ("Verify everything").

A log kept for years can hold thousands of entries, and each read of it resets the table.
The model shows them a slice at a time (`fetchMore`, which the view calls as the user
scrolls near the end), so that a reset and what the view does with it stay the same size
however long the log grows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
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

from app.core.catalog import Catalog
from app.core.evidence_chain import ChainEntry, ChainVerdict
from app.core.receipts import ReceiptOrigin, receipt_origin
from app.local.evidence_store import CONSENT_RECEIPT, REQUEST_ACKNOWLEDGEMENT, EvidenceVerdict
from app.ui.formatting import format_timestamp, request_status_text
from app.ui.plain_text import plain_tooltip
from app.ui.style import error_colour

NOT_CHECKED = "—"

AnyIndex = QModelIndex | QPersistentModelIndex
# Rows shown after a reset, and added per `fetchMore`.
SLICE_ROWS = 500


class Column(IntEnum):
    RECORDED = 0
    KIND = 1
    WHAT = 2
    SIGNATURE = 3
    CHAIN = 4


def column_title(column: Column) -> str:
    titles = {
        Column.RECORDED: QCoreApplication.translate("Evidence", "Recorded"),
        Column.KIND: QCoreApplication.translate("Evidence", "Kind"),
        Column.WHAT: QCoreApplication.translate("Evidence", "What"),
        Column.SIGNATURE: QCoreApplication.translate("Evidence", "Signature"),
        Column.CHAIN: QCoreApplication.translate("Evidence", "Chain"),
    }
    return titles[column]


def request_kind_text(kind: str) -> str:
    labels = {
        "access": QCoreApplication.translate("Requests", "Copy of my data"),
        "correction": QCoreApplication.translate("Requests", "Correction"),
        "deletion": QCoreApplication.translate("Requests", "Account deletion"),
    }
    return labels.get(kind, kind)


def origin_text(origin: ReceiptOrigin | None) -> str:
    """Who made the change a receipt records, when its payload says it was not simply
    the user: a Global Privacy Control signal, or the user overriding one. "" otherwise."""
    if origin is None:
        return ""
    if origin.gpc and origin.client:
        return QCoreApplication.translate(
            "Evidence", "by a Global Privacy Control signal from %1"
        ).replace("%1", origin.client)
    if origin.gpc:
        return QCoreApplication.translate("Evidence", "by a Global Privacy Control signal")
    if origin.overrides_gpc:
        return QCoreApplication.translate(
            "Evidence", "by you, over an earlier Global Privacy Control signal"
        )
    return ""


def _payload_origin(body: dict[str, object]) -> ReceiptOrigin | None:
    try:
        fields = json.loads(str(body.get("payload", "")))
    except ValueError:
        return None
    return receipt_origin(fields) if isinstance(fields, dict) else None


def _moment(text: object) -> str:
    """An ISO 8601 stamp in the user's locale and time zone; the raw text if it isn't one."""
    raw = str(text)
    try:
        return format_timestamp(datetime.fromisoformat(raw.replace("Z", "+00:00")))
    except ValueError:
        return raw


class EvidenceTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[ChainEntry] = []
        self._shown = 0  # the first `_shown` entries are rows; the rest come by fetchMore
        self._chain: ChainVerdict | None = None
        self._signatures: dict[int, bool] = {}
        self._catalog: Catalog | None = None
        # Each receipt's origin, read from its payload once (by entry index).
        self._origins: dict[int, ReceiptOrigin | None] = {}

    # -- feeding it -----------------------------------------------------------------------

    def set_entries(self, entries: Sequence[ChainEntry], chain: ChainVerdict | None) -> None:
        """A fresh read of the log: signatures from an earlier check no longer apply."""
        self.beginResetModel()
        self._entries = list(entries)
        self._shown = min(len(self._entries), SLICE_ROWS)
        self._chain = chain
        self._signatures = {}
        self._origins = {}
        self.endResetModel()

    def set_verdict(self, verdict: EvidenceVerdict) -> None:
        self._chain = verdict.chain
        self._signatures = dict(verdict.signatures)
        self._all_changed()

    def set_catalog(self, catalog: Catalog | None) -> None:
        self._catalog = catalog
        self._all_changed()

    def entry(self, row: int) -> ChainEntry:
        return self._entries[row]

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._shown < len(self._entries)

    def fetchMore(self, parent: AnyIndex) -> None:
        more = min(SLICE_ROWS, len(self._entries) - self._shown)
        if parent.isValid() or more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return column_title(Column(section))
        elif orientation is Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(entry, column))
        if role == Qt.ItemDataRole.ForegroundRole and self._is_problem(entry, column):
            return error_colour()  # the style layer's, in the scheme shown
        return None

    # -- cells ----------------------------------------------------------------------------

    def _display(self, entry: ChainEntry, column: Column) -> str:
        if column is Column.RECORDED:
            return _moment(entry.recorded_at)
        if column is Column.KIND:
            return self._kind_text(entry.kind)
        if column is Column.WHAT:
            return self._what(entry)
        if column is Column.SIGNATURE:
            valid = self._signatures.get(entry.index)
            if entry.kind != CONSENT_RECEIPT or valid is None:
                return NOT_CHECKED
            return (
                QCoreApplication.translate("Evidence", "valid")
                if valid
                else QCoreApplication.translate("Evidence", "not valid")
            )
        return self._chain_text(entry.index)

    def _kind_text(self, kind: str) -> str:
        if kind == CONSENT_RECEIPT:
            return QCoreApplication.translate("Evidence", "Consent receipt")
        if kind == REQUEST_ACKNOWLEDGEMENT:
            return QCoreApplication.translate("Evidence", "Request acknowledgement")
        return kind

    def _what(self, entry: ChainEntry) -> str:
        body = entry.body
        if entry.kind == CONSENT_RECEIPT:
            choice_id = str(body.get("choice_id", ""))
            choice = self._catalog.choice(choice_id) if self._catalog else None
            name = f"{choice_id} {choice.title}" if choice else choice_id
            if body.get("value") is True:
                what = QCoreApplication.translate("Evidence", "%1: on").replace("%1", name)
            else:
                what = QCoreApplication.translate("Evidence", "%1: off").replace("%1", name)
            origin = self._origin(entry)
            return f"{what} · {origin}" if origin else what
        if entry.kind == REQUEST_ACKNOWLEDGEMENT:
            return "%1: %2".replace("%1", request_kind_text(str(body.get("kind", "")))).replace(
                "%2", request_status_text(str(body.get("status", "")))
            )
        return ""

    def _origin(self, entry: ChainEntry) -> str:
        if entry.index not in self._origins:
            self._origins[entry.index] = _payload_origin(entry.body)
        return origin_text(self._origins[entry.index])

    def _chain_text(self, index: int) -> str:
        if self._chain is None:
            return NOT_CHECKED
        broken = self._chain.first_broken_index
        if broken is None or index < broken:
            return QCoreApplication.translate("Evidence", "ok")
        if index == broken:
            return QCoreApplication.translate("Evidence", "broken from here")
        return NOT_CHECKED

    def _tooltip(self, entry: ChainEntry, column: Column) -> str:
        body = entry.body
        if column is Column.RECORDED:
            return QCoreApplication.translate(
                "Evidence", "Kept on this computer at %1 (UTC)."
            ).replace("%1", entry.recorded_at)
        if column is Column.KIND:
            if entry.kind == CONSENT_RECEIPT:
                return (
                    QCoreApplication.translate("Evidence", "Receipt %1, signed with key %2.")
                    .replace("%1", str(body.get("id", "")))
                    .replace("%2", str(body.get("key_id", "")))
                )
            return QCoreApplication.translate("Evidence", "Request %1.").replace(
                "%1", str(body.get("request_id", ""))
            )
        if column is Column.WHAT:
            if entry.kind == CONSENT_RECEIPT:
                issued = QCoreApplication.translate(
                    "Evidence", "Issued by the service on %1."
                ).replace("%1", _moment(body.get("issued_at", "")))
                # Who made the change may not fit the column: the tooltip says it whole.
                return f"{self._what(entry)}\n{issued}" if self._origin(entry) else issued
            return (
                QCoreApplication.translate("Evidence", "Received on %1, due by %2.")
                .replace("%1", _moment(body.get("received_at", "")))
                .replace("%2", _moment(body.get("due_at", "")))
            )
        if column is Column.SIGNATURE:
            if entry.kind != CONSENT_RECEIPT:
                return QCoreApplication.translate(
                    "Evidence", "Request acknowledgements carry no signature."
                )
            valid = self._signatures.get(entry.index)
            if valid is None:
                return QCoreApplication.translate(
                    "Evidence", "Not checked yet. Choose Verify everything."
                )
            if valid:
                return QCoreApplication.translate(
                    "Evidence", "The service's signature over this receipt is valid."
                )
            return QCoreApplication.translate(
                "Evidence",
                "The signature does not match this receipt, or the key that made it is unknown.",
            )
        return self._chain_tooltip(entry.index)

    def _chain_tooltip(self, index: int) -> str:
        if self._chain is None:
            return QCoreApplication.translate("Evidence", "Not checked yet.")
        broken = self._chain.first_broken_index
        if broken is None or index < broken:
            return QCoreApplication.translate(
                "Evidence", "This entry is linked to the one before it and unchanged."
            )
        if index == broken:
            return QCoreApplication.translate(
                "Evidence",
                "This entry was changed, removed or moved after it was kept: its link to the one before does not match.",
            )
        return QCoreApplication.translate(
            "Evidence", "This entry comes after a break, so the chain can't vouch for it."
        )

    def _is_problem(self, entry: ChainEntry, column: Column) -> bool:
        if column is Column.SIGNATURE:
            return self._signatures.get(entry.index) is False
        if column is Column.CHAIN:
            return self._chain is not None and self._chain.first_broken_index == entry.index
        return False

    def _all_changed(self) -> None:
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(self._shown - 1, len(Column) - 1))


__all__ = ["Column", "EvidenceTableModel", "column_title"]
