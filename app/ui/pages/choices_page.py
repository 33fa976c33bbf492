"""Privacy choices: one switch per choice the service declares, confirmed by the service."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.catalog import Catalog
from app.core.choices import ChoiceValues
from app.core.drift import DriftItem
from app.flows.choice_loading import LoadedChoices, changed_elsewhere, load_choices
from app.ui.choice_sync import ChoiceSync
from app.ui.context import DeskContext
from app.ui.dialogs.receipt_dialog import ReceiptDialog
from app.ui.dialogs.recent_records_dialog import RecentRecordsDialog
from app.ui.drift_notice import describe_drift
from app.ui.messages import describe_failure
from app.ui.tasks import ignore_result, log_failure
from app.ui.widgets.choice_card import ChoiceCard
from app.ui.widgets.headings import page_heading
from app.ui.widgets.page_state import PageState, scrolling_column
from app.ui.widgets.setting_card import SettingCard

# "What this sends": the data category each choice lets apps send (policy-facts X1-X3).
WHAT_IT_SENDS: dict[str, str] = {"X1": "C5", "X2": "C6", "X3": "C10"}


class ChoicesPage(QWidget):
    open_category = Signal(str)  # a category id: show it on the Your data page

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choices")
        self.context = context
        self.session = context.session
        self.last_seen = context.last_seen
        self.catalog_cache = context.stores.catalog_cache
        self.catalog: Catalog | None = None
        self.cards: dict[str, ChoiceCard] = {}
        # The dialog opened last (a receipt or recent records), for tests and to close it.
        self.open_dialog: QDialog | None = None
        # Changes made elsewhere that the notice shows and the user has not seen yet: the
        # baseline moves past them only once the page showing them was on screen.
        self.unseen_drift: list[DriftItem] = []
        self.sync = ChoiceSync(context, self)
        self.sync.cards_changed.connect(self._redraw)
        self.sync.confirmed.connect(self._remember_seen)
        self.sync.evidence_not_kept.connect(self._show_local_problem)

        heading, intro = page_heading(
            self.tr("Privacy choices"),
            self.tr(
                "Each switch takes effect as soon as the service confirms it. You can change your mind at any time."
            ),
        )

        self._card_column = QVBoxLayout()
        self._card_column.setSpacing(12)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._card_column)
        column.addStretch(1)
        scroll = scrolling_column(content, self.tr("Privacy choices"))

        self.drift_notice = SettingCard("", "", [])
        self.drift_notice.title.setProperty("role", "pending")
        dismiss = QPushButton(self.tr("Got it"))
        dismiss.setAccessibleDescription(self.tr("Dismiss the notice about changes made elsewhere"))
        dismiss.clicked.connect(self.dismiss_drift)
        self.drift_notice.layout().addWidget(dismiss)  # type: ignore[union-attr]
        self.drift_notice.hide()
        column.insertWidget(0, self.drift_notice)
        # Started offline: the cards show the last known values until the service answers.
        self.offline_notice = QLabel()
        self.offline_notice.setWordWrap(True)
        self.offline_notice.setProperty("role", "pending")
        self.offline_notice.hide()
        column.insertWidget(0, self.offline_notice)
        # What this computer could not keep (a full disk, a read-only folder).
        self.local_notice = QLabel()
        self.local_notice.setWordWrap(True)
        self.local_notice.setProperty("role", "error")
        self.local_notice.hide()
        column.insertWidget(0, self.local_notice)

        self.state = PageState(
            scroll,
            empty_icon="preferences-system-privacy",
            empty_title=self.tr("No privacy choices"),
            empty_text=self.tr("The service offers no choices to change."),
        )
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
        session, cache, last_seen = self.session, self.catalog_cache, self.last_seen

        self.context.run(
            self,
            lambda: load_choices(session, cache, last_seen),
            self._on_loaded,
            self._on_load_failed,
        )

    def _on_loaded(self, result: LoadedChoices) -> None:
        self.catalog = result.catalog
        self._build_cards(result.catalog)
        if result.values is not None:
            self.offline_notice.hide()
            self.sync.load(result.values)
            self._check_drift(result.values)
        else:
            self._show_offline()
            self.sync.show_last_known(result.last_known)
        self._redraw(frozenset(self.cards))
        if self.cards:
            self.state.show_content()
            self.sync.replay_pending()
        else:
            self.state.show_empty()

    def _show_offline(self) -> None:
        """Why the service is away is said once, above every page (MainWindow)."""
        self.offline_notice.setText(
            self.tr(
                "Not connected: the switches show what the service confirmed last time. A change you make now is kept on this computer and sent as soon as the service can be reached."
            )
        )
        self.offline_notice.show()

    def _on_load_failed(self, error: BaseException) -> None:
        """Neither the service nor this computer had the choices: said as such, with Try
        again, never a page without switches that looks like there is nothing to choose."""
        self.state.show_failure(
            error, describe_failure(error), title=self.tr("Your choices can't be loaded")
        )

    def _build_cards(self, catalog: Catalog) -> None:
        for card in self.cards.values():
            card.deleteLater()
        self.cards.clear()
        titles = {category.id: category.title for category in catalog.categories}
        for choice in catalog.choices:
            card = ChoiceCard(choice, titles, shows_what_it_sends=choice.id in WHAT_IT_SENDS)
            card.change_requested.connect(self.request_change)
            card.category_requested.connect(self.open_category)
            card.receipt_requested.connect(self.show_receipt)
            card.recent_records_requested.connect(self.show_what_it_sends)
            self._card_column.addWidget(card)
            self.cards[choice.id] = card

    @property
    def values(self) -> ChoiceValues | None:
        """The newest values the service sent (what a card shows may be a pending change)."""
        return self.sync.engine.snapshot

    def request_change(self, choice_id: str, wanted: bool) -> None:
        """Also while not connected: the engine journals it and sends it when it can."""
        self.sync.flip(choice_id, wanted)

    def _redraw(self, choice_ids: frozenset[str]) -> None:
        """Only the cards the engine names: an answer about one choice touches no other."""
        if self.sync.engine.snapshot is not None:
            self.offline_notice.hide()  # the service answered: the values are current
        for choice_id in choice_ids:
            card = self.cards.get(choice_id)
            if card is not None:
                card.show_view(self.sync.view(choice_id), describe_failure, _while_retrying)

    def _check_drift(self, values: ChoiceValues) -> None:
        """Compare with what this app last saw. The baseline moves here only when there is
        nothing to point out (or nothing to compare with yet); a change made elsewhere stays
        news until the user has seen it (`_drift_seen`)."""
        last_seen, journal, account = self.last_seen, self.sync.journal, self.session.account

        # Without a comparison there is nothing to point out; the next load compares again.
        self.context.run(
            self,
            lambda: changed_elsewhere(values, last_seen, journal, account.vault_key),
            self._show_drift,
            log_failure("comparing choices"),
        )

    def _remember_seen(self, confirmed: frozenset[str] = frozenset()) -> None:
        """The user's own confirmed changes join the baseline; a change made elsewhere that
        the user has not seen yet stays out of it."""
        values = self.values
        if values is None:
            return
        last_seen, key = self.last_seen, self.session.account.vault_key
        snapshot = {v.id: v.value for v in values.values}
        own = {choice_id: snapshot[choice_id] for choice_id in confirmed if choice_id in snapshot}
        self.context.run(
            self,
            lambda: last_seen.mark_seen(key, own, snapshot),
            ignore_result,
            log_failure("noting the confirmed choices"),
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.unseen_drift and not self.drift_notice.isHidden():
            self._drift_seen()
        if self.cards:
            # Shown again: the switches show what the service holds now. Only the cards
            # whose value changed are redrawn, and none with a change on its way.
            self.sync.refresh()

    def dismiss_drift(self) -> None:
        self.drift_notice.hide()
        self._drift_seen()

    def _drift_seen(self) -> None:
        """The notice was on screen: what it pointed out becomes the baseline."""
        seen = {item.choice_id: item.now for item in self.unseen_drift}
        self.unseen_drift = []
        if not seen:
            return
        values = self.values
        everything = {v.id: v.value for v in values.values} if values is not None else seen
        last_seen, key = self.last_seen, self.session.account.vault_key
        self.context.run(
            self,
            lambda: last_seen.mark_seen(key, seen, everything),
            ignore_result,
            log_failure("noting the choices changed elsewhere"),
        )

    def _show_drift(self, drift: list[DriftItem]) -> None:
        self.unseen_drift = list(drift)
        if not drift or self.catalog is None:
            self.drift_notice.hide()
            return
        title, text = describe_drift(drift, self.catalog)
        self.drift_notice.title.setText(title)
        self.drift_notice.text.setText(text)
        self.drift_notice.show()
        if self.isVisible():
            self._drift_seen()

    # -- details behind a card ------------------------------------------------------------

    def show_receipt(self, choice_id: str) -> None:
        choice = self.catalog.choice(choice_id) if self.catalog else None
        if choice is None:
            return
        dialog = ReceiptDialog(self.context, choice, self)
        self._open(dialog)
        dialog.load()

    def show_what_it_sends(self, choice_id: str) -> None:
        choice = self.catalog.choice(choice_id) if self.catalog else None
        category_id = WHAT_IT_SENDS.get(choice_id)
        if choice is None or category_id is None or self.catalog is None:
            return
        category = next((c for c in self.catalog.categories if c.id == category_id), None)
        value = self.values.value_of(choice_id) if self.values else None
        dialog = RecentRecordsDialog(
            self.context,
            choice,
            category_id,
            category.title if category else category_id,
            value,
            self,
        )
        self._open(dialog)
        dialog.load()

    def _open(self, dialog: QDialog) -> None:
        """Non-modal, one at a time: a new one replaces the one still open."""
        if self.open_dialog is not None and shiboken6.isValid(self.open_dialog):
            self.open_dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_dialog = dialog
        dialog.open()

    def _show_local_problem(self, error: BaseException) -> None:
        self.local_notice.setText(describe_failure(error))
        self.local_notice.show()


def _while_retrying(error: BaseException) -> str:
    return describe_failure(error, app_retries=True)
