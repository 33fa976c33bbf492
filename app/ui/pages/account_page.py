"""Account: who is signed in, where the sign-in is kept, and signing out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.auth.session import AuthSession


class AccountPage(QWidget):
    sign_out_requested = Signal()

    def __init__(self, session: AuthSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(self.tr("Account"))
        heading.setObjectName("pageTitle")

        card = QFrame()
        card.setObjectName("card")
        title = QLabel(self.tr("Signed in as %1").replace("%1", session.account.email))
        title.setObjectName("cardTitle")
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = QLabel(self.tr("Service: %1").replace("%1", session.account.service_url))
        where.setObjectName("cardText")
        self.storage = QLabel()
        self.storage.setObjectName("cardText")
        self.storage.setWordWrap(True)
        self.update_storage(session)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(where)
        text.addWidget(self.storage)
        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.setAccessibleDescription(
            self.tr("Ends the session on the service and removes it from this computer's keyring.")
        )
        self.sign_out_button.clicked.connect(self._sign_out)
        row = QHBoxLayout(card)
        row.setContentsMargins(18, 14, 18, 14)
        row.addLayout(text, 1)
        row.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignVCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(card)
        layout.addStretch(1)

    def update_storage(self, session: AuthSession) -> None:
        if session.keep_in_keyring and session.last_vault_result.ok:
            self.storage.setText(
                self.tr(
                    "Your sign-in is kept in this computer's keyring, so you stay signed in next time."
                )
            )
        else:
            self.storage.setText(
                self.tr(
                    "Signed in for this session only: nothing was saved, so you will sign in again next time."
                )
            )

    def _sign_out(self) -> None:
        self.sign_out_button.setEnabled(False)
        self.sign_out_button.setText(self.tr("Signing out…"))
        self.sign_out_requested.emit()
