"""ChoiceSync: carries out what the choice-sync engine asks, with tasks and one timer.

The rules (latest intent wins, one call on the wire, unknown outcomes are read, not
guessed) live in `app/flows/choices.py` and are tested there without Qt. This class only
runs the engine's effects: journal writes one after another in order, calls to the
service through `run_task`, a timer for the pause after a failure. Every result goes back
into the engine, on the GUI thread, and the engine says which cards to redraw.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.choices import ChoiceValues
from app.core.receipts import ConsentReceipt
from app.flows.choices import (
    CardsChanged,
    CardView,
    Changed,
    ChoiceSyncEngine,
    ClearJournal,
    Drop,
    Effect,
    Failed,
    Journal,
    KeepReceipts,
    Phase,
    Read,
    ReadChoices,
    Result,
    SendChange,
    SessionEnded,
    Settle,
    StartTimer,
)
from app.local.evidence_store import EvidenceDamaged, EvidenceStore
from app.ui.context import DeskContext
from app.ui.tasks import ignore_result, log_failure

JournalOp = Journal | ClearJournal | Settle | Drop


class _Turns:
    """Tickets handed out on the GUI thread, in order; work holding a ticket waits on a
    worker thread until every earlier ticket's work is done. The pool starts tasks in
    the order they came, so an earlier ticket is always running or about to."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._issued = 0
        self._serving = 0

    def ticket(self) -> int:
        with self._turn:
            self._issued += 1
            return self._issued - 1

    def take(self, ticket: int, work: Callable[[], None]) -> None:
        with self._turn:
            self._turn.wait_for(lambda: self._serving == ticket)
        try:
            work()
        finally:
            with self._turn:
                self._serving += 1
                self._turn.notify_all()


# One for the app: the journal file is one file, whichever page or window wrote to it.
_JOURNAL_TURNS = _Turns()


class ChoiceSync(QObject):
    cards_changed = Signal(object)  # frozenset of choice ids whose card must be redrawn
    confirmed = Signal(object)  # frozenset of choice ids the service just confirmed
    evidence_not_kept = Signal(object)  # the LocalWriteFailed that kept a receipt out

    def __init__(self, context: DeskContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.journal = context.journal
        self.evidence: EvidenceStore | None = context.evidence  # keeps each change's receipt
        self.engine = ChoiceSyncEngine()
        self._journal_writes = 0  # started and not reported back yet
        self._replaying = False  # the journal is being read back: not settled yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer_generation = 0
        self._timer.timeout.connect(
            lambda: self._run(self.engine.timer_fired(self._timer_generation))
        )

    # -- what the page calls --------------------------------------------------------------

    def load(self, values: ChoiceValues) -> None:
        self._run(self.engine.load(values))

    def show_last_known(self, values: dict[str, bool]) -> None:
        """Started offline: fill the cards with what the service confirmed last time."""
        self._run(self.engine.show_last_known(values))

    def replay_pending(self) -> None:
        """Send whatever an earlier run (or a lost connection) left unconfirmed."""
        session, journal = self.session, self.journal
        self._replaying = True

        def restored(intents: dict[str, bool]) -> None:
            self._replaying = False
            self._run(self.engine.restore(intents))

        def unreadable(error: BaseException) -> None:
            self._replaying = False  # an unreadable journal is set aside by the journal
            log_failure("reading the unsent changes")(error)

        self.context.run(
            self, lambda: journal.pending(session.account.vault_key), restored, unreadable
        )

    def flip(self, choice_id: str, value: bool) -> None:
        self._run(self.engine.flip(choice_id, value))

    def refresh(self) -> None:
        """Read the service's values again (the page is shown again)."""
        self._run(self.engine.refresh())

    def retry_now(self) -> None:
        """After the connection is back: send every waiting change at once."""
        self._run(self.engine.retry_now())

    def resume(self) -> None:
        """Signed in again: go on with what was left unconfirmed."""
        self._run(self.engine.resume())

    def view(self, choice_id: str) -> CardView:
        return self.engine.view(choice_id)

    def settled(self) -> bool:
        return self.engine.settled() and self._journal_writes == 0 and not self._replaying

    # -- carrying out effects -------------------------------------------------------------

    def _run(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, Journal | ClearJournal | Settle | Drop):
                self._write_journal(effect)
            elif isinstance(effect, SendChange):
                self._send(effect)
            elif isinstance(effect, ReadChoices):
                self._read(effect)
            elif isinstance(effect, StartTimer):
                self._timer_generation = effect.generation
                self._timer.start(round(effect.seconds * 1000))
            elif isinstance(effect, KeepReceipts):
                self._keep(effect.receipts)
            elif isinstance(effect, CardsChanged):
                self.cards_changed.emit(effect.choice_ids)
                just = frozenset(c for c in effect.choice_ids if self.engine.view(c).just_confirmed)
                if just:
                    self.confirmed.emit(just)
            elif isinstance(effect, SessionEnded):
                self.context.session_watch.report()

    def _call(self, number: int, work: Callable[[], Result]) -> None:
        def failed(error: BaseException) -> None:
            self._run(self.engine.answered(number, Failed(error)))

        self.context.run(
            self, work, lambda result: self._run(self.engine.answered(number, result)), failed
        )

    def _send(self, effect: SendChange) -> None:
        session = self.session
        changes = {effect.choice_id: effect.value}

        def send() -> Result:
            values, receipts = session.call(
                lambda token: session.client.change_choices_with_receipts(
                    token, effect.etag, changes
                )
            )
            return Changed(values, receipts)

        self._call(effect.call, send)

    def _read(self, effect: ReadChoices) -> None:
        session = self.session
        self._call(effect.call, lambda: Read(session.call(session.client.choices)))

    def _write_journal(self, op: JournalOp) -> None:
        """Journal writes start at once, as tasks, and take turns in the order the engine
        asked for them. Being tasks already, they all finish when the app waits for its
        tasks at quit (app/main.py), even if this page is gone by then."""
        journal, account = self.journal, self.session.account.vault_key
        turn = _JOURNAL_TURNS.ticket()
        self._journal_writes += 1

        def write() -> None:
            if isinstance(op, Journal):
                journal.record(account, op.choice_id, op.value)
            else:
                journal.drop(account, op.choice_id)

        def done(_result: object = None, error: BaseException | None = None) -> None:
            self._journal_writes -= 1
            if isinstance(op, Journal):
                self._run(self.engine.journaled(op.choice_id, op.seq, error))
            elif isinstance(op, ClearJournal):
                self._run(self.engine.journal_cleared(op.choice_id, op.seq, error))

        self.context.run(
            self, lambda: _JOURNAL_TURNS.take(turn, write), done, lambda e: done(None, e)
        )

    def _keep(self, receipts: tuple[ConsentReceipt, ...]) -> None:
        """The change is confirmed either way; a receipt not kept now comes with the next
        receipt sync (the History page reads them all from the service). A disk that
        refuses it is worth a sentence; a damaged log is the History page's to explain."""
        evidence = self.evidence
        if evidence is None:
            return

        def keep() -> None:
            with contextlib.suppress(EvidenceDamaged):
                evidence.add_all(receipts)

        def failed(error: BaseException) -> None:
            if isinstance(error, OSError):
                self.evidence_not_kept.emit(error)
            else:
                log_failure("keeping a receipt")(error)

        self.context.run(self, keep, ignore_result, failed)


__all__ = ["ChoiceSync", "Phase"]
