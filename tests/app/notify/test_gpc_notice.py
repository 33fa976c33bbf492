"""A choice a Global Privacy Control signal switched off is told as such: by the signal,
from which browser or app, not merely "elsewhere"."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from app.core.choices import ChoiceOrigin, ChoiceValue, ChoiceValues
from app.notify.events import Baseline, Notice, NoticeKind, Reading, notices_due
from app.notify.wording import notice_text

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def reading(*values: ChoiceValue) -> Reading:
    return Reading(choices=ChoiceValues('"1"', values))


def told(before: ChoiceValue, after: ChoiceValue) -> list[Notice]:
    baseline = Baseline()
    shown: list[Notice] = []
    for current in (reading(before), reading(after)):
        due, baseline = notices_due(baseline, current, NOW)
        shown.extend(due)
    return shown


def title(choice_id: str) -> str:
    return {"X2": "Personalised ads"}[choice_id]


def test_a_signal_is_named_with_the_browser_that_sent_it(qapp: QCoreApplication) -> None:
    (notice,) = told(
        ChoiceValue("X2", True, None, ChoiceOrigin.DEFAULT),
        ChoiceValue("X2", False, NOW, ChoiceOrigin.GPC, "Firefox %1"),
    )
    assert notice.kind is NoticeKind.CHOICE_CHANGED
    assert (notice.by_gpc, notice.gpc_client) == (True, "Firefox %1")
    assert notice_text(notice, title) == (
        "A choice changed elsewhere",
        "\u201cPersonalised ads\u201d was switched off by a Global Privacy Control signal "
        "from Firefox %1.",
    )


def test_without_a_known_sender_it_still_names_the_signal(qapp: QCoreApplication) -> None:
    (notice,) = told(
        ChoiceValue("X2", True, None), ChoiceValue("X2", False, NOW, ChoiceOrigin.GPC, None)
    )
    assert notice_text(notice, title)[1] == (
        "\u201cPersonalised ads\u201d was switched off by a Global Privacy Control signal."
    )


def test_a_change_on_another_device_reads_as_before(qapp: QCoreApplication) -> None:
    (notice,) = told(
        ChoiceValue("X2", True, None), ChoiceValue("X2", False, NOW, ChoiceOrigin.USER, "Phone")
    )
    assert not notice.by_gpc and notice.gpc_client is None
    assert (
        notice_text(notice, title)[1] == "\u201cPersonalised ads\u201d was switched off elsewhere."
    )
