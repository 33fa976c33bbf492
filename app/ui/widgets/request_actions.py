"""The Requests page's toolbar: ask for a copy or a correction, Refresh for a user who waits
on the page, and, apart from them, the deletion of the account."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from app.ui.style import set_role


class RequestActions(QWidget):
    """The buttons are the page's to connect."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access_button = QPushButton(self.tr("Ask for a copy of my data"))
        self.access_button.setAccessibleDescription(
            self.tr("Everything the service keeps about you, as a file you can download.")
        )
        self.correction_button = QPushButton(self.tr("Correct something"))
        self.correction_button.setAccessibleDescription(
            self.tr("Ask the service to correct your username or e-mail address.")
        )
        self.deletion_button = QPushButton(self.tr("Delete my account"))
        self.deletion_button.setAccessibleDescription(
            self.tr("Explains what is deleted and lets you confirm with your password.")
        )
        for button in (self.access_button, self.correction_button, self.deletion_button):
            button.setAccessibleName(button.text())
        # Deleting the account looks like what it is, and stands apart from the harmless
        # buttons: at the far end of the row, after a gap and a separator.
        set_role(self.deletion_button, "destructive")
        # The page also reads the requests again whenever it is shown; this is for a user
        # who waits on it (an ETag makes an unchanged answer cost nothing).
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the requests"))
        self.refresh_button.setAccessibleDescription(
            self.tr("Asks the service for the latest status and due date of every request.")
        )
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        actions = QHBoxLayout(self)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(8)
        actions.addWidget(self.access_button)
        actions.addWidget(self.correction_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)  # apart by all the room there is, by a separator at least
        actions.addWidget(separator)
        actions.addSpacing(8)
        actions.addWidget(self.deletion_button)
        self.setTabOrder(self.access_button, self.correction_button)
        self.setTabOrder(self.correction_button, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.deletion_button)
