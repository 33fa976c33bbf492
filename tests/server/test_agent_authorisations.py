"""The account holder lets an agent file requests for them (R6), in the app: which agents
there are, what the agent may ask for and until when, one live authorisation per agent,
a password re-check before allowing deletions, and revoking at any time."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from server.db.database import Database
from server.drp.registry import register_agent, retire_agent
from tests.server.helpers import Account, FakeClock, assert_problem, bearer, sign_in
from tests.support.drp_agent import raw_public_key


def _verify_key() -> str:
    return base64.b64encode(raw_public_key(Ed25519PrivateKey.generate())).decode("ascii")


@pytest.fixture
def agents(database: Database, clock: FakeClock) -> list[str]:
    """Two registered agents and a retired one."""
    with database.session() as session:
        for agent_id, name in (
            ("ACME_AGENT", "Acme Rights"),
            ("BETA_AGENT", "Beta Privacy"),
            ("OLD_AGENT", "Old Agent"),
        ):
            register_agent(
                session,
                agent_id=agent_id,
                name=name,
                verify_key=_verify_key(),
                web_url=f"https://{agent_id.lower()}.example/",
                callback_prefix="",
                now=clock(),
            )
        retire_agent(session, "OLD_AGENT", clock())
    return ["ACME_AGENT", "BETA_AGENT"]


def _headers(client: TestClient, account: Account, *, step_up: bool = False) -> dict[str, str]:
    headers = bearer(sign_in(client, account)["access_token"])
    if step_up:
        answer = client.post(
            "/v1/auth/step-up", data={"password": account.password}, headers=headers
        )
        assert answer.status_code == 200, answer.text
    return headers


def _grant(
    client: TestClient,
    headers: dict[str, str],
    clock: FakeClock,
    kinds: list[str],
    *,
    agent_id: str = "ACME_AGENT",
    until: timedelta = timedelta(days=90),
) -> httpx.Response:
    answer: httpx.Response = client.post(
        "/v1/me/agent-authorisations",
        json={"agent_id": agent_id, "kinds": kinds, "valid_until": (clock() + until).isoformat()},
        headers=headers,
    )
    return answer


def _listed(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = client.get("/v1/me/agent-authorisations", headers=headers)
    assert answer.status_code == 200, answer.text
    listed: list[dict[str, Any]] = answer.json()["authorisations"]
    return listed


def test_the_app_lists_the_registered_agents_but_not_retired_ones(
    client: TestClient, agents: list[str], ada: Account
) -> None:
    answer = client.get("/v1/agents", headers=_headers(client, ada))

    assert answer.status_code == 200
    assert answer.json()["agents"] == [
        {
            "id": "ACME_AGENT",
            "name": "Acme Rights",
            "web_url": "https://acme_agent.example/",
            "kinds": ["access", "deletion"],
        },
        {
            "id": "BETA_AGENT",
            "name": "Beta Privacy",
            "web_url": "https://beta_agent.example/",
            "kinds": ["access", "deletion"],
        },
    ]
    assert client.get("/v1/agents").status_code == 401


def test_letting_an_agent_ask_for_a_copy_is_listed_with_what_and_until_when(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account
) -> None:
    headers = _headers(client, ada)

    answer = _grant(client, headers, clock, ["access"])

    assert answer.status_code == 201, answer.text
    granted = answer.json()
    assert granted["agent_id"] == "ACME_AGENT"
    assert granted["agent_name"] == "Acme Rights"
    assert granted["kinds"] == ["access"]
    assert datetime.fromisoformat(granted["granted_at"]) == clock()
    assert datetime.fromisoformat(granted["valid_until"]) == clock() + timedelta(days=90)
    assert granted["revoked_at"] is None
    assert granted["active"] is True
    assert _listed(client, headers) == [granted]


def test_letting_an_agent_ask_for_a_deletion_needs_the_password_again(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account
) -> None:
    assert_problem(
        _grant(client, _headers(client, ada), clock, ["access", "deletion"]),
        403,
        "step_up_required",
    )

    answer = _grant(client, _headers(client, ada, step_up=True), clock, ["deletion", "access"])

    assert answer.status_code == 201, answer.text
    assert answer.json()["kinds"] == ["access", "deletion"]


def test_a_new_grant_ends_the_earlier_one_so_one_is_live_per_agent(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account
) -> None:
    headers = _headers(client, ada)
    first = _grant(client, headers, clock, ["access"]).json()
    other_agent = _grant(client, headers, clock, ["access"], agent_id="BETA_AGENT").json()
    clock.advance(minutes=1)

    second = _grant(client, headers, clock, ["access"]).json()

    listed = {row["id"]: row for row in _listed(client, headers)}
    assert listed[second["id"]]["active"] is True
    assert listed[first["id"]]["active"] is False
    assert datetime.fromisoformat(listed[first["id"]]["revoked_at"]) == clock()
    assert listed[other_agent["id"]]["active"] is True
    assert _listed(client, headers)[0]["id"] == second["id"], "newest first"


def test_revoking_ends_the_authorisation_and_revoking_again_changes_nothing(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account, bob: Account
) -> None:
    headers = _headers(client, ada)
    granted = _grant(client, headers, clock, ["access"]).json()
    clock.advance(minutes=1)

    revoked = client.delete(f"/v1/me/agent-authorisations/{granted['id']}", headers=headers)

    assert revoked.status_code == 200
    assert revoked.json()["active"] is False
    assert datetime.fromisoformat(revoked.json()["revoked_at"]) == clock()
    clock.advance(minutes=1)
    again = client.delete(f"/v1/me/agent-authorisations/{granted['id']}", headers=headers)
    assert again.json() == revoked.json()
    assert_problem(
        client.delete(
            f"/v1/me/agent-authorisations/{granted['id']}", headers=_headers(client, bob)
        ),
        404,
        "authorisation_not_found",
    )
    assert_problem(
        client.delete("/v1/me/agent-authorisations/nope", headers=headers),
        404,
        "authorisation_not_found",
    )


def test_an_authorisation_past_its_end_is_listed_as_no_longer_active(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account
) -> None:
    headers = _headers(client, ada)
    _grant(client, headers, clock, ["access"], until=timedelta(days=1))

    clock.advance(days=1)

    [listed] = _listed(client, _headers(client, ada))
    assert listed["active"] is False
    assert listed["revoked_at"] is None


@pytest.mark.parametrize(
    ("until", "kinds"),
    [
        (timedelta(seconds=-1), ["access"]),
        (timedelta(0), ["access"]),
        (timedelta(days=367), ["access"]),
        (timedelta(days=30), []),
        (timedelta(days=30), ["access", "access"]),
        (timedelta(days=30), ["sale:opt_out"]),
    ],
    ids=["past", "now", "over-a-year", "no-kind", "twice", "unknown-kind"],
)
def test_an_authorisation_must_end_within_a_year_and_name_what_it_allows(
    client: TestClient,
    clock: FakeClock,
    agents: list[str],
    ada: Account,
    until: timedelta,
    kinds: list[str],
) -> None:
    headers = _headers(client, ada)

    assert_problem(_grant(client, headers, clock, kinds, until=until), 422)
    assert _listed(client, headers) == []


def test_a_year_ahead_is_allowed(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account
) -> None:
    answer = _grant(client, _headers(client, ada), clock, ["access"], until=timedelta(days=366))

    assert answer.status_code == 201, answer.text


def test_an_unknown_or_retired_agent_cannot_be_authorised(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account
) -> None:
    headers = _headers(client, ada)

    for agent_id in ("NO_SUCH_AGENT", "OLD_AGENT"):
        assert_problem(
            _grant(client, headers, clock, ["access"], agent_id=agent_id), 404, "agent_not_found"
        )
    assert _listed(client, headers) == []


def test_a_time_without_a_zone_or_as_a_number_is_refused(
    client: TestClient, clock: FakeClock, agents: list[str], ada: Account
) -> None:
    headers = _headers(client, ada)
    for valid_until in ("2025-04-01T00:00:00", 1750000000):
        answer = client.post(
            "/v1/me/agent-authorisations",
            json={"agent_id": "ACME_AGENT", "kinds": ["access"], "valid_until": valid_until},
            headers=headers,
        )
        assert_problem(answer, 422)
