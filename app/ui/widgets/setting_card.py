"""A card row like the desktop's settings apps: title and plain words on the left, a control on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget


class SettingCard(QFrame):
    def __init__(
        self,
        title: str,
        text: str,
        controls: list[QWidget] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setObjectName("cardText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout()
        column.setSpacing(4)
        column.addWidget(self.title)
        column.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 14, 18, 14)
        row.setSpacing(12)
        row.addLayout(column, 1)
        self.controls = list(controls or [])
        for control in self.controls:
            row.addWidget(control, 0, Qt.AlignmentFlag.AlignVCenter)
            if not control.accessibleName():
                control.setAccessibleName(title)
            control.setAccessibleDescription(text)

    def add_content(self, layout: QLayout) -> None:
        """More below the two lines (a list, a grid); the controls then sit at the top."""
        column = self.layout().itemAt(0).layout()  # type: ignore[union-attr]
        assert isinstance(column, QVBoxLayout)
        column.addLayout(layout)
        row = self.layout()
        assert isinstance(row, QHBoxLayout)
        for control in self.controls:
            row.setAlignment(control, Qt.AlignmentFlag.AlignTop)
