"""The main window: a sidebar of pages, like the desktop's own settings app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.requests import PrivacyRequest
from app.local.evidence_store import EvidenceStore, evidence_file_for
from app.ui.context import DeskContext
from app.ui.messages import describe_signed_in
from app.ui.pages.choices_page import ChoicesPage
from app.ui.pages.copy_viewer_page import CopyViewerPage
from app.ui.pages.data_page import DataPage
from app.ui.pages.history_page import HistoryPage
from app.ui.pages.overview_page import OverviewPage
from app.ui.pages.requests_page import RequestsPage
from app.ui.pages.settings_page import SettingsPage
from app.ui.tasks import run_task


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    forget_device_requested = Signal()
    session_expired = Signal()
    option_changed = Signal(str, str)
    reconnect_requested = Signal()  # "Try now" on the not-connected notice

    def __init__(
        self,
        context: DeskContext,
        current_options: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.setWindowTitle(self.tr("Privacy Desk"))
        self.resize(QSize(1120, 800))

        self.overview_page = OverviewPage(context)
        self.data_page = DataPage(context)
        self.choices_page = ChoicesPage(context)
        self.evidence = EvidenceStore(
            evidence_file_for(context.paths, context.session.account.vault_key)
        )
        self.history_page = HistoryPage(context, self.evidence)
        self.requests_page = RequestsPage(context)
        self.copy_page = CopyViewerPage(context)
        self.choices_page.sync.evidence = self.evidence  # keep each change's receipt
        self.settings_page = SettingsPage(context, current_options)
        # The sidebar, top to bottom: (label, page).
        pages: list[tuple[str, QWidget]] = [
            (self.tr("Overview"), self.overview_page),
            (self.tr("Your data"), self.data_page),
            (self.tr("Privacy choices"), self.choices_page),
            (self.tr("Requests"), self.requests_page),
            (self.tr("Copy of your data"), self.copy_page),
            (self.tr("History"), self.history_page),
            (self.tr("Settings"), self.settings_page),
        ]

        self.overview_page.open_page.connect(self.show_page_named)
        self.choices_page.session_expired.connect(self.session_expired)
        self.choices_page.sync.confirmed.connect(lambda *_: self.overview_page.reload())
        self.history_page.session_expired.connect(self.session_expired)
        self.requests_page.session_expired.connect(self.session_expired)
        self.data_page.session_expired.connect(self.session_expired)
        self.data_page.copy_requested.connect(self.ask_for_copy)
        self.choices_page.open_category.connect(self._open_category)
        self.requests_page.acknowledged.connect(self._keep_acknowledgement)
        self.requests_page.acknowledged.connect(lambda *_: self.overview_page.reload())
        self.requests_page.open_copy_requested.connect(self._open_copy)
        self.choices_page.sync.confirmed.connect(lambda *_: self.history_page.reload())
        self.settings_page.sign_out_requested.connect(self.sign_out_requested)
        self.settings_page.forget_device_requested.connect(self.forget_device_requested)
        self.settings_page.option_changed.connect(self.option_changed)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Pages"))
        self.sidebar.setFixedWidth(230)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for title, page in pages:
            self.sidebar.addItem(title)
            self.stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)

        # Shown while the service cannot be reached: why, when the next try is, Try now.
        self.connection_notice = QLabel()
        self.connection_notice.setWordWrap(True)
        self.connection_notice.setProperty("role", "pending")
        self.try_now_button = QPushButton(self.tr("Try now"))
        self.try_now_button.setAccessibleName(self.tr("Try to reach the privacy service now"))
        self.try_now_button.clicked.connect(self.reconnect_requested)
        self.connection_bar = QFrame()
        self.connection_bar.setObjectName("card")
        bar = QHBoxLayout(self.connection_bar)
        bar.setContentsMargins(18, 10, 18, 10)
        bar.addWidget(self.connection_notice, 1)
        bar.addWidget(self.try_now_button)
        self.connection_bar.hide()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.connection_bar)
        right.addWidget(self.stack, 1)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addLayout(right, 1)
        self.setCentralWidget(central)
        self.choices_page.reload()
        self.overview_page.reload()
        self.history_page.reload()
        self.history_page.sync()  # fetch receipts and acknowledgements not kept yet
        self.requests_page.reload()
        self.data_page.reload()

    def show_connection_problem(self, text: str, *, can_try_now: bool = True) -> None:
        """Started offline (or lost the service): say so above every page."""
        self.connection_notice.setText(text)
        self.try_now_button.setVisible(can_try_now)
        self.connection_bar.show()

    def connection_restored(self) -> None:
        """The service answered: everything on screen is read again."""
        self.connection_bar.hide()
        account_line = describe_signed_in(self.session.account.email)
        self.overview_page.account_card.title.setText(account_line)
        self.settings_page.account_card.title.setText(account_line)
        self.choices_page.reload()
        self.overview_page.reload()
        self.history_page.reload()
        self.history_page.sync()
        self.requests_page.reload()
        self.data_page.reload()

    def _keep_acknowledgement(self, request: PrivacyRequest) -> None:
        """The evidence log is a file: written off the GUI thread."""
        evidence = self.evidence
        run_task(
            self,
            lambda: evidence.add_acknowledgement(
                request.id, request.kind, request.status, request.received_at, request.due_at
            ),
            lambda _entry: self.history_page.reload(),
            lambda _error: None,
        )

    def _open_copy(self, path: Path) -> None:
        self.copy_page.open_copy(path)
        self.show_page(self.copy_page)

    def _open_category(self, category_id: str) -> None:
        self.show_page(self.data_page)
        self.data_page.select_category(category_id)

    def ask_for_copy(self) -> None:
        self.show_page(self.requests_page)
        self.requests_page.request_copy()

    def show_page(self, page: QWidget) -> None:
        self.sidebar.setCurrentRow(self.stack.indexOf(page))

    def show_page_named(self, name: str) -> None:
        for index in range(self.stack.count()):
            page = self.stack.widget(index)
            if page is not None and page.objectName() == name:
                self.sidebar.setCurrentRow(index)
                return
