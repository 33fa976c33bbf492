"""What is worth a notice: told once, never about the user's own doing, never when off."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.core.choices import ChoiceValue, ChoiceValues
from app.core.requests import ExportInfo, PrivacyRequest, RequestKind, RequestStatus
from app.notify.baseline_store import NoticeBaselines
from app.notify.events import (
    ALL_KINDS,
    Baseline,
    Notice,
    NoticeKind,
    Own,
    OwnChanges,
    Reading,
    notices_due,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def a_request(
    request_id: str = "r1",
    status: RequestStatus = RequestStatus.RECEIVED,
    *,
    due_in: timedelta = timedelta(days=30),
    kind: RequestKind = RequestKind.ACCESS,
    export_expires: datetime | None = None,
    extension_reason: str | None = None,
    extended_by_months: int = 0,
) -> PrivacyRequest:
    export = None
    if export_expires is not None:
        export = ExportInfo(size=10, sha256="0" * 64, expires_at=export_expires)
    return PrivacyRequest(
        id=request_id,
        kind=kind,
        status=status,
        received_at=START,
        due_at=START + due_in,
        extension_reason=extension_reason,
        denial_reason=None,
        grace_until=None,
        completed_at=None,
        details={},
        history=(),
        export=export,
        extended_by_months=extended_by_months,
    )


def choices(**values: bool) -> ChoiceValues:
    return ChoiceValues(
        etag='"1"', values=tuple(ChoiceValue(k, v, START) for k, v in values.items())
    )


def run(
    readings: list[Reading], now: datetime = START, **options: object
) -> tuple[list[Notice], Baseline]:
    baseline = Baseline()
    shown: list[Notice] = []
    for reading in readings:
        due, baseline = notices_due(baseline, reading, now, **options)  # type: ignore[arg-type]
        shown.extend(due)
    return shown, baseline


def test_first_reading_is_a_silent_baseline() -> None:
    shown, _ = run([Reading((a_request(),), choices(X1=True), frozenset({"X1"}))])
    assert shown == []


def test_a_request_moving_on_is_told_once() -> None:
    before = Reading((a_request(),))
    after = Reading((a_request(status=RequestStatus.IN_PROGRESS),))
    shown, _ = run([before, after, after, before, after])
    statuses = [(n.kind, n.status) for n in shown]
    assert statuses == [
        (NoticeKind.REQUEST_STATUS, RequestStatus.IN_PROGRESS),
        (NoticeKind.REQUEST_STATUS, RequestStatus.RECEIVED),
    ]


def test_a_cancellation_is_the_users_own_and_not_told() -> None:
    shown, _ = run([Reading((a_request(),)), Reading((a_request(status=RequestStatus.CANCELLED),))])
    assert shown == []


def test_a_request_the_user_acted_on_here_is_not_told() -> None:
    own = Own(requests=frozenset({"r1"}))
    shown, _ = run(
        [Reading((a_request(),)), Reading((a_request(status=RequestStatus.DENIED),))], own=own
    )
    assert shown == []


def test_copy_ready_then_reminded_once_before_it_expires() -> None:
    expires = START + timedelta(days=7)
    ready = Reading((a_request(status=RequestStatus.COMPLETED, export_expires=expires),))
    baseline = Baseline()
    _, baseline = notices_due(baseline, Reading((a_request(),)), START)
    told: list[Notice] = []
    moment = START
    while moment < expires + timedelta(days=1):
        due, baseline = notices_due(baseline, ready, moment)
        told.extend(due)
        moment += timedelta(hours=5)
    assert [(n.kind, n.expiring) for n in told] == [
        (NoticeKind.COPY_READY, False),
        (NoticeKind.COPY_READY, True),
    ]
    assert told[1].due_at == expires


def test_an_extension_is_told_with_its_reason() -> None:
    reason = "Many requests at once"
    shown, _ = run(
        [
            Reading((a_request(status=RequestStatus.IN_PROGRESS),)),
            Reading(
                (
                    a_request(
                        status=RequestStatus.IN_PROGRESS,
                        due_in=timedelta(days=60),
                        extension_reason=reason,
                        extended_by_months=1,
                    ),
                )
            ),
        ]
    )
    assert [(n.kind, n.reason) for n in shown] == [(NoticeKind.EXTENDED, reason)]


def test_a_choice_changed_elsewhere_is_told_but_not_one_the_user_set_here() -> None:
    shown, _ = run(
        [Reading(choices=choices(X1=True, X2=True)), Reading(choices=choices(X1=False, X2=False))],
        own=Own(choices={"X2": False}),
    )
    assert [(n.kind, n.choice_id, n.value) for n in shown] == [
        (NoticeKind.CHOICE_CHANGED, "X1", False)
    ]


def test_a_new_choice_on_the_service_is_told() -> None:
    shown, _ = run(
        [Reading(choice_ids=frozenset({"X1"})), Reading(choice_ids=frozenset({"X1", "X10"}))]
    )
    assert [(n.kind, n.choice_id) for n in shown] == [(NoticeKind.NEW_CHOICE, "X10")]


def test_own_changes_are_forgotten_after_an_hour() -> None:
    own = OwnChanges()
    own.note_choice("X1", False, START)
    own.note_request("r1", START)
    assert own.choices(START + timedelta(minutes=59)) == {"X1": False}
    assert own.requests(START + timedelta(minutes=59)) == {"r1"}
    assert own.choices(START + timedelta(minutes=61)) == {}
    assert own.requests(START + timedelta(minutes=61)) == frozenset()


@given(hours=st.integers(min_value=1, max_value=24))
def test_deadline_reminders_fire_exactly_once_at_7_and_1_days_then_passed(hours: int) -> None:
    """A fake clock walks from ten days before the due date to a day after it."""
    request = a_request(due_in=timedelta(days=10))
    baseline = Baseline()
    told: list[Notice] = []
    moment = START
    while moment <= request.due_at + timedelta(days=1):
        due, baseline = notices_due(baseline, Reading((request,)), moment)
        told.extend(replace(n, key="") for n in due)
        if due:
            for notice in due:
                if notice.kind is NoticeKind.DEADLINE_NEAR:
                    left = request.due_at - moment
                    assert notice.days_left is not None
                    assert (
                        timedelta(days=notice.days_left - 1)
                        < left
                        <= timedelta(days=notice.days_left)
                    )
        moment += timedelta(hours=hours)
    kinds = [n.kind for n in told]
    # Readings a day apart or closer never miss a window, and none fires twice.
    assert kinds == [
        NoticeKind.DEADLINE_NEAR,
        NoticeKind.DEADLINE_NEAR,
        NoticeKind.DEADLINE_PASSED,
    ]


def test_deadline_reminders_with_an_hourly_clock_fire_at_7_and_1_days() -> None:
    request = a_request(due_in=timedelta(days=10))
    baseline = Baseline()
    fired: list[tuple[NoticeKind, datetime]] = []
    moment = START
    while moment <= request.due_at + timedelta(days=1):
        due, baseline = notices_due(baseline, Reading((request,)), moment)
        fired.extend((n.kind, moment) for n in due)
        moment += timedelta(hours=1)
    assert fired == [
        (NoticeKind.DEADLINE_NEAR, request.due_at - timedelta(days=7)),
        (NoticeKind.DEADLINE_NEAR, request.due_at - timedelta(days=1)),
        (NoticeKind.DEADLINE_PASSED, request.due_at),
    ]


statuses = st.sampled_from(list(RequestStatus))
a_reading = st.builds(
    lambda status, days, x1, x2, extra, extended: Reading(
        (
            a_request(
                status=status,
                due_in=timedelta(days=days),
                export_expires=START + timedelta(hours=10)
                if status is RequestStatus.COMPLETED
                else None,
                extension_reason="busy" if extended else None,
                extended_by_months=int(extended),
            ),
        ),
        choices(X1=x1, X2=x2),
        frozenset({"X1", "X2", *({"X3"} if extra else set())}),
    ),
    statuses,
    st.integers(min_value=-3, max_value=40),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)


@given(readings=st.lists(a_reading, min_size=1, max_size=6), data=st.data())
def test_replaying_the_same_readings_never_tells_anything_twice(
    readings: list[Reading], data: st.DataObject
) -> None:
    moments = [START + timedelta(hours=data.draw(st.integers(0, 24 * 40))) for _ in readings]
    baseline = Baseline()
    keys: list[str] = []
    for _ in range(2):  # the whole story, then the same story again
        for reading, moment in zip(readings, sorted(moments), strict=True):
            due, baseline = notices_due(baseline, reading, moment)
            keys.extend(n.key for n in due)
    assert len(keys) == len(set(keys))
    # Stored and read back, the baseline still knows everything that was shown.
    again = Baseline.from_json(baseline.as_json())
    for reading, moment in zip(readings, sorted(moments), strict=True):
        due, again = notices_due(again, reading, moment)
        assert due == []


@given(
    readings=st.lists(a_reading, min_size=2, max_size=6),
    off=st.sets(st.sampled_from(list(NoticeKind)), min_size=1),
)
def test_a_kind_switched_off_never_appears(readings: list[Reading], off: set[NoticeKind]) -> None:
    moment = START
    baseline = Baseline()
    for reading in readings:
        due, baseline = notices_due(baseline, reading, moment, enabled=ALL_KINDS - off)
        assert not any(n.kind in off for n in due)
        moment += timedelta(days=3)


@given(readings=st.lists(a_reading, min_size=2, max_size=6))
def test_switching_a_kind_on_again_brings_back_no_old_news(readings: list[Reading]) -> None:
    baseline = Baseline()
    for reading in readings:
        _, baseline = notices_due(baseline, reading, START, enabled=frozenset())
    due, _ = notices_due(baseline, readings[-1], START)
    assert due == []


def test_the_baseline_file_keeps_each_account_apart(tmp_path: Path) -> None:
    store = NoticeBaselines(tmp_path / "notices.json")
    _, one = run([Reading((a_request(),), choices(X1=True), frozenset({"X1"}))])
    store.put("a", one)
    assert store.get("a") == one
    assert store.get("b") == Baseline()
    (tmp_path / "notices.json").write_text("{damaged", encoding="utf-8")
    assert store.get("a") == Baseline()
