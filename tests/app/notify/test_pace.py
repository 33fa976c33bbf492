"""The pause between looks: grows while nothing happens, when hidden, when offline; resets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.notify.pace import PollPace


def test_a_quiet_service_is_looked_at_less_and_less_up_to_a_cap() -> None:
    pace = PollPace(base=60, quiet_cap=900)
    pauses = []
    for _ in range(6):
        pace.nothing_new()
        pauses.append(pace.next_pause())
    assert pauses == [120, 240, 480, 900, 900, 900]


def test_a_change_or_the_user_brings_the_base_pace_back() -> None:
    pace = PollPace(base=60)
    for _ in range(4):
        pace.failed()
    assert pace.next_pause() > 60
    pace.changed()
    assert pace.next_pause() == 60
    pace.nothing_new()
    pace.user_active()
    assert pace.next_pause() == 60


def test_a_hidden_window_stretches_the_pause_and_offline_backs_off() -> None:
    pace = PollPace(base=60, hidden_factor=4, hidden_cap=1800, offline_cap=600)
    pace.hidden = True
    assert pace.next_pause() == 240
    pace.hidden = False
    pace.failed()
    pace.failed()
    assert pace.next_pause() == 240
    for _ in range(10):
        pace.failed()
    assert pace.next_pause() == 600
    pace.failed(retry_after=1200)
    assert pace.next_pause() == 1200


@given(st.lists(st.sampled_from(["quiet", "failed", "hide", "show", "changed"]), max_size=40))
def test_the_pause_always_stays_between_the_base_and_the_largest_cap(steps: list[str]) -> None:
    pace = PollPace()
    for step in steps:
        if step == "quiet":
            pace.nothing_new()
        elif step == "failed":
            pace.failed()
        elif step == "hide":
            pace.hidden = True
        elif step == "show":
            pace.hidden = False
        else:
            pace.changed()
        assert pace.base <= pace.next_pause() <= pace.hidden_cap
