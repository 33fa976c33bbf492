"""Authorised agents (R6) and the Global Privacy Control setting: reading them, letting an
agent file requests for the user, revoking that, and saying whether GPC is honoured.

Letting an agent ask for a deletion needs the same fresh confirmation as filing one: the
service answers STEP_UP_REQUIRED, the dialog has the user confirm in the browser (as the
deletion dialog does, `BrowserSignInTask(step_up=True)`), and the stepped-up grant that
comes back is used for this one call and then revoked. It must be this account's.

A grant whose answer was lost may have been made; the service keeps one live
authorisation per agent, so the flow reads the list and reports it when it is there.

Runs on a worker thread (app/ui/tasks.py); blocking, no Qt.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from app.api.client import TokenGrant
from app.api.errors import FailureKind, ServiceError, as_confirmation_failure
from app.auth.oauth import SignInStopped, StopReason
from app.core.account import Account
from app.core.agents import Agent, AgentAuthorisation, GpcSetting
from app.core.catalog import Catalog, Choice
from app.core.requests import RequestKind

T = TypeVar("T")

# A 404 from a service that predates agents or GPC: the app hides what it cannot offer.
NOT_OFFERED = 404
# How far a lost grant's valid_until may differ from the one the service kept (rounding).
SAME_MOMENT = timedelta(seconds=1)


class AgentsClient(Protocol):
    def agents(self, access_token: str) -> tuple[Agent, ...]: ...

    def agent_authorisations(self, access_token: str) -> tuple[AgentAuthorisation, ...]: ...

    def authorise_agent(
        self,
        access_token: str,
        agent_id: str,
        kinds: tuple[RequestKind, ...],
        valid_until: datetime,
    ) -> AgentAuthorisation: ...

    def revoke_agent_authorisation(
        self, access_token: str, authorisation_id: str
    ) -> AgentAuthorisation: ...

    def gpc_setting(self, access_token: str) -> GpcSetting: ...

    def set_gpc_setting(self, access_token: str, honour_signals: bool) -> GpcSetting: ...

    def catalog(self) -> Catalog: ...

    def revoke(self, token: str) -> None: ...


class AgentsSession(Protocol):
    """What these flows need of `AuthSession`."""

    @property
    def client(self) -> AgentsClient: ...

    @property
    def account(self) -> Account: ...

    def call(self, action: Callable[[str], T]) -> T: ...


@dataclass(frozen=True)
class AgentsOverview:
    """What Settings shows. `offered` is False for a service without agents."""

    offered: bool
    agents: tuple[Agent, ...] = ()
    authorisations: tuple[AgentAuthorisation, ...] = ()


@dataclass(frozen=True)
class GpcOverview:
    """The GPC setting and the choices a signal switches off; `setting` is None for a
    service that does not know GPC (the switch is hidden)."""

    setting: GpcSetting | None
    covered: tuple[Choice, ...] = ()


def _not_offered(error: ServiceError) -> bool:
    return error.kind is FailureKind.REJECTED and error.status == NOT_OFFERED


def load_agents(session: AgentsSession) -> AgentsOverview:
    client = session.client
    try:
        agents = session.call(client.agents)
    except ServiceError as error:
        if _not_offered(error):
            return AgentsOverview(offered=False)
        raise
    return AgentsOverview(True, agents, session.call(client.agent_authorisations))


def load_authorisations(session: AgentsSession) -> tuple[AgentAuthorisation, ...]:
    return session.call(session.client.agent_authorisations)


def grant(
    session: AgentsSession,
    agent_id: str,
    kinds: tuple[RequestKind, ...],
    valid_until: datetime,
    *,
    confirmed: TokenGrant | None = None,
) -> AgentAuthorisation:
    """Let the agent file `kinds` for the user until `valid_until`.

    Without `confirmed`, a grant that includes a deletion is refused STEP_UP_REQUIRED:
    confirm in the browser and call again with the stepped-up grant, which must be this
    account's (else SignInStopped(WRONG_ACCOUNT), nothing granted) and is revoked
    afterwards, whatever the outcome. A confirmation too old for the service is
    STEP_UP_REQUIRED again."""
    client = session.client

    def authorise(token: str) -> AgentAuthorisation:
        return client.authorise_agent(token, agent_id, kinds, valid_until)

    if confirmed is None:
        return _found_out(session, agent_id, kinds, valid_until, lambda: session.call(authorise))
    try:
        if confirmed.user_id != session.account.user_id:
            raise SignInStopped(StopReason.WRONG_ACCOUNT)
        try:
            return _found_out(
                session, agent_id, kinds, valid_until, lambda: authorise(confirmed.access_token)
            )
        except ServiceError as error:
            raise as_confirmation_failure(error) from None
    finally:
        with contextlib.suppress(ServiceError):
            client.revoke(confirmed.refresh_token)


def _found_out(
    session: AgentsSession,
    agent_id: str,
    kinds: tuple[RequestKind, ...],
    valid_until: datetime,
    send: Callable[[], AgentAuthorisation],
) -> AgentAuthorisation:
    """Send the grant; when its answer was lost, look whether the service made it."""
    try:
        return send()
    except ServiceError as error:
        if not error.outcome_unknown:
            raise
        with contextlib.suppress(ServiceError):
            for made in load_authorisations(session):
                if (
                    made.agent_id == agent_id
                    and made.active
                    and made.revoked_at is None
                    and set(made.kinds) == set(kinds)
                    and abs(made.valid_until - valid_until) <= SAME_MOMENT
                ):
                    return made
        raise


def revoke(session: AgentsSession, authorisation_id: str) -> AgentAuthorisation:
    client = session.client
    return session.call(lambda token: client.revoke_agent_authorisation(token, authorisation_id))


def load_gpc(session: AgentsSession) -> GpcOverview:
    client = session.client
    try:
        setting = session.call(client.gpc_setting)
    except ServiceError as error:
        if _not_offered(error):
            return GpcOverview(None)
        raise
    try:
        covered = client.catalog().gpc_choices()
    except ServiceError:
        covered = ()  # the switch still works; the sentence then names no choices
    return GpcOverview(setting, covered)


def set_gpc(session: AgentsSession, honour_signals: bool) -> GpcSetting:
    client = session.client
    return session.call(lambda token: client.set_gpc_setting(token, honour_signals))
