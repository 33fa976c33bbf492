"""Requests filed at the same moment, over real connections, on both databases.

An app that retries after a lost answer may send the same filing again while the first is
still being handled. One Idempotency-Key stands for one request however the copies
arrive: exactly one is filed (201), every other copy is answered with that same request
(200), and a copy with other contents under the same key is refused (422), never a 500.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from server.api import requests as requests_api
from server.config import Settings
from server.db.database import Database
from server.db.models import Job, PrivacyRequest
from server.embedded import EmbeddedService
from tests.server.helpers import Account
from tests.server.live import all_at_once, post_form, running_service

SIMULTANEOUS = 6


# Held between looking the key up and inserting the request, so that every copy of a burst
# finds the key unused before any of them inserts: the race at its widest.
WINDOW_SECONDS = 0.05


@pytest.fixture
def service(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddedService]:
    real_add_one_month = requests_api.add_one_month

    def slow_add_one_month(moment: datetime) -> datetime:
        time.sleep(WINDOW_SECONDS)
        return real_add_one_month(moment)

    monkeypatch.setattr(requests_api, "add_one_month", slow_add_one_month)
    with running_service(replace(settings, sign_in_attempts_per_address=1000)) as service:
        yield service


def _access_token(service: EmbeddedService, account: Account) -> str:
    form = {"grant_type": "password", "username": account.email, "password": account.password}
    response = post_form(service.base_url, "/v1/auth/token", form)()
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _file(service: EmbeddedService, token: str, key: str, body: dict[str, Any]) -> Any:
    def call() -> httpx.Response:
        with httpx.Client(base_url=service.base_url, timeout=30.0) as client:
            return client.post(
                "/v1/me/requests",
                json=body,
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
            )

    return call


def _requests_of(database: Database, account: Account) -> list[PrivacyRequest]:
    with database.session() as session:
        return list(
            session.scalars(select(PrivacyRequest).where(PrivacyRequest.user_id == account.id))
        )


def _jobs_for(database: Database, request_id: str) -> int:
    with database.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(Job).where(Job.payload.contains(request_id))
            )
            or 0
        )


CORRECTION = {
    "kind": "correction",
    "field": "username",
    "proposed_value": "Ada L.",
    "reason": "That is how I am called.",
}


@pytest.mark.parametrize("body", [{"kind": "access"}, CORRECTION], ids=["access", "correction"])
def test_copies_of_one_filing_sent_at_once_file_exactly_one_request(
    service: EmbeddedService, ada: Account, database: Database, body: dict[str, Any]
) -> None:
    token = _access_token(service, ada)

    answers = all_at_once([_file(service, token, "one-key", body)] * SIMULTANEOUS)

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * (SIMULTANEOUS - 1) + [201], [a.text for a in answers]
    assert len({answer.json()["id"] for answer in answers}) == 1
    filed = _requests_of(database, ada)
    assert [request.id for request in filed] == [answers[0].json()["id"]]
    # The job that carries it out exists once, too.
    assert _jobs_for(database, filed[0].id) == 1


def test_copies_with_other_contents_under_one_key_are_refused_and_one_request_is_filed(
    service: EmbeddedService, ada: Account, database: Database
) -> None:
    token = _access_token(service, ada)
    bodies = [{"kind": "access"}, CORRECTION] * (SIMULTANEOUS // 2)

    answers = all_at_once([_file(service, token, "shared-key", body) for body in bodies])

    statuses = [answer.status_code for answer in answers]
    assert statuses.count(201) == 1, [a.text for a in answers]
    assert set(statuses) <= {200, 201, 422}, [a.text for a in answers]
    (filed,) = _requests_of(database, ada)
    for body, answer in zip(bodies, answers, strict=True):
        if body["kind"] == filed.kind:
            assert answer.status_code in (200, 201)
            assert answer.json()["id"] == filed.id
        else:
            assert answer.status_code == 422
            assert answer.json()["code"] == "idempotency_key_reused"


def test_two_accounts_may_use_the_same_key_at_the_same_moment(
    service: EmbeddedService, ada: Account, bob: Account, database: Database
) -> None:
    ada_token, bob_token = _access_token(service, ada), _access_token(service, bob)
    calls = [_file(service, ada_token, "same-key", {"kind": "access"})] * 3 + [
        _file(service, bob_token, "same-key", {"kind": "access"})
    ] * 3

    answers = all_at_once(calls)

    assert sorted(answer.status_code for answer in answers) == [200, 200, 200, 200, 201, 201]
    assert len(_requests_of(database, ada)) == 1
    assert len(_requests_of(database, bob)) == 1


def test_two_deletions_asked_at_once_under_different_keys_file_one(
    service: EmbeddedService, ada: Account, database: Database
) -> None:
    """Two devices ask to delete the account at the same moment: one deletion, one 409."""
    tokens = [_access_token(service, ada) for _ in range(2)]
    for token in tokens:
        with httpx.Client(base_url=service.base_url, timeout=30.0) as client:
            step_up = client.post(
                "/v1/auth/step-up",
                data={"password": ada.password},
                headers={"Authorization": f"Bearer {token}"},
            )
        assert step_up.status_code == 200, step_up.text

    answers = all_at_once(
        [_file(service, token, f"key-{n}", {"kind": "deletion"}) for n, token in enumerate(tokens)]
    )

    assert sorted(answer.status_code for answer in answers) == [201, 409], [
        answer.text for answer in answers
    ]
    assert len(_requests_of(database, ada)) == 1
