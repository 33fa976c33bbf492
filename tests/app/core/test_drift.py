from __future__ import annotations

from app.core.choices import ChoiceValue, ChoiceValues
from app.core.drift import DriftItem, detect_drift


def _values(**values: bool) -> ChoiceValues:
    return ChoiceValues('"1"', tuple(ChoiceValue(k, v, None) for k, v in values.items()))


def test_the_first_sync_reports_nothing() -> None:
    assert detect_drift({}, _values(X1=True), {}) == []


def test_a_choice_changed_elsewhere_is_reported_with_before_and_now() -> None:
    drift = detect_drift({"X1": True, "X2": True}, _values(X1=True, X2=False), {})
    assert drift == [DriftItem("X2", True, False)]


def test_a_new_choice_is_reported_as_new() -> None:
    drift = detect_drift({"X1": True}, _values(X1=True, X10=False), {})
    assert drift == [DriftItem("X10", None, False)]


def test_the_users_own_unsent_change_is_not_drift() -> None:
    assert detect_drift({"X1": True}, _values(X1=False), {"X1": False}) == []
