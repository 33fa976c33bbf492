"""The words of each notice: a short title and one or two plain sentences."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject

from app.notify.events import Notice, NoticeKind
from app.ui.formatting import format_date, request_kind_label, request_status_text


class NotificationPlurals(QObject):
    """Texts that count: lupdate records plural forms only for `tr()` (app/ui/plurals.py)."""

    def due_in(self, days: int) -> str:
        return self.tr("%1: the service must answer by %2, in %n day(s).", "", days)


_COUNTED = NotificationPlurals()


def kind_titles() -> dict[NoticeKind, tuple[str, str]]:
    """Each kind's switch in Settings: its title and what it tells."""
    return {
        NoticeKind.REQUEST_STATUS: (
            QCoreApplication.translate("Notifications", "A request moved on"),
            QCoreApplication.translate(
                "Notifications",
                "When the service starts on a request, answers it or turns it down.",
            ),
        ),
        NoticeKind.COPY_READY: (
            QCoreApplication.translate("Notifications", "Your copy is ready"),
            QCoreApplication.translate(
                "Notifications",
                "When a copy of your data can be downloaded, and a day before the download ends.",
            ),
        ),
        NoticeKind.DEADLINE_NEAR: (
            QCoreApplication.translate("Notifications", "A deadline is close"),
            QCoreApplication.translate(
                "Notifications", "A week and a day before the service must have answered a request."
            ),
        ),
        NoticeKind.DEADLINE_PASSED: (
            QCoreApplication.translate("Notifications", "A deadline has passed"),
            QCoreApplication.translate(
                "Notifications", "When the service has not answered a request in time."
            ),
        ),
        NoticeKind.EXTENDED: (
            QCoreApplication.translate("Notifications", "More time was taken"),
            QCoreApplication.translate(
                "Notifications", "When the service moves a deadline back, with the reason it gave."
            ),
        ),
        NoticeKind.CHOICE_CHANGED: (
            QCoreApplication.translate("Notifications", "A choice changed elsewhere"),
            QCoreApplication.translate(
                "Notifications",
                "When a privacy choice was changed on another device or by the service.",
            ),
        ),
        NoticeKind.NEW_CHOICE: (
            QCoreApplication.translate("Notifications", "A new choice"),
            QCoreApplication.translate(
                "Notifications",
                "When the service starts offering a privacy choice you have not seen yet.",
            ),
        ),
    }


def notice_text(notice: Notice, choice_title: Callable[[str], str]) -> tuple[str, str]:
    """(title, body) of a notice; `choice_title` names a choice in the user's language."""
    what = request_kind_label(notice.request_kind) if notice.request_kind else ""
    when = format_date(notice.due_at) if notice.due_at else ""
    if notice.kind is NoticeKind.REQUEST_STATUS:
        status = request_status_text(notice.status.value if notice.status else "")
        body = (
            QCoreApplication.translate("Notifications", "%1: the status is now \u201c%2\u201d.")
            .replace("%1", what)
            .replace("%2", status)
        )
        if notice.reason:
            body += " " + QCoreApplication.translate(
                "Notifications", "The reason given: %1"
            ).replace("%1", notice.reason)
        return QCoreApplication.translate("Notifications", "A request moved on"), body
    if notice.kind is NoticeKind.COPY_READY:
        if notice.expiring:
            return QCoreApplication.translate(
                "Notifications", "Download your copy soon"
            ), QCoreApplication.translate(
                "Notifications",
                "The copy of your data can be downloaded until %1. After that you need to ask again.",
            ).replace("%1", when)
        return QCoreApplication.translate(
            "Notifications", "Your copy is ready"
        ), QCoreApplication.translate(
            "Notifications", "The copy of your data can be downloaded until %1."
        ).replace("%1", when)
    if notice.kind is NoticeKind.DEADLINE_NEAR:
        days = notice.days_left or 1
        return QCoreApplication.translate("Notifications", "A deadline is close"), _COUNTED.due_in(
            days
        ).replace("%1", what).replace("%2", when)
    if notice.kind is NoticeKind.DEADLINE_PASSED:
        return QCoreApplication.translate(
            "Notifications", "A deadline has passed"
        ), QCoreApplication.translate(
            "Notifications",
            "%1: the service should have answered by %2 and has not. Open the request to see what you can do.",
        ).replace("%1", what).replace("%2", when)
    if notice.kind is NoticeKind.EXTENDED:
        body = (
            QCoreApplication.translate("Notifications", "%1: the service now has until %2.")
            .replace("%1", what)
            .replace("%2", when)
        )
        if notice.reason:
            body += " " + QCoreApplication.translate(
                "Notifications", "The reason given: %1"
            ).replace("%1", notice.reason)
        return QCoreApplication.translate("Notifications", "More time was taken"), body
    name = choice_title(notice.choice_id or "")
    if notice.kind is NoticeKind.CHOICE_CHANGED and notice.by_gpc and not notice.value:
        # The name first: the client's name is the caller's text and is put in last.
        if notice.gpc_client:
            text = QCoreApplication.translate(
                "Notifications",
                "\u201c%1\u201d was switched off by a Global Privacy Control signal from %2.",
            )
            text = text.replace("%1", name).replace("%2", notice.gpc_client)
        else:
            text = QCoreApplication.translate(
                "Notifications",
                "\u201c%1\u201d was switched off by a Global Privacy Control signal.",
            ).replace("%1", name)
        return QCoreApplication.translate("Notifications", "A choice changed elsewhere"), text
    if notice.kind is NoticeKind.CHOICE_CHANGED:
        text = (
            QCoreApplication.translate("Notifications", "\u201c%1\u201d was switched on elsewhere.")
            if notice.value
            else QCoreApplication.translate(
                "Notifications", "\u201c%1\u201d was switched off elsewhere."
            )
        )
        return QCoreApplication.translate(
            "Notifications", "A choice changed elsewhere"
        ), text.replace("%1", name)
    return QCoreApplication.translate("Notifications", "A new choice"), QCoreApplication.translate(
        "Notifications",
        "The service now offers \u201c%1\u201d. Have a look at whether you want it on.",
    ).replace("%1", name)


def target_of(notice: Notice) -> str:
    """What clicking the notice opens: "request:<id>" or "choice:<id>"."""
    if notice.request_id is not None:
        return f"request:{notice.request_id}"
    return f"choice:{notice.choice_id or ''}"
