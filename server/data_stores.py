"""Where each data category's records live: one place for the data API, exports and deletion.

Categories not listed here hold no records by design (C3, C9, C13, C16) or are read from
the users table (C1, see `profile_record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.db import models
from server.db.models import Base, User


@dataclass(frozen=True)
class CategoryStore:
    category_id: str
    model: type[Base]
    # The column records are ordered and paged by (newest first), then the primary key.
    time_column: str
    # The fields a user sees, in this order, in the app, the API and the export.
    fields: tuple[str, ...]
    # Days after which a retention sweep removes a record (T2, T3); None: kept with the account.
    retention_days: int | None = None

    def column(self, name: str) -> Any:
        return getattr(self.model, name)

    def record(self, row: Any) -> dict[str, Any]:
        return {name: getattr(row, name) for name in ("id", *self.fields)}


STORES: dict[str, CategoryStore] = {
    store.category_id: store
    for store in (
        CategoryStore(
            "C2",
            models.ConnectedAccount,
            "connected_at",
            ("connected_at", "provider", "external_name", "external_email"),
        ),
        CategoryStore(
            "C4",
            models.Integration,
            "enabled_at",
            ("enabled_at", "kind", "name", "last_request"),
        ),
        CategoryStore(
            "C5",
            models.PlaybackEvent,
            "occurred_at",
            (
                "occurred_at",
                "device",
                "media_kind",
                "duration_seconds",
                "bitrate_kbps",
                "resolution",
                "file_type",
                "ip_address",
            ),
        ),
        CategoryStore(
            "C6",
            models.ContentActivity,
            "occurred_at",
            ("occurred_at", "kind", "title", "device", "ip_address", "postal_code"),
        ),
        CategoryStore(
            "C7",
            models.PartnerReport,
            "reported_at",
            ("reported_at", "partner", "metric", "count"),
        ),
        CategoryStore(
            "C8",
            models.MediaServer,
            "created_at",
            ("created_at", "name", "ip_address", "port", "last_seen_at"),
        ),
        CategoryStore(
            "C10",
            models.CrashReport,
            "received_at",
            ("received_at", "app", "app_version", "device", "summary", "body"),
            retention_days=90,  # T2
        ),
        CategoryStore(
            "C11",
            models.Device,
            "last_seen_at",
            (
                "last_seen_at",
                "os",
                "os_version",
                "browser",
                "app_version",
                "ip_address",
                "location",
            ),
        ),
        CategoryStore(
            "C12",
            models.ApplicationId,
            "installed_at",
            ("installed_at", "app", "platform"),
        ),
        CategoryStore(
            "C14",
            models.Cookie,
            "set_at",
            ("set_at", "name", "purpose"),
            retention_days=14,  # T3
        ),
        CategoryStore(
            "C15",
            models.ConsentReceipt,
            "issued_at",
            ("issued_at", "choice_id", "value", "key_id"),
        ),
    )
}

PROFILE_CATEGORY = "C1"
PROFILE_FIELDS = ("created_at", "email", "username", "plan")


def profile_record(user: User) -> dict[str, Any]:
    """C1 has exactly one record: the profile. The password hash is never shown."""
    return {"id": user.id, **{name: getattr(user, name) for name in PROFILE_FIELDS}}
