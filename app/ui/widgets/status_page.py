"""The one face of every empty, offline, loading and failed state: an icon, a title, a
sentence or two, and the one thing the user can do about it (libadwaita's status page)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.ui.style import set_role

ICON_SIZE = 64
COLUMN_WIDTH = 480  # about 70 characters: lines short enough to read at a glance

# Freedesktop icon names, each with the standard icon every style draws (Windows, macOS
# and a desktop without an icon theme have no "folder-documents").
_FALLBACKS: dict[str, QStyle.StandardPixmap] = {
    "document-open-recent": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "folder-documents": QStyle.StandardPixmap.SP_DirIcon,
    "mail-send": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "network-offline": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "dialog-error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "dialog-information": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "view-refresh": QStyle.StandardPixmap.SP_BrowserReload,
    "drive-harddisk": QStyle.StandardPixmap.SP_DriveHDIcon,
    "emblem-shared": QStyle.StandardPixmap.SP_DriveNetIcon,
    "preferences-system-privacy": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def status_icon(name: str, widget: QWidget) -> QIcon:
    """The theme's icon called `name`, or the style's own stand-in for it."""
    icon = QIcon.fromTheme(name)
    if not icon.isNull():
        return icon
    fallback = _FALLBACKS.get(name, QStyle.StandardPixmap.SP_MessageBoxInformation)
    return widget.style().standardIcon(fallback, None, widget)


class StatusPage(QWidget):
    """Centred in the room it is given; `compact` (a dialog's) sits at the top, left-aligned.

    `action` is the page's to connect through `action_requested`; it is shown only while
    `set_action` gave it a label."""

    action_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("statusPage")
        self._icon_name = ""
        self._compact = compact
        self.icon = QLabel()
        self.icon.setObjectName("statusIcon")
        self.title = QLabel()
        self.title.setObjectName("statusTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.description = QLabel()
        self.description.setObjectName("stateMessage")
        self.description.setWordWrap(True)
        # A failure can quote the service: shown as written, and selectable to pass it on.
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # In the text's regular size. Centred under the page's icon, a failure is told by
        # that icon and its colour; the small error sign goes with a left-aligned (compact)
        # sentence only, where it stands right before the text (app/ui/style.py).
        self.description.setProperty("centred", not compact)
        # Made by the first set_action: a status page with nothing to do has no button.
        self.action: QPushButton | None = None

        if compact:
            self.icon.hide()  # a dialog's message is one line among its others
            self.title.hide()
            layout = QVBoxLayout(self)
            layout.setSpacing(10)
            layout.addWidget(self.description)
            self._action_at = (layout.count(), Qt.AlignmentFlag.AlignLeft)
            layout.addStretch(1)
        else:
            # Larger than the text, as a page's heading is, and scaled with the user's font.
            font = self.title.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setWeight(QFont.Weight.DemiBold)
            self.title.setFont(font)
            for label in (self.icon, self.title, self.description):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # A column of short lines, centred however wide the page is. The labels take
            # the column's whole width (a wrapped label given an alignment in its layout
            # is squeezed to its narrowest and cut off).
            column = QWidget()
            column.setMaximumWidth(COLUMN_WIDTH)
            layout = QVBoxLayout(column)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(10)
            layout.addWidget(self.icon)
            layout.addSpacing(4)
            layout.addWidget(self.title)
            layout.addWidget(self.description)
            layout.addSpacing(6)
            self._action_at = (layout.count(), Qt.AlignmentFlag.AlignHCenter)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(column, 100)
            row.addStretch(1)
            outer = QVBoxLayout(self)
            outer.addStretch(1)
            outer.addLayout(row)
            outer.addStretch(2)
        self._layout = layout

    def show_status(self, icon: str, title: str, description: str, *, error: bool = False) -> None:
        """`icon` a freedesktop icon name ("" for none); `error` marks the sentence as a
        failure for the style (colour and its icon come from the style layer)."""
        self._icon_name = icon
        if icon:
            self.icon.setPixmap(status_icon(icon, self).pixmap(ICON_SIZE, ICON_SIZE))
        self.icon.setVisible(bool(icon) and not self._compact)
        self.title.setText(title)
        self.title.setVisible(bool(title) and not self._compact)
        self.description.setText(description)
        self.description.setVisible(bool(description))
        set_role(self.description, "error" if error else "")
        self.setAccessibleName(title or description)

    def set_action(self, label: str, accessible_name: str = "") -> QPushButton | None:
        """Offer one action under the sentence ("" hides it); the button, once made."""
        if self.action is None:
            if not label:
                return None
            self.action = QPushButton()
            self.action.clicked.connect(self.action_requested)
            index, alignment = self._action_at
            self._layout.insertWidget(index, self.action, 0, alignment)
        self.action.setText(label)
        self.action.setAccessibleName(accessible_name or label)
        self.action.setVisible(bool(label))
        return self.action

    def icon_name(self) -> str:
        return self._icon_name

    def text(self) -> str:
        """What the page says, title first, as a screen reader reads it out."""
        parts = [self.title.text(), self.description.text()]
        return "\n".join(part for part in parts if part)
