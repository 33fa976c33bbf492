"""The History page's toolbar: sync, verify and export the evidence log, set a damaged log
aside, and the line under it that says how the last of these went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.style import say


class EvidenceActions(QWidget):
    """The buttons are the page's to connect; `enable` says which of them can be used."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync_button = QPushButton(self.tr("Sync receipts from the service"))
        self.sync_button.setAccessibleName(self.tr("Sync receipts from the service"))
        self.sync_button.setAccessibleDescription(
            self.tr("Fetches receipts and request updates you don't have yet and keeps them.")
        )
        self.verify_button = QPushButton(self.tr("Verify everything"))
        self.verify_button.setAccessibleName(self.tr("Verify everything"))
        self.verify_button.setAccessibleDescription(
            self.tr("Checks the chain and every receipt's signature with the service's public key.")
        )
        self.export_button = QPushButton(self.tr("Export evidence…"))
        self.export_button.setAccessibleName(self.tr("Export evidence"))
        self.export_button.setAccessibleDescription(
            self.tr("Saves the log, the public keys and instructions to check them as a ZIP file.")
        )
        self.set_aside_button = QPushButton(self.tr("Set the damaged file aside and start anew"))
        self.set_aside_button.setAccessibleName(
            self.tr("Set the damaged file aside and start anew")
        )
        self.set_aside_button.hide()
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for button in (self.sync_button, self.verify_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.set_aside_button)

        self.status = QLabel()
        self.status.setObjectName("historyResult")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Result"))
        self.status.hide()

        # Spaced as the page spaces its rows: the toolbar looks as if it were the page's own.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(actions)
        column.addWidget(self.status)

    def enable(self, *, busy: bool, damaged: bool) -> None:
        """While busy, nothing; with a damaged log, only setting it aside."""
        usable = not busy and not damaged
        self.sync_button.setEnabled(usable)
        self.verify_button.setEnabled(usable)
        self.export_button.setEnabled(usable)
        self.set_aside_button.setEnabled(not busy)
        self.set_aside_button.setVisible(damaged)

    def say(self, text: str, *, error: bool = False) -> None:
        say(self.status, text, error=error)
