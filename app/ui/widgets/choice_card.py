"""One card per choice: title and explanation on the left, the switch on the right."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimeZone, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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

    def __init__(self, choice: Choice, parent: QWidget | None = None) -> None:
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
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 14, 18, 14)
        row.setSpacing(18)
        row.addLayout(text, 1)
        row.addWidget(self.switch, 0, Qt.AlignmentFlag.AlignVCenter)

    @property
    def pending(self) -> bool:
        return not self.switch.isEnabled()

    def show_confirmed(self, value: ChoiceValue, *, just_changed: bool = False) -> None:
        self._confirmed = value
        self.switch.setEnabled(True)
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
