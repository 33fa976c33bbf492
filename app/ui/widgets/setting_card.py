"""A card row like the desktop's settings apps: title and plain words on the left, a control on the right.

Related rows go in one SettingGroup: a boxed list of rows with a line between them (like
libadwaita's boxed lists and macOS's grouped rows) instead of one card per setting.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

# Every drop-down list in a card at least this wide, so that a column of them lines up.
COMBO_MIN_WIDTH = 240


class SettingCard(QFrame):
    def __init__(
        self,
        title: str,
        text: str,
        controls: list[QWidget] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")  # a row of a SettingGroup: "settingRow", without a box
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setObjectName("cardText")
        # Titles and texts may be the service's (a choice's title): shown as written.
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
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
            if isinstance(control, QComboBox):
                control.setMinimumWidth(COMBO_MIN_WIDTH)
            row.addWidget(control, 0, Qt.AlignmentFlag.AlignVCenter)
            control.setAccessibleDescription(text)
            if _shows_own_text(control) or not title:
                continue  # a button is announced by what it says ("Sign out"), not the title
            # A box or a switch is labelled by the title: LABELLED_BY for a screen reader
            # (on Linux a combo box's name is its current value), and its name elsewhere.
            if self.title.buddy() is None:
                self.title.setBuddy(control)
            if not control.accessibleName():
                control.setAccessibleName(title)

    def add_content(self, layout: QLayout) -> None:
        """More below the two lines (a list, a grid); the controls then sit at the top."""
        column = self.layout().itemAt(0).layout()  # type: ignore[union-attr]
        assert isinstance(column, QVBoxLayout)
        column.addLayout(layout)
        row = self.layout()
        assert isinstance(row, QHBoxLayout)
        for control in self.controls:
            row.setAlignment(control, Qt.AlignmentFlag.AlignTop)


class SettingGroup(QFrame):
    """One box holding related settings as rows, a thin line between two rows."""

    def __init__(self, rows: list[SettingCard], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.rows: list[SettingCard] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        for row in rows:
            self.add_row(row)

    def add_row(self, row: SettingCard) -> None:
        if self.rows:
            line = QFrame()
            line.setObjectName("rowSeparator")
            line.setFixedHeight(1)
            line.setStyleSheet("QFrame { background: palette(midlight); border: none; }")
            self._column.addWidget(line)
        row.setObjectName("settingRow")
        self.rows.append(row)
        self._column.addWidget(row)


def _shows_own_text(control: QWidget) -> bool:
    return isinstance(control, QAbstractButton) and bool(control.text().strip())
