"""The main window: a sidebar of pages, like the desktop's own settings app."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QWidget

from app.auth.session import AuthSession
from app.local.pending_changes import PendingChangesJournal
from app.ui.pages.account_page import AccountPage
from app.ui.pages.choices_page import ChoicesPage


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    session_expired = Signal()

    def __init__(
        self,
        session: AuthSession,
        journal: PendingChangesJournal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Privacy Desk"))
        self.resize(QSize(980, 700))

        self.choices_page = ChoicesPage(session, journal)
        self.account_page = AccountPage(session)
        self.choices_page.setObjectName("choices")
        self.account_page.setObjectName("account")
        self.choices_page.session_expired.connect(self.session_expired)
        self.account_page.sign_out_requested.connect(self.sign_out_requested)
        pages = [
            (self.tr("Privacy choices"), self.choices_page),
            (self.tr("Account"), self.account_page),
        ]

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Pages"))
        self.sidebar.setFixedWidth(210)
        self.stack = QStackedWidget()
        for title, page in pages:
            self.sidebar.addItem(title)
            self.stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.choices_page.reload()

    def show_page(self, page: QWidget) -> None:
        self.sidebar.setCurrentRow(self.stack.indexOf(page))
