"""GET /v1/me/data/{category}/timeline: a user sees how much was collected each month."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from server.config import Settings
from server.db.database import Database
from server.db.models import AccessToken, PlaybackEvent, new_id
from server.security import new_token, token_digest
from tests.server.helpers import START, Account, FakeClock, assert_problem, bearer

TIMELINE_PATH = "/v1/me/data/{category}/timeline"


@pytest.fixture
def service(client: TestClient) -> TestClient:
    return client


def _signed_in(database: Database, settings: Settings, account: Account) -> dict[str, str]:
    """A live access token, stored as a sign-in stores one (argon2 is not this test's business)."""
    token = new_token()
    with database.session() as session:
        session.add(
            AccessToken(
                token_hash=token_digest(token),
                user_id=account.id,
                family_id=new_id(),
                expires_at=settings.clock() + settings.access_token_lifetime,
            )
        )
    return bearer(token)


def _played(database: Database, user_id: str, times: list[datetime]) -> None:
    with database.session() as session:
        session.execute(
            insert(PlaybackEvent),
            [
                {
                    "user_id": user_id,
                    "occurred_at": moment,
                    "device": "Living room TV",
                    "media_kind": "video",
                    "duration_seconds": 3600,
                    "bitrate_kbps": 8000,
                    "resolution": "1080p",
                    "file_type": "mkv",
                    "ip_address": "203.0.113.9",
                }
                for moment in times
            ],
        )


def _months(service: TestClient, headers: dict[str, str], category: str) -> list[tuple[str, int]]:
    response = service.get(TIMELINE_PATH.format(category=category), headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["category"] == category
    return [(month["month"], month["count"]) for month in body["months"]]


def test_playback_is_counted_per_month_oldest_first_with_quiet_months_as_zero(
    service: TestClient, database: Database, settings: Settings, ada: Account, bob: Account
) -> None:
    # The clock stands on 3 March 2025.
    _played(
        database,
        ada.id,
        [
            datetime(2024, 12, 1, 0, 0, tzinfo=UTC),  # the first instant of December
            datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),  # the last second of December
            datetime(2025, 2, 14, 20, 0, tzinfo=UTC),
            START - timedelta(hours=1),
            START - timedelta(hours=2),
            START - timedelta(hours=3),
        ],
    )
    _played(database, bob.id, [START - timedelta(days=1)] * 5)

    months = _months(service, _signed_in(database, settings, ada), "C5")

    assert months == [("2024-12", 2), ("2025-01", 0), ("2025-02", 1), ("2025-03", 3)]


def test_only_the_last_24_months_are_shown(
    service: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    _played(
        database,
        ada.id,
        [
            datetime(2023, 3, 31, 23, 59, 59, tzinfo=UTC),  # 24 months before March 2025: out
            datetime(2023, 4, 1, 0, 0, tzinfo=UTC),  # the oldest month shown
            datetime(2025, 3, 1, 0, 0, tzinfo=UTC),
        ],
    )

    months = _months(service, _signed_in(database, settings, ada), "C5")

    assert len(months) == 24
    assert months[0] == ("2023-04", 1)
    assert months[-1] == ("2025-03", 1)
    assert sum(count for _month, count in months) == 2


def test_the_current_month_follows_the_clock_across_a_year_end(
    service: TestClient, database: Database, settings: Settings, ada: Account, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)
    _played(database, ada.id, [datetime(2025, 12, 24, 18, 0, tzinfo=UTC)])

    months = _months(service, _signed_in(database, settings, ada), "C5")

    assert months == [("2025-12", 1), ("2026-01", 0)]


def test_a_category_without_records_has_no_months(
    service: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    headers = _signed_in(database, settings, ada)

    assert _months(service, headers, "C5") == []  # nothing played yet
    assert _months(service, headers, "C13") == []  # holds nothing by design


def test_the_profile_was_collected_once_when_the_account_was_made(
    service: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    # The accounts were made 30 days before the clock's start: on 1 February 2025.
    assert _months(service, _signed_in(database, settings, ada), "C1") == [("2025-02", 1)]


def test_an_unknown_category_is_a_404_problem(
    service: TestClient, database: Database, settings: Settings, ada: Account
) -> None:
    response = service.get(
        TIMELINE_PATH.format(category="C99"), headers=_signed_in(database, settings, ada)
    )

    assert_problem(response, 404, "unknown_category")


def test_the_timeline_needs_a_signed_in_user(service: TestClient) -> None:
    response = service.get(TIMELINE_PATH.format(category="C5"))

    assert_problem(response, 401, "invalid_token")
