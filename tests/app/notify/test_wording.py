"""Each notice says what happened, to what, and when, in plain words."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from app.core.requests import RequestKind, RequestStatus
from app.notify.events import Notice, NoticeKind
from app.notify.wording import kind_titles, notice_text, target_of
from app.ui.formatting import format_date

DUE = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


def titles(choice_id: str) -> str:
    return {"X5": "Share with content partners"}.get(choice_id, choice_id)


def test_every_kind_has_a_switch_title_and_an_explanation(qapp: QCoreApplication) -> None:
    found = kind_titles()
    assert set(found) == set(NoticeKind)
    assert all(title and text.endswith(".") for title, text in found.values())


def test_the_words_carry_the_facts(qapp: QCoreApplication) -> None:
    extended = Notice(
        NoticeKind.EXTENDED,
        "k",
        request_id="r1",
        request_kind=RequestKind.ACCESS,
        due_at=DUE,
        reason="Busy month",
    )
    title, body = notice_text(extended, titles)
    assert title == "More time was taken"
    assert format_date(DUE) in body and "Busy month" in body and "Copy of my data" in body
    assert target_of(extended) == "request:r1"

    near = Notice(
        NoticeKind.DEADLINE_NEAR,
        "k",
        request_id="r1",
        request_kind=RequestKind.DELETION,
        due_at=DUE,
        days_left=7,
    )
    assert "7" in notice_text(near, titles)[1] and format_date(DUE) in notice_text(near, titles)[1]

    denied = Notice(
        NoticeKind.REQUEST_STATUS,
        "k",
        request_id="r2",
        request_kind=RequestKind.CORRECTION,
        status=RequestStatus.DENIED,
        reason="Not you",
    )
    assert notice_text(denied, titles)[1] == (
        "Correction: the status is now \u201cDenied\u201d. The reason given: Not you"
    )

    elsewhere = Notice(NoticeKind.CHOICE_CHANGED, "k", choice_id="X5", value=True)
    assert notice_text(elsewhere, titles) == (
        "A choice changed elsewhere",
        "\u201cShare with content partners\u201d was switched on elsewhere.",
    )
    assert target_of(elsewhere) == "choice:X5"
    new = Notice(NoticeKind.NEW_CHOICE, "k", choice_id="X10")
    assert "\u201cX10\u201d" in notice_text(new, titles)[1]
