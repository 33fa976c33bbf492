"""Privacy choices: one switch per choice the service declares, confirmed by the service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from app.api.errors import FailureKind, ServiceError
from app.auth.session import AuthSession
from app.core.catalog import Catalog
from app.core.choices import ChoiceValues
from app.ui.messages import describe_failure
from app.ui.pages.page_state import PageState
from app.ui.tasks import run_task
from app.ui.widgets.choice_card import ChoiceCard


def send_choice_change(
    session: AuthSession, etag: str, choice_id: str, value: bool
) -> ChoiceValues:
    """PATCH one choice. If it changed elsewhere (412), re-read and re-apply this choice only."""
    client = session.client
    try:
        return session.call(lambda token: client.change_choices(token, etag, {choice_id: value}))
    except ServiceError as error:
        if error.kind is not FailureKind.CONFLICT:
            raise
    fresh = session.call(client.choices)
    return session.call(lambda token: client.change_choices(token, fresh.etag, {choice_id: value}))


class ChoicesPage(QWidget):
    session_expired = Signal()

    def __init__(self, session: AuthSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cards: dict[str, ChoiceCard] = {}
        self.values: ChoiceValues | None = None

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
        if self.cards:
            self.state.show_content()
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
        card = self.cards[choice_id]
        if self.values is None:
            return
        card.show_pending(wanted)
        session, etag = self.session, self.values.etag

        def done(values: Any) -> None:
            self._show_values(values, just_changed=choice_id)

        def failed(error: BaseException) -> None:
            self._notice_expiry(error)
            card.show_failed(describe_failure(error))

        run_task(self, lambda: send_choice_change(session, etag, choice_id, wanted), done, failed)

    def _notice_expiry(self, error: BaseException) -> None:
        if isinstance(error, ServiceError) and error.kind is FailureKind.SESSION_EXPIRED:
            self.session_expired.emit()
