"""Loading the overview and the choices page, without Qt: unsent changes and changes made
elsewhere are told apart, and a passing outage falls back on what this computer knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.api.errors import FailureKind, ServiceError
from app.core.requests import RequestStatus
from app.flows.choice_loading import changed_elsewhere, load_choices
from app.flows.overview import load_overview
from app.local.catalog_cache import CatalogCache
from app.local.last_seen_choices import LastSeenChoices
from app.local.pending_changes import PendingChangesJournal
from tests.app.flows.service_fakes import (
    CATALOG,
    START,
    FakeClient,
    FakeSession,
    a_request,
    values_of,
)


@pytest.fixture
def session() -> FakeSession:
    client = FakeClient(requests_now=[a_request(1, RequestStatus.RECEIVED)])
    return FakeSession(client)


@pytest.fixture
def journal(tmp_path: Path) -> PendingChangesJournal:
    return PendingChangesJournal(tmp_path / "pending.json")


@pytest.fixture
def last_seen(tmp_path: Path) -> LastSeenChoices:
    return LastSeenChoices(tmp_path / "last-seen.json")


def test_the_overview_holds_the_choices_requests_unsent_changes_and_what_changed_elsewhere(
    session: FakeSession, journal: PendingChangesJournal, last_seen: LastSeenChoices
) -> None:
    key = session.account.vault_key
    last_seen.remember(key, {"X1": True, "X2": True})  # X2 was switched off elsewhere since
    journal.record(key, "X1", False)  # and the user's own change of X1 is not sent yet

    data = load_overview(session, journal, last_seen, now=lambda: START)  # type: ignore[arg-type]

    assert data.catalog is CATALOG and data.synced_at == START
    assert [r.id for r in data.requests] == ["req-1"]
    assert data.pending == {"X1": False}
    assert [(item.choice_id, item.now) for item in data.drift] == [("X2", False)]


def test_with_nothing_to_point_out_the_baseline_moves_to_the_service_values(
    session: FakeSession, journal: PendingChangesJournal, last_seen: LastSeenChoices
) -> None:
    key = session.account.vault_key
    values = values_of(X1=True, X2=False)

    assert changed_elsewhere(values, last_seen, journal, key) == []
    assert last_seen.get(key) == {"X1": True, "X2": False}

    other = values_of(X1=False, X2=False)
    assert [item.choice_id for item in changed_elsewhere(other, last_seen, journal, key)] == ["X1"]
    assert last_seen.get(key) == {"X1": True, "X2": False}, "news stays news until seen"


def test_the_choices_load_keeps_the_catalog_for_a_start_without_the_service(
    session: FakeSession, last_seen: LastSeenChoices, tmp_path: Path
) -> None:
    cache = CatalogCache(tmp_path / "catalog.json")
    loaded = load_choices(session, cache, last_seen)  # type: ignore[arg-type]
    assert loaded.values is not None and loaded.last_known == {}
    last_seen.remember(session.account.vault_key, {"X1": True, "X2": False})

    session.client.failure = ServiceError(FailureKind.OFFLINE)
    offline = load_choices(session, cache, last_seen)  # type: ignore[arg-type]

    assert offline.values is None
    assert offline.last_known == {"X1": True, "X2": False}
    assert [c.id for c in offline.catalog.choices] == ["X1", "X2"]


def test_a_refusal_or_nothing_known_is_a_failure_not_old_values(
    session: FakeSession, last_seen: LastSeenChoices, tmp_path: Path
) -> None:
    cache = CatalogCache(tmp_path / "catalog.json")
    session.client.failure = ServiceError(FailureKind.OFFLINE)
    with pytest.raises(ServiceError):
        load_choices(session, cache, last_seen)  # type: ignore[arg-type]

    session.client.failure = None
    load_choices(session, cache, last_seen)  # type: ignore[arg-type]
    last_seen.remember(session.account.vault_key, {"X1": True})
    session.client.failure = ServiceError(FailureKind.SESSION_EXPIRED)
    with pytest.raises(ServiceError):
        load_choices(session, cache, last_seen)  # type: ignore[arg-type]
