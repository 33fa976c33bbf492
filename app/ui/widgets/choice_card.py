"""One card per choice: title and explanation on the left, the switch on the right.

Below them a quiet footer leads further: the data categories the choice is about (links
into Your data), the choice's consent receipt, and for choices that make apps send data,
the records of that kind the service stored last.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimeZone, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.catalog import Choice
from app.core.choices import ChoiceValue
from app.ui.widgets.toggle_switch import ToggleSwitch


def format_timestamp(moment: datetime) -> str:
    """A date and time in the user's locale and time zone."""
    stamp = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)


class ChoiceCard(QFrame):
    """Shows a confirmed value, a pending change, or why a change failed."""

    change_requested = Signal(str, bool)
    category_requested = Signal(str)  # a category id (C...)
    receipt_requested = Signal(str)  # this card's choice id
    recent_records_requested = Signal(str)  # this card's choice id

    def __init__(
        self,
        choice: Choice,
        category_titles: Mapping[str, str] | None = None,
        *,
        shows_what_it_sends: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setObjectName("card")
        self._confirmed: ChoiceValue | None = None

        self.title = QLabel(choice.title)
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.explanation = QLabel(choice.explanation)
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("cardText")
        self.status = QLabel()
        self.status.setObjectName("cardStatus")
        self.status.setWordWrap(True)

        self.switch = ToggleSwitch()
        self.switch.setAccessibleName(choice.title)
        self.switch.setAccessibleDescription(choice.explanation)
        self.switch.clicked.connect(self._on_clicked)

        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.title)
        text.addWidget(self.explanation)
        text.addWidget(self.status)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addLayout(text, 1)
        row.addWidget(self.switch, 0, Qt.AlignmentFlag.AlignVCenter)

        titles = category_titles or {}
        self.category_links: dict[str, QPushButton] = {}
        footer = QHBoxLayout()
        footer.setSpacing(4)
        if choice.categories:
            about = QLabel(self.tr("About:"))
            about.setObjectName("cardStatus")
            footer.addWidget(about)
        for category_id in choice.categories:
            category_title = titles.get(category_id, category_id)
            link = _quiet_button(category_title, link=True)
            link.setAccessibleName(self.tr("Show “%1” in Your data").replace("%1", category_title))
            link.clicked.connect(
                lambda _checked=False, c=category_id: self.category_requested.emit(c)
            )
            footer.addWidget(link)
            self.category_links[category_id] = link
        footer.addStretch(1)
        self.what_it_sends_button: QPushButton | None = None
        if shows_what_it_sends:
            self.what_it_sends_button = _quiet_button(self.tr("What this sends"))
            self.what_it_sends_button.setAccessibleName(
                self.tr("What “%1” sends: the latest records the service stored").replace(
                    "%1", choice.title
                )
            )
            self.what_it_sends_button.clicked.connect(
                lambda: self.recent_records_requested.emit(self.choice.id)
            )
            footer.addWidget(self.what_it_sends_button)
        self.receipt_button = _quiet_button(self.tr("Receipt"))
        self.receipt_button.setAccessibleName(
            self.tr("Consent receipt for “%1”").replace("%1", choice.title)
        )
        self.receipt_button.setEnabled(False)  # until the choice has been changed once
        self.receipt_button.setToolTip(self.tr("There is a receipt once you change this choice."))
        self.receipt_button.clicked.connect(lambda: self.receipt_requested.emit(self.choice.id))
        footer.addWidget(self.receipt_button)

        card = QVBoxLayout(self)
        card.setContentsMargins(18, 14, 18, 10)
        card.setSpacing(6)
        card.addLayout(row)
        card.addLayout(footer)
        # Keyboard order follows reading order: the switch, then the footer left to right.
        previous: QWidget = self.switch
        for button in [*self.category_links.values(), self.what_it_sends_button]:
            if button is not None:
                QWidget.setTabOrder(previous, button)
                previous = button
        QWidget.setTabOrder(previous, self.receipt_button)

    @property
    def pending(self) -> bool:
        return not self.switch.isEnabled()

    def show_confirmed(self, value: ChoiceValue, *, just_changed: bool = False) -> None:
        self._confirmed = value
        self.switch.setEnabled(True)
        has_receipt = value.changed_at is not None
        self.receipt_button.setEnabled(has_receipt)
        self.receipt_button.setToolTip(
            self.tr("Open the signed consent receipt of the last change.")
            if has_receipt
            else self.tr("There is a receipt once you change this choice.")
        )
        self.switch.setChecked(value.value)
        self._set_status_role("")
        if just_changed:
            self.status.setText(self.tr("Saved. The service confirmed this change."))
        elif value.changed_at is not None:
            self.status.setText(
                self.tr("Last changed %1").replace("%1", format_timestamp(value.changed_at))
            )
        else:
            self.status.setText(self.tr("Default setting, never changed"))

    def show_pending(self, wanted: bool) -> None:
        self.switch.setChecked(wanted)
        self.switch.setEnabled(False)
        self._set_status_role("pending")
        self.status.setText(self.tr("Saving…"))

    def show_waiting(self, wanted: bool, reason: str) -> None:
        """Saved on this computer, not yet confirmed: it will be sent automatically."""
        self.switch.setEnabled(True)
        self.switch.setChecked(wanted)
        self._set_status_role("pending")
        text = self.tr(
            "Not confirmed yet: the change is kept on this computer and will be sent automatically."
        )
        self.status.setText(f"{reason} {text}" if reason else text)

    def show_failed(self, message: str) -> None:
        """Back to the last value the service confirmed, with the reason."""
        self.switch.setEnabled(True)
        if self._confirmed is not None:
            self.switch.setChecked(self._confirmed.value)
        self._set_status_role("error")
        self.status.setText(message)

    def _on_clicked(self, checked: bool) -> None:
        self.change_requested.emit(self.choice.id, checked)

    def _set_status_role(self, role: str) -> None:
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)


def _quiet_button(text: str, *, link: bool = False) -> QPushButton:
    """A small flat button for the card's footer; `link` makes it read like a hyperlink."""
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setObjectName("cardLink" if link else "cardAction")
    font = QFont(button.font())
    font.setPointSizeF(max(font.pointSizeF() - 1.0, 8.0))
    font.setUnderline(link)
    button.setFont(font)
    if link:
        button.setStyleSheet("QPushButton { color: palette(link); }")
    return button
