"""The choice-sync engine: what the user switched is what the service ends up holding.

Plain Python, no Qt and no sockets. The engine takes events (the user flipped a switch, a
call came back, a timer fired) and returns effects (journal this, send that change, read
the choices, wait so long). `app/ui/choice_sync.py` carries the effects out with tasks and
timers and feeds the results back. Because of that split the engine is tested on its own,
including by hypothesis against a simulated network that loses, repeats, delays, garbles
and half-applies calls (tests/app/flows/).

The rules it keeps:

- Per choice, only the user's latest intent counts. Each intent has a sequence number;
  an answer settles the intent it was sent for and nothing newer.
- An intent is journaled before it is sent (the journal survives a crash or a restart).
- One call is on the wire at a time (a change or a read). The service therefore sees the
  user's intents in the order they were made, and every answer can be matched with its
  call; an answer to any other call (late, repeated) is ignored.
- A failure after which the change may or may not have been applied is never guessed
  at: the engine reads the choices again, and the service's value decides.
- The service's values reach a card only from a snapshot no older than the newest one
  seen (its version, from the ETag), and only while that card has no unconfirmed intent.
- A refusal stays on its card, and only on its card, until the user flips that switch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from app.api.errors import NOT_DELIVERED, OUTCOME_UNKNOWN, TRANSIENT, FailureKind, ServiceError
from app.core.choices import ChoiceValue, ChoiceValues
from app.core.receipts import ConsentReceipt

# Pauses between attempts after a transient failure, in seconds; the last one repeats.
RETRY_DELAYS = (2.0, 5.0, 15.0, 30.0, 60.0)


class Phase(Enum):
    SYNCED = "synced"  # the switch shows what the service holds
    SENDING = "sending"  # the user's change is on its way, or next in line
    WAITING = "waiting"  # not confirmed yet; sent again after a pause
    PAUSED = "paused"  # not confirmed yet; waits for the user to sign in again
    REFUSED = "refused"  # the service said no; the switch shows what it holds


@dataclass(frozen=True)
class CardView:
    """Everything a choice's card shows. `problem` says why it waits or was refused."""

    choice_id: str
    shown: bool | None  # the switch position; None while the value is not known yet
    phase: Phase
    server: ChoiceValue | None
    problem: BaseException | None = None
    just_confirmed: bool = False
    # The intent could not be written to the journal: it will not survive a restart.
    not_kept_locally: BaseException | None = None
    # The value is what the service confirmed in an earlier run, not read in this one yet.
    last_known: bool = False

    @property
    def unconfirmed(self) -> bool:
        return self.phase in (Phase.SENDING, Phase.WAITING, Phase.PAUSED)


# --- effects: what the engine asks its carrier to do ------------------------------------


@dataclass(frozen=True)
class Journal:
    """Write this intent to the journal; report back with `journaled`."""

    choice_id: str
    value: bool
    seq: int


@dataclass(frozen=True)
class ClearJournal:
    """The journal could not take intent `seq`: take out whatever older entry it holds for
    the choice (a crash would replay it over the user's newer click); report back with
    `journal_cleared`."""

    choice_id: str
    seq: int


@dataclass(frozen=True)
class SendChange:
    """PATCH one choice with If-Match; report back with `answered(call, ...)`."""

    call: int
    choice_id: str
    value: bool
    etag: str


@dataclass(frozen=True)
class ReadChoices:
    """GET the choices; report back with `answered(call, ...)`."""

    call: int


@dataclass(frozen=True)
class StartTimer:
    """Call `timer_fired(generation)` after `seconds`."""

    seconds: float
    generation: int


@dataclass(frozen=True)
class Settle:
    """The service confirmed this value: take the choice out of the journal.

    Carry it out in order with the `Journal` effects (one queue): an intent newer than this
    one is journaled after it, so whatever entry the journal holds for the choice now is
    this intent's or an older one, and goes, even if its value differs (an older intent
    left behind when a newer one could not be written)."""

    choice_id: str
    value: bool


@dataclass(frozen=True)
class Drop:
    """The service refused the intent for good: take it out of the journal."""

    choice_id: str


@dataclass(frozen=True)
class KeepReceipts:
    receipts: tuple[ConsentReceipt, ...]


@dataclass(frozen=True)
class CardsChanged:
    choice_ids: frozenset[str]


@dataclass(frozen=True)
class SessionEnded:
    """Unconfirmed intents stay journaled; call `resume()` once signed in again."""


Effect = (
    Journal
    | ClearJournal
    | SendChange
    | ReadChoices
    | StartTimer
    | Settle
    | Drop
    | KeepReceipts
    | CardsChanged
    | SessionEnded
)


# --- results: what comes back from a call -----------------------------------------------


@dataclass(frozen=True)
class Changed:
    values: ChoiceValues
    receipts: tuple[ConsentReceipt, ...] = ()


@dataclass(frozen=True)
class Read:
    values: ChoiceValues


@dataclass(frozen=True)
class Failed:
    error: BaseException


Result = Changed | Read | Failed


# --- the engine ---------------------------------------------------------------------------


@dataclass
class _Intent:
    value: bool
    seq: int
    journaled: bool = False
    not_kept_locally: BaseException | None = None


@dataclass(frozen=True)
class _Call:
    number: int
    choice_id: str = ""  # empty for a read
    seq: int = 0
    value: bool = False


@dataclass
class ChoiceSyncEngine:
    """Not thread-safe: call it from one thread (the GUI thread, in the app)."""

    retry_delays: tuple[float, ...] = RETRY_DELAYS
    _server: dict[str, ChoiceValue] = field(default_factory=dict)
    _snapshot: ChoiceValues | None = None
    _intents: dict[str, _Intent] = field(default_factory=dict)
    _refusals: dict[str, BaseException] = field(default_factory=dict)
    _just_confirmed: set[str] = field(default_factory=set)
    _in_flight: _Call | None = None
    _needs_read: bool = False  # an outcome is unknown: what we know may be stale
    _trouble: BaseException | None = None  # the last transient failure, until a call works
    _failures_in_a_row: int = 0
    _timer_generation: int = 0
    _timer_armed: bool = False
    _paused: bool = False
    _seq: int = 0
    _calls: int = 0
    _pending_settles: list[Settle] = field(default_factory=list)  # go out with the next effects

    # -- what the carrier and the page read -----------------------------------------------

    def view(self, choice_id: str) -> CardView:
        server = self._server.get(choice_id)
        intent = self._intents.get(choice_id)
        if intent is not None:
            if self._paused:
                phase = Phase.PAUSED
            elif self._trouble is not None:
                phase = Phase.WAITING
            else:
                phase = Phase.SENDING
            return CardView(
                choice_id,
                intent.value,
                phase,
                server,
                problem=self._trouble,
                not_kept_locally=intent.not_kept_locally,
            )
        shown = server.value if server is not None else None
        refusal = self._refusals.get(choice_id)
        if refusal is not None:
            return CardView(choice_id, shown, Phase.REFUSED, server, problem=refusal)
        return CardView(
            choice_id,
            shown,
            Phase.SYNCED,
            server,
            just_confirmed=choice_id in self._just_confirmed,
            last_known=self._snapshot is None,
        )

    def settled(self) -> bool:
        """Nothing the user asked for is unconfirmed, and nothing is on the wire."""
        return not self._intents and self._in_flight is None

    def unconfirmed(self) -> dict[str, bool]:
        return {choice_id: intent.value for choice_id, intent in self._intents.items()}

    @property
    def snapshot(self) -> ChoiceValues | None:
        """The newest values the service sent, whatever the cards show."""
        return self._snapshot

    @property
    def etag(self) -> str | None:
        return self._snapshot.etag if self._snapshot is not None else None

    # -- events ---------------------------------------------------------------------------

    def load(self, values: ChoiceValues) -> list[Effect]:
        """Values read by someone else (the page, at start): a snapshot like any other.

        It may have been read before a call whose outcome is unknown reached the service,
        so it does not settle that question: only the engine's own read, made after the
        failure, does."""
        changed = self._apply_snapshot(values)
        changed |= self._confirm_matching()
        return self._cards(changed) + self._pump()

    def show_last_known(self, values: Mapping[str, bool]) -> list[Effect]:
        """Started offline: show what the service confirmed in an earlier run.

        These values only fill the cards; nothing is confirmed from them, and the engine
        reads the service before it sends anything (and keeps trying until it can)."""
        if self._snapshot is not None:
            return []
        changed = set()
        for choice_id, value in values.items():
            if choice_id not in self._server:
                self._server[choice_id] = ChoiceValue(choice_id, value, None)
                changed.add(choice_id)
        self._needs_read = True
        return self._cards(changed) + self._pump()

    def restore(self, intents: Mapping[str, bool]) -> list[Effect]:
        """Intents an earlier run journaled and the service has not confirmed."""
        changed = set()
        for choice_id, value in sorted(intents.items()):
            if choice_id in self._intents:
                continue  # this run's own intent is newer
            self._intents[choice_id] = _Intent(value, self._next_seq(), journaled=True)
            changed.add(choice_id)
        changed |= self._confirm_matching()
        return self._cards(changed) + self._pump()

    def flip(self, choice_id: str, value: bool) -> list[Effect]:
        """The user's latest intent for this choice; any earlier one is superseded."""
        seq = self._next_seq()
        self._intents[choice_id] = _Intent(value, seq)
        self._refusals.pop(choice_id, None)
        self._just_confirmed.discard(choice_id)
        effects: list[Effect] = [Journal(choice_id, value, seq)]
        if self._timer_armed:  # a click is as good a reason to try again as a timer
            self._disarm_timer()
        return effects + self._cards({choice_id}) + self._pump()

    def journaled(
        self, choice_id: str, seq: int, error: BaseException | None = None
    ) -> list[Effect]:
        """The journal write for `seq` finished; with `error` it could not be written.

        The change goes on either way (the user wants it now), and the card says it would
        not survive a restart; but first an older entry for the choice is taken out of
        the journal, so that a crash cannot replay it over this newer click."""
        intent = self._intents.get(choice_id)
        if intent is None or intent.seq != seq:
            return []
        if error is not None:
            intent.not_kept_locally = error
            return [ClearJournal(choice_id, seq), *self._cards({choice_id})]
        intent.journaled = True
        return self._cards(self._confirm_matching()) + self._pump()

    def journal_cleared(
        self, choice_id: str, seq: int, error: BaseException | None = None
    ) -> list[Effect]:
        """After a failed journal write, the older entry is gone (or, with `error`, the
        disk would not even allow that: nothing more this app can do)."""
        intent = self._intents.get(choice_id)
        if intent is None or intent.seq != seq:
            return []
        intent.journaled = True
        return self._cards(self._confirm_matching()) + self._pump()

    def answered(self, call: int, result: Result) -> list[Effect]:
        flight = self._in_flight
        if flight is None or flight.number != call:
            return []  # a late or repeated answer: whatever it says is not news
        self._in_flight = None
        if isinstance(result, Failed):
            return self._failed(flight, result.error)
        self._succeeded()
        changed = self._apply_snapshot(result.values)
        effects: list[Effect] = []
        if isinstance(result, Changed):
            if result.receipts:
                effects.append(KeepReceipts(result.receipts))
            intent = self._intents.get(flight.choice_id)
            if intent is not None and intent.seq == flight.seq:
                if result.values.value_of(flight.choice_id) == flight.value:
                    changed |= self._confirm(flight.choice_id, flight.value)
                else:
                    self._needs_read = True  # an answer that does not say what we asked
        else:
            self._needs_read = False
        changed |= self._confirm_matching()
        return effects + self._cards(changed) + self._pump()

    def timer_fired(self, generation: int) -> list[Effect]:
        if not self._timer_armed or generation != self._timer_generation:
            return []
        self._timer_armed = False
        return self._pump()

    def refresh(self) -> list[Effect]:
        """The user looks again: read what the service holds now (a change made elsewhere
        shows), unless a call is already on the wire or a pause is being waited out."""
        if self._in_flight is None and not self._timer_armed and not self._paused:
            self._needs_read = True
        return self._pump()

    def retry_now(self) -> list[Effect]:
        """The connection is back (or the user asked): stop waiting."""
        if self._timer_armed:
            self._disarm_timer()
        return self._pump()

    def resume(self) -> list[Effect]:
        """Signed in again after the session ended: find out where things stand, go on."""
        self._paused = False
        self._needs_read = True
        self._trouble = None
        return self._cards(set(self._intents)) + self._pump()

    # -- internals ------------------------------------------------------------------------

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _pump(self) -> list[Effect]:
        """Start the next call, if one is due and none is on the wire."""
        if self._paused or self._in_flight is not None or self._timer_armed:
            return []
        if self._needs_read or self._snapshot is None:
            if not self._needs_read and not self._intents:
                return []
            self._calls += 1
            self._in_flight = _Call(self._calls)
            return [ReadChoices(self._calls)]
        ready = [(i.seq, c) for c, i in self._intents.items() if i.journaled]
        if not ready:
            return []
        _seq, choice_id = min(ready)
        intent = self._intents[choice_id]
        self._calls += 1
        self._in_flight = _Call(self._calls, choice_id, intent.seq, intent.value)
        return [SendChange(self._calls, choice_id, intent.value, self._snapshot.etag)]

    def _failed(self, flight: _Call, error: BaseException) -> list[Effect]:
        kind = error.kind if isinstance(error, ServiceError) else None
        if kind is FailureKind.SESSION_EXPIRED:
            self._paused = True
            self._needs_read = True
            return [SessionEnded(), *self._cards(set(self._intents))]
        if kind is FailureKind.CONFLICT:
            self._needs_read = True  # changed elsewhere: read, then send the intent again
            return self._pump()
        if kind in TRANSIENT or kind in NOT_DELIVERED or not flight.choice_id:
            # A read that fails is always worth another try; so is any transient failure,
            # and a change that never reached the service (an untrusted certificate, a
            # redirect not followed) stays the user's until it does.
            if kind in OUTCOME_UNKNOWN or not flight.choice_id:
                self._needs_read = True
            return self._wait(error)
        # The service refused this change for good (or something unforeseen went wrong).
        self._succeeded()
        intent = self._intents.get(flight.choice_id)
        effects: list[Effect] = []
        if intent is not None and intent.seq == flight.seq:
            del self._intents[flight.choice_id]
            self._refusals[flight.choice_id] = error
            effects.append(Drop(flight.choice_id))
        return effects + self._cards({flight.choice_id}) + self._pump()

    def _wait(self, error: BaseException) -> list[Effect]:
        self._trouble = error
        delay = self.retry_delays[min(self._failures_in_a_row, len(self.retry_delays) - 1)]
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, int | float) and retry_after > delay:
            delay = float(retry_after)
        self._failures_in_a_row += 1
        self._timer_generation += 1
        self._timer_armed = True
        return [StartTimer(delay, self._timer_generation), *self._cards(set(self._intents))]

    def _disarm_timer(self) -> None:
        self._timer_armed = False
        self._timer_generation += 1

    def _succeeded(self) -> None:
        self._failures_in_a_row = 0
        self._trouble = None

    def _apply_snapshot(self, values: ChoiceValues) -> set[str]:
        """Take the service's values unless an answer already showed a newer state."""
        if self._snapshot is not None and _older(values, self._snapshot):
            return set()
        self._snapshot = values
        changed = set()
        for item in values.values:
            if self._server.get(item.id) != item:
                self._server[item.id] = item
                changed.add(item.id)
        return changed

    def _confirm_matching(self) -> set[str]:
        """Intents the service already holds are done, unless a change of theirs is on
        the wire (its answer settles them, and may yet flip the value) or they are not
        journaled yet (the journal may still hold an older intent, which a crash would
        replay: the Settle that clears it must come after this intent's own entry)."""
        if self._needs_read:
            return set()  # a change may have landed unseen: wait for the fresh read
        changed = set()
        busy = self._in_flight.choice_id if self._in_flight is not None else ""
        for choice_id, intent in list(self._intents.items()):
            server = self._server.get(choice_id)
            if choice_id == busy or not intent.journaled:
                continue
            if server is not None and server.value == intent.value:
                changed |= self._confirm(choice_id, intent.value)
        return changed

    def _confirm(self, choice_id: str, value: bool) -> set[str]:
        del self._intents[choice_id]
        self._refusals.pop(choice_id, None)
        self._just_confirmed.add(choice_id)
        self._pending_settles.append(Settle(choice_id, value))
        return {choice_id}

    def _cards(self, choice_ids: Iterable[str]) -> list[Effect]:
        effects: list[Effect] = list(self._pending_settles)
        self._pending_settles.clear()
        ids = frozenset(choice_ids)
        if ids:
            effects.append(CardsChanged(ids))
        return effects


def _older(values: ChoiceValues, than: ChoiceValues) -> bool:
    new, known = _version(values.etag), _version(than.etag)
    return new is not None and known is not None and new < known


def _version(etag: str) -> int | None:
    """Our service's ETags are its choices version in quotes; anything else is opaque."""
    digits = etag.strip().removeprefix("W/").strip('"')
    return int(digits) if digits.isdigit() else None
