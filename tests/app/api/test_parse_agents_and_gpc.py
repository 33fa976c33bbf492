"""The members issue 14 added to the service's answers: authorised agents, who set a choice
(the user or a Global Privacy Control signal), which choices GPC covers, which agent filed
a request. Well-formed ones are read; malformed ones are BAD_ANSWER, never a crash; an
older service that does not send them still works."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.api.errors import FailureKind, ServiceError
from app.api.parse import (
    parse_agent_authorisation,
    parse_agent_authorisations,
    parse_agents,
    parse_catalog,
    parse_choice_values,
    parse_gpc_setting,
    parse_request,
)
from app.core.choices import ChoiceOrigin
from app.core.requests import RequestAgent, RequestKind


def _authorisation(**overrides: Any) -> dict[str, Any]:
    base = {
        "id": "auth-1",
        "agent_id": "agent-1",
        "agent_name": "Permission Slip",
        "kinds": ["access", "deletion"],
        "granted_at": "2026-12-01T10:00:00Z",
        "valid_until": "2027-03-01T22:59:59+00:00",
        "revoked_at": None,
        "active": True,
    }
    return {**base, **overrides}


def _request(**overrides: Any) -> dict[str, Any]:
    base = {
        "id": "r1",
        "kind": "access",
        "status": "received",
        "received_at": "2026-12-01T10:00:00Z",
        "due_at": "2027-01-01T10:00:00Z",
        "details": {},
        "history": [],
    }
    return {**base, **overrides}


def _catalog(choice: dict[str, Any]) -> dict[str, Any]:
    return {"language": "en", "choices": [choice], "categories": []}


def _choice(**overrides: Any) -> dict[str, Any]:
    base = {"id": "X2", "title": "Ads", "explanation": "E", "default": True, "categories": []}
    return {**base, **overrides}


def bad_answer(parse: Any, data: Any) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        parse(data)
    assert raised.value.kind is FailureKind.BAD_ANSWER
    return raised.value


# -- agents ---------------------------------------------------------------------------------


def test_the_agents_the_service_lists_are_read() -> None:
    agents = parse_agents(
        {
            "agents": [
                {
                    "id": "agent-1",
                    "name": "Permission Slip",
                    "web_url": "https://agent.example",
                    "kinds": ["access", "deletion"],
                }
            ]
        }
    )
    assert [(a.id, a.name, a.web_url, a.kinds) for a in agents] == [
        (
            "agent-1",
            "Permission Slip",
            "https://agent.example",
            (RequestKind.ACCESS, RequestKind.DELETION),
        )
    ]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"agents": "all"},
        {"agents": [{"id": "a", "name": "A", "web_url": "https://a.example"}]},
        {"agents": [{"id": "a", "name": "A", "web_url": "https://a", "kinds": "access"}]},
        {"agents": [{"id": "a", "name": "A", "web_url": "https://a", "kinds": ["fly"]}]},
        {"agents": [{"id": "a", "name": "A", "web_url": "https://a", "kinds": ["correction"]}]},
        {"agents": [{"id": "a", "name": 5, "web_url": "https://a", "kinds": []}]},
    ],
)
def test_a_malformed_agent_list_is_a_bad_answer(data: Any) -> None:
    bad_answer(parse_agents, data)


def test_an_authorisation_is_read_in_utc() -> None:
    authorisation = parse_agent_authorisation(_authorisation())
    assert authorisation.kinds == (RequestKind.ACCESS, RequestKind.DELETION)
    assert authorisation.valid_until == datetime(2027, 3, 1, 22, 59, 59, tzinfo=UTC)
    assert authorisation.revoked_at is None
    assert authorisation.live(datetime(2027, 1, 1, tzinfo=UTC))
    assert not authorisation.live(datetime(2027, 3, 2, tzinfo=UTC)), "expired"


def test_a_revoked_authorisation_is_not_live() -> None:
    revoked = parse_agent_authorisation(
        _authorisation(revoked_at="2026-12-02T09:00:00Z", active=False)
    )
    assert revoked.revoked_at == datetime(2026, 12, 2, 9, tzinfo=UTC)
    assert not revoked.live(datetime(2026, 12, 3, tzinfo=UTC))


@pytest.mark.parametrize(
    "overrides",
    [
        {"active": "yes"},
        {"active": 1},
        {"kinds": ["access", 3]},
        {"valid_until": "2027-03-01T22:59:59"},  # no offset: which zone?
        {"valid_until": None},
        {"granted_at": "soon"},
        {"revoked_at": 17},
        {"agent_name": None},
    ],
)
def test_a_malformed_authorisation_is_a_bad_answer(overrides: dict[str, Any]) -> None:
    bad_answer(parse_agent_authorisations, {"authorisations": [_authorisation(**overrides)]})


def test_an_authorisation_list_must_be_a_list() -> None:
    bad_answer(parse_agent_authorisations, {"authorisations": {"id": "auth-1"}})
    bad_answer(parse_agent_authorisations, {})


# -- GPC -----------------------------------------------------------------------------------


def test_the_gpc_setting_is_read() -> None:
    assert parse_gpc_setting({"honour_signals": False}).honour_signals is False
    bad_answer(parse_gpc_setting, {"honour_signals": "false"})
    bad_answer(parse_gpc_setting, {"honour_signals": 0})
    bad_answer(parse_gpc_setting, {})


def test_a_choice_says_who_set_it() -> None:
    values = parse_choice_values(
        {
            "choices": [
                {
                    "id": "X2",
                    "value": False,
                    "changed_at": "2026-12-01T10:00:00Z",
                    "origin": "gpc",
                    "origin_client": "Firefox on the laptop",
                },
                {"id": "X5", "value": False, "changed_at": None, "origin": "default"},
                {"id": "X1", "value": True, "changed_at": None},  # an older service
                {"id": "X3", "value": True, "changed_at": None, "origin": "import"},
            ]
        },
        '"4"',
    )
    x2, x5, x1, x3 = values.values
    assert (x2.origin, x2.origin_client) == (ChoiceOrigin.GPC, "Firefox on the laptop")
    assert (x5.origin, x5.origin_client) == (ChoiceOrigin.DEFAULT, None)
    assert (x1.origin, x1.origin_client) == (None, None)
    assert x3.origin is None, "an origin this app does not know yet is shown as unknown"


@pytest.mark.parametrize(
    "overrides", [{"origin": 1}, {"origin": True}, {"origin_client": ["Firefox"]}]
)
def test_a_malformed_origin_is_a_bad_answer(overrides: dict[str, Any]) -> None:
    choice = {"id": "X2", "value": False, "changed_at": None, **overrides}
    with pytest.raises(ServiceError) as raised:
        parse_choice_values({"choices": [choice]}, '"1"')
    assert raised.value.kind is FailureKind.BAD_ANSWER


def test_the_catalog_says_which_choices_gpc_covers() -> None:
    catalog = parse_catalog(
        {
            "language": "en",
            "choices": [_choice(gpc=True), _choice(id="X1", gpc=False), _choice(id="X3")],
            "categories": [],
        }
    )
    assert [c.id for c in catalog.gpc_choices()] == ["X2"]
    assert catalog.choice("X3") is not None and catalog.choice("X3").gpc is False  # type: ignore[union-attr]
    bad_answer(parse_catalog, _catalog(_choice(gpc="yes")))
    bad_answer(parse_catalog, _catalog(_choice(gpc=1)))


# -- requests filed by an agent ----------------------------------------------------------


def test_a_request_names_the_agent_that_filed_it() -> None:
    filed = parse_request(_request(agent={"id": "agent-1", "name": "Permission Slip"}))
    assert filed.agent == RequestAgent("agent-1", "Permission Slip")
    assert parse_request(_request(agent=None)).agent is None
    assert parse_request(_request()).agent is None, "an older service: filed by the user"


@pytest.mark.parametrize(
    "agent",
    ["Permission Slip", {"id": "agent-1"}, {"id": "agent-1", "name": ""}, {"id": 1, "name": "A"}],
)
def test_a_malformed_agent_on_a_request_is_a_bad_answer(agent: Any) -> None:
    bad_answer(parse_request, _request(agent=agent))


@given(
    st.dictionaries(st.sampled_from(["id", "name", "extra"]), st.none() | st.text() | st.integers())
)
def test_any_agent_member_is_read_or_refused_never_a_crash(agent: dict[str, Any]) -> None:
    try:
        filed = parse_request(_request(agent=agent))
    except ServiceError as error:
        assert error.kind is FailureKind.BAD_ANSWER
    else:
        assert filed.agent is not None and filed.agent.name.strip()
