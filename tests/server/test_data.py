"""GET /v1/me/data: a user sees what the service holds about them, and only that (R1)."""

from __future__ import annotations

import base64
import json
import math
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from server.catalog.entries import CATEGORIES
from server.config import Settings
from server.db.database import Database
from server.db.models import (
    AccessToken,
    AdSegment,
    ContentActivity,
    Cookie,
    CrashReport,
    PlaybackEvent,
    User,
    new_id,
)
from server.security import new_token, token_digest
from tests.server.helpers import START, Account, assert_problem, bearer

BASE = START - timedelta(days=10)


def _signed_in(database: Database, settings: Settings, account: Account) -> dict[str, str]:
    """Headers with a live access token, stored as a password sign-in stores one.

    Checking the password (argon2, slow on purpose) is the sign-in tests' business; here
    it would only make every test wait.
    """
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


@pytest.fixture
def as_ada(database: Database, settings: Settings, ada: Account) -> dict[str, str]:
    return _signed_in(database, settings, ada)


@pytest.fixture
def as_bob(database: Database, settings: Settings, bob: Account) -> dict[str, str]:
    return _signed_in(database, settings, bob)


def _add_playback(database: Database, user_id: str, times: list[datetime]) -> list[int]:
    """Store playback events at these times (in this insertion order); returns their ids."""
    with database.session() as session:
        for moment in times:
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
                ],
            )
        ids = session.scalars(
            select(PlaybackEvent.id).where(PlaybackEvent.user_id == user_id)
        ).all()
    return list(ids)


def _newest_first(database: Database, user_id: str) -> list[int]:
    """The order the service promises, computed straight from the table."""
    with database.session() as session:
        rows = session.execute(
            select(PlaybackEvent.id, PlaybackEvent.occurred_at).where(
                PlaybackEvent.user_id == user_id
            )
        ).all()
    return [row.id for row in sorted(rows, key=lambda row: (row.occurred_at, row.id), reverse=True)]


def _walk(
    client: TestClient, headers: dict[str, str], category: str, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Follow next_cursor to the end; returns every record seen and the number of pages."""
    records: list[dict[str, Any]] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = client.get(f"/v1/me/data/{category}", headers=headers, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        pages += 1
        assert len(page["records"]) <= limit
        records.extend(page["records"])
        cursor = page["next_cursor"]
        if cursor is None:
            return records, pages
        assert pages < 1000, "the cursor never ends"


def _summary(client: TestClient, headers: dict[str, str], **extra: str) -> dict[str, Any]:
    response = client.get("/v1/me/data", headers={**headers, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _by_id(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {category["id"]: category for category in summary["categories"]}


def test_summary_counts_what_the_service_holds_about_the_user(
    client: TestClient, database: Database, ada: Account, bob: Account, as_ada: dict[str, str]
) -> None:
    ada_times = [BASE + timedelta(hours=hour) for hour in (5, 1, 9, 3)]
    _add_playback(database, ada.id, ada_times)
    _add_playback(database, bob.id, [BASE + timedelta(days=2)] * 3)
    with database.session() as session:
        session.execute(
            insert(CrashReport),
            [
                {
                    "user_id": ada.id,
                    "received_at": BASE + timedelta(days=day),
                    "app": "Media app",
                    "app_version": "8.1",
                    "device": "Pixel 8",
                    "summary": "crashed on resume",
                    "body": "trace",
                }
                for day in (1, 2)
            ],
        )
        session.execute(
            insert(Cookie),
            [{"user_id": ada.id, "name": "session", "purpose": "sign-in", "set_at": BASE}],
        )
        ada_created = session.get(User, ada.id)
        assert ada_created is not None
        created_at = ada_created.created_at

    summary = _summary(client, as_ada)

    assert [category["id"] for category in summary["categories"]] == [c.id for c in CATEGORIES]
    held = _by_id(summary)
    playback = held["C5"]
    assert playback["count"] == 4  # Bob's three are not Ada's
    assert datetime.fromisoformat(playback["first_collected"]) == BASE + timedelta(hours=1)
    assert datetime.fromisoformat(playback["last_collected"]) == BASE + timedelta(hours=9)
    assert playback["retention_rule"] == "T5"
    assert held["C10"]["count"] == 2 and held["C10"]["retention_rule"] == "T2"
    assert held["C14"]["count"] == 1 and held["C14"]["retention_rule"] == "T3"
    assert held["C2"] == held["C2"] | {"count": 0, "first_collected": None, "last_collected": None}
    assert held["C1"]["count"] == 1
    assert datetime.fromisoformat(held["C1"]["first_collected"]) == created_at
    for category in summary["categories"]:
        assert category["sources"] and category["purposes"] and category["recipients"]
        assert category["retention"]


def test_summary_counts_every_part_of_a_category_and_each_part_on_its_own(
    client: TestClient, database: Database, ada: Account, as_ada: dict[str, str]
) -> None:
    with database.session() as session:
        session.add(
            ContentActivity(
                user_id=ada.id,
                occurred_at=BASE,
                kind="ad_click",
                title="Ad: Weekend island travel",
                device="iPad",
                ip_address="203.0.113.9",
            )
        )
        session.add_all(
            AdSegment(user_id=ada.id, segment=segment, score=3, updated_at=BASE + timedelta(days=1))
            for segment in ("interest:travel", "interest:sports")
        )
    _add_playback(database, ada.id, [BASE, BASE + timedelta(hours=1)])

    held = _by_id(_summary(client, as_ada))

    c6 = held["C6"]
    assert [(part["part"], part["count"]) for part in c6["parts"]] == [
        ("records", 1),
        ("ad-profile", 2),
    ]
    assert c6["count"] == 3
    assert datetime.fromisoformat(c6["first_collected"]) == BASE
    assert datetime.fromisoformat(c6["last_collected"]) == BASE + timedelta(days=1)
    # A category kept in one table has that one part, with the category's own figures.
    [playback] = held["C5"]["parts"]
    assert playback["part"] == "records" and playback["count"] == held["C5"]["count"] == 2
    assert playback["title"] == held["C5"]["title"]
    assert held["C1"]["parts"] == [] and held["C3"]["parts"] == []


def test_summary_shows_the_us_law_view_of_each_category(
    client: TestClient, ada: Account, as_ada: dict[str, str]
) -> None:
    held = _by_id(_summary(client, as_ada))

    assert [c["id"] for c in held["C6"]["ccpa"]] == [
        "internet_activity",
        "geolocation",
        "inferences",
        "other_linked_data",
    ]
    assert {"id": "identifiers", "label": "Identifiers"} in held["C1"]["ccpa"]
    # Relay traffic is never stored, so it falls under no class of personal information.
    assert held["C13"]["ccpa"] == []


def test_summary_speaks_dutch_when_asked(
    client: TestClient, ada: Account, as_ada: dict[str, str]
) -> None:
    response = client.get("/v1/me/data", headers={**as_ada, "Accept-Language": "nl-NL,nl;q=0.9"})

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"
    held = _by_id(response.json())
    assert held["C1"]["title"] == "Profiel"
    assert held["C10"]["retention"] == "Na 90 dagen gewist."
    assert {"id": "geolocation", "label": "Locatiegegevens"} in held["C6"]["ccpa"]


@pytest.mark.parametrize("category", ["C3", "C13"])
def test_categories_that_hold_nothing_by_design_say_why_and_list_no_records(
    client: TestClient, ada: Account, category: str, as_ada: dict[str, str]
) -> None:
    headers = as_ada

    entry = _by_id(_summary(client, headers))[category]
    page = client.get(f"/v1/me/data/{category}", headers=headers)

    assert entry["holds_records"] is False
    assert entry["count"] == 0
    assert entry["empty_reason"] and len(entry["empty_reason"]) > 20
    assert page.status_code == 200
    assert page.json() == {
        "category": category,
        "part": "records",
        "fields": [],
        "records": [],
        "next_cursor": None,
    }


@pytest.mark.parametrize("limit", [50, 7], ids=["limit-divides-total", "limit-leaves-remainder"])
def test_paging_walks_every_record_once_newest_first(
    client: TestClient, database: Database, ada: Account, limit: int, as_ada: dict[str, str]
) -> None:
    # 250 events, three to a second so that the id must break ties, stored out of order.
    times = [BASE + timedelta(seconds=index // 3) for index in range(250)]
    random.Random(7).shuffle(times)
    _add_playback(database, ada.id, times)

    records, pages = _walk(client, as_ada, "C5", limit)

    ids = [record["id"] for record in records]
    assert ids == _newest_first(database, ada.id)
    assert len(set(ids)) == 250
    # No empty trailing page when the limit divides the total.
    assert pages == math.ceil(250 / limit)


def test_records_carry_their_fields_and_utc_times(
    client: TestClient, database: Database, ada: Account, as_ada: dict[str, str]
) -> None:
    moment = datetime(2025, 2, 1, 20, 15, 30, tzinfo=UTC)
    [event_id] = _add_playback(database, ada.id, [moment])

    page = client.get("/v1/me/data/C5", headers=as_ada).json()

    assert page["category"] == "C5"
    assert page["fields"][:3] == ["id", "occurred_at", "device"]
    assert "title" not in page["fields"]
    [record] = page["records"]
    assert list(record) == page["fields"]
    assert record["id"] == event_id
    assert record["occurred_at"] == "2025-02-01T20:15:30Z"
    assert (record["media_kind"], record["duration_seconds"]) == ("video", 3600)
    assert page["next_cursor"] is None


def test_the_profile_is_one_record_without_the_password_hash(
    client: TestClient, ada: Account, as_ada: dict[str, str]
) -> None:
    page = client.get("/v1/me/data/C1", headers=as_ada).json()

    [profile] = page["records"]
    assert profile["id"] == ada.id
    assert profile["email"] == ada.email
    assert not any("password" in field for field in page["fields"])
    assert page["next_cursor"] is None


def test_the_default_page_is_one_hundred_and_the_largest_five_hundred(
    client: TestClient, database: Database, ada: Account, as_ada: dict[str, str]
) -> None:
    _add_playback(database, ada.id, [BASE + timedelta(minutes=m) for m in range(120)])
    headers = as_ada

    default = client.get("/v1/me/data/C5", headers=headers).json()
    largest = client.get("/v1/me/data/C5", headers=headers, params={"limit": 500}).json()

    assert len(default["records"]) == 100 and default["next_cursor"]
    assert len(largest["records"]) == 120 and largest["next_cursor"] is None
    for limit in (0, 501, -1):
        response = client.get("/v1/me/data/C5", headers=headers, params={"limit": limit})
        assert_problem(response, 422)


def _token_of(payload: object) -> str:
    raw = json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Each is something a client might send that no page of C5 ever handed out.
FOREIGN_CURSORS = {
    "not-base64": "not a cursor!",
    "percent-signs": "%%%",
    "not-utf8": base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "not-an-object": _token_of(["C5", "2025-01-01T00:00:00+00:00", 4]),
    "other-category": _token_of({"c": "C6", "t": "2025-01-01T00:00:00+00:00", "i": 4}),
    "naive-time": _token_of({"c": "C5", "t": "2025-01-01T00:00:00", "i": 4}),
    "not-a-time": _token_of({"c": "C5", "t": "yesterday", "i": 4}),
    "id-of-wrong-type": _token_of({"c": "C5", "t": "2025-01-01T00:00:00+00:00", "i": "4"}),
    "boolean-id": _token_of({"c": "C5", "t": "2025-01-01T00:00:00+00:00", "i": True}),
    "id-beyond-64-bits": _token_of({"c": "C5", "t": "2025-01-01T00:00:00+00:00", "i": 2**70}),
    "time-before-year-one-in-utc": _token_of({"c": "C5", "t": "0001-01-01T00:00:00+05:00", "i": 1}),
}


def test_a_cursor_the_service_did_not_issue_is_refused(
    client: TestClient, ada: Account, as_ada: dict[str, str]
) -> None:
    headers = as_ada

    for name, cursor in FOREIGN_CURSORS.items():
        response = client.get("/v1/me/data/C5", headers=headers, params={"cursor": cursor})
        assert response.status_code == 400, name
        assert_problem(response, 400, "invalid_cursor")


def test_a_cursor_means_nothing_for_the_single_profile_record(
    client: TestClient, ada: Account, as_ada: dict[str, str]
) -> None:
    cursor = _token_of({"c": "C1", "t": "2025-01-01T00:00:00+00:00", "i": ada.id})

    response = client.get("/v1/me/data/C1", headers=as_ada, params={"cursor": cursor})

    assert_problem(response, 400, "invalid_cursor")


def test_an_unknown_category_is_not_found(
    client: TestClient, ada: Account, as_ada: dict[str, str]
) -> None:
    response = client.get("/v1/me/data/C99", headers=as_ada)

    assert_problem(response, 404, "unknown_category")


def test_bob_sees_none_of_adas_records_even_with_her_cursor(
    client: TestClient,
    database: Database,
    ada: Account,
    bob: Account,
    as_ada: dict[str, str],
    as_bob: dict[str, str],
) -> None:
    ada_ids = _add_playback(database, ada.id, [BASE + timedelta(minutes=m) for m in range(30)])
    bob_ids = _add_playback(database, bob.id, [BASE + timedelta(minutes=m) for m in range(5)])
    ada_page = client.get("/v1/me/data/C5", headers=as_ada, params={"limit": 10})
    ada_cursor = ada_page.json()["next_cursor"]
    bob_headers = as_bob

    bob_records, _pages = _walk(client, bob_headers, "C5", 2)
    with_adas_cursor = client.get(
        "/v1/me/data/C5", headers=bob_headers, params={"cursor": ada_cursor, "limit": 500}
    ).json()
    bob_summary = _by_id(_summary(client, bob_headers))

    assert sorted(record["id"] for record in bob_records) == sorted(bob_ids)
    assert not {record["id"] for record in with_adas_cursor["records"]} & set(ada_ids)
    assert bob_summary["C5"]["count"] == 5
    assert client.get("/v1/me/data/C1", headers=bob_headers).json()["records"][0]["id"] == bob.id


def test_data_needs_a_signed_in_user(client: TestClient) -> None:
    assert_problem(client.get("/v1/me/data"), 401)
    assert_problem(client.get("/v1/me/data/C5"), 401)
