"""Authorised agents and the GPC setting, without Qt: the flows against a fake service
that keeps authorisations like the real one (one live per agent, a deletion only after a
password check) and whose network can lose an answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest

from app.api.client import TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.auth.oauth import SignInStopped, StopReason
from app.core.account import Account
from app.core.agents import Agent, AgentAuthorisation, GpcSetting
from app.core.catalog import Catalog, Choice
from app.core.requests import RequestKind
from app.flows.agents import grant, load_agents, load_gpc, revoke, set_gpc

T = TypeVar("T")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
UNTIL = NOW + timedelta(days=90)
ACCESS = (RequestKind.ACCESS,)
BOTH = (RequestKind.ACCESS, RequestKind.DELETION)
SLIP = Agent("agent-1", "Permission Slip", "https://slip.example", BOTH)
STEPPED_UP = "stepped-up-access"


def _not_found() -> ServiceError:
    return ServiceError(FailureKind.REJECTED, "Not Found", 404)


@dataclass
class FakeService:
    """`lose`: the next grant is stored and its answer lost ("after"), or lost before the
    service saw it ("before")."""

    offers_agents: bool = True
    offers_gpc: bool = True
    honour: bool = True
    authorisations: list[AgentAuthorisation] = field(default_factory=list)
    revoked_tokens: list[str] = field(default_factory=list)
    tokens_used: list[str] = field(default_factory=list)
    unknown_tokens: set[str] = field(default_factory=set)
    lose: str = ""
    catalog_fails: bool = False

    # -- the client's methods ----------------------------------------------------------

    def agents(self, access_token: str) -> tuple[Agent, ...]:
        if not self.offers_agents:
            raise _not_found()
        return (SLIP,)

    def agent_authorisations(self, access_token: str) -> tuple[AgentAuthorisation, ...]:
        return tuple(reversed(self.authorisations))

    def authorise_agent(
        self,
        access_token: str,
        agent_id: str,
        kinds: tuple[RequestKind, ...],
        valid_until: datetime,
    ) -> AgentAuthorisation:
        self.tokens_used.append(access_token)
        if access_token in self.unknown_tokens:
            raise ServiceError(FailureKind.SESSION_EXPIRED, "", 401)
        if self.lose == "before":
            self.lose = ""
            raise ServiceError(FailureKind.CONNECTION_LOST)
        if RequestKind.DELETION in kinds and access_token != STEPPED_UP:
            raise ServiceError(FailureKind.STEP_UP_REQUIRED, "", 403, code="step_up_required")
        self.authorisations = [
            replace(a, active=False) if a.agent_id == agent_id else a for a in self.authorisations
        ]
        made = AgentAuthorisation(
            f"auth-{len(self.authorisations) + 1}",
            agent_id,
            SLIP.name,
            kinds,
            NOW,
            valid_until,
            None,
            True,
        )
        self.authorisations.append(made)
        if self.lose == "after":
            self.lose = ""
            raise ServiceError(FailureKind.TIMEOUT)
        return made

    def revoke_agent_authorisation(
        self, access_token: str, authorisation_id: str
    ) -> AgentAuthorisation:
        for i, a in enumerate(self.authorisations):
            if a.id == authorisation_id:
                self.authorisations[i] = replace(a, revoked_at=NOW, active=False)
                return self.authorisations[i]
        raise _not_found()

    def gpc_setting(self, access_token: str) -> GpcSetting:
        if not self.offers_gpc:
            raise _not_found()
        return GpcSetting(self.honour)

    def set_gpc_setting(self, access_token: str, honour_signals: bool) -> GpcSetting:
        self.honour = honour_signals
        return GpcSetting(self.honour)

    def catalog(self) -> Catalog:
        if self.catalog_fails:
            raise ServiceError(FailureKind.OFFLINE)
        return Catalog(
            "en",
            (
                Choice("X1", "Usage statistics", "", True, ()),
                Choice("X2", "Personalised advertising", "", True, (), gpc=True),
                Choice("X5", "Share with content partners", "", False, (), gpc=True),
            ),
            (),
        )

    def revoke(self, token: str) -> None:
        self.revoked_tokens.append(token)


@dataclass
class FakeSession:
    client: FakeService
    account: Account = field(default_factory=lambda: Account("https://s.example", "u1", "a@b"))

    def call(self, action: Callable[[str], T]) -> T:
        return action("session-access")


def confirmation(user_id: str = "u1") -> TokenGrant:
    return TokenGrant(STEPPED_UP, "stepped-up-refresh", 300, user_id, "a@b")


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def session(service: FakeService) -> FakeSession:
    return FakeSession(service)


def test_settings_reads_the_agents_and_what_the_user_allowed(
    service: FakeService, session: FakeSession
) -> None:
    grant(session, SLIP.id, ACCESS, UNTIL)
    overview = load_agents(session)
    assert overview.offered
    assert overview.agents == (SLIP,)
    assert [a.kinds for a in overview.authorisations] == [ACCESS]


def test_a_service_without_agents_hides_the_section(service: FakeService) -> None:
    service.offers_agents = False
    assert load_agents(FakeSession(service)).offered is False


def test_other_failures_while_reading_agents_are_said(service: FakeService) -> None:
    def offline(_token: str) -> tuple[Agent, ...]:
        raise ServiceError(FailureKind.OFFLINE)

    service.agents = offline  # type: ignore[method-assign,assignment]
    with pytest.raises(ServiceError) as raised:
        load_agents(FakeSession(service))
    assert raised.value.kind is FailureKind.OFFLINE


def test_a_copy_of_my_data_is_allowed_at_once(service: FakeService, session: FakeSession) -> None:
    made = grant(session, SLIP.id, ACCESS, UNTIL)
    assert made.live(NOW) and made.valid_until == UNTIL
    assert service.tokens_used == ["session-access"]


def test_allowing_a_deletion_needs_a_confirmation(session: FakeSession) -> None:
    with pytest.raises(ServiceError) as raised:
        grant(session, SLIP.id, BOTH, UNTIL)
    assert raised.value.kind is FailureKind.STEP_UP_REQUIRED


def test_a_confirmed_deletion_is_allowed_and_the_confirmation_revoked(
    service: FakeService, session: FakeSession
) -> None:
    made = grant(session, SLIP.id, BOTH, UNTIL, confirmed=confirmation())
    assert made.kinds == BOTH
    assert service.tokens_used == [STEPPED_UP]
    assert service.revoked_tokens == ["stepped-up-refresh"]


def test_a_confirmation_by_another_account_allows_nothing(
    service: FakeService, session: FakeSession
) -> None:
    with pytest.raises(SignInStopped) as raised:
        grant(session, SLIP.id, BOTH, UNTIL, confirmed=confirmation("someone-else"))
    assert raised.value.reason is StopReason.WRONG_ACCOUNT
    assert service.authorisations == [] and service.tokens_used == []
    assert service.revoked_tokens == ["stepped-up-refresh"], "revoked all the same"


def test_a_confirmation_the_service_no_longer_knows_asks_for_a_new_one(
    service: FakeService, session: FakeSession
) -> None:
    service.unknown_tokens.add(STEPPED_UP)
    with pytest.raises(ServiceError) as raised:
        grant(session, SLIP.id, BOTH, UNTIL, confirmed=confirmation())
    assert raised.value.kind is FailureKind.STEP_UP_REQUIRED, "not: your session ended"


def test_a_new_permission_replaces_the_agents_live_one(
    service: FakeService, session: FakeSession
) -> None:
    first = grant(session, SLIP.id, ACCESS, UNTIL)
    second = grant(session, SLIP.id, BOTH, UNTIL, confirmed=confirmation())
    live = [a.id for a in load_agents(session).authorisations if a.live(NOW)]
    assert live == [second.id] and first.id != second.id


def test_a_permission_whose_answer_was_lost_is_found_on_the_service(
    service: FakeService, session: FakeSession
) -> None:
    service.lose = "after"
    made = grant(session, SLIP.id, ACCESS, UNTIL)
    assert made.live(NOW) and len(service.authorisations) == 1


def test_a_permission_lost_before_the_service_saw_it_is_said_to_have_failed(
    service: FakeService, session: FakeSession
) -> None:
    service.lose = "before"
    with pytest.raises(ServiceError) as raised:
        grant(session, SLIP.id, ACCESS, UNTIL)
    assert raised.value.kind is FailureKind.CONNECTION_LOST
    assert service.authorisations == []


def test_a_revoked_agent_may_no_longer_act(service: FakeService, session: FakeSession) -> None:
    made = grant(session, SLIP.id, ACCESS, UNTIL)
    revoked = revoke(session, made.id)
    assert revoked.revoked_at == NOW and not revoked.live(NOW)


def test_the_gpc_setting_names_the_choices_it_covers(
    service: FakeService, session: FakeSession
) -> None:
    overview = load_gpc(session)
    assert overview.setting == GpcSetting(True)
    assert [c.id for c in overview.covered] == ["X2", "X5"]
    assert set_gpc(session, False) == GpcSetting(False) and service.honour is False


def test_gpc_without_the_catalog_still_offers_the_switch(service: FakeService) -> None:
    service.catalog_fails = True
    overview = load_gpc(FakeSession(service))
    assert overview.setting == GpcSetting(True) and overview.covered == ()


def test_a_service_without_gpc_hides_the_switch(service: FakeService) -> None:
    service.offers_gpc = False
    assert load_gpc(FakeSession(service)).setting is None
