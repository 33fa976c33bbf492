"""The engine against a network that does its worst, in random order (hypothesis, stateful).

Each run flips choices back and forth, loses, delays, repeats and garbles calls, applies
some of them on the service before the answer is lost, fails journal writes, ends the
session and kills the app. Then the network heals and the app settles, and:

- every choice on the service equals the user's last intent (for the choice the service
  refuses: what it held, with the refusal on the card);
- every switch shows the service's value;
- the journal is empty and nothing is left on the wire.

`PRIVACY_DESK_ENGINE_EXAMPLES` sets the number of sequences (CI runs 1,000).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.flows.choices import Phase
from tests.app.flows.simulated import REFUSED_CHOICE, SimulatedApp, SimulatedService

CHOICES = ("X1", "X2", "X3", REFUSED_CHOICE)
FAULTS = (
    "ok",
    "lost_before",
    "lost_after",
    "timeout_before",
    "garbled_after",
    "busy_before",
    "busy_after",
    "rate_limited",
    "expired",
    "untrusted_certificate",
    "redirected",
)
EXAMPLES = int(os.environ.get("PRIVACY_DESK_ENGINE_EXAMPLES", "1000"))


class ChoiceSyncUnderFaults(RuleBasedStateMachine):
    @initialize(start=st.fixed_dictionaries({c: st.booleans() for c in CHOICES}))
    def start(self, start: dict[str, bool]) -> None:
        self.app = SimulatedApp(SimulatedService(dict(start)))
        self.app.start()
        self.refused_value = start[REFUSED_CHOICE]
        self.last_intent: dict[str, bool] = {}

    @rule(choice=st.sampled_from(CHOICES))
    def user_flips(self, choice: str) -> None:
        shown = self.app.engine.view(choice).shown
        assert shown is not None
        self.last_intent[choice] = not shown
        self.app.run(self.app.engine.flip(choice, not shown))

    @rule(fail=st.booleans())
    def journal_writes(self, fail: bool) -> None:
        self.app.journal_step(fail)

    @precondition(lambda self: self.app.call is not None)
    @rule(fault=st.sampled_from(FAULTS))
    def network_answers(self, fault: str) -> None:
        self.app.deliver(fault)

    @rule(index=st.integers(0, 50))
    def an_old_answer_arrives_again(self, index: int) -> None:
        self.app.repeat_old_answer(index)

    @rule()
    def timer_fires(self) -> None:
        self.app.fire_timer()

    @rule()
    def connection_comes_back(self) -> None:
        self.app.run(self.app.engine.retry_now())

    @rule()
    def user_signs_in_again(self) -> None:
        self.app.resume()

    @rule(choice=st.sampled_from(("X1", "X2", "X3")), value=st.booleans())
    def page_reads_the_choices(self, choice: str, value: bool) -> None:
        """The page's own read, possibly older than what the engine saw."""
        self.app.run(self.app.engine.load(self.app.service.snapshot()))

    @rule(applied=st.booleans())
    def app_is_killed_and_started_again(self, applied: bool) -> None:
        # What the next run can know of each intent: the journal, else the service.
        unconfirmed = self.app.engine.unconfirmed()
        refused = [c for c in CHOICES if self.app.engine.view(c).phase is Phase.REFUSED]
        self.app.restart(applied_if_on_the_wire=applied)
        for choice, value in unconfirmed.items():
            if self.app.journal.get(choice) != value:
                # The click died before it was written down (or the disk refused it).
                fallback = self.app.journal.get(choice, self.app.service.values[choice])
                self.last_intent[choice] = fallback
        for choice in refused:  # a new run does not remember a refusal
            if choice not in unconfirmed:
                self.last_intent[choice] = self.app.service.values[choice]

    @invariant()
    def one_call_at_a_time_and_cards_know_their_value(self) -> None:
        for choice in CHOICES:
            assert self.app.engine.view(choice).shown is not None

    def teardown(self) -> None:
        if not hasattr(self, "app"):
            return
        self.app.settle()
        engine, service = self.app.engine, self.app.service
        assert engine.settled(), engine.unconfirmed()
        assert self.app.journal == {}
        for choice in CHOICES:
            view = engine.view(choice)
            assert view.shown == service.values[choice], (choice, view, service.values)
            if choice == REFUSED_CHOICE:
                assert service.values[choice] == self.refused_value
                if choice in self.last_intent and self.last_intent[choice] != self.refused_value:
                    assert view.phase is Phase.REFUSED
            elif choice in self.last_intent:
                assert service.values[choice] == self.last_intent[choice], (
                    choice,
                    self.last_intent,
                    service.values,
                )
                assert view.phase is Phase.SYNCED


ChoiceSyncUnderFaults.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_choice_sync_under_faults = ChoiceSyncUnderFaults.TestCase
