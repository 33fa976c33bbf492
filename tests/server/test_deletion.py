"""Deleting an account (R4, T5): after the grace period every category is empty for that
person, playback statistics stay without any link to them, every token is dead, a tombstone
without the e-mail proves it happened, and sign-in says the account was deleted."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts import email_digest
from server.config import Settings
from server.data_stores import STORES
from server.db import models
from server.db.database import Database
from server.db.models import (
    Base,
    DeletionTombstone,
    PlaybackEvent,
    PrivacyRequest,
    User,
    new_id,
)
from server.jobs.worker import run_worker
from tests.server.helpers import (
    Account,
    FakeClock,
    assert_problem,
    bearer,
    password_grant,
    refresh,
    sign_in,
    who_am_i,
)


def _one_record_per_category(session: Session, user_id: str, now: Any) -> set[str]:
    """A record in every category store, plus choices and the ad profile; the ids covered."""
    rows: dict[str, Base] = {
        "C2": models.ConnectedAccount(
            user_id=user_id,
            provider="social",
            external_name="Ada",
            external_email="ada@social.example",
            connected_at=now,
        ),
        "C4": models.Integration(user_id=user_id, kind="voice", name="Speaker", enabled_at=now),
        "C5": models.PlaybackEvent(
            user_id=user_id,
            occurred_at=now,
            device="TV",
            media_kind="video",
            duration_seconds=60,
            bitrate_kbps=4000,
            resolution="1080p",
            file_type="mkv",
            ip_address="192.0.2.7",
        ),
        "C6": models.ContentActivity(
            user_id=user_id,
            occurred_at=now,
            kind="watched",
            title="A free film",
            device="TV",
            ip_address="192.0.2.7",
        ),
        "C7": models.PartnerReport(
            user_id=user_id, reported_at=now, partner="Studio", metric="trailers", count=3
        ),
        "C8": models.MediaServer(
            user_id=user_id,
            name="Home",
            ip_address="192.0.2.8",
            port=32400,
            created_at=now,
            last_seen_at=now,
        ),
        "C10": models.CrashReport(
            user_id=user_id,
            received_at=now,
            app="desk",
            app_version="1.0",
            device="laptop",
            summary="crash",
            body="trace",
        ),
        "C11": models.Device(
            user_id=user_id,
            ip_address="192.0.2.7",
            os="Linux",
            os_version="6",
            app_version="1.0",
            last_seen_at=now,
        ),
        "C12": models.ApplicationId(
            user_id=user_id, app="desk", platform="linux", installed_at=now
        ),
        "C14": models.Cookie(user_id=user_id, name="session", purpose="sign-in", set_at=now),
        "C15": models.ConsentReceipt(
            id=new_id(),
            user_id=user_id,
            issued_at=now,
            choice_id="X1",
            value=False,
            payload="{}",
            signature="sig",
            key_id="key",
        ),
    }
    session.add_all(rows.values())
    session.add(models.ChoiceValue(user_id=user_id, choice_id="X1", value=False, updated_at=now))
    session.add(
        models.ChoiceChange(
            user_id=user_id,
            choice_id="X1",
            old_value=True,
            new_value=False,
            changed_at=now,
            client="tests",
        )
    )
    session.add(models.AdSegment(user_id=user_id, segment="films", score=5, updated_at=now))
    return set(rows)


def _rows_keyed_by(session: Session, user_id: str) -> dict[str, int]:
    """For every table with a user_id column: how many rows still name this person."""
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if "user_id" in table.c:
            counts[table.name] = (
                session.scalar(
                    select(func.count()).select_from(table).where(table.c.user_id == user_id)
                )
                or 0
            )
    return counts


def _file_deletion(client: TestClient, account: Account) -> tuple[dict[str, Any], str]:
    grant = sign_in(client, account)
    token = grant["access_token"]
    stepped = client.post(
        "/v1/auth/step-up", data={"password": account.password}, headers=bearer(token)
    )
    assert stepped.status_code == 200, stepped.text
    response = client.post(
        "/v1/me/requests",
        json={"kind": "deletion"},
        headers={**bearer(token), "Idempotency-Key": "goodbye"},
    )
    assert response.status_code == 201, response.text
    return grant, response.json()["id"]


def test_after_the_grace_period_the_account_and_its_personal_data_are_gone(
    client: TestClient,
    database: Database,
    settings: Settings,
    clock: FakeClock,
    ada: Account,
    bob: Account,
) -> None:
    with database.session() as session:
        covered = _one_record_per_category(session, ada.id, clock())
        _one_record_per_category(session, bob.id, clock())
    assert covered == set(STORES), "a category store was added: give it a record here"
    grant, request_id = _file_deletion(client, ada)
    access_request = client.post(
        "/v1/me/requests",
        json={"kind": "access"},
        headers={**bearer(grant["access_token"]), "Idempotency-Key": "copy first"},
    ).json()["id"]

    clock.advance(settings.deletion_grace)
    run_worker(database, settings, once=True, schedule_retention=False)

    with database.session() as session:
        leftovers = {name: n for name, n in _rows_keyed_by(session, ada.id).items() if n}
        bobs = _rows_keyed_by(session, bob.id)
        unlinked_playback = session.scalars(
            select(PlaybackEvent).where(PlaybackEvent.user_id.is_(None))
        ).all()
        tombstones = session.scalars(select(DeletionTombstone)).all()
        request = session.get(PrivacyRequest, request_id)
        other_request = session.get(PrivacyRequest, access_request)
        assert session.get(User, ada.id) is None
        assert session.get(User, bob.id) is not None
    assert leftovers == {}
    assert all(bobs[store.model.__tablename__] == 1 for store in STORES.values())
    # T5: the figures stay, without who or where.
    assert len(unlinked_playback) == 1
    assert unlinked_playback[0].ip_address is None
    assert unlinked_playback[0].duration_seconds == 60
    # The proof: no e-mail, no name, only a digest and dates.
    assert len(tombstones) == 1
    tombstone = tombstones[0]
    assert tombstone.email_digest == email_digest(ada.email)
    assert tombstone.request_id == request_id
    assert tombstone.deleted_at == clock()
    stored_text = " ".join(str(getattr(tombstone, c.key)) for c in DeletionTombstone.__table__.c)
    # Ids and digests are hex, and "ada" is three hex digits: look at the text around them.
    without_hex = re.sub(r"[0-9a-f]{16,}", "", stored_text.lower())
    assert ada.email not in stored_text and "ada" not in without_hex
    assert request is not None and request.status == "completed" and request.user_id is None
    assert request.details == "{}"
    assert other_request is None


def test_after_the_deletion_every_token_is_dead_and_sign_in_says_the_account_was_deleted(
    client: TestClient, database: Database, settings: Settings, clock: FakeClock, ada: Account
) -> None:
    grant, _request_id = _file_deletion(client, ada)
    clock.advance(settings.deletion_grace)
    later = sign_in(client, ada)  # signed in again during the grace period, on another app
    run_worker(database, settings, once=True, schedule_retention=False)

    assert_problem(who_am_i(client, later["access_token"]), 401)
    assert_problem(refresh(client, grant["refresh_token"]), 400)
    assert_problem(refresh(client, later["refresh_token"]), 400)
    refused = assert_problem(
        password_grant(client, ada.email, ada.password), 400, "account_deleted"
    )
    assert "deleted" in refused["detail"]
    wrong_password = password_grant(client, ada.email.upper(), "whatever it was")
    assert_problem(wrong_password, 400, "account_deleted")


def test_a_deletion_is_not_carried_out_one_minute_before_the_grace_period_ends(
    client: TestClient, database: Database, settings: Settings, clock: FakeClock, ada: Account
) -> None:
    _file_deletion(client, ada)
    clock.advance(settings.deletion_grace - timedelta(minutes=1))

    run_worker(database, settings, once=True, schedule_retention=False)

    with database.session() as session:
        assert session.get(User, ada.id) is not None
    assert sign_in(client, ada)["user"]["id"] == ada.id


def test_the_grace_period_follows_the_settings(
    client: TestClient, database: Database, database_url: str, clock: FakeClock, ada: Account
) -> None:
    from server.app import create_app

    quick = Settings(
        database_url=database_url,
        clock=clock,
        deletion_grace=timedelta(days=1),
        password_grant=True,
    )
    with TestClient(create_app(quick, database)) as quick_client:
        _file_deletion(quick_client, ada)
    clock.advance(days=1)

    run_worker(database, quick, once=True, schedule_retention=False)

    with database.session() as session:
        assert session.get(User, ada.id) is None


def test_a_bystanders_sign_in_still_says_the_password_is_wrong(
    client: TestClient, bob: Account
) -> None:
    assert_problem(password_grant(client, bob.email, "not it"), 400, "invalid_grant")
