"""A card row like the desktop's settings apps: title and plain words on the left, a control on the right.

Related rows go in one SettingGroup: a boxed list of rows with a line between them (like
libadwaita's boxed lists and macOS's grouped rows) instead of one card per setting; a
SettingSection puts a heading above the box. The look (the box, the lines) is the style
sheet's (app/ui/style.py): no widget here carries a style sheet of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

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
# Between a section's heading and its box: close, so the heading reads as the box's.
HEADING_SPACING = 8


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
    """One box holding related settings as rows, a thin line between two rows.

    Drawn with backgrounds only: this frame's (the outline, 1 px of it showing around the
    box) and the box's, each with rounded corners. A style-sheet border or padding on a
    frame that holds many widgets made showing the Settings page about 0.5 ms slower per
    box; plain backgrounds cost next to nothing."""

    def __init__(self, rows: Sequence[SettingCard] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingGroup")
        outline = QVBoxLayout(self)
        outline.setContentsMargins(1, 1, 1, 1)
        self.box = QFrame(self)
        self.box.setObjectName("settingRows")
        outline.addWidget(self.box)
        self.rows: list[SettingCard] = []
        self._column = QVBoxLayout(self.box)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self.add_rows(rows)

    def add_rows(self, rows: Sequence[SettingCard]) -> None:
        for row in rows:
            if self.rows:
                line = QFrame(self.box)
                line.setObjectName("rowSeparator")  # drawn by the style sheet
                line.setFixedHeight(1)
                self._column.addWidget(line)
            row.setObjectName("settingRow")
            self.rows.append(row)
            self._column.addWidget(row)


class SettingSection(QWidget):
    """A heading and the box of rows it names: one section of a settings page. Hiding
    the section hides both, and the room between sections with them.

    The rows may come later (`group.add_rows`): put the section where it goes first, and
    each row joins the page once. Moving a widget to a new parent costs in proportion to
    all it holds, at every level it is moved through."""

    def __init__(
        self, title: str, rows: Sequence[SettingCard] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.heading = QLabel(title, self)
        self.heading.setObjectName("sectionTitle")
        self.group = SettingGroup(rows, self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(HEADING_SPACING)
        column.addWidget(self.heading)
        column.addWidget(self.group)


def _shows_own_text(control: QWidget) -> bool:
    return isinstance(control, QAbstractButton) and bool(control.text().strip())
