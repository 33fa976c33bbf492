"""What switching a choice does on the service, beyond remembering the new value.

X2 off forgets the ad profile at once; X1 off stops collection but leaves what is already
kept to retention and deletion requests; a PATCH that changes nothing is not a change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server.app import create_app
from server.config import Settings
from server.db.database import Database
from server.db.models import AdSegment, ConsentReceipt, PlaybackEvent, SigningKey, User
from tests.server.helpers import (
    DEFAULTS_FROM_POLICY,
    Account,
    FakeClock,
    assert_problem,
    bearer,
    sign_in,
)

SEGMENTS = ("action films", "cooking shows", "late-night viewer")


@pytest.fixture
def ada_token(client: TestClient, ada: Account) -> str:
    token: str = sign_in(client, ada)["access_token"]
    return token


def _etag(client: TestClient, token: str) -> str:
    response = client.get("/v1/me/choices", headers=bearer(token))
    assert response.status_code == 200, response.text
    return response.headers["etag"]


def _patch(
    client: TestClient, token: str, changes: dict[str, bool], *, if_match: str
) -> httpx.Response:
    return client.patch(
        "/v1/me/choices",
        json={"changes": changes},
        headers={**bearer(token), "If-Match": if_match, "X-Client": "PrivacyDesk/0.1.0"},
    )


def _give_ad_profiles(database: Database, clock: FakeClock, *accounts: Account) -> None:
    with database.session() as session:
        session.add_all(
            AdSegment(user_id=account.id, segment=segment, score=50, updated_at=clock.now)
            for account in accounts
            for segment in SEGMENTS
        )


def _segments(database: Database) -> list[tuple[str, str]]:
    with database.session() as session:
        rows = session.execute(select(AdSegment.user_id, AdSegment.segment)).all()
    return sorted((user_id, segment) for user_id, segment in rows)


def _receipt_count(database: Database) -> int:
    with database.session() as session:
        count = session.scalar(select(func.count()).select_from(ConsentReceipt))
    return int(count or 0)


def test_switching_personalised_ads_off_deletes_adas_ad_profile_and_not_bobs(
    client: TestClient,
    ada: Account,
    bob: Account,
    ada_token: str,
    database: Database,
    clock: FakeClock,
) -> None:
    _give_ad_profiles(database, clock, ada, bob)

    response = _patch(client, ada_token, {"X2": False}, if_match=_etag(client, ada_token))

    assert response.status_code == 200, response.text
    assert _segments(database) == sorted((bob.id, segment) for segment in SEGMENTS)
    [receipt] = response.json()["receipts"]
    assert (receipt["choice_id"], receipt["value"]) == ("X2", False)


def test_changing_other_choices_leaves_the_ad_profile_alone(
    client: TestClient, ada: Account, ada_token: str, database: Database, clock: FakeClock
) -> None:
    _give_ad_profiles(database, clock, ada)

    response = _patch(
        client,
        ada_token,
        {"X1": False, "X3": False, "X5": True},
        if_match=_etag(client, ada_token),
    )

    assert response.status_code == 200, response.text
    assert _segments(database) == sorted((ada.id, segment) for segment in SEGMENTS)


def test_a_refused_change_keeps_the_ad_profile(
    client: TestClient, ada: Account, ada_token: str, database: Database, clock: FakeClock
) -> None:
    _give_ad_profiles(database, clock, ada)
    stale = _etag(client, ada_token)
    assert _patch(client, ada_token, {"X4": False}, if_match=stale).status_code == 200

    # From a stale screen, and with a choice that does not exist: neither touches anything.
    assert_problem(_patch(client, ada_token, {"X2": False}, if_match=stale), 412, "stale_etag")
    current = _etag(client, ada_token)
    assert_problem(_patch(client, ada_token, {"X2": False, "X99": True}, if_match=current), 422)

    assert _segments(database) == sorted((ada.id, segment) for segment in SEGMENTS)
    assert _receipt_count(database) == 1


def test_switching_playback_statistics_off_keeps_the_statistics_already_stored(
    client: TestClient, ada: Account, ada_token: str, database: Database, clock: FakeClock
) -> None:
    with database.session() as session:
        session.add_all(
            PlaybackEvent(
                user_id=ada.id,
                occurred_at=clock.now - timedelta(hours=hours),
                device="Living room TV",
                media_kind="video",
                duration_seconds=1200,
                bitrate_kbps=8000,
                resolution="1080p",
                file_type="mkv",
                ip_address="192.0.2.10",
            )
            for hours in range(4)
        )

    response = _patch(client, ada_token, {"X1": False}, if_match=_etag(client, ada_token))

    assert response.status_code == 200, response.text
    with database.session() as session:
        kept = session.scalar(select(func.count()).where(PlaybackEvent.user_id == ada.id))
    # Collection stops (ingest reads the choice); retention and deletion handle the rest.
    assert kept == 4


def test_a_patch_that_changes_nothing_keeps_the_etag_and_issues_no_receipt(
    client: TestClient, ada: Account, ada_token: str, database: Database
) -> None:
    etag = _etag(client, ada_token)

    response = _patch(client, ada_token, dict(DEFAULTS_FROM_POLICY), if_match=etag)

    assert response.status_code == 200, response.text
    assert response.headers["etag"] == etag
    body = response.json()
    assert f'"{body["version"]}"' == etag
    assert body["receipts"] == []
    assert _receipt_count(database) == 0
    assert _etag(client, ada_token) == etag
    with database.session() as session:
        assert session.scalar(select(User.choices_version).where(User.id == ada.id)) == int(
            etag.strip('"')
        )
    # The ETag is still good for a real change afterwards.
    assert _patch(client, ada_token, {"X2": False}, if_match=etag).status_code == 200


def test_a_patch_that_changes_nothing_from_a_stale_screen_is_still_refused(
    client: TestClient, ada_token: str
) -> None:
    stale = _etag(client, ada_token)
    assert _patch(client, ada_token, {"X2": False}, if_match=stale).status_code == 200

    assert_problem(_patch(client, ada_token, {"X2": False}, if_match=stale), 412, "stale_etag")


def test_if_match_star_changes_whatever_version_is_current(
    client: TestClient, ada_token: str, database: Database
) -> None:
    first = _patch(client, ada_token, {"X4": False}, if_match=_etag(client, ada_token))
    assert first.status_code == 200, first.text
    version = first.json()["version"]

    response = _patch(client, ada_token, {"X2": False}, if_match="*")

    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["version"] == version + 1
    assert response.headers["etag"] == f'"{version + 1}"'
    values = {choice["id"]: choice["value"] for choice in body["choices"]}
    assert values == {**DEFAULTS_FROM_POLICY, "X2": False, "X4": False}
    assert [receipt["choice_id"] for receipt in body["receipts"]] == ["X2"]
    assert _receipt_count(database) == 2


def test_if_match_with_a_list_of_etags_passes_when_one_is_current(
    client: TestClient, ada_token: str
) -> None:
    current = _etag(client, ada_token)

    response = _patch(client, ada_token, {"X6": False}, if_match=f'"999", {current}')

    assert response.status_code == 200, response.text


@pytest.fixture
def restarted_client(settings: Settings) -> Iterator[TestClient]:
    """The same service started again: a new app and engine on the same database."""
    database = Database(settings.database_url)
    try:
        with TestClient(create_app(settings, database)) as test_client:
            yield test_client
    finally:
        database.dispose()


def test_the_signing_key_survives_a_restart_of_the_service(
    client: TestClient,
    ada_token: str,
    bob: Account,
    restarted_client: TestClient,
    database: Database,
) -> None:
    [before] = _patch(client, ada_token, {"X2": False}, if_match=_etag(client, ada_token)).json()[
        "receipts"
    ]

    bob_token = sign_in(restarted_client, bob)["access_token"]
    after_restart = _patch(
        restarted_client, bob_token, {"X3": False}, if_match=_etag(restarted_client, bob_token)
    )

    assert after_restart.status_code == 200, after_restart.text
    [after] = after_restart.json()["receipts"]
    assert after["key_id"] == before["key_id"]
    keys = restarted_client.get("/v1/keys").json()["keys"]
    assert [key["key_id"] for key in keys] == [before["key_id"]]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(SigningKey)) == 1
