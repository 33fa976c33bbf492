"""How the app writes a value for people: times and dates in the user's locale, request
statuses and kinds, the days left on the legal clock, record fields and their cells,
counts and sizes. One place, so a record reads the same on every page and dialog."""

from __future__ import annotations

import json
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTimeZone

from app.core.deadlines import DeadlineState
from app.core.requests import PrivacyRequest, RequestKind
from app.ui.plurals import PLURALS


def format_timestamp(moment: datetime) -> str:
    """A date and time in the user's locale and time zone."""
    stamp = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)


def format_date(moment: datetime) -> str:
    """A calendar date in the user's locale and time zone."""
    local = moment.astimezone()
    return QLocale().toString(
        QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat
    )


def overdue_advice() -> str:
    """What a user can do when the service lets the legal deadline pass."""
    return QCoreApplication.translate(
        "RequestsModel",
        "The service has missed the legal deadline. You can send it a reminder, and complain to your data protection authority: Privacy Desk writes the complaint for you, with the service's own signed records as evidence.",
    )


def request_status_text(status: str) -> str:
    labels = {
        "received": QCoreApplication.translate("Requests", "Received"),
        "verifying": QCoreApplication.translate("Requests", "Verifying your identity"),
        "in_progress": QCoreApplication.translate("Requests", "In progress"),
        "completed": QCoreApplication.translate("Requests", "Completed"),
        "denied": QCoreApplication.translate("Requests", "Denied"),
        "cancelled": QCoreApplication.translate("Requests", "Cancelled"),
        "expired": QCoreApplication.translate("Requests", "Expired"),
    }
    return labels.get(status, status)


def request_kind_label(kind: RequestKind) -> str:
    labels = {
        RequestKind.ACCESS: QCoreApplication.translate("Requests", "Copy of my data"),
        RequestKind.CORRECTION: QCoreApplication.translate("Requests", "Correction"),
        RequestKind.DELETION: QCoreApplication.translate("Requests", "Account deletion"),
    }
    return labels[kind]


def days_left_text(request: PrivacyRequest, now: datetime) -> tuple[str, bool]:
    """('12 days left', False) or ('3 days overdue', True)."""
    deadline = request.deadline()
    days = deadline.days_left(now)
    if deadline.state(now) is DeadlineState.OVERDUE:
        late = max(1, -days)
        return PLURALS.days_overdue(late), True
    return PLURALS.days_left(max(days, 0)), False


def field_label(name: str) -> str:
    """A field the service names, as the user reads it (`occurred_at` reads "When"): the
    same on Your data, in the copy viewer and in a correction request."""
    labels = {
        "id": QCoreApplication.translate("Records", "Record"),
        "username": QCoreApplication.translate("Records", "Username"),
        "occurred_at": QCoreApplication.translate("Records", "When"),
        "device": QCoreApplication.translate("Records", "Device"),
        "media_kind": QCoreApplication.translate("Records", "Kind of media"),
        "duration_seconds": QCoreApplication.translate("Records", "Duration (seconds)"),
        "bitrate_kbps": QCoreApplication.translate("Records", "Bitrate (kbit/s)"),
        "resolution": QCoreApplication.translate("Records", "Resolution"),
        "file_type": QCoreApplication.translate("Records", "File type"),
        "ip_address": QCoreApplication.translate("Records", "IP address"),
        "kind": QCoreApplication.translate("Records", "Kind"),
        "title": QCoreApplication.translate("Records", "Title"),
        "name": QCoreApplication.translate("Records", "Name"),
        "email": QCoreApplication.translate("Records", "E-mail address"),
        "created_at": QCoreApplication.translate("Records", "Created"),
        "last_seen_at": QCoreApplication.translate("Records", "Last seen"),
        "received_at": QCoreApplication.translate("Records", "Received"),
        "app": QCoreApplication.translate("Records", "App"),
        "app_version": QCoreApplication.translate("Records", "App version"),
        "summary": QCoreApplication.translate("Records", "Summary"),
        "location": QCoreApplication.translate("Records", "Location"),
        "postal_code": QCoreApplication.translate("Records", "Postal code"),
        "value": QCoreApplication.translate("Records", "Value"),
        "plan": QCoreApplication.translate("Records", "Plan"),
        "provider": QCoreApplication.translate("Records", "Provider"),
        "external_name": QCoreApplication.translate("Records", "Name at the provider"),
        "external_email": QCoreApplication.translate("Records", "E-mail address at the provider"),
        "connected_at": QCoreApplication.translate("Records", "Linked"),
        "enabled_at": QCoreApplication.translate("Records", "Turned on"),
        "last_request": QCoreApplication.translate("Records", "Last used"),
        "updated_at": QCoreApplication.translate("Records", "Updated"),
        "segment": QCoreApplication.translate("Records", "Interest"),
        "score": QCoreApplication.translate("Records", "Score"),
        "reported_at": QCoreApplication.translate("Records", "Reported"),
        "partner": QCoreApplication.translate("Records", "Partner"),
        "metric": QCoreApplication.translate("Records", "Statistic"),
        "count": QCoreApplication.translate("Records", "Count"),
        "port": QCoreApplication.translate("Records", "Port"),
        "body": QCoreApplication.translate("Records", "Report text"),
        "os": QCoreApplication.translate("Records", "Operating system"),
        "os_version": QCoreApplication.translate("Records", "System version"),
        "browser": QCoreApplication.translate("Records", "Browser"),
        "installed_at": QCoreApplication.translate("Records", "Installed"),
        "platform": QCoreApplication.translate("Records", "Platform"),
        "set_at": QCoreApplication.translate("Records", "Placed"),
        "purpose": QCoreApplication.translate("Records", "Purpose"),
        "issued_at": QCoreApplication.translate("Records", "Issued"),
        "choice_id": QCoreApplication.translate("Records", "Choice"),
        "key_id": QCoreApplication.translate("Records", "Signing key"),
    }
    return labels.get(name) or name.replace("_", " ").capitalize()


def cell_text(field: str, value: object) -> str:
    """What a cell shows: times in the user's locale, yes/no in words, text on one line,
    a nested value as JSON."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("Records", "yes")
            if value
            else QCoreApplication.translate("Records", "no")
        )
    text = str(value)
    if field.endswith("_at") and isinstance(value, str):
        try:
            return format_timestamp(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            return text
    return " ".join(text.split()) if ("\n" in text or "\t" in text) else text


def records_text(count: int) -> str:
    """ "12,345 records", with the number in the user's locale."""
    return PLURALS.records(count).replace(str(count), QLocale().toString(count))


def data_size(size: float) -> str:
    """Bytes as the user's locale writes them ("12.3 MB")."""
    return QLocale().formattedDataSize(int(size), 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def format_day(day: date) -> str:
    """A calendar day (no time, no zone) in the user's locale."""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
