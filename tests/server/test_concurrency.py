"""Races over real connections, on SQLite and on PostgreSQL: requests sent at the same moment
from threads of their own into a real service (uvicorn on a loopback port, its thread pool,
the database's own locking)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime

import httpx
from sqlalchemy import func, select

from server.config import Settings
from server.db.database import Database
from server.db.models import ChoiceChange, ConsentReceipt, User
from server.embedded import EmbeddedService
from tests.server.helpers import Account
from tests.server.processes import issue_access_token

# --- Simultaneous PATCHes with one ETag -----------------------------------------------------


def test_of_simultaneous_choice_changes_sent_with_one_etag_exactly_one_wins(
    settings: Settings, database: Database, ada: Account
) -> None:
    """Nine apps read version 1 and each flips a different switch at the same moment: one
    change is applied, the other eight are told the ETag is stale (412), none is lost half-way
    and none is a server error."""
    token = issue_access_token(database, ada)
    headers = {"Authorization": f"Bearer {token}", "If-Match": '"1"'}
    wall_clock = replace(settings, clock=lambda: datetime.now(UTC))
    choices = [f"X{n}" for n in range(1, 10)]
    answers: dict[str, httpx.Response] = {}
    with EmbeddedService(wall_clock) as service:
        barrier = threading.Barrier(len(choices), timeout=30)

        def flip(choice: str) -> None:
            with httpx.Client(base_url=service.base_url, timeout=30) as http:
                http.get("/v1/health")  # connected before the barrier: the PATCHes race
                barrier.wait()
                answers[choice] = http.patch(
                    "/v1/me/choices", json={"changes": {choice: choice == "X5"}}, headers=headers
                )

        threads = [threading.Thread(target=flip, args=(choice,)) for choice in choices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    statuses = sorted(response.status_code for response in answers.values())
    assert statuses == [200] + [412] * 8, {c: r.text[:200] for c, r in answers.items()}
    winner = next(choice for choice, response in answers.items() if response.status_code == 200)
    assert answers[winner].headers["ETag"] == '"2"'
    with database.session() as session:
        assert session.get(User, ada.id).choices_version == 2  # type: ignore[union-attr]
        changes = session.scalars(select(ChoiceChange).where(ChoiceChange.user_id == ada.id))
        assert [change.choice_id for change in changes] == [winner]
        receipts = session.scalar(
            select(func.count()).select_from(ConsentReceipt).where(ConsentReceipt.user_id == ada.id)
        )
        assert receipts == 1
