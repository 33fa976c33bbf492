"""The account holder's side of authorised agents (R6): which agents there are, and which
of them may file requests for this account, for what, and until when.

Giving an agent the right to ask for a deletion needs the password re-entered moments ago,
as filing a deletion does (R7): the agent's later deletion request stands on this grant.
Revoking stops new requests at once; requests the agent already filed stay, and the
account holder cancels those in the Requests page like any other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from sqlalchemy import select

from server.api.deps import CurrentUser, SessionDep, SettingsDep
from server.db.models import Agent, AgentAuthorisation
from server.drp import authorisations
from server.drp.registry import active_agent, active_agents
from server.input_limits import iso_text_only
from server.problems import Problem
from server.step_up import has_fresh_step_up

router = APIRouter(tags=["agents"])

AgentKind = Literal["access", "deletion"]


def _unique(kinds: list[AgentKind]) -> list[AgentKind]:
    if len(set(kinds)) != len(kinds):
        raise ValueError("each kind at most once")
    return kinds


Moment = Annotated[AwareDatetime, BeforeValidator(iso_text_only)]


class AgentView(BaseModel):
    id: str
    name: str
    web_url: str
    # What an account holder can let this agent ask for.
    kinds: list[AgentKind]


class AgentList(BaseModel):
    agents: list[AgentView]


class AuthorisationView(BaseModel):
    id: str
    agent_id: str
    agent_name: str
    kinds: list[AgentKind]
    granted_at: datetime
    valid_until: datetime
    revoked_at: datetime | None
    # Not revoked and not past valid_until: the agent can file with it now.
    active: bool


class AuthorisationList(BaseModel):
    authorisations: list[AuthorisationView]


class NewAuthorisation(BaseModel):
    """ "Let this agent file requests for me": what it may ask for, and until when."""

    model_config = ConfigDict(extra="forbid")

    agent_id: str = Field(min_length=1, max_length=64)
    kinds: Annotated[
        list[AgentKind],
        Field(min_length=1, max_length=2, json_schema_extra={"uniqueItems": True}),
        AfterValidator(_unique),
    ]
    # In the future, at most 366 days ahead.
    valid_until: Moment


def _view(authorisation: AgentAuthorisation, agent_name: str, now: datetime) -> AuthorisationView:
    return AuthorisationView(
        id=authorisation.id,
        agent_id=authorisation.agent_id,
        agent_name=agent_name,
        kinds=[
            kind
            for kind in ("access", "deletion")
            if kind in authorisations.kinds_of(authorisation)
        ],
        granted_at=authorisation.granted_at,
        valid_until=authorisation.valid_until,
        revoked_at=authorisation.revoked_at,
        active=authorisations.is_live(authorisation, now),
    )


@router.get("/v1/agents", response_model=AgentList)
def list_agents(user: CurrentUser, session: SessionDep) -> AgentList:
    """The agents registered with this service (not retired), by name."""
    return AgentList(
        agents=[
            AgentView(
                id=agent.id, name=agent.name, web_url=agent.web_url, kinds=["access", "deletion"]
            )
            for agent in active_agents(session)
        ]
    )


@router.get("/v1/me/agent-authorisations", response_model=AuthorisationList)
def list_authorisations(
    user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> AuthorisationList:
    """Every authorisation this account gave, newest first, revoked and expired ones too."""
    rows = authorisations.of_account(session, user.id)
    names = {
        agent_id: name
        for agent_id, name in session.execute(
            select(Agent.id, Agent.name).where(Agent.id.in_({row.agent_id for row in rows}))
        )
    }
    now = settings.clock()
    return AuthorisationList(
        authorisations=[_view(row, names.get(row.agent_id, row.agent_id), now) for row in rows]
    )


@router.post(
    "/v1/me/agent-authorisations",
    status_code=201,
    response_model=AuthorisationView,
    responses={
        403: {"description": "Allowing deletions needs a password re-check (`step_up_required`)"},
        404: {"description": "No such agent, or it was retired (`agent_not_found`)"},
    },
)
def grant_authorisation(
    body: NewAuthorisation,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> AuthorisationView:
    """Let an agent file requests for this account; ends this agent's earlier authorisation."""
    now = settings.clock()
    agent = active_agent(session, body.agent_id)
    if agent is None:
        raise Problem(
            404,
            "Agent not found",
            "No agent with this id is registered with the service.",
            code="agent_not_found",
        )
    if body.valid_until <= now or body.valid_until - now > authorisations.LONGEST_AUTHORISATION:
        raise Problem(
            422,
            "The request is not valid",
            "An authorisation must end in the future, at most 366 days from now.",
            code="invalid_valid_until",
            errors=[
                {
                    "location": ["body", "valid_until"],
                    "message": "must be in the future, at most 366 days ahead",
                }
            ],
        )
    if "deletion" in body.kinds and not has_fresh_step_up(request, session, settings):
        raise Problem(
            403,
            "Password re-check required",
            "Confirm your password (POST /v1/auth/step-up) within 5 minutes before letting "
            "an agent ask to delete your account.",
            code="step_up_required",
        )
    granted = authorisations.grant(
        session,
        user_id=user.id,
        agent_id=agent.id,
        kinds=list(body.kinds),
        valid_until=body.valid_until,
        now=now,
    )
    return _view(granted, agent.name, now)


@router.delete(
    "/v1/me/agent-authorisations/{authorisation_id}",
    response_model=AuthorisationView,
    responses={404: {"description": "No such authorisation for this account"}},
)
def revoke_authorisation(
    authorisation_id: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> AuthorisationView:
    """End an authorisation now. Requests the agent already filed are not cancelled."""
    now = settings.clock()
    authorisation = session.scalar(
        select(AgentAuthorisation)
        .where(AgentAuthorisation.id == authorisation_id, AgentAuthorisation.user_id == user.id)
        .with_for_update()
    )
    if authorisation is None:
        raise Problem(
            404,
            "Authorisation not found",
            "You have no authorisation with this id.",
            code="authorisation_not_found",
        )
    authorisations.revoke(authorisation, now)
    agent = session.get(Agent, authorisation.agent_id)
    return _view(authorisation, agent.name if agent else authorisation.agent_id, now)
