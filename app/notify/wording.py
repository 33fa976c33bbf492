"""The words of each notice: a short title and one or two plain sentences."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.notify.events import Notice, NoticeKind
from app.ui.formatting import format_date, request_kind_label, request_status_text

CONTEXT = "Notifications"


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, None, n)


def kind_titles() -> dict[NoticeKind, tuple[str, str]]:
    """Each kind's switch in Settings: its title and what it tells."""
    return {
        NoticeKind.REQUEST_STATUS: (
            _tr("A request moved on"),
            _tr("When the service starts on a request, answers it or turns it down."),
        ),
        NoticeKind.COPY_READY: (
            _tr("Your copy is ready"),
            _tr("When a copy of your data can be downloaded, and a day before the download ends."),
        ),
        NoticeKind.DEADLINE_NEAR: (
            _tr("A deadline is close"),
            _tr("A week and a day before the service must have answered a request."),
        ),
        NoticeKind.DEADLINE_PASSED: (
            _tr("A deadline has passed"),
            _tr("When the service has not answered a request in time."),
        ),
        NoticeKind.EXTENDED: (
            _tr("More time was taken"),
            _tr("When the service moves a deadline back, with the reason it gave."),
        ),
        NoticeKind.CHOICE_CHANGED: (
            _tr("A choice changed elsewhere"),
            _tr("When a privacy choice was changed on another device or by the service."),
        ),
        NoticeKind.NEW_CHOICE: (
            _tr("A new choice"),
            _tr("When the service starts offering a privacy choice you have not seen yet."),
        ),
    }


def notice_text(notice: Notice, choice_title: Callable[[str], str]) -> tuple[str, str]:
    """(title, body) of a notice; `choice_title` names a choice in the user's language."""
    what = request_kind_label(notice.request_kind) if notice.request_kind else ""
    when = format_date(notice.due_at) if notice.due_at else ""
    if notice.kind is NoticeKind.REQUEST_STATUS:
        status = request_status_text(notice.status.value if notice.status else "")
        body = (
            _tr("%1: the status is now \u201c%2\u201d.").replace("%1", what).replace("%2", status)
        )
        if notice.reason:
            body += " " + _tr("The reason given: %1").replace("%1", notice.reason)
        return _tr("A request moved on"), body
    if notice.kind is NoticeKind.COPY_READY:
        if notice.expiring:
            return _tr("Download your copy soon"), _tr(
                "The copy of your data can be downloaded until %1. After that you need to ask again."
            ).replace("%1", when)
        return _tr("Your copy is ready"), _tr(
            "The copy of your data can be downloaded until %1."
        ).replace("%1", when)
    if notice.kind is NoticeKind.DEADLINE_NEAR:
        days = notice.days_left or 1
        return _tr("A deadline is close"), _tr(
            "%1: the service must answer by %2, in %n day(s).", days
        ).replace("%1", what).replace("%2", when)
    if notice.kind is NoticeKind.DEADLINE_PASSED:
        return _tr("A deadline has passed"), _tr(
            "%1: the service should have answered by %2 and has not. Open the request to see what you can do."
        ).replace("%1", what).replace("%2", when)
    if notice.kind is NoticeKind.EXTENDED:
        body = _tr("%1: the service now has until %2.").replace("%1", what).replace("%2", when)
        if notice.reason:
            body += " " + _tr("The reason given: %1").replace("%1", notice.reason)
        return _tr("More time was taken"), body
    name = choice_title(notice.choice_id or "")
    if notice.kind is NoticeKind.CHOICE_CHANGED:
        text = (
            _tr("\u201c%1\u201d was switched on elsewhere.")
            if notice.value
            else _tr("\u201c%1\u201d was switched off elsewhere.")
        )
        return _tr("A choice changed elsewhere"), text.replace("%1", name)
    return _tr("A new choice"), _tr(
        "The service now offers \u201c%1\u201d. Have a look at whether you want it on."
    ).replace("%1", name)


def target_of(notice: Notice) -> str:
    """What clicking the notice opens: "request:<id>" or "choice:<id>"."""
    if notice.request_id is not None:
        return f"request:{notice.request_id}"
    return f"choice:{notice.choice_id or ''}"
