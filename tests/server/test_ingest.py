"""POST /v1/ingest/...: what apps send is kept only while the matching choice is on (X1-X3)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from server.config import Settings
from server.db.database import Database
from server.db.models import (
    AccessToken,
    AdSegment,
    ApplicationId,
    Base,
    ContentActivity,
    CrashReport,
    PlaybackEvent,
    new_id,
)
from server.security import new_token, token_digest
from tests.server.helpers import START, Account, FakeClock, assert_problem, bearer

WHEN = (START - timedelta(hours=2)).isoformat()

PLAYBACK = {
    "occurred_at": WHEN,
    "device": "Living room TV",
    "media_kind": "video",
    "duration_seconds": 5400,
    "bitrate_kbps": 8000,
    "resolution": "1080p",
    "file_type": "mkv",
}
CRASH_REPORT = {
    "app": "Media app for Android",
    "app_version": "10.12.0",
    "device": "Pixel 8",
    "summary": "Closed while resuming playback",
    "body": "at player.resume (frame 0)",
}
AD_EVENT = {
    "occurred_at": WHEN,
    "kind": "ad_click",
    "title": "Ad: Weekend island travel",
    "device": "iPad",
    "postal_code": "3511 AB",
}


@dataclass(frozen=True)
class Stream:
    """One kind of data an app sends, the table it lands in and the switch that guards it."""

    path: str
    event: dict[str, Any]
    model: type[Base]
    choice: str


STREAMS = {
    "playback": Stream("/v1/ingest/playback", PLAYBACK, PlaybackEvent, "X1"),
    "crash-reports": Stream("/v1/ingest/crash-reports", CRASH_REPORT, CrashReport, "X3"),
    "ad-events": Stream("/v1/ingest/ad-events", AD_EVENT, ContentActivity, "X2"),
}


def _register_app(database: Database, account: Account, secret: str) -> str:
    """An installed copy of an app (C12) whose ingest secret is `secret`."""
    with database.session() as session:
        application_id = session.execute(
            insert(ApplicationId).returning(ApplicationId.id),
            {
                "id": hashlib.md5(secret.encode()).hexdigest(),
                "user_id": account.id,
                "app": "Media server",
                "platform": "linux",
                "installed_at": START - timedelta(days=3),
                "secret_hash": hashlib.sha256(secret.encode()).hexdigest(),
            },
        ).scalar_one()
    return str(application_id)


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


def _app_auth(application_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": f"AppId {application_id}.{secret}"}


def _stored(database: Database, model: type[Base], account: Account) -> int:
    with database.session() as session:
        count = session.scalar(
            select(func.count()).select_from(model).where(model.user_id == account.id)  # type: ignore[attr-defined]
        )
    return int(count or 0)


def _switch(client: TestClient, headers: dict[str, str], choice: str, value: bool) -> None:
    etag = client.get("/v1/me/choices", headers=headers).headers["ETag"]
    response = client.patch(
        "/v1/me/choices",
        json={"changes": {choice: value}},
        headers={**headers, "If-Match": etag},
    )
    assert response.status_code == 200, response.text


@pytest.fixture
def ada_headers(database: Database, settings: Settings, ada: Account) -> dict[str, str]:
    return _signed_in(database, settings, ada)


@pytest.fixture(params=["bearer", "app-id"])
def caller(
    request: pytest.FixtureRequest,
    database: Database,
    settings: Settings,
    ada: Account,
) -> dict[str, str]:
    """Ada's credentials as a client app presents them: her access token or an app id."""
    if request.param == "bearer":
        return _signed_in(database, settings, ada)
    return _app_auth(
        _register_app(database, ada, "ada-media-server-secret"), "ada-media-server-secret"
    )


@pytest.mark.parametrize("stream_name", list(STREAMS))
def test_events_sent_while_the_choice_is_on_are_stored(
    client: TestClient,
    database: Database,
    ada: Account,
    caller: dict[str, str],
    stream_name: str,
) -> None:
    stream = STREAMS[stream_name]

    response = client.post(stream.path, json={"events": [stream.event] * 3}, headers=caller)

    assert response.status_code == 202, response.text
    assert response.json() == {"stored": 3}
    assert _stored(database, stream.model, ada) == 3


@pytest.mark.parametrize("stream_name", list(STREAMS))
def test_events_sent_with_the_choice_off_are_acknowledged_and_not_stored(
    client: TestClient,
    database: Database,
    ada: Account,
    ada_headers: dict[str, str],
    caller: dict[str, str],
    stream_name: str,
) -> None:
    stream = STREAMS[stream_name]
    _switch(client, ada_headers, stream.choice, False)

    response = client.post(stream.path, json={"events": [stream.event] * 3}, headers=caller)

    assert response.status_code == 202, response.text
    assert response.json() == {"stored": 0, "reason": "choice_off", "choice": stream.choice}
    assert _stored(database, stream.model, ada) == 0


def test_playback_statistics_sent_with_statistics_off_are_not_stored_until_it_is_on_again(
    client: TestClient, database: Database, ada: Account, ada_headers: dict[str, str]
) -> None:
    _switch(client, ada_headers, "X1", False)
    client.post("/v1/ingest/playback", json={"events": [PLAYBACK]}, headers=ada_headers)
    # Crash reports follow their own switch, not this one.
    crash = client.post(
        "/v1/ingest/crash-reports", json={"events": [CRASH_REPORT]}, headers=ada_headers
    )
    _switch(client, ada_headers, "X1", True)
    client.post("/v1/ingest/playback", json={"events": [PLAYBACK] * 2}, headers=ada_headers)

    assert crash.json() == {"stored": 1}
    assert _stored(database, PlaybackEvent, ada) == 2


def test_stored_playback_records_the_senders_address_and_no_title(
    client: TestClient, database: Database, ada: Account, ada_headers: dict[str, str]
) -> None:
    client.post("/v1/ingest/playback", json={"events": [PLAYBACK]}, headers=ada_headers)

    with database.session() as session:
        [event] = session.scalars(select(PlaybackEvent).where(PlaybackEvent.user_id == ada.id))
    assert event.ip_address == "testclient"  # the TestClient's peer address
    assert event.occurred_at == START - timedelta(hours=2)
    assert (event.media_kind, event.duration_seconds, event.resolution) == ("video", 5400, "1080p")
    assert not hasattr(event, "title")


@pytest.mark.parametrize("extra", ["title", "file_name"])
def test_playback_with_a_title_or_file_name_is_refused(
    client: TestClient, database: Database, ada: Account, ada_headers: dict[str, str], extra: str
) -> None:
    event = {**PLAYBACK, extra: "Holiday 2019.mkv"}

    response = client.post(
        "/v1/ingest/playback", json={"events": [PLAYBACK, event]}, headers=ada_headers
    )

    body = assert_problem(response, 422)
    assert any(extra in error["location"] for error in body["errors"])
    assert _stored(database, PlaybackEvent, ada) == 0


@pytest.mark.parametrize(
    ("path", "event"),
    [
        ("/v1/ingest/playback", {**PLAYBACK, "media_kind": "podcast"}),
        ("/v1/ingest/playback", {**PLAYBACK, "occurred_at": "2025-03-03T09:00:00"}),
        ("/v1/ingest/playback", {**PLAYBACK, "duration_seconds": -1}),
        ("/v1/ingest/ad-events", {**AD_EVENT, "kind": "purchase"}),
        ("/v1/ingest/crash-reports", {**CRASH_REPORT, "summary": "a\x00b"}),
        ("/v1/ingest/crash-reports", {**CRASH_REPORT, "body": "lone \ud800 surrogate"}),
        ("/v1/ingest/ad-events", {**AD_EVENT, "occurred_at": "0001-01-01T00:00:00+05:00"}),
    ],
    ids=[
        "unknown-media-kind",
        "time-without-zone",
        "negative-duration",
        "unknown-kind",
        "nul",
        "lone-surrogate",
        "time-before-year-one-in-utc",
    ],
)
def test_malformed_events_are_refused_whole(
    client: TestClient, ada_headers: dict[str, str], path: str, event: dict[str, Any]
) -> None:
    # json.dumps escapes a lone surrogate as \ud800, as a careless client would send it.
    body = json.dumps({"events": [event]})
    headers = {**ada_headers, "Content-Type": "application/json"}

    assert_problem(client.post(path, content=body, headers=headers), 422)


def test_a_batch_holds_at_most_a_thousand_events(
    client: TestClient, database: Database, ada: Account, ada_headers: dict[str, str]
) -> None:
    too_many = client.post(
        "/v1/ingest/playback", json={"events": [PLAYBACK] * 1001}, headers=ada_headers
    )
    most = client.post(
        "/v1/ingest/playback", json={"events": [PLAYBACK] * 1000}, headers=ada_headers
    )

    assert_problem(too_many, 422)
    assert most.json() == {"stored": 1000}
    assert _stored(database, PlaybackEvent, ada) == 1000


def test_crash_reports_are_dated_when_the_service_receives_them(
    client: TestClient, database: Database, clock: FakeClock, ada_headers: dict[str, str]
) -> None:
    clock.advance(minutes=10)

    response = client.post(
        "/v1/ingest/crash-reports", json={"events": [CRASH_REPORT]}, headers=ada_headers
    )

    assert response.status_code == 202, response.text

    with database.session() as session:
        [report] = session.scalars(select(CrashReport))
    assert report.received_at == clock.now
    assert report.summary == CRASH_REPORT["summary"]


def test_ad_events_build_an_ad_profile_while_personalised_ads_are_on(
    client: TestClient, database: Database, ada: Account, ada_headers: dict[str, str]
) -> None:
    watched = {**AD_EVENT, "kind": "watched", "title": "Live TV: Cycling, stage 12"}
    client.post("/v1/ingest/ad-events", json={"events": [AD_EVENT, watched]}, headers=ada_headers)
    client.post("/v1/ingest/ad-events", json={"events": [AD_EVENT]}, headers=ada_headers)

    with database.session() as session:
        profile = {
            row.segment: row.score
            for row in session.scalars(select(AdSegment).where(AdSegment.user_id == ada.id))
        }
    # Two clicks on a travel ad (3 each), one sports programme watched (2).
    assert profile == {"interest:travel": 6, "interest:sports": 2}


def test_ad_events_with_personalised_ads_off_build_no_profile(
    client: TestClient, database: Database, ada: Account, ada_headers: dict[str, str]
) -> None:
    _switch(client, ada_headers, "X2", False)

    client.post("/v1/ingest/ad-events", json={"events": [AD_EVENT]}, headers=ada_headers)

    assert _stored(database, AdSegment, ada) == 0


def test_bobs_app_id_cannot_post_as_ada(
    client: TestClient, database: Database, ada: Account, bob: Account
) -> None:
    ada_app = _register_app(database, ada, "ada-secret")
    bob_app = _register_app(database, bob, "bob-secret")

    as_bob = client.post(
        "/v1/ingest/playback", json={"events": [PLAYBACK]}, headers=_app_auth(bob_app, "bob-secret")
    )
    adas_id_bobs_secret = client.post(
        "/v1/ingest/playback", json={"events": [PLAYBACK]}, headers=_app_auth(ada_app, "bob-secret")
    )

    assert as_bob.json() == {"stored": 1}
    assert _stored(database, PlaybackEvent, bob) == 1
    assert_problem(adas_id_bobs_secret, 401)
    assert _stored(database, PlaybackEvent, ada) == 0


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "AppId",
        "AppId 0123456789abcdef0123456789abcdef",
        "AppId 0123456789abcdef0123456789abcdef.guess",
        "Bearer not-a-token",
    ],
    ids=["none", "empty-app-id", "no-secret", "unknown-app-id", "unknown-token"],
)
def test_ingest_without_valid_credentials_is_refused(
    client: TestClient, database: Database, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = client.post("/v1/ingest/playback", json={"events": [PLAYBACK]}, headers=headers)

    assert_problem(response, 401)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(PlaybackEvent)) == 0


def test_an_app_id_without_a_secret_on_record_cannot_authenticate(
    client: TestClient, database: Database, ada: Account
) -> None:
    with database.session() as session:
        session.execute(
            insert(ApplicationId),
            {
                "id": "a" * 32,
                "user_id": ada.id,
                "app": "Old app",
                "platform": "android",
                "installed_at": START,
                "secret_hash": "",
            },
        )

    response = client.post(
        "/v1/ingest/playback", json={"events": [PLAYBACK]}, headers=_app_auth("a" * 32, "x")
    )

    assert_problem(response, 401)
