"""The agents the operator registered, their pair-wise tokens, and who filed which request.

The service's own DRP identity (its `business-id`) is derived from the controller's name,
upper-cased with underscores (the directory's `[A-Z_]+`): "Privacy Desk reference service"
is `PRIVACY_DESK_REFERENCE_SERVICE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import Agent, AgentRequest, AgentToken
from server.drp.messages import verify_key_from_text
from server.security import new_token, token_digest

AGENT_ID = re.compile(r"^[A-Z_]{1,64}$")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def business_id(settings: Settings) -> str:
    """This service's id in the DRP directory, from the controller's name."""
    return re.sub(r"[^A-Z]+", "_", settings.controller_name.upper()).strip("_") or "PRIVACY_DESK"


@dataclass(frozen=True)
class FilingAgent:
    """Who filed a request, as the account holder's app shows it."""

    id: str
    name: str


class AgentExists(Exception):
    pass


def _check_url(url: str, what: str, *, prefix: bool) -> str:
    """https, or http on the loopback interface (tests, a local agent); a prefix ends in /."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    secure = parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS
    )
    if not secure or not parts.hostname:
        raise ValueError(f"{what} must be an https:// address (http:// only on loopback)")
    if prefix and not parts.path.endswith("/"):
        # Else "https://agent.example" would also let through "https://agent.example.evil/".
        raise ValueError(f"{what} must end with a '/' after the host")
    return url


def register_agent(
    session: Session,
    *,
    agent_id: str,
    name: str,
    verify_key: str,
    web_url: str,
    callback_prefix: str,
    now: datetime,
) -> Agent:
    """Add an agent from the service directory, or raise ValueError / AgentExists."""
    if not AGENT_ID.match(agent_id):
        raise ValueError("an agent id is 1 to 64 capital letters and underscores ([A-Z_]+)")
    name = name.strip()
    if not name or len(name) > 200:
        raise ValueError("an agent needs a name of 1 to 200 characters")
    verify_key_from_text(verify_key.strip())
    if session.get(Agent, agent_id) is not None:
        raise AgentExists(agent_id)
    agent = Agent(
        id=agent_id,
        name=name,
        verify_key=verify_key.strip(),
        web_url=_check_url(web_url, "the web address", prefix=False),
        callback_prefix=_check_url(callback_prefix, "the callback prefix", prefix=True),
        registered_at=now,
    )
    session.add(agent)
    session.flush()
    return agent


def retire_agent(session: Session, agent_id: str, now: datetime) -> bool:
    """Refuse the agent from now on: its tokens go, its messages and callbacks stop."""
    agent = session.get(Agent, agent_id)
    if agent is None:
        return False
    if agent.retired_at is None:
        agent.retired_at = now
    session.execute(
        delete(AgentToken)
        .where(AgentToken.agent_id == agent_id)
        .execution_options(synchronize_session=False)
    )
    return True


def all_agents(session: Session) -> list[Agent]:
    return list(session.scalars(select(Agent).order_by(Agent.id)))


def active_agents(session: Session) -> list[Agent]:
    return list(
        session.scalars(select(Agent).where(Agent.retired_at.is_(None)).order_by(Agent.name))
    )


def active_agent(session: Session, agent_id: str) -> Agent | None:
    agent = session.get(Agent, agent_id)
    return agent if agent is not None and agent.retired_at is None else None


def issue_token(session: Session, agent: Agent, now: datetime) -> str:
    """A new pair-wise bearer token; the agent's earlier ones stop working (one at a time)."""
    session.execute(
        delete(AgentToken)
        .where(AgentToken.agent_id == agent.id)
        .execution_options(synchronize_session=False)
    )
    token = new_token()
    session.add(AgentToken(token_hash=token_digest(token), agent_id=agent.id, issued_at=now))
    return token


def agent_for_token(session: Session, token: str) -> Agent | None:
    """The active agent this bearer token was issued to, or None."""
    row = session.get(AgentToken, token_digest(token))
    return None if row is None else active_agent(session, row.agent_id)


def filing_agents(session: Session, request_ids: list[str]) -> dict[str, FilingAgent]:
    """For each of these requests an agent filed: that agent (retired ones too)."""
    if not request_ids:
        return {}
    rows = session.execute(
        select(AgentRequest.request_id, Agent.id, Agent.name)
        .join(Agent, Agent.id == AgentRequest.agent_id)
        .where(AgentRequest.request_id.in_(request_ids))
    )
    return {request_id: FilingAgent(agent_id, name) for request_id, agent_id, name in rows}
