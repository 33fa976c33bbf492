"""Requests: ask for a copy, a correction or the deletion of the account, and watch the clock.

Privacy portals keep a request's status on their side and tell the user by e-mail, if at
all. Here the user sees every request with its legal deadline, its full history with
times, any extension and why, a denial's reason, the end of a deletion's grace period
(with Cancel until then), and for a finished access request the download itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import FailureKind, ServiceError
from app.core.requests import PrivacyRequest, RequestKind
from app.flows.complaint import send_reminder
from app.ui.context import DeskContext
from app.ui.dialogs.complaint_dialog import ComplaintDialog
from app.ui.dialogs.new_request_dialog import NewRequestDialog
from app.ui.messages import describe_failure
from app.ui.models.requests_model import Column, RequestsTableModel
from app.ui.style import say, set_role
from app.ui.widgets.download_panel import DownloadPanel
from app.ui.widgets.headings import page_heading
from app.ui.widgets.page_state import PageState
from app.ui.widgets.request_actions import RequestActions
from app.ui.widgets.request_detail import RequestDetail
from app.ui.widgets.table_sizing import fit_columns, flat_table

Confirmation = Callable[[QWidget, str, str], bool]


def ask_to_confirm(parent: QWidget, title: str, text: str) -> bool:
    """A native yes/no question, asked in the dialog itself (a window title is not read
    on every desktop), No by default; True when the user says yes."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        title,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setInformativeText(text)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def default_download_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    return Path(found) if found else Path.home()


class RequestsPage(QWidget):
    acknowledged = Signal(object)  # PrivacyRequest, as the service just acknowledged it
    open_copy_requested = Signal(object)  # Path of a verified access copy

    def __init__(
        self,
        context: DeskContext,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requests")
        self.context = context
        self.now = now
        # Replaced in tests; the real ones open native dialogs or use the Downloads folder.
        self.confirm: Confirmation = ask_to_confirm
        self.download_dir = default_download_dir()
        self.dialog: NewRequestDialog | None = None
        self.panels: dict[str, DownloadPanel] = {}
        self.loaded_at: float | None = None
        self._select_after_load: str | None = None
        self._detail_id: str | None = None

        heading, intro = page_heading(
            self.tr("Requests"),
            self.tr(
                "Ask the service for a copy of your data, a correction, or the deletion of your account. It must answer within one month, and you can follow every step here."
            ),
        )

        self.toolbar = RequestActions()
        self.toolbar.access_button.clicked.connect(self.request_copy)
        self.toolbar.correction_button.clicked.connect(self.request_correction)
        self.toolbar.deletion_button.clicked.connect(self.request_deletion)
        self.toolbar.refresh_button.clicked.connect(self.reload)

        self.model = RequestsTableModel(self, now=lambda: self.now())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Your requests"))
        flat_table(self.table)  # the app's one table look
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setAccessibleName(self.tr("Columns"))
        # The kind takes the room left over; a short column ("—" under Time left) stays short.
        fit_columns(self.table, stretch=Column.KIND)
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(self.tr("Select all requests"))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.detail = RequestDetail()
        self.detail.cancel_button.clicked.connect(self.cancel_selected)
        self.detail.remind_button.clicked.connect(self.remind_selected)
        self.detail.complain_button.clicked.connect(self.complain_about_selected)
        self.complaint_dialog: ComplaintDialog | None = None
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([560, 340])  # the whole table row visible; the user can drag it
        self.splitter = splitter

        self.state = PageState(
            splitter,
            empty_icon="mail-send",
            empty_title=self.tr("No requests yet"),
            empty_text=self.tr(
                "You haven't asked the service for anything yet. Use the buttons above to ask for a copy of your data, a correction, or the deletion of your account; each request then shows here with its deadline."
            ),
        )
        self.empty = self.state.empty
        self.state.retry_requested.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.state, 1)
        self.setTabOrder(self.toolbar.deletion_button, self.table)
        self.setTabOrder(self.table, self.detail.cancel_button)

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.state.showing_result():  # the first load, or Try again after a failure
            self.state.show_loading(self.tr("Loading your requests…"))
        session = self.context.session
        # Loads may overlap (shown again while the first is on its way): only the answer
        # to the newest one is shown, whatever order they come back in.
        self.context.run(
            self,
            lambda: session.call(session.client.requests),
            self._show,
            self._on_failed,
            latest="requests",
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: what the service says now (an extension, a new status), not what it said
        when the page was built, even if that first load is still on its way."""
        super().showEvent(event)
        self.reload()

    def _show(self, requests: tuple[PrivacyRequest, ...]) -> None:
        self.loaded_at = time.monotonic()
        wanted = self._select_after_load or self._current_id()
        self._select_after_load = None
        self.model.set_requests(requests)
        has_rows = bool(requests)
        self.state.show_result(has_rows)
        row = self.model.row_of(wanted) if wanted else None
        if row is None and has_rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self._show_detail(self.model.request(row))
        else:
            self._show_detail(None)

    def _on_failed(self, error: BaseException) -> None:
        """The list could not be read: said as such, with Try again. Never the empty state
        (nothing asked for yet) nor a list that may no longer be what the service has."""
        self.state.show_failure(
            error, describe_failure(error), title=self.tr("Your requests can't be shown")
        )

    def _current_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.request(index.row()).id

    def select_request(self, request_id: str) -> None:
        """Show `request_id` (a notice about it was clicked), as the service has it now."""
        self._select_after_load = request_id
        self.reload()

    def selected_request(self) -> PrivacyRequest | None:
        request_id = self._current_id()
        row = self.model.row_of(request_id) if request_id else None
        return None if row is None else self.model.request(row)

    # -- the detail pane ------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < self.model.rowCount():
            self._show_detail(self.model.request(current.row()))

    def _show_detail(self, request: PrivacyRequest | None) -> None:
        for panel in self.panels.values():
            panel.hide()
        if request is None or request.id != self._detail_id:
            self.detail.cancel_message.hide()
        self._detail_id = None if request is None else request.id
        if request is None:
            self.detail.show_nothing()
            return
        self.detail.show_request(request, self.now())
        if request.kind is RequestKind.ACCESS and request.export is not None:
            self._panel_for(request).show()

    def _panel_for(self, request: PrivacyRequest) -> DownloadPanel:
        panel = self.panels.get(request.id)
        if panel is None or panel.request.export != request.export:
            if panel is not None and not panel.downloading:
                panel.deleteLater()
            panel = DownloadPanel(self.context, request, self.download_dir, now=self.now)
            panel.open_copy_requested.connect(self.open_copy_requested)
            self.panels[request.id] = panel
            self.detail.panel_column.addWidget(panel)
        panel.download_dir = self.download_dir
        set_role(panel.download_button, "suggested")  # the one thing to do with a ready copy
        return panel

    def panel(self) -> DownloadPanel | None:
        """The download panel of the selected request, when it has a copy."""
        request = self.selected_request()
        return None if request is None else self.panels.get(request.id)

    # -- filing ---------------------------------------------------------------------------

    def request_copy(self) -> None:
        """Open the access flow; the Your data page's button lands here too."""
        self.open_dialog(RequestKind.ACCESS)

    def request_correction(self) -> None:
        self.open_dialog(RequestKind.CORRECTION)

    def request_deletion(self) -> None:
        self.open_dialog(RequestKind.DELETION)

    def open_dialog(self, kind: RequestKind) -> NewRequestDialog:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        dialog = NewRequestDialog(self.context, kind, self)
        dialog.filed.connect(self._on_filed)
        # The request may have reached the service although no answer did: look.
        dialog.outcome_unknown.connect(self.reload)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_filed(self, filed: PrivacyRequest) -> None:
        self.acknowledged.emit(filed)
        self._select_after_load = filed.id
        self.reload()

    # -- cancelling -----------------------------------------------------------------------

    def cancel_selected(self) -> None:
        request = self.selected_request()
        if request is None or not request.can_cancel(self.now()):
            return
        title, text = self.detail.cancel_question(request)
        if not self.confirm(self, title, text):
            return
        session, request_id = self.context.session, request.id
        self.detail.cancel_button.setEnabled(False)
        self.context.run(
            self,
            lambda: session.call(lambda token: session.client.cancel_request(token, request_id)),
            self._on_cancelled,
            self._on_cancel_failed,
        )

    def _on_cancelled(self, cancelled: PrivacyRequest) -> None:
        self.acknowledged.emit(cancelled)
        self._select_after_load = cancelled.id
        self.reload()

    def _on_cancel_failed(self, error: BaseException) -> None:
        self.detail.cancel_button.setEnabled(True)
        if isinstance(error, ServiceError) and error.kind is FailureKind.NO_LONGER_POSSIBLE:
            self.reload()  # it moved on meanwhile: show where it is now
        self.detail.cancel_message.setText(describe_failure(error))
        self.detail.cancel_message.show()

    # -- an overdue request ---------------------------------------------------------------

    def remind_selected(self) -> None:
        request = self.selected_request()
        if request is None:
            return
        session, request_id = self.context.session, request.id
        self.detail.remind_button.setEnabled(False)
        self.context.run(
            self,
            lambda: send_reminder(session, request_id),
            self._on_reminded,
            self._on_remind_failed,
        )

    def _on_reminded(self, reminded: PrivacyRequest) -> None:
        self.acknowledged.emit(reminded)
        self._select_after_load = reminded.id
        self.reload()
        say(
            self.detail.overdue_message,
            self.tr("Reminder sent. The service has added it to the request's history."),
        )

    def _on_remind_failed(self, error: BaseException) -> None:
        self.detail.remind_button.setEnabled(True)
        code = error.code if isinstance(error, ServiceError) else ""
        if code == "reminder_too_soon":
            text = self.tr(
                "You sent a reminder less than a day ago. You can send the next one tomorrow."
            )
        elif code == "not_overdue":
            self.reload()  # it was answered meanwhile, or its deadline moved
            text = self.tr("This request is no longer overdue.")
        else:
            text = describe_failure(error)
        say(self.detail.overdue_message, text, error=True)

    def complain_about_selected(self) -> ComplaintDialog | None:
        request = self.selected_request()
        if request is None:
            return None
        dialog = ComplaintDialog(self.context, request, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.complaint_dialog = dialog
        dialog.open()
        return dialog
