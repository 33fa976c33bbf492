"""An authorised agent (R6) files for the account holder over the Data Rights Protocol 0.9.4,
against the real service on a loopback port: the agent sets up its token, files an access
and a deletion request that the worker carries out, and hears of every change through a
signed status callback; the account holder sees the agent's requests in the app and stays
in control of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from server.cli import main as cli_main
from server.config import Settings
from server.db.database import Database
from server.db.models import PrivacyRequest
from server.drp.filing import NOT_AUTHORISED
from server.drp.registry import business_id, register_agent
from server.embedded import EmbeddedService
from server.jobs.handlers import default_handlers
from server.jobs.kinds import DRP_CALLBACK
from server.jobs.retention import sweep
from server.jobs.worker import run_worker
from server.requests_flow import extend
from tests.server.helpers import Account, FakeClock
from tests.server.live import running_service
from tests.support.drp_agent import (
    CallbackReceiver,
    DrpAgent,
    callback_receiver,
    callback_signature_verifies,
)

AGENT_ID, AGENT_NAME = "ACME_AGENT", "Acme Rights"


@pytest.fixture
def service(settings: Settings) -> Iterator[EmbeddedService]:
    with running_service(settings) as running:
        yield running


@pytest.fixture
def http(service: EmbeddedService) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.base_url, timeout=30) as client:
        yield client


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    with callback_receiver() as receiving:
        yield receiving


def _register(
    database: Database, agent: DrpAgent, clock: FakeClock, callback_prefix: str, name: str
) -> None:
    with database.session() as session:
        register_agent(
            session,
            agent_id=agent.agent_id,
            name=name,
            verify_key=agent.verify_key,
            web_url="https://agent.example/",
            callback_prefix=callback_prefix,
            now=clock(),
        )


@pytest.fixture
def agent(
    http: httpx.Client,
    settings: Settings,
    clock: FakeClock,
    database: Database,
    receiver: CallbackReceiver,
) -> DrpAgent:
    """Acme, registered by the operator, with its pair-wise token set up."""
    acme = DrpAgent(http, AGENT_ID, business_id(settings), clock)
    _register(database, acme, clock, receiver.prefix, AGENT_NAME)
    assert acme.set_up().status_code == 200
    return acme


def _sign_in(http: httpx.Client, account: Account) -> dict[str, str]:
    answer = http.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": account.email, "password": account.password},
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _authorise(
    http: httpx.Client,
    clock: FakeClock,
    account: Account,
    kinds: list[str],
    *,
    agent_id: str = AGENT_ID,
    days: int = 30,
) -> tuple[dict[str, str], dict[str, Any]]:
    """The account holder lets the agent file `kinds` in the app (re-entering the password
    first, which a deletion needs)."""
    headers = _sign_in(http, account)
    stepped = http.post("/v1/auth/step-up", data={"password": account.password}, headers=headers)
    assert stepped.status_code == 200, stepped.text
    answer = http.post(
        "/v1/me/agent-authorisations",
        json={
            "agent_id": agent_id,
            "kinds": kinds,
            "valid_until": (clock() + timedelta(days=days)).isoformat(),
        },
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return headers, answer.json()


def _run_jobs(database: Database, settings: Settings) -> int:
    return run_worker(database, settings, once=True, schedule_retention=False)


def _requests_in_app(http: httpx.Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = http.get("/v1/me/requests", headers=headers)
    assert answer.status_code == 200, answer.text
    requests: list[dict[str, Any]] = answer.json()["requests"]
    return requests


def _refused(answer: httpx.Response, status: int) -> dict[str, Any]:
    """A DRP error (3.06): `code` is the status as text, `message` says why."""
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    assert body["code"] == str(status)
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fatal"], bool)
    return body


# --- discovery and the pair-wise token ----------------------------------------------------------


def test_the_discovery_document_names_the_api_base_and_what_agents_may_ask_for(
    http: httpx.Client, settings: Settings, service: EmbeddedService
) -> None:
    answer = http.get("/.well-known/data-rights.json")

    assert answer.status_code == 200
    document = answer.json()
    assert document["id"] == business_id(settings) == "PRIVACY_DESK_REFERENCE_SERVICE"
    assert document["api_base"] == f"{service.base_url}/drp"
    assert document["supported_actions"] == ["access", "deletion"]
    assert document["supported_verifications"] == ["email"]
    assert document["drp.version"] == "0.9.4"


def test_an_agent_sets_up_its_token_checks_it_and_a_new_setup_replaces_it(
    agent: DrpAgent, clock: FakeClock
) -> None:
    first = agent.token
    assert agent.check_token().json() == {}
    _refused(agent.check_token("OTHER_AGENT"), 403)

    clock.advance(seconds=1)
    answer = agent.set_up()

    assert answer.status_code == 200
    assert answer.json()["agent-id"] == AGENT_ID
    assert agent.token != first
    assert agent.check_token().status_code == 200
    agent.token = first
    _refused(agent.check_token(), 403)


# --- an access request, end to end -----------------------------------------------------------


def test_an_access_request_filed_by_an_agent_is_fulfilled_and_each_change_is_called_back_signed(
    agent: DrpAgent,
    http: httpx.Client,
    clock: FakeClock,
    database: Database,
    settings: Settings,
    receiver: CallbackReceiver,
    ada: Account,
) -> None:
    app, authorisation = _authorise(http, clock, ada, ["access"])

    filed = agent.exercise(
        "access", "Ada@Example.org", agent_request_id="acme-1", status_callback=receiver.url()
    )

    assert filed.status_code == 200, filed.text
    status = filed.json()
    assert status["status"] == "in_progress"
    assert status["agent_request_id"] == "acme-1"
    # R8: one calendar month after it was received.
    assert datetime.fromisoformat(status["expected_by"]) == datetime(2025, 4, 3, 9, tzinfo=UTC)
    # The account holder sees it in the app, with the agent's name, and can cancel it.
    [in_app] = _requests_in_app(http, app)
    assert in_app["id"] == status["request_id"]
    assert in_app["agent"] == {"id": AGENT_ID, "name": AGENT_NAME}
    assert in_app["can_cancel"] is True
    assert in_app["history"][0]["note"] == "Filed by Acme Rights on the account holder's behalf."
    assert authorisation["id"] in in_app["history"][1]["note"]
    assert receiver.received == []

    _run_jobs(database, settings)

    [callback] = receiver.received
    assert callback.path == "/callbacks/status"
    told = callback.status()
    assert told["request_id"] == status["request_id"]
    assert told["status"] == "fulfilled"
    assert told["expires_at"] is not None
    assert "ready for the account holder" in told["processing_details"]
    assert callback_signature_verifies(callback, http.get("/v1/keys").json())
    assert agent.status(status["request_id"]).json() == told
    # Sent again (a new message) with the same agent-request-id: the same request.
    clock.advance(seconds=1)
    again = agent.exercise("access", "ada@example.org", agent_request_id="acme-1")
    assert again.json()["request_id"] == status["request_id"]
    assert len(_requests_in_app(http, app)) == 1


def test_a_copy_left_past_its_seven_days_is_reported_expired(
    agent: DrpAgent,
    http: httpx.Client,
    clock: FakeClock,
    database: Database,
    settings: Settings,
    receiver: CallbackReceiver,
    ada: Account,
) -> None:
    _authorise(http, clock, ada, ["access"])
    request_id = agent.exercise("access", ada.email, status_callback=receiver.url()).json()[
        "request_id"
    ]
    _run_jobs(database, settings)

    clock.advance(days=7)
    sweep(database, settings)
    _run_jobs(database, settings)

    assert [c.status()["status"] for c in receiver.received] == ["fulfilled", "expired"]
    assert agent.status(request_id).json()["status"] == "expired"


def test_a_callback_the_agent_does_not_take_is_tried_again_later(
    agent: DrpAgent,
    http: httpx.Client,
    clock: FakeClock,
    database: Database,
    settings: Settings,
    receiver: CallbackReceiver,
    ada: Account,
) -> None:
    _authorise(http, clock, ada, ["access"])
    receiver.answers = [503]
    agent.exercise("access", ada.email, status_callback=receiver.url())

    _run_jobs(database, settings)
    assert [c.status()["status"] for c in receiver.received] == ["fulfilled"]

    clock.advance(seconds=29)
    _run_jobs(database, settings)
    assert len(receiver.received) == 1, "the retry waits for the queue's backoff"

    clock.advance(seconds=2)
    _run_jobs(database, settings)
    assert [c.status()["status"] for c in receiver.received] == ["fulfilled", "fulfilled"]
    assert all(
        callback_signature_verifies(c, http.get("/v1/keys").json()) for c in receiver.received
    )


def test_an_extension_moves_expected_by_and_the_agent_is_told_why(
    agent: DrpAgent,
    http: httpx.Client,
    clock: FakeClock,
    database: Database,
    settings: Settings,
    receiver: CallbackReceiver,
    ada: Account,
) -> None:
    _authorise(http, clock, ada, ["access"])
    status = agent.exercise("access", ada.email, status_callback=receiver.url()).json()

    with database.session() as session:
        filed = session.get(PrivacyRequest, status["request_id"])
        assert filed is not None
        extend(filed, 1, "Your archive spans many servers.", now=clock())
    # Only the callback runs here: the access copy is not built yet.
    run_worker(
        database,
        settings,
        once=True,
        schedule_retention=False,
        handlers={DRP_CALLBACK: default_handlers()[DRP_CALLBACK]},
    )

    [callback] = receiver.received
    told = callback.status()
    assert told["status"] == "in_progress"
    assert datetime.fromisoformat(told["expected_by"]) > datetime.fromisoformat(
        status["expected_by"]
    )
    assert "Your archive spans many servers." in told["processing_details"]


# --- a deletion, end to end -------------------------------------------------------------------


def test_a_deletion_filed_by_an_agent_waits_out_the_grace_period_and_is_then_fulfilled(
    agent: DrpAgent,
    http: httpx.Client,
    clock: FakeClock,
    database: Database,
    settings: Settings,
    receiver: CallbackReceiver,
    ada: Account,
) -> None:
    app, _authorisation = _authorise(http, clock, ada, ["access", "deletion"])

    filed = agent.exercise("deletion", ada.email, status_callback=receiver.url())

    assert filed.status_code == 200, filed.text
    status = filed.json()
    assert status["status"] == "in_progress"
    assert "unless the account holder cancels" in status["processing_details"]
    [in_app] = _requests_in_app(http, app)
    assert in_app["kind"] == "deletion"
    assert in_app["agent"] == {"id": AGENT_ID, "name": AGENT_NAME}
    assert in_app["details"]["agent"] == AGENT_NAME
    assert in_app["grace_until"] is not None

    _run_jobs(database, settings)
    assert receiver.received == [], "nothing happens during the grace period"

    clock.advance(settings.deletion_grace)
    _run_jobs(database, settings)

    [callback] = receiver.received
    assert callback.status()["status"] == "fulfilled"
    assert callback_signature_verifies(callback, http.get("/v1/keys").json())
    assert agent.status(status["request_id"]).json()["status"] == "fulfilled"
    gone = http.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": ada.email, "password": ada.password},
    )
    assert gone.status_code != 200


def test_the_account_holder_cancels_an_agents_deletion_and_the_agent_is_told_revoked(
    agent: DrpAgent,
    http: httpx.Client,
    clock: FakeClock,
    database: Database,
    settings: Settings,
    receiver: CallbackReceiver,
    ada: Account,
) -> None:
    app, _authorisation = _authorise(http, clock, ada, ["deletion"])
    request_id = agent.exercise("deletion", ada.email, status_callback=receiver.url()).json()[
        "request_id"
    ]

    cancelled = http.post(f"/v1/me/requests/{request_id}/cancel", headers=app)
    assert cancelled.status_code == 200, cancelled.text
    _run_jobs(database, settings)

    [callback] = receiver.received
    assert callback.status()["status"] == "revoked"
    assert agent.status(request_id).json()["status"] == "revoked"


def test_an_agent_withdraws_its_request_and_the_history_says_who_and_why(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, ada: Account
) -> None:
    app, _authorisation = _authorise(http, clock, ada, ["deletion"])
    request_id = agent.exercise("deletion", ada.email).json()["request_id"]

    answer = agent.revoke(request_id, "I changed my mind")

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "revoked"
    assert agent.revoke(request_id, "again").json()["status"] == "revoked"
    [in_app] = _requests_in_app(http, app)
    assert in_app["status"] == "cancelled"
    assert in_app["history"][-1]["note"] == (
        "Withdrawn by Acme Rights on the account holder's behalf: I changed my mind"
    )


def test_revoking_an_authorisation_stops_new_requests_but_keeps_those_filed(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, ada: Account
) -> None:
    app, authorisation = _authorise(http, clock, ada, ["access"])
    request_id = agent.exercise("access", ada.email).json()["request_id"]

    revoked = http.delete(f"/v1/me/agent-authorisations/{authorisation['id']}", headers=app)
    assert revoked.status_code == 200

    clock.advance(seconds=1)
    assert _refused(agent.exercise("access", ada.email), 403)["message"] == NOT_AUTHORISED
    assert agent.status(request_id).json()["status"] == "in_progress"


# --- refusals --------------------------------------------------------------------------------


def test_no_account_and_no_authorisation_are_refused_in_the_same_words(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, ada: Account, bob: Account
) -> None:
    """Whether the address has an account says nothing: the refusal reads the same."""
    app, _authorisation = _authorise(http, clock, ada, ["access"])
    answers = [
        agent.exercise("access", "nobody@example.org"),
        agent.exercise("access", bob.email),
        agent.exercise("deletion", ada.email),
    ]

    assert {_refused(answer, 403)["message"] for answer in answers} == {NOT_AUTHORISED}
    assert _requests_in_app(http, app) == []
    assert _requests_in_app(http, _sign_in(http, bob)) == []


def test_an_authorisation_past_its_end_no_longer_lets_the_agent_file(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, ada: Account
) -> None:
    _authorise(http, clock, ada, ["access"], days=1)

    clock.advance(days=1)

    assert _refused(agent.exercise("access", ada.email), 403)["message"] == NOT_AUTHORISED


def test_messages_that_are_not_this_agents_or_not_for_now_are_refused(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, settings: Settings, ada: Account
) -> None:
    app, _authorisation = _authorise(http, clock, ada, ["access"])
    claims = agent.exercise_claims
    stranger = DrpAgent(http, "STRANGER", business_id(settings), clock)
    now = clock()
    refusals = {
        "signed with another key": (agent.sign(claims("access", ada.email), key=stranger.key), 403),
        "another agent's id": (
            agent.sign({**claims("access", ada.email), "agent-id": "OTHER"}),
            403,
        ),
        "another business": (
            agent.sign({**claims("access", ada.email), "business-id": "SOMEONE_ELSE"}),
            403,
        ),
        "issued in the future": (
            agent.sign(claims("access", ada.email, issued_at=now + timedelta(minutes=5))),
            403,
        ),
        "expired": (
            agent.sign(claims("access", ada.email, issued_at=now - timedelta(minutes=6))),
            403,
        ),
        "valid for too long": (
            agent.sign(claims("access", ada.email, lifetime=timedelta(minutes=30))),
            403,
        ),
        "another protocol version": (
            agent.sign({**claims("access", ada.email), "drp.version": "0.7"}),
            400,
        ),
        "an action this service does not take": (
            agent.sign(claims("sale:opt_out", ada.email)),
            400,
        ),
        "a callback outside the agent's prefix": (
            agent.sign(claims("access", ada.email, status_callback="https://evil.example/cb")),
            400,
        ),
        "not base64": ("this is not base64!", 400),
        "too short": ("AAAA", 400),
    }

    faults = {
        what: answer.text
        for what, (message, status) in refusals.items()
        if (answer := agent.send_exercise(message)).status_code != status
        or answer.json()["code"] != str(status)
    }

    assert faults == {}
    assert _requests_in_app(http, app) == []


def test_the_same_signed_message_twice_is_refused_as_a_replay(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, ada: Account
) -> None:
    app, _authorisation = _authorise(http, clock, ada, ["access"])
    message = agent.sign(agent.exercise_claims("access", ada.email))
    assert agent.send_exercise(message).status_code == 200

    _refused(agent.send_exercise(message), 409)
    assert len(_requests_in_app(http, app)) == 1


def test_a_setup_message_is_refused_when_replayed_or_from_an_unknown_agent(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, settings: Settings
) -> None:
    clock.advance(seconds=1)
    message = agent.sign(agent.envelope())
    assert agent.set_up(message).status_code == 200
    _refused(agent.set_up(message), 403)
    stranger = DrpAgent(http, "STRANGER", business_id(settings), clock)
    _refused(stranger.set_up(), 403)
    stranger.token = "made-up"
    _refused(stranger.exercise("access", "ada@example.org"), 403)


def test_a_retired_agent_is_refused_with_its_token_and_at_setup(
    agent: DrpAgent, http: httpx.Client, clock: FakeClock, database_url: str, ada: Account
) -> None:
    _authorise(http, clock, ada, ["access"])

    assert cli_main(["--database-url", database_url, "agent", "retire", "--id", AGENT_ID]) == 0

    _refused(agent.exercise("access", ada.email), 403)
    _refused(agent.set_up(), 403)
    listed = http.get("/v1/agents", headers=_sign_in(http, ada)).json()["agents"]
    assert listed == []


def test_an_agent_cannot_read_or_withdraw_another_agents_request(
    agent: DrpAgent,
    http: httpx.Client,
    clock: FakeClock,
    database: Database,
    settings: Settings,
    ada: Account,
) -> None:
    _authorise(http, clock, ada, ["access"])
    request_id = agent.exercise("access", ada.email).json()["request_id"]
    other = DrpAgent(http, "OTHER_AGENT", business_id(settings), clock)
    _register(database, other, clock, "", "Other Rights")
    assert other.set_up().status_code == 200

    _refused(other.status(request_id), 403)
    _refused(other.revoke(request_id, "mine now"), 403)
    _refused(other.status("no-such-request"), 404)
    assert agent.status(request_id).json()["status"] == "in_progress"
