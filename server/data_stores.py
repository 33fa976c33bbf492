"""Where each data category's records live: one place for the data API, exports and deletion.

Most categories keep their records in one table. A category may keep them in several
tables, its *parts*, when the records differ in shape: C6 holds the third-party activity
itself and the ad profile inferred from it (segments with a score; CCPA "inferences").
Every part is shown to the user (R1): `PARTS` lists them, main part first; `STORES` maps
each category to its main part, for callers that deal in one table per category.

Categories not listed here hold no records by design (C3, C9, C13, C16) or are read from
the users table (C1, see `profile_record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.catalog.model import Text
from server.db import models
from server.db.models import Base, User

# The part name of a category's only (or main) table.
MAIN_PART = "records"


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
    # Which part of the category this table holds: MAIN_PART, or a name of its own (it
    # becomes the `part` of the data API and the file name in the access copy).
    part: str = MAIN_PART
    # What the part holds, in words, for a category with more than one part.
    part_title: Text | None = None

    @property
    def is_main_part(self) -> bool:
        return self.part == MAIN_PART

    @property
    def cursor_scope(self) -> str:
        """What a paging cursor is bound to: the category, and the part unless it is the main
        one (so the main part's cursors read as they always did)."""
        return self.category_id if self.is_main_part else f"{self.category_id}/{self.part}"

    def column(self, name: str) -> Any:
        return getattr(self.model, name)

    def record(self, row: Any) -> dict[str, Any]:
        return {name: getattr(row, name) for name in ("id", *self.fields)}


_ALL_STORES: tuple[CategoryStore, ...] = (
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
        part_title=Text(en="Activity", nl="Activiteit"),
    ),
    CategoryStore(
        "C6",
        models.AdSegment,
        "updated_at",
        ("updated_at", "segment", "score"),
        # Kept only while X2 is on; switching it off deletes it at once.
        part="ad-profile",
        part_title=Text(
            en="Ad profile: interests inferred from your activity",
            nl="Advertentieprofiel: interesses afgeleid uit je activiteit",
        ),
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


# Every category with records, its parts in the order the user sees them (main part first).
def _parts_by_category(stores: tuple[CategoryStore, ...]) -> dict[str, tuple[CategoryStore, ...]]:
    parts: dict[str, tuple[CategoryStore, ...]] = {}
    for store in stores:
        parts[store.category_id] = (*parts.get(store.category_id, ()), store)
    assert all(group[0].is_main_part for group in parts.values()), "main part first"
    return parts


PARTS = _parts_by_category(_ALL_STORES)

# Each category's main part. Deletion and retention also reach the other parts: deletion
# removes every row keyed by the user, and no other part has a retention period yet (see
# `all_stores`, which a sweep over every table should use).
STORES: dict[str, CategoryStore] = {category: parts[0] for category, parts in PARTS.items()}


def stores_of(category_id: str) -> tuple[CategoryStore, ...]:
    """The tables holding a category's records, main part first; () for none."""
    return PARTS.get(category_id, ())


def all_stores() -> tuple[CategoryStore, ...]:
    """Every table that holds a category's records, every part included."""
    return _ALL_STORES


PROFILE_CATEGORY = "C1"
PROFILE_FIELDS = ("created_at", "email", "username", "plan")


def profile_record(user: User) -> dict[str, Any]:
    """C1 has exactly one record: the profile. The password hash is never shown."""
    return {"id": user.id, **{name: getattr(user, name) for name in PROFILE_FIELDS}}
