"""Privacy choices: one switch per choice the service declares, confirmed by the service."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from app.api.errors import FailureKind, ServiceError
from app.auth.session import AuthSession
from app.core.catalog import Catalog
from app.core.choices import ChoiceValues
from app.local.pending_changes import PendingChangesJournal
from app.ui.choice_sync import ChoiceSync
from app.ui.messages import describe_failure
from app.ui.pages.page_state import PageState
from app.ui.tasks import run_task
from app.ui.widgets.choice_card import ChoiceCard


class ChoicesPage(QWidget):
    session_expired = Signal()

    def __init__(
        self,
        session: AuthSession,
        journal: PendingChangesJournal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.cards: dict[str, ChoiceCard] = {}
        self.values: ChoiceValues | None = None
        self.sync = ChoiceSync(session, journal, self)
        self.sync.confirmed.connect(self._on_confirmed)
        self.sync.waiting.connect(self._on_waiting)
        self.sync.refused.connect(self._on_refused)
        self.sync.session_expired.connect(self.session_expired)

        heading = QLabel(self.tr("Privacy choices"))
        heading.setObjectName("pageTitle")
        intro = QLabel(
            self.tr(
                "Each switch takes effect as soon as the service confirms it. You can change your mind at any time."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("pageIntro")

        self._card_column = QVBoxLayout()
        self._card_column.setSpacing(12)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._card_column)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.state = PageState(scroll)
        self.state.retry_requested.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addWidget(self.state, 1)

    def reload(self) -> None:
        self.state.show_loading(self.tr("Loading your choices…"))
        session = self.session

        def fetch() -> tuple[Catalog, ChoiceValues]:
            return session.client.catalog(), session.call(session.client.choices)

        run_task(self, fetch, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, result: tuple[Catalog, ChoiceValues]) -> None:
        catalog, values = result
        self._build_cards(catalog)
        self._show_values(values)
        self.sync.remember_values(values)
        if self.cards:
            self.state.show_content()
            self.sync.replay_pending()
        else:
            self.state.show_error(self.tr("The service offers no choices to change."))

    def _on_load_failed(self, error: BaseException) -> None:
        self._notice_expiry(error)
        self.state.show_error(describe_failure(error))

    def _build_cards(self, catalog: Catalog) -> None:
        for card in self.cards.values():
            card.deleteLater()
        self.cards.clear()
        for choice in catalog.choices:
            card = ChoiceCard(choice)
            card.change_requested.connect(self.request_change)
            self._card_column.addWidget(card)
            self.cards[choice.id] = card

    def _show_values(self, values: ChoiceValues, *, just_changed: str = "") -> None:
        self.values = values
        for choice_id, card in self.cards.items():
            value = values.get(choice_id)
            if value is not None and (not card.pending or choice_id == just_changed):
                card.show_confirmed(value, just_changed=choice_id == just_changed)

    def request_change(self, choice_id: str, wanted: bool) -> None:
        if self.values is None:
            return
        self.cards[choice_id].show_pending(wanted)
        self.sync.change(choice_id, wanted)

    def _on_confirmed(self, values: ChoiceValues, choice_id: str) -> None:
        self._show_values(values, just_changed=choice_id)

    def _on_waiting(self, choice_id: str, wanted: bool, reason: str) -> None:
        card = self.cards.get(choice_id)
        if card is not None:
            card.show_waiting(wanted, reason)

    def _on_refused(self, choice_id: str, message: str) -> None:
        card = self.cards.get(choice_id)
        if card is not None:
            card.show_failed(message)

    def _notice_expiry(self, error: BaseException) -> None:
        if isinstance(error, ServiceError) and error.kind is FailureKind.SESSION_EXPIRED:
            self.session_expired.emit()
