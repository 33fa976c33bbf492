"""ChoiceSync: every choice change is journaled, sent, retried and confirmed.

The journal entry is written before the change is sent. A change that cannot be sent
(offline, timeout, server trouble) stays in the journal and is retried with backoff,
and again after a restart, until the service confirms it.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import FailureKind, ServiceError
from app.auth.session import AuthSession
from app.core.choices import ChoiceValues
from app.core.receipts import ConsentReceipt
from app.local.evidence_store import EvidenceDamaged, EvidenceStore
from app.local.pending_changes import PendingChangesJournal
from app.ui.messages import describe_failure
from app.ui.tasks import run_task

# Failures worth waiting out; anything else is final for that change.
TRANSIENT = {
    FailureKind.OFFLINE,
    FailureKind.TIMEOUT,
    FailureKind.SERVER_ERROR,
    FailureKind.RATE_LIMITED,
}
RETRY_DELAYS_MS = (2_000, 5_000, 15_000, 30_000, 60_000)


def apply_intent(
    session: AuthSession,
    journal: PendingChangesJournal,
    etag: str | None,
    choice_id: str,
    value: bool,
    evidence: EvidenceStore | None = None,
) -> ChoiceValues:
    """Journal, then PATCH. On 412 (changed elsewhere) re-read and re-apply this choice only.

    The receipt the service returns is kept in the user's evidence log."""
    account = session.account.vault_key
    journal.record(account, choice_id, value)
    client = session.client
    if etag is None:
        etag = session.call(client.choices).etag
    try:
        values, receipts = session.call(
            lambda token: client.change_choices_with_receipts(token, etag, {choice_id: value})
        )
    except ServiceError as error:
        if error.kind is not FailureKind.CONFLICT:
            raise
        fresh = session.call(client.choices)
        values, receipts = session.call(
            lambda token: client.change_choices_with_receipts(token, fresh.etag, {choice_id: value})
        )
    journal.settle(account, choice_id, value)
    keep_receipts(evidence, receipts)
    return values


def keep_receipts(evidence: EvidenceStore | None, receipts: tuple[ConsentReceipt, ...]) -> None:
    """The change is confirmed either way; a receipt not kept now comes with the next sync."""
    if evidence is None or not receipts:
        return
    with contextlib.suppress(EvidenceDamaged, OSError):
        evidence.add_all(receipts)


class ChoiceSync(QObject):
    confirmed = Signal(object, str)  # ChoiceValues, the choice that was just confirmed
    waiting = Signal(str, bool, str)  # choice id, intended value, why it is not sent yet
    refused = Signal(str, str)  # choice id, why the service will not take it
    session_expired = Signal()

    def __init__(
        self, session: AuthSession, journal: PendingChangesJournal, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.journal = journal
        self.evidence: EvidenceStore | None = None
        self.etag: str | None = None
        self._attempts: dict[str, int] = {}
        self._timers: dict[str, QTimer] = {}
        self._waiting: dict[str, bool] = {}

    def remember_values(self, values: ChoiceValues) -> None:
        self.etag = values.etag

    def change(self, choice_id: str, value: bool) -> None:
        timer = self._timers.pop(choice_id, None)
        if timer is not None:
            timer.stop()
        self._waiting.pop(choice_id, None)
        session, journal, etag, evidence = self.session, self.journal, self.etag, self.evidence

        def done(values: ChoiceValues) -> None:
            self._attempts.pop(choice_id, None)
            self.etag = values.etag
            self.confirmed.emit(values, choice_id)

        def failed(error: BaseException) -> None:
            self._on_failure(choice_id, value, error)

        run_task(
            self,
            lambda: apply_intent(session, journal, etag, choice_id, value, evidence),
            done,
            failed,
        )

    def replay_pending(self) -> None:
        """Send whatever an earlier run (or a lost connection) left unconfirmed."""
        session, journal = self.session, self.journal
        run_task(
            self,
            lambda: journal.pending(session.account.vault_key),
            self._replay,
            lambda _error: None,
        )

    def _replay(self, intents: dict[str, bool]) -> None:
        for choice_id, value in sorted(intents.items()):
            self.waiting.emit(choice_id, value, "")
            self.change(choice_id, value)

    def _on_failure(self, choice_id: str, value: bool, error: BaseException) -> None:
        if isinstance(error, ServiceError) and error.kind is FailureKind.SESSION_EXPIRED:
            self.waiting.emit(choice_id, value, describe_failure(error))
            self.session_expired.emit()
            return
        if isinstance(error, ServiceError) and error.kind in TRANSIENT:
            attempt = self._attempts.get(choice_id, 0)
            self._attempts[choice_id] = attempt + 1
            delay = RETRY_DELAYS_MS[min(attempt, len(RETRY_DELAYS_MS) - 1)]
            self.waiting.emit(choice_id, value, describe_failure(error))
            self._waiting[choice_id] = value
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self.change(choice_id, value))
            timer.start(delay)
            self._timers[choice_id] = timer
            return
        self._attempts.pop(choice_id, None)
        session, journal = self.session, self.journal
        run_task(
            self,
            lambda: journal.drop(session.account.vault_key, choice_id),
            lambda _r: None,
            lambda _e: None,
        )
        self.refused.emit(choice_id, describe_failure(error))

    def retry_now(self) -> None:
        """After the connection is back: send every waiting change at once."""
        for choice_id, value in list(self._waiting.items()):
            self.change(choice_id, value)
