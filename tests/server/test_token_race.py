"""Refresh tokens presented at the same moment, over real connections, on both databases.

Redeeming a refresh token is one compare-and-swap: whatever arrives together, at most one
token of a sign-in (a family) is live at any time, so two holders of one token can never
both go on. Presentations that arrive together are answered the way a retry after a lost
answer is (tests/server/test_auth.py): each later one gets a fresh pair and withdraws the
pair handed out just before it, so exactly one answer carries the live refresh token; the
holder of any other answer who uses it is a second holder, and the sign-in ends.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy import select

from server import security
from server.api import auth
from server.api.auth import REFRESH_RETRY_GRACE
from server.config import Settings
from server.db.database import Database
from server.db.models import AccessToken, RefreshToken
from server.embedded import EmbeddedService
from tests.server.helpers import Account, FakeClock
from tests.server.live import all_at_once, post_form, running_service

SIMULTANEOUS = 4
# Held between reading a token and writing its successor, so that every request of a burst
# reads before any of them writes: the widest window a slow machine could open.
WINDOW_SECONDS = 0.05


@pytest.fixture
def service(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddedService]:
    real_new_token = auth.new_token

    def slow_new_token() -> str:
        time.sleep(WINDOW_SECONDS)
        return real_new_token()

    monkeypatch.setattr(auth, "new_token", slow_new_token)
    # Room for every request of the bursts below within one rate-limit window.
    roomy = replace(settings, sign_in_attempts_per_address=1000)
    with running_service(roomy) as service:
        yield service


def _sign_in(service: EmbeddedService, account: Account) -> dict[str, str]:
    form = {"grant_type": "password", "username": account.email, "password": account.password}
    response = post_form(service.base_url, "/v1/auth/token", form)()
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def _refresh(service: EmbeddedService, refresh_token: str) -> httpx.Response:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return post_form(service.base_url, "/v1/auth/token", form)()


def _refresh_together(service: EmbeddedService, tokens: list[str]) -> list[httpx.Response]:
    form = {"grant_type": "refresh_token"}
    calls = [
        post_form(service.base_url, "/v1/auth/token", {**form, "refresh_token": token})
        for token in tokens
    ]
    return all_at_once(calls)


def _family(database: Database, refresh_token: str) -> list[RefreshToken]:
    digest = security.token_digest(refresh_token)
    with database.session() as session:
        family = session.scalar(
            select(RefreshToken.family_id).where(RefreshToken.token_hash == digest)
        )
        assert family is not None
        return list(session.scalars(select(RefreshToken).where(RefreshToken.family_id == family)))


def _live(database: Database, refresh_token: str) -> list[RefreshToken]:
    """The family's tokens that could still be exchanged: neither used nor revoked."""
    return [
        link
        for link in _family(database, refresh_token)
        if link.used_at is None and link.revoked_at is None
    ]


def _digest_of(response: httpx.Response) -> str:
    return security.token_digest(response.json()["refresh_token"])


def _access_works(service: EmbeddedService, access_token: str) -> bool:
    with httpx.Client(base_url=service.base_url, timeout=30.0) as client:
        answer = client.get("/v1/me", headers={"Authorization": f"Bearer {access_token}"})
    return answer.status_code == 200


def test_one_token_presented_by_several_callers_at_once_leaves_exactly_one_live_chain(
    service: EmbeddedService, ada: Account, database: Database
) -> None:
    first = _sign_in(service, ada)

    answers = _refresh_together(service, [first["refresh_token"]] * SIMULTANEOUS)

    # Every caller is answered like a retry after a lost answer: with a pair ...
    assert [answer.status_code for answer in answers] == [200] * SIMULTANEOUS, [
        answer.text for answer in answers
    ]
    # ... but only one pair's refresh token is live; the others were withdrawn.
    live = _live(database, first["refresh_token"])
    assert len(live) == 1
    winners = [answer for answer in answers if _digest_of(answer) == live[0].token_hash]
    losers = [answer for answer in answers if answer not in winners]
    assert len(winners) == 1 and len(losers) == SIMULTANEOUS - 1
    # A second holder going on with a withdrawn token ends the sign-in for everyone.
    replay = _refresh(service, losers[0].json()["refresh_token"])
    assert replay.status_code == 400, replay.text
    assert replay.json()["error"] == "invalid_grant"
    assert _live(database, first["refresh_token"]) == []
    assert _refresh(service, winners[0].json()["refresh_token"]).status_code == 400
    assert not _access_works(service, winners[0].json()["access_token"])


def test_the_live_chain_left_by_a_burst_goes_on_rotating_normally(
    service: EmbeddedService, ada: Account, database: Database
) -> None:
    first = _sign_in(service, ada)
    answers = _refresh_together(service, [first["refresh_token"]] * SIMULTANEOUS)
    live = _live(database, first["refresh_token"])
    (winner,) = [answer for answer in answers if _digest_of(answer) == live[0].token_hash]

    onwards = _refresh(service, winner.json()["refresh_token"])

    assert onwards.status_code == 200, onwards.text
    assert _access_works(service, onwards.json()["access_token"])
    assert [link.token_hash for link in _live(database, first["refresh_token"])] == [
        _digest_of(onwards)
    ]


def test_a_spent_token_replayed_by_several_callers_at_once_is_refused_to_all_and_ends_the_sign_in(
    service: EmbeddedService, ada: Account, database: Database, clock: FakeClock
) -> None:
    first = _sign_in(service, ada)
    second = _refresh(service, first["refresh_token"]).json()
    clock.advance(REFRESH_RETRY_GRACE + REFRESH_RETRY_GRACE)

    answers = _refresh_together(service, [first["refresh_token"]] * SIMULTANEOUS)

    for answer in answers:
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"] == "invalid_grant"
    assert _live(database, first["refresh_token"]) == []
    assert not _access_works(service, second["access_token"])


def test_a_retry_racing_the_first_use_of_the_token_it_was_exchanged_for_ends_the_sign_in(
    service: EmbeddedService, ada: Account, database: Database
) -> None:
    """One caller presents the new token while another presents the old one again: both
    cannot be the only holder, so whichever order the service sees them in, the sign-in
    ends and nobody is left with a live token."""
    first = _sign_in(service, ada)
    second = _refresh(service, first["refresh_token"]).json()

    answers = _refresh_together(service, [first["refresh_token"], second["refresh_token"]])

    assert {answer.status_code for answer in answers} <= {200, 400}
    assert _live(database, first["refresh_token"]) == []
    for answer in answers:
        if answer.status_code == 200:
            assert _refresh(service, answer.json()["refresh_token"]).status_code == 400
            assert not _access_works(service, answer.json()["access_token"])


def test_access_tokens_of_a_family_ended_during_a_burst_stop_working(
    service: EmbeddedService, ada: Account, database: Database, clock: FakeClock
) -> None:
    first = _sign_in(service, ada)
    second = _refresh(service, first["refresh_token"]).json()
    third = _refresh(service, second["refresh_token"]).json()

    # The stale token and the current one arrive together: a second holder, whatever
    # the order.
    answers = _refresh_together(service, [first["refresh_token"], third["refresh_token"]])

    assert {answer.status_code for answer in answers} <= {200, 400}
    assert _live(database, first["refresh_token"]) == []
    with database.session() as session:
        family = _family(database, first["refresh_token"])[0].family_id
        remaining = session.scalars(select(AccessToken).where(AccessToken.family_id == family))
        assert list(remaining) == []
