"""--demo's database: seeded once into a template in the cache folder, copied for every run."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.api.client import PrivacyClient
from app.demo import TEMPLATE_PREFIX, DemoService, start_demo_service


def templates(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"{TEMPLATE_PREFIX}*.sqlite3"))


def x1_of(demo: DemoService) -> tuple[PrivacyClient, str, bool | None]:
    client = PrivacyClient(demo.base_url)
    token = client.password_grant(demo.email, demo.password).access_token
    return client, token, client.choices(token).value_of("X1")


def test_the_demo_is_seeded_once_and_every_run_starts_from_the_seeded_state(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    first = start_demo_service(cache)
    try:
        (template,) = templates(cache)
        built = template.stat().st_mtime_ns
        client, token, seeded = x1_of(first)
        assert seeded is not None
        etag = client.choices(token).etag
        client.change_choices(token, etag, {"X1": not seeded})  # a visitor flips a switch
        assert client.requests(token), "the demo's requests come with the template"
    finally:
        first.stop()

    second = start_demo_service(cache)
    try:
        assert templates(cache) == [template]
        assert template.stat().st_mtime_ns == built, "the template was built again"
        assert x1_of(second)[2] == seeded, "the second run saw the first run's change"
    finally:
        second.stop()


def test_a_changed_seed_builds_a_new_template_and_drops_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import server.demo

    cache = tmp_path / "cache"
    start_demo_service(cache).stop()
    (old,) = templates(cache)

    monkeypatch.setattr(server.demo, "DEMO_SEED_VERSION", server.demo.DEMO_SEED_VERSION + 1)
    demo = start_demo_service(cache)
    try:
        (new,) = templates(cache)
        assert new != old
        assert x1_of(demo)[2] is not None  # seeded all the same
    finally:
        demo.stop()


def test_the_key_follows_the_seed_parameters() -> None:
    from server.demo import DEFAULT_DEMO_EVENTS, demo_database_key

    assert demo_database_key() == demo_database_key(DEFAULT_DEMO_EVENTS)
    assert demo_database_key() != demo_database_key(DEFAULT_DEMO_EVENTS + 1)
    assert demo_database_key() != demo_database_key(seed=1)
