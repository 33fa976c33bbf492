"""A simulated service, journal and network for the choice-sync engine.

The service keeps values and a version like the real one (If-Match compare-and-swap, no
version bump for a change that changes nothing); the network can deliver an answer, lose
it before or after the service applied the call, garble it, or say the service is busy;
the journal behaves like `PendingChangesJournal`. Tests drive it step by step, so every
interleaving hypothesis finds can be replayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.api.errors import FailureKind, ServiceError
from app.core.choices import ChoiceValue, ChoiceValues
from app.flows.choices import (
    CardsChanged,
    Changed,
    ChoiceSyncEngine,
    ClearJournal,
    Drop,
    Effect,
    Failed,
    Journal,
    KeepReceipts,
    Read,
    ReadChoices,
    Result,
    SendChange,
    SessionEnded,
    Settle,
    StartTimer,
)

REFUSED_CHOICE = "XR"  # the simulated service refuses every change to this one


@dataclass
class SimulatedService:
    values: dict[str, bool]
    version: int = 1
    applied: int = 0  # changes that really changed a value

    def snapshot(self) -> ChoiceValues:
        return ChoiceValues(
            f'"{self.version}"',
            tuple(ChoiceValue(c, v, None) for c, v in sorted(self.values.items())),
        )

    def patch(self, etag: str, choice_id: str, value: bool) -> Result:
        """What the service does with a PATCH that reaches it."""
        if choice_id == REFUSED_CHOICE:
            return Failed(ServiceError(FailureKind.REJECTED, "not allowed", 422))
        if etag != f'"{self.version}"':
            return Failed(ServiceError(FailureKind.CONFLICT, "", 412))
        if self.values[choice_id] != value:
            self.values[choice_id] = value
            self.version += 1
            self.applied += 1
        return Changed(self.snapshot())

    def change_elsewhere(self, choice_id: str, value: bool) -> None:
        if self.values[choice_id] != value:
            self.values[choice_id] = value
            self.version += 1


@dataclass
class SimulatedApp:
    """The engine plus what the Qt carrier does: a FIFO journal queue, one timer, calls."""

    service: SimulatedService
    engine: ChoiceSyncEngine = field(default_factory=ChoiceSyncEngine)
    journal: dict[str, bool] = field(default_factory=dict)
    journal_queue: list[Journal | ClearJournal | Settle | Drop] = field(default_factory=list)
    call: SendChange | ReadChoices | None = None
    timer: StartTimer | None = None
    old_answers: list[tuple[int, Result]] = field(default_factory=list)
    session_ended: bool = False
    cards_told: set[str] = field(default_factory=set)
    receipts_kept: int = 0

    def start(self) -> None:
        """A new run: read the service, then replay the journal (as the page does)."""
        self.run(self.engine.load(self.service.snapshot()))
        self.run(self.engine.restore(dict(self.journal)))

    def run(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, Journal | ClearJournal | Settle | Drop):
                self.journal_queue.append(effect)
            elif isinstance(effect, SendChange | ReadChoices):
                assert self.call is None, "two calls on the wire at once"
                self.call = effect
            elif isinstance(effect, StartTimer):
                self.timer = effect
            elif isinstance(effect, CardsChanged):
                self.cards_told |= effect.choice_ids
            elif isinstance(effect, KeepReceipts):
                self.receipts_kept += len(effect.receipts)
            elif isinstance(effect, SessionEnded):
                self.session_ended = True

    # -- the journal ------------------------------------------------------------------------

    def journal_step(self, fail: bool = False) -> None:
        if not self.journal_queue:
            return
        op = self.journal_queue.pop(0)
        if isinstance(op, Journal):
            error = OSError(28, "No space left on device") if fail else None
            if not fail:
                self.journal[op.choice_id] = op.value
            self.run(self.engine.journaled(op.choice_id, op.seq, error))
        elif isinstance(op, ClearJournal):
            self.journal.pop(op.choice_id, None)
            self.run(self.engine.journal_cleared(op.choice_id, op.seq))
        else:
            # Settle and Drop both end the intent. The queue is first in, first out, so a
            # newer intent's entry is written after this: whatever is there now is older
            # (an entry left by an earlier intent whose successor could not be journaled).
            self.journal.pop(op.choice_id, None)

    # -- the network ------------------------------------------------------------------------

    def deliver(self, fault: str) -> None:
        """Answer the call on the wire. `fault` says what the network does to it."""
        call = self.call
        if call is None:
            return
        self.call = None
        reaches_service = fault in ("ok", "lost_after", "garbled_after", "busy_after")
        if reaches_service:
            if isinstance(call, SendChange):
                result = self.service.patch(call.etag, call.choice_id, call.value)
            else:
                result = Read(self.service.snapshot())
        kind = {
            "lost_before": FailureKind.OFFLINE,
            "lost_after": FailureKind.CONNECTION_LOST,
            "timeout_before": FailureKind.TIMEOUT,
            "garbled_after": FailureKind.CUT_OFF,
            "busy_before": FailureKind.SERVICE_BUSY,
            "busy_after": FailureKind.SERVER_ERROR,
            "rate_limited": FailureKind.RATE_LIMITED,
            "expired": FailureKind.SESSION_EXPIRED,
            # A hotel network's portal, a certificate renewed too late, a proxy that
            # redirects: nothing reaches the service, and it passes.
            "untrusted_certificate": FailureKind.CERTIFICATE,
            "redirected": FailureKind.REDIRECTED,
        }.get(fault)
        if kind is not None:
            result = Failed(ServiceError(kind))
        self.old_answers.append((call.call, result))
        self.run(self.engine.answered(call.call, result))

    def repeat_old_answer(self, index: int) -> None:
        """A late or duplicated answer to a call that was already answered."""
        if self.old_answers:
            number, result = self.old_answers[index % len(self.old_answers)]
            self.run(self.engine.answered(number, result))

    def fire_timer(self) -> None:
        timer, self.timer = self.timer, None
        if timer is not None:
            self.run(self.engine.timer_fired(timer.generation))

    def resume(self) -> None:
        if self.session_ended:
            self.session_ended = False
            self.run(self.engine.resume())

    def restart(self, applied_if_on_the_wire: bool) -> None:
        """The process dies: queued journal writes and the call's answer are lost."""
        if isinstance(self.call, SendChange) and applied_if_on_the_wire:
            self.service.patch(self.call.etag, self.call.choice_id, self.call.value)
        self.call = None
        self.timer = None
        self.old_answers.clear()  # a new process: answers to the old one never arrive
        self.journal_queue.clear()
        self.session_ended = False
        self.engine = ChoiceSyncEngine()
        self.start()

    def settle(self, max_steps: int = 1_000) -> None:
        """The network is good again: let every pending thing finish."""
        for _ in range(max_steps):
            if self.journal_queue:
                self.journal_step()
            elif self.call is not None:
                self.deliver("ok")
            elif self.session_ended:
                self.resume()
            elif self.timer is not None:
                self.fire_timer()
            else:
                return
        raise AssertionError("the engine did not settle")
