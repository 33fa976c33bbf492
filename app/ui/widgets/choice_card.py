"""One card per choice: title and explanation on the left, the switch on the right.

Below them a quiet footer leads further: the data categories the choice is about (links
into Your data), the choice's consent receipt, and for choices that make apps send data,
the records of that kind the service stored last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Choice
from app.core.choices import ChoiceOrigin, ChoiceValue
from app.flows.choices import CardView, Phase
from app.ui.formatting import format_date, format_timestamp
from app.ui.style import set_role
from app.ui.widgets.toggle_switch import ToggleSwitch

FOOTER_SPACING = 6
FOOTER_GROUP_GAP = 18


class ChoiceCard(QFrame):
    """Shows a confirmed value, a change on its way, or why a change waits or was refused."""

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
        self._view: CardView | None = None

        self.title = QLabel(choice.title)
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.explanation = QLabel(choice.explanation)
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("cardText")
        self.status = QLabel()
        self.status.setObjectName("cardStatus")
        for label in (self.title, self.explanation, self.status):  # the catalog's text as written
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        self.switch = ToggleSwitch()
        self.switch.setAccessibleName(choice.title)
        self.switch.setAccessibleDescription(choice.explanation)
        self.title.setBuddy(self.switch)  # LABELLED_BY: the title on screen names the switch
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
        # One row of link-style buttons, all alike, left-aligned and evenly spaced.
        footer = QHBoxLayout()
        footer.setSpacing(FOOTER_SPACING)
        self.footer = footer
        if choice.categories:
            about = QLabel(self.tr("About:"))
            about.setObjectName("cardStatus")
            footer.addWidget(about)
        for category_id in choice.categories:
            category_title = titles.get(category_id, category_id)
            link = _footer_button(category_title)
            link.setAccessibleName(self.tr("Show “%1” in Your data").replace("%1", category_title))
            link.clicked.connect(
                lambda _checked=False, c=category_id: self.category_requested.emit(c)
            )
            footer.addWidget(link)
            self.category_links[category_id] = link
        if choice.categories:  # the card's own actions apart from the categories
            footer.addSpacing(FOOTER_GROUP_GAP)
        self.what_it_sends_button: QPushButton | None = None
        if shows_what_it_sends:
            self.what_it_sends_button = _footer_button(self.tr("What this sends"))
            # Announced by what it says first (WCAG 2.5.3), then which choice it is about.
            self.what_it_sends_button.setAccessibleName(
                self.tr("What this sends: %1").replace("%1", choice.title)
            )
            self.what_it_sends_button.setAccessibleDescription(
                self.tr("The latest records the service stored because of this choice.")
            )
            self.what_it_sends_button.clicked.connect(
                lambda: self.recent_records_requested.emit(self.choice.id)
            )
            footer.addWidget(self.what_it_sends_button)
        self.receipt_button = _footer_button(self.tr("Receipt"))
        self.receipt_button.setAccessibleName(
            self.tr("Consent receipt for “%1”").replace("%1", choice.title)
        )
        # Until the choice has been changed once there is no receipt: no button either (the
        # status line says "Default setting, never changed").
        self.receipt_button.setEnabled(False)
        self.receipt_button.setHidden(True)
        self.receipt_button.setToolTip(
            self.tr("Open the signed consent receipt of the last change.")
        )
        self.receipt_button.clicked.connect(lambda: self.receipt_requested.emit(self.choice.id))
        footer.addWidget(self.receipt_button)
        footer.addStretch(1)

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
        """The switch shows a change the service has not confirmed yet."""
        return self._view is not None and self._view.unconfirmed

    def show_view(
        self,
        view: CardView,
        describe: Callable[[BaseException], str],
        describe_waiting: Callable[[BaseException], str] | None = None,
    ) -> None:
        """Draw what the choice-sync engine says about this choice. `describe` gives a
        failure its sentence; `describe_waiting` the sentence for a failure the app is
        waiting out by itself (so its next step is the app's, not the user's)."""
        self._view = view
        server = view.server
        has_receipt = server is not None and server.changed_at is not None
        self.receipt_button.setEnabled(has_receipt)
        self.receipt_button.setHidden(not has_receipt)
        # The switch stays usable throughout: the user may change their mind at any time,
        # and their latest click is the one that counts.
        self.switch.setEnabled(view.shown is not None)
        if view.shown is not None and self.switch.isChecked() != view.shown:
            self.switch.setChecked(view.shown)
        role, text = self._status_for(view, describe, describe_waiting or describe)
        if view.not_kept_locally is not None:
            text += (
                " "
                + describe(view.not_kept_locally)
                + " "
                + self.tr("Until the service confirms this change, it is lost if the app closes.")
            )
        self._set_status_role(role)
        self.status.setText(text)

    def _status_for(
        self,
        view: CardView,
        describe: Callable[[BaseException], str],
        describe_waiting: Callable[[BaseException], str],
    ) -> tuple[str, str]:
        if view.phase is Phase.SENDING:
            return "pending", self.tr("Saving…")
        if view.phase is Phase.WAITING:
            later = self.tr(
                "Not confirmed yet: the change is kept on this computer and will be sent automatically."
            )
            reason = describe_waiting(view.problem) if view.problem is not None else ""
            return "pending", f"{reason} {later}" if reason else later
        if view.phase is Phase.PAUSED:
            return "pending", self.tr(
                "Not confirmed yet: your session ended. The change is kept on this computer and is sent once you sign in again."
            )
        if view.phase is Phase.REFUSED:
            reason = describe(view.problem) if view.problem is not None else ""
            return "error", reason or self.tr("The service did not accept this change.")
        if view.last_known:
            return "", self.tr("As the service confirmed it last time (not connected now)")
        if view.just_confirmed:
            return "", self.tr("Saved. The service confirmed this change.")
        if view.server is not None and _switched_off_by_gpc(view.server):
            return "", self.gpc_text(view.server)
        if view.server is not None and view.server.changed_at is not None:
            return "", self.tr("Last changed %1").replace(
                "%1", format_timestamp(view.server.changed_at)
            )
        return "", self.tr("Default setting, never changed")

    def gpc_text(self, value: ChoiceValue) -> str:
        """Who switched it off: a Global Privacy Control signal, from which browser or app
        (when the service knows), on which day."""
        client, when = value.origin_client, value.changed_at
        if client and when is not None:
            text = self.tr("Switched off by a Global Privacy Control signal from %1 on %2")
            return text.replace("%1", client).replace("%2", format_date(when))
        if client:
            return self.tr("Switched off by a Global Privacy Control signal from %1").replace(
                "%1", client
            )
        if when is not None:
            return self.tr("Switched off by a Global Privacy Control signal on %1").replace(
                "%1", format_date(when)
            )
        return self.tr("Switched off by a Global Privacy Control signal")

    def _on_clicked(self, checked: bool) -> None:
        self.change_requested.emit(self.choice.id, checked)

    def _set_status_role(self, role: str) -> None:
        set_role(self.status, role)


def _switched_off_by_gpc(value: ChoiceValue) -> bool:
    return value.origin is ChoiceOrigin.GPC and not value.value


def _footer_button(text: str) -> QPushButton:
    """A footer action: flat, in the link colour, the card's small text, no underline (a
    row of underlines reads as a paragraph of links). Every footer button is made here, so
    they share one look and one height."""
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setObjectName("cardLink")
    font = QFont(button.font())
    font.setPointSizeF(max(font.pointSizeF() - 1.0, 8.0))
    button.setFont(font)
    # As wide as its words (the style sheet's #cardLink has no minimum width): a short word
    # ("Receipt") centred in a wide box makes the gaps between the buttons jump.
    button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return button
