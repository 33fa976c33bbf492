"""The demo account: months of history in every category that holds records, seeded once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server.catalog.entries import CATEGORIES, CHOICES
from server.cli import main
from server.config import Settings
from server.data_stores import STORES
from server.db.database import Database
from server.db.migrate import upgrade_to_latest
from server.db.models import (
    AccessToken,
    AdSegment,
    Agent,
    ChoiceChange,
    CrashReport,
    PlaybackEvent,
    User,
    new_id,
)
from server.demo import (
    DEMO_AGENT_ID,
    DEMO_AGENT_NAME,
    DEMO_EMAIL,
    demo_agent_verify_key,
    seed_demo,
)
from server.security import new_token, token_digest
from server.seeding import CONSENT_HISTORY, HISTORY
from tests.server.helpers import FakeClock, bearer, sqlite_url

EVENTS = 300


def _signed_in(database: Database, settings: Settings, user_id: str) -> dict[str, str]:
    """Headers with a live access token, stored as a sign-in stores one (argon2 skipped)."""
    token = new_token()
    with database.session() as session:
        session.add(
            AccessToken(
                token_hash=token_digest(token),
                user_id=user_id,
                family_id=new_id(),
                expires_at=settings.clock() + settings.access_token_lifetime,
            )
        )
    return bearer(token)


def _playback(database: Database, user_id: str) -> list[tuple[Any, ...]]:
    with database.session() as session:
        rows = session.execute(
            select(
                PlaybackEvent.occurred_at,
                PlaybackEvent.device,
                PlaybackEvent.media_kind,
                PlaybackEvent.duration_seconds,
                PlaybackEvent.bitrate_kbps,
                PlaybackEvent.resolution,
                PlaybackEvent.file_type,
            )
            .where(PlaybackEvent.user_id == user_id)
            .order_by(PlaybackEvent.id)
        ).all()
    return [tuple(row) for row in rows]


@pytest.fixture
def demo(database: Database, settings: Settings) -> User:
    return seed_demo(database, settings, events=EVENTS)


def test_the_demo_account_shows_records_in_every_category_that_holds_any(
    client: TestClient, database: Database, settings: Settings, demo: User
) -> None:
    summary = client.get("/v1/me/data", headers=_signed_in(database, settings, demo.id))

    assert summary.status_code == 200
    counts = {category["id"]: category["count"] for category in summary.json()["categories"]}
    for category in CATEGORIES:
        if category.holds_records:
            assert counts[category.id] >= 1, f"{category.id} is empty for the demo account"
        else:
            assert counts[category.id] == 0
    assert counts["C5"] == EVENTS
    parts = {
        category["id"]: {part["part"]: part["count"] for part in category["parts"]}
        for category in summary.json()["categories"]
    }
    assert parts["C6"]["records"] == EVENTS // 10
    assert parts["C6"]["ad-profile"] >= 1, "the demo has an ad profile to look at"
    assert counts["C6"] == sum(parts["C6"].values())
    assert (counts["C2"], counts["C4"], counts["C8"], counts["C12"]) == (2, 3, 2, 3)
    # Every seeded change of a choice comes with its signed receipt.
    assert counts["C15"] == len(CONSENT_HISTORY)


def test_the_demo_playback_spans_about_six_months_on_several_devices(
    database: Database, clock: FakeClock, demo: User
) -> None:
    playback = _playback(database, demo.id)

    times = [row[0] for row in playback]
    assert times == sorted(times)  # events arrive in the order they happened
    assert clock.now - HISTORY <= times[0] and times[-1] < clock.now
    assert times[-1] - times[0] > timedelta(days=150)
    assert 3 <= len({row[1] for row in playback}) <= 4
    assert {row[2] for row in playback} == {"music", "photo", "video"}


def test_the_demo_has_crash_reports_old_enough_for_the_retention_sweep(
    database: Database, clock: FakeClock, demo: User
) -> None:
    with database.session() as session:
        received = list(
            session.scalars(select(CrashReport.received_at).where(CrashReport.user_id == demo.id))
        )

    limit = clock.now - timedelta(days=90)  # T2
    assert any(moment < limit for moment in received)
    assert any(moment >= limit for moment in received)


def test_the_demo_choices_follow_its_consent_history(
    client: TestClient, database: Database, settings: Settings, demo: User
) -> None:
    headers = _signed_in(database, settings, demo.id)

    choices = client.get("/v1/me/choices", headers=headers).json()
    with database.session() as session:
        changes = list(
            session.scalars(
                select(ChoiceChange)
                .where(ChoiceChange.user_id == demo.id)
                .order_by(ChoiceChange.changed_at)
            )
        )
        segments = session.scalar(
            select(func.count()).select_from(AdSegment).where(AdSegment.user_id == demo.id)
        )

    values = {choice["id"]: choice["value"] for choice in choices["choices"]}
    assert values["X4"] is False  # the newsletter was switched off
    assert values["X7"] is True  # recommendations off, then on again
    assert values["X2"] is True
    assert segments  # personalised ads are on, so there is an ad profile to delete
    assert [(c.choice_id, c.new_value) for c in changes] == [
        (choice_id, value) for _days, choice_id, value, _client in CONSENT_HISTORY
    ]
    # Each change starts from where the previous one (or the default) left the switch.
    current = {choice.id: choice.default for choice in CHOICES}
    for change in changes:
        assert change.old_value == current[change.choice_id]
        current[change.choice_id] = change.new_value


def test_seeding_the_demo_twice_changes_nothing(
    database: Database, settings: Settings, demo: User
) -> None:
    before = {category: _count(database, category, demo.id) for category in STORES}

    again = seed_demo(database, settings, events=EVENTS * 2)

    assert again.id == demo.id
    assert {category: _count(database, category, demo.id) for category in STORES} == before


def _count(database: Database, category: str, user_id: str) -> int:
    store = STORES[category]
    with database.session() as session:
        count = session.scalar(
            select(func.count()).select_from(store.model).where(store.column("user_id") == user_id)
        )
    return int(count or 0)


def test_the_same_seed_and_clock_give_the_same_demo_data(
    database: Database, settings: Settings, fresh_database_url: str, demo: User
) -> None:
    upgrade_to_latest(fresh_database_url)
    other = Database(fresh_database_url)
    try:
        twin = seed_demo(
            other,
            Settings(database_url=fresh_database_url, clock=FakeClock(settings.clock())),
            events=EVENTS,
        )
        assert _playback(other, twin.id) == _playback(database, demo.id)
    finally:
        other.dispose()


def test_seed_demo_on_the_command_line_seeds_the_events_asked_for(
    fresh_database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PRIVACY_SERVER_DATABASE_URL", raising=False)

    status = main(["--database-url", fresh_database_url, "seed-demo", "--events", "500"])

    assert status == 0
    assert DEMO_EMAIL in capsys.readouterr().out
    database = Database(fresh_database_url)
    try:
        with database.session() as session:
            demo_id = session.scalar(select(User.id).where(User.email == DEMO_EMAIL))
        assert demo_id is not None
        assert _count(database, "C5", demo_id) == 500
    finally:
        database.dispose()


def test_seed_demo_refuses_a_negative_number_of_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "never-created.sqlite3")

    with pytest.raises(SystemExit) as exit_info:
        main(["--database-url", url, "seed-demo", "--events", "-5"])

    assert exit_info.value.code == 2
    assert "negative" in capsys.readouterr().err
    assert not (tmp_path / "never-created.sqlite3").exists()


def test_the_demo_service_has_an_agent_the_demo_user_can_authorise(
    client: TestClient, database: Database, settings: Settings, demo: User
) -> None:
    """`make demo` shows authorised agents (R6) with one to pick; its key is the demo's own."""
    headers = _signed_in(database, settings, demo.id)
    agents = client.get("/v1/agents", headers=headers)
    assert agents.status_code == 200
    listed = {agent["id"]: agent["name"] for agent in agents.json()["agents"]}
    assert listed == {DEMO_AGENT_ID: DEMO_AGENT_NAME}
    with database.session() as session:
        stored = session.get(Agent, DEMO_AGENT_ID)
        assert stored is not None and stored.verify_key == demo_agent_verify_key()
