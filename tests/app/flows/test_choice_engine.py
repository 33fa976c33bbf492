"""The choice-sync engine, one story at a time (issue 7's numbered cases among them)."""

from __future__ import annotations

from app.api.errors import FailureKind, ServiceError
from app.core.choices import ChoiceValue, ChoiceValues
from app.flows.choices import (
    Changed,
    ChoiceSyncEngine,
    Failed,
    Journal,
    Phase,
    Read,
    ReadChoices,
    SendChange,
    Settle,
    StartTimer,
)
from tests.app.flows.simulated import REFUSED_CHOICE, SimulatedApp, SimulatedService


def started(**values: bool) -> SimulatedApp:
    app = SimulatedApp(SimulatedService(dict(values)))
    app.start()
    return app


def flip(app: SimulatedApp, choice_id: str, value: bool) -> None:
    app.run(app.engine.flip(choice_id, value))
    app.journal_step()


def snapshot(version: int, **values: bool) -> ChoiceValues:
    return ChoiceValues(f'"{version}"', tuple(ChoiceValue(c, v, None) for c, v in values.items()))


def test_a_flip_is_journaled_before_it_is_sent() -> None:
    engine = ChoiceSyncEngine()
    engine.load(snapshot(1, X1=True))
    effects = engine.flip("X1", False)
    assert effects[0] == Journal("X1", False, 1)
    assert not any(isinstance(e, SendChange) for e in effects), "nothing goes out unjournaled"
    sent = engine.journaled("X1", 1)
    assert SendChange(1, "X1", False, '"1"') in sent
    assert engine.view("X1").phase is Phase.SENDING
    assert engine.view("X1").shown is False


def test_case_1_a_garbled_answer_after_the_change_was_applied_is_checked_not_refused() -> None:
    app = started(X1=True)
    flip(app, "X1", False)
    app.deliver("garbled_after")  # 200 with cut JSON: the service did apply it
    view = app.engine.view("X1")
    assert view.phase is Phase.WAITING, "an unreadable answer is not a refusal"
    assert view.shown is False
    assert app.journal == {"X1": False}, "the intent stays journaled until known"
    app.fire_timer()
    assert isinstance(app.call, ReadChoices), "the engine reads before it decides"
    app.settle()
    assert app.service.values["X1"] is False
    assert app.engine.view("X1").phase is Phase.SYNCED
    assert app.journal == {}
    assert app.service.applied == 1, "found out by reading, not by sending twice"


def test_case_1_a_garbled_answer_when_nothing_was_applied_leads_to_a_resend() -> None:
    app = started(X1=True)
    flip(app, "X1", False)
    app.call = app.call  # on the wire
    app.run(app.engine.answered(1, Failed(ServiceError(FailureKind.CUT_OFF))))
    app.call = None
    app.settle()
    assert app.service.values["X1"] is False
    assert app.engine.settled()


def test_case_2_a_stale_retry_never_overrides_a_newer_choice() -> None:
    app = started(X6=False)
    flip(app, "X6", True)
    app.deliver("busy_before")  # 503: X6 waits
    app.fire_timer()
    app.deliver("ok")  # the read after the 503
    assert isinstance(app.call, SendChange) and app.call.value is True  # the retry is out
    flip(app, "X6", False)  # the user flips back while the retry is in flight
    app.deliver("busy_before")  # the old retry fails
    assert app.engine.view("X6").shown is False, "the switch keeps the user's last click"
    app.settle()
    assert app.service.values["X6"] is False
    assert app.engine.view("X6").shown is False
    assert app.engine.view("X6").phase is Phase.SYNCED


def test_case_2_the_old_value_is_never_sent_after_a_newer_click() -> None:
    app = started(X6=False)
    flip(app, "X6", True)
    app.deliver("busy_before")
    flip(app, "X6", False)
    sent: list[bool] = []
    for _ in range(20):
        if isinstance(app.call, SendChange):
            sent.append(app.call.value)
        if app.call is not None:
            app.deliver("ok")
        elif app.timer is not None:
            app.fire_timer()
        elif app.journal_queue:
            app.journal_step()
    assert True not in sent
    assert app.service.values["X6"] is False


def test_case_3_a_cut_answer_after_the_service_applied_the_change_ends_confirmed() -> None:
    app = started(X2=True)
    flip(app, "X2", False)
    app.deliver("lost_after")
    assert app.engine.view("X2").shown is False, "not back to the old value"
    assert app.journal == {"X2": False}
    app.settle()
    assert app.engine.view("X2").phase is Phase.SYNCED
    assert app.engine.view("X2").shown is False
    assert app.journal == {}


def test_case_4_a_late_answer_for_one_choice_does_not_reset_another_card() -> None:
    engine = ChoiceSyncEngine()
    engine.load(snapshot(5, X4=False, X5=False))
    engine.journaled("X4", engine.flip("X4", True)[0].seq)  # type: ignore[union-attr]
    # X4's change landed (version 6), then X5 was switched on elsewhere (version 7), and
    # the page read that before X4's answer came.
    engine.load(snapshot(7, X4=True, X5=True))
    assert engine.view("X5").shown is True
    late = snapshot(6, X4=True, X5=False)  # X4's answer, older than what is known
    engine.answered(1, Changed(late))
    assert engine.view("X5").shown is True, "an older answer must not reset X5"
    assert engine.view("X4").shown is True


def test_case_4_an_answer_to_a_call_that_is_not_on_the_wire_is_ignored() -> None:
    engine = ChoiceSyncEngine()
    engine.load(snapshot(1, X4=False, X5=False))
    engine.journaled("X4", 1) if engine.flip("X4", True) else None
    assert engine.answered(99, Changed(snapshot(9, X4=False, X5=True))) == []
    assert engine.view("X5").shown is False
    assert engine.view("X4").phase is Phase.SENDING


def test_case_5_a_refusal_stays_when_another_choice_is_confirmed() -> None:
    app = started(X1=True, **{REFUSED_CHOICE: False})
    flip(app, REFUSED_CHOICE, True)
    app.deliver("ok")  # the service refuses it
    refused = app.engine.view(REFUSED_CHOICE)
    assert refused.phase is Phase.REFUSED and refused.problem is not None
    assert refused.shown is False, "the switch shows what the service holds"
    flip(app, "X1", False)
    app.settle()
    assert app.engine.view("X1").phase is Phase.SYNCED
    still = app.engine.view(REFUSED_CHOICE)
    assert still.phase is Phase.REFUSED and still.problem is refused.problem
    flip(app, REFUSED_CHOICE, False)  # the user acts: the refusal gives way
    assert app.engine.view(REFUSED_CHOICE).phase is not Phase.REFUSED


def test_a_conflict_reads_again_and_sends_the_latest_intent() -> None:
    app = started(X1=True, X9=True)
    flip(app, "X1", False)
    app.service.change_elsewhere("X9", False)  # the ETag the app holds is now stale
    app.settle()
    assert app.service.values == {"X1": False, "X9": False}
    assert app.engine.view("X9").shown is False


def test_offline_waits_with_growing_pauses_and_a_click_tries_at_once() -> None:
    app = started(X1=True, X2=True)
    flip(app, "X1", False)
    app.deliver("lost_before")
    first = app.timer
    assert isinstance(first, StartTimer) and app.call is None
    app.fire_timer()
    app.deliver("lost_before")
    assert app.timer is not None and app.timer.seconds > first.seconds
    flip(app, "X2", False)
    assert app.call is not None, "a click does not wait for the timer"
    app.settle()
    assert app.service.values == {"X1": False, "X2": False}


def test_a_change_that_met_an_untrusted_certificate_or_a_redirect_stays_the_users() -> None:
    # Nothing reached the service: the change is neither refused nor dropped, and lands once
    # the connection can be trusted again.
    app = started(X1=True)
    flip(app, "X1", False)
    for fault in ("untrusted_certificate", "redirected", "untrusted_certificate"):
        app.deliver(fault)
        view = app.engine.view("X1")
        assert view.phase is not Phase.REFUSED and view.shown is False
        assert app.journal == {"X1": False} and isinstance(app.timer, StartTimer)
        app.fire_timer()
    app.settle()
    assert app.service.values == {"X1": False}
    assert app.engine.view("X1").phase is Phase.SYNCED


def test_an_ended_session_pauses_and_resumes_where_it_stood() -> None:
    app = started(X3=True)
    flip(app, "X3", False)
    app.deliver("expired")
    assert app.session_ended
    assert app.engine.view("X3").phase is Phase.PAUSED
    assert app.journal == {"X3": False}
    app.resume()
    app.settle()
    assert app.service.values["X3"] is False


def test_a_restart_replays_the_journal_and_confirms_what_already_landed() -> None:
    app = started(X1=True, X2=True)
    flip(app, "X1", False)
    flip(app, "X2", False)
    app.restart(applied_if_on_the_wire=True)  # X1 landed, its answer died with the app
    assert app.engine.view("X1").phase is Phase.SYNCED
    assert app.engine.view("X2").shown is False
    app.settle()
    assert app.service.values == {"X1": False, "X2": False}
    assert app.journal == {}


def test_a_journal_that_cannot_be_written_still_sends_and_says_so() -> None:
    app = started(X1=True)
    app.run(app.engine.flip("X1", False))
    app.journal_step(fail=True)
    view = app.engine.view("X1")
    assert view.not_kept_locally is not None
    assert app.call is None, "first the journal loses any older entry for the choice"
    app.journal_step()  # that entry is cleared
    assert isinstance(app.call, SendChange), "the user's change is sent anyway"
    app.settle()
    assert app.service.values["X1"] is False


def test_a_confirmation_settles_an_older_entry_left_by_a_failed_journal_write() -> None:
    app = started(X1=True)
    flip(app, "X1", False)  # journaled
    app.deliver("lost_before")
    app.run(app.engine.flip("X1", True))
    app.journal_step(fail=True)  # "X1: False" stays in the journal
    app.settle()
    assert app.service.values["X1"] is True
    assert app.journal == {}, "an older intent must not be replayed at the next start"


def test_a_read_confirms_an_intent_the_service_already_holds() -> None:
    engine = ChoiceSyncEngine()
    engine.load(snapshot(1, X1=True))
    engine.journaled("X1", 1) if engine.flip("X1", False) else None
    effects = engine.answered(1, Failed(ServiceError(FailureKind.TIMEOUT)))
    assert any(isinstance(e, StartTimer) for e in effects)
    timer = next(e for e in effects if isinstance(e, StartTimer))
    assert engine.timer_fired(timer.generation) == [ReadChoices(2)]
    effects = engine.answered(2, Read(snapshot(2, X1=False)))
    assert Settle("X1", False) in effects
    assert engine.settled()


def test_started_offline_the_last_known_values_fill_the_cards_but_confirm_nothing() -> None:
    engine = ChoiceSyncEngine()
    effects = engine.show_last_known({"X1": False, "X2": True})
    assert ReadChoices(1) in effects, "it reaches for the service at once"
    assert engine.view("X1").shown is False and engine.view("X1").last_known
    engine.restore({"X1": True})  # an unsent change from the last run
    assert engine.view("X1").phase is Phase.SENDING
    engine.answered(1, Failed(ServiceError(FailureKind.OFFLINE)))
    assert engine.view("X1").phase is Phase.WAITING
    assert engine.unconfirmed() == {"X1": True}, "an old value never confirms an intent"
    timer = engine._timer_generation
    assert engine.timer_fired(timer) == [ReadChoices(2)]
    effects = engine.answered(2, Read(snapshot(4, X1=False, X2=True)))
    assert SendChange(3, "X1", True, '"4"') in effects
    assert not engine.view("X2").last_known


def test_a_click_the_disk_refused_is_never_undone_by_an_older_entry_after_a_crash() -> None:
    """Found by the stateful test: on, off (the disk refuses "off"), the service already
    holds off, the app dies. The journal's older "on" must not come back."""
    app = started(X1=False)
    app.run(app.engine.flip("X1", True))
    app.run(app.engine.flip("X1", False))
    app.journal_step()  # "on" is written
    app.journal_step(fail=True)  # "off" is refused
    assert app.engine.view("X1").phase is not Phase.SYNCED, "not done while 'on' is there"
    app.journal_step()  # the older "on" is taken out
    assert app.journal == {}
    app.restart(applied_if_on_the_wire=False)
    app.settle()
    assert app.service.values["X1"] is False


def test_looking_again_reads_the_service_but_never_interrupts_a_call() -> None:
    engine = ChoiceSyncEngine()
    engine.load(snapshot(1, X1=True))
    assert engine.refresh() == [ReadChoices(1)]
    assert engine.refresh() == [], "one call on the wire at a time"
    engine.answered(1, Read(snapshot(2, X1=False)))
    assert engine.view("X1").shown is False
