"""The ad profile (C6, U5; CCPA "inferences") is data held about the user, so the user sees it
(R1): in GET /v1/me/data as a part of C6, record by record with ?part=ad-profile, and in
the access copy as files of its own. It is built while X2 is on and gone when X2 goes off.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, insert, select, text

from server.config import Settings
from server.db.database import Database
from server.db.migrate import alembic_config
from server.db.models import AccessToken, AdSegment, ContentActivity, new_id
from server.jobs.access_export import build_access_export
from server.security import new_token, token_digest
from tests.server.helpers import START, Account, FakeClock, assert_problem, bearer

TRAVEL_AD_CLICK = {
    "occurred_at": (START - timedelta(hours=2)).isoformat(),
    "kind": "ad_click",
    "title": "Ad: Weekend island travel",
    "device": "iPad",
    "postal_code": "3511 AB",
}
CYCLING_WATCHED = {**TRAVEL_AD_CLICK, "kind": "watched", "title": "Live TV: Cycling, stage 12"}


@pytest.fixture
def settings(database_url: str, clock: FakeClock, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        clock=clock,
        export_dir=tmp_path / "exports",
        # The tests sign in with the password grant; the browser sign-in has its own.
        password_grant=True,
    )


def _signed_in(database: Database, settings: Settings, account: Account) -> dict[str, str]:
    """A live access token stored directly: the password check is the sign-in tests' business."""
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


def _send_ad_events(client: TestClient, headers: dict[str, str], *events: dict[str, str]) -> None:
    response = client.post("/v1/ingest/ad-events", json={"events": list(events)}, headers=headers)
    assert response.status_code == 202, response.text


def _switch(client: TestClient, headers: dict[str, str], choice: str, value: bool) -> None:
    etag = client.get("/v1/me/choices", headers=headers).headers["ETag"]
    response = client.patch(
        "/v1/me/choices", json={"changes": {choice: value}}, headers={**headers, "If-Match": etag}
    )
    assert response.status_code == 200, response.text


def _c6(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/v1/me/data", headers=headers)
    assert response.status_code == 200, response.text
    [c6] = [category for category in response.json()["categories"] if category["id"] == "C6"]
    summary: dict[str, Any] = c6
    return summary


def _add_segments(database: Database, user_id: str, count: int) -> None:
    """`count` segments, one updated per hour, two of them in the same hour (a tie on time)."""
    with database.session() as session:
        session.execute(
            insert(AdSegment),
            [
                {
                    "user_id": user_id,
                    "segment": f"interest:topic-{n:02d}",
                    "score": n + 1,
                    "updated_at": START - timedelta(hours=max(n, 1)),
                }
                for n in range(count)
            ],
        )


def _ad_profile_page(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get(
        "/v1/me/data/C6", headers=headers, params={"part": "ad-profile", **params}
    )
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


# --- the data API -------------------------------------------------------------------------


def test_the_ad_profile_built_from_ad_events_shows_in_the_summary_as_a_part_of_c6(
    client: TestClient, as_ada: dict[str, str]
) -> None:
    _send_ad_events(client, as_ada, TRAVEL_AD_CLICK, CYCLING_WATCHED)

    c6 = _c6(client, as_ada)

    parts = {part["part"]: part for part in c6["parts"]}
    assert list(parts) == ["records", "ad-profile"]
    assert parts["records"]["count"] == 2  # the two events themselves
    assert parts["ad-profile"]["count"] == 2  # travel and sports
    assert parts["ad-profile"]["title"].startswith("Ad profile")
    assert c6["count"] == 4  # the category's count covers both parts


def test_the_ad_profile_lists_each_inferred_interest_with_its_score(
    client: TestClient, as_ada: dict[str, str]
) -> None:
    _send_ad_events(client, as_ada, TRAVEL_AD_CLICK, CYCLING_WATCHED)
    _send_ad_events(client, as_ada, TRAVEL_AD_CLICK)

    page = _ad_profile_page(client, as_ada)

    assert page["category"] == "C6" and page["part"] == "ad-profile"
    assert page["fields"] == ["id", "updated_at", "segment", "score"]
    # Two clicks on a travel ad (3 each), one sports programme watched (2).
    assert {record["segment"]: record["score"] for record in page["records"]} == {
        "interest:travel": 6,
        "interest:sports": 2,
    }
    assert all(isinstance(record["id"], int) for record in page["records"])
    assert page["next_cursor"] is None


def test_c6_without_a_part_still_lists_the_activity_itself(
    client: TestClient, as_ada: dict[str, str]
) -> None:
    _send_ad_events(client, as_ada, TRAVEL_AD_CLICK)

    page = client.get("/v1/me/data/C6", headers=as_ada).json()

    assert page["part"] == "records"
    assert [record["title"] for record in page["records"]] == [TRAVEL_AD_CLICK["title"]]


def test_paging_the_ad_profile_walks_every_segment_once_newest_first(
    client: TestClient, database: Database, ada: Account, as_ada: dict[str, str]
) -> None:
    _add_segments(database, ada.id, 11)
    with database.session() as session:
        expected = [
            row.id
            for row in sorted(
                session.scalars(select(AdSegment).where(AdSegment.user_id == ada.id)),
                key=lambda row: (row.updated_at, row.id),
                reverse=True,
            )
        ]

    seen: list[int] = []
    cursor: str | None = None
    for _page in range(10):
        page = _ad_profile_page(client, as_ada, limit=3, **({"cursor": cursor} if cursor else {}))
        seen.extend(record["id"] for record in page["records"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == expected and len(seen) == 11


def test_a_cursor_from_the_activity_is_refused_by_the_ad_profile(
    client: TestClient, database: Database, ada: Account, as_ada: dict[str, str]
) -> None:
    with database.session() as session:
        session.add_all(
            ContentActivity(
                user_id=ada.id,
                occurred_at=START - timedelta(minutes=minutes),
                kind="watched",
                title="Trailer",
                device="Phone",
                ip_address="192.0.2.10",
            )
            for minutes in range(3)
        )
    _add_segments(database, ada.id, 3)
    activity_cursor = client.get("/v1/me/data/C6", headers=as_ada, params={"limit": 1}).json()[
        "next_cursor"
    ]
    profile_cursor = _ad_profile_page(client, as_ada, limit=1)["next_cursor"]

    wrong_part = client.get(
        "/v1/me/data/C6", headers=as_ada, params={"part": "ad-profile", "cursor": activity_cursor}
    )
    wrong_way = client.get("/v1/me/data/C6", headers=as_ada, params={"cursor": profile_cursor})

    assert activity_cursor and profile_cursor
    assert json.loads(base64.urlsafe_b64decode(profile_cursor + "==="))["c"] == "C6/ad-profile"
    assert_problem(wrong_part, 400, "invalid_cursor")
    assert_problem(wrong_way, 400, "invalid_cursor")


@pytest.mark.parametrize(("category", "part"), [("C6", "wishes"), ("C5", "ad-profile")])
def test_a_part_the_category_does_not_have_is_not_found(
    client: TestClient, as_ada: dict[str, str], category: str, part: str
) -> None:
    response = client.get(f"/v1/me/data/{category}", headers=as_ada, params={"part": part})

    assert_problem(response, 404, "unknown_part")


def test_bob_sees_none_of_adas_ad_profile(
    client: TestClient,
    database: Database,
    ada: Account,
    as_bob: dict[str, str],
) -> None:
    _add_segments(database, ada.id, 4)

    page = _ad_profile_page(client, as_bob)
    parts = {part["part"]: part["count"] for part in _c6(client, as_bob)["parts"]}

    assert page["records"] == []
    assert parts["ad-profile"] == 0


def test_switching_personalised_ads_off_leaves_an_empty_ad_profile_to_see(
    client: TestClient, as_ada: dict[str, str]
) -> None:
    _send_ad_events(client, as_ada, TRAVEL_AD_CLICK)
    assert _ad_profile_page(client, as_ada)["records"]

    _switch(client, as_ada, "X2", False)

    assert _ad_profile_page(client, as_ada)["records"] == []
    assert {part["part"]: part["count"] for part in _c6(client, as_ada)["parts"]} == {
        "records": 1,  # the events follow retention (T4); only the inferred profile goes
        "ad-profile": 0,
    }


def test_the_timeline_counts_the_activity_not_the_inferred_profile(
    client: TestClient, database: Database, ada: Account, as_ada: dict[str, str]
) -> None:
    _add_segments(database, ada.id, 3)

    timeline = client.get("/v1/me/data/C6/timeline", headers=as_ada)

    assert timeline.status_code == 200
    assert timeline.json()["months"] == []


# --- the access copy ----------------------------------------------------------------------


def test_the_access_copy_holds_the_ad_profile_in_files_of_its_own(
    client: TestClient,
    database: Database,
    settings: Settings,
    ada: Account,
    bob: Account,
    as_ada: dict[str, str],
) -> None:
    _send_ad_events(client, as_ada, TRAVEL_AD_CLICK, CYCLING_WATCHED)
    _add_segments(database, bob.id, 2)

    result = build_access_export(database, settings, ada.id, "req-ad-profile")

    with zipfile.ZipFile(result.path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    profile = json.loads(members["data/C6-ad-profile.json"])
    table = list(csv.reader(io.StringIO(members["data/C6-ad-profile.csv"].decode(), newline="")))
    manifest = json.loads(members["manifest.json"])
    [c6] = [category for category in manifest["categories"] if category["id"] == "C6"]
    readme = members["README.html"].decode()

    assert {record["segment"]: record["score"] for record in profile} == {
        "interest:travel": 3,
        "interest:sports": 2,
    }
    assert table[0] == ["id", "updated_at", "segment", "score"] and len(table) == 3
    assert c6["records"] == 4
    assert [(part["part"], part["records"]) for part in c6["parts"]] == [
        ("records", 2),
        ("ad-profile", 2),
    ]
    assert c6["parts"][1]["files"] == ["data/C6-ad-profile.json", "data/C6-ad-profile.csv"]
    # The main part's files come first: readers that show one file per category show those.
    assert c6["files"][:2] == c6["parts"][0]["files"] and c6["files"][2:] == c6["parts"][1]["files"]
    listed = {entry["path"] for entry in manifest["files"]}
    assert {"data/C6-ad-profile.json", "data/C6-ad-profile.csv"} <= listed
    assert "Ad profile: interests inferred from your activity" in readme
    assert 'href="data/C6-ad-profile.json"' in readme and "interest:travel" in readme


# --- the migration ------------------------------------------------------------------------


def test_ad_profile_rows_made_before_the_upgrade_survive_it_and_get_ids(
    fresh_database_url: str,
) -> None:
    url = fresh_database_url
    command.upgrade(alembic_config(url), "0002")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, username, password_hash, created_at, "
                    "choices_version) VALUES ('u1', 'kept@example.org', 'kept', 'x', :at, 1)"
                ),
                {"at": START},
            )
            connection.execute(
                text(
                    "INSERT INTO ad_segments (user_id, segment, score, updated_at) VALUES "
                    "('u1', 'interest:travel', 6, :older), ('u1', 'interest:sports', 2, :newer)"
                ),
                {"older": START, "newer": START + timedelta(hours=1)},
            )

        command.upgrade(alembic_config(url), "head")

        with engine.begin() as connection:
            rows = connection.execute(
                text("SELECT id, segment, score FROM ad_segments ORDER BY id")
            ).all()
            # A segment added later gets a fresh id after the copied ones.
            connection.execute(
                text(
                    "INSERT INTO ad_segments (user_id, segment, score, updated_at) "
                    "VALUES ('u1', 'interest:music', 1, :at)"
                ),
                {"at": START},
            )
            newest = connection.execute(
                text("SELECT id FROM ad_segments WHERE segment = 'interest:music'")
            ).scalar_one()
    finally:
        engine.dispose()
    assert [(row.segment, row.score) for row in rows] == [
        ("interest:travel", 6),
        ("interest:sports", 2),
    ]
    assert all(isinstance(row.id, int) for row in rows)
    assert newest > max(row.id for row in rows)
