"""The account holder's "let this agent file requests for me" (R6), given in the app.

An authorisation names the agent, the kinds of request it may file and until when. One is
live per account and agent: a new grant ends the previous one in the same transaction, so a
retried grant leaves exactly one. Revoking stops new requests; requests already filed stay
(the account holder cancels those in the app, like any other).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.accounts import lock_account
from server.db.models import AgentAuthorisation

AGENT_KINDS = ("access", "deletion")
# An authorisation is given for at most about a year; the account holder renews it.
LONGEST_AUTHORISATION = timedelta(days=366)


def kinds_of(authorisation: AgentAuthorisation) -> list[str]:
    return [kind for kind in authorisation.kinds.split(",") if kind]


def is_live(authorisation: AgentAuthorisation, now: datetime) -> bool:
    return authorisation.revoked_at is None and now < authorisation.valid_until


def grant(
    session: Session,
    *,
    user_id: str,
    agent_id: str,
    kinds: list[str],
    valid_until: datetime,
    now: datetime,
) -> AgentAuthorisation:
    """Record a new authorisation, ending the account's earlier one for this agent."""
    # Two grants at once (a retry racing its original) queue on the account's row.
    lock_account(session, user_id)
    session.execute(
        update(AgentAuthorisation)
        .where(
            AgentAuthorisation.user_id == user_id,
            AgentAuthorisation.agent_id == agent_id,
            AgentAuthorisation.revoked_at.is_(None),
            AgentAuthorisation.valid_until > now,
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    authorisation = AgentAuthorisation(
        user_id=user_id,
        agent_id=agent_id,
        kinds=",".join(kind for kind in AGENT_KINDS if kind in kinds),
        granted_at=now,
        valid_until=valid_until,
    )
    session.add(authorisation)
    session.flush()
    return authorisation


def revoke(authorisation: AgentAuthorisation, now: datetime) -> None:
    """End it now; an already revoked one keeps the time it was revoked."""
    if authorisation.revoked_at is None:
        authorisation.revoked_at = now


def of_account(session: Session, user_id: str) -> list[AgentAuthorisation]:
    """Newest first."""
    return list(
        session.scalars(
            select(AgentAuthorisation)
            .where(AgentAuthorisation.user_id == user_id)
            .order_by(AgentAuthorisation.granted_at.desc(), AgentAuthorisation.id)
        )
    )


def live_for(
    session: Session, *, user_id: str, agent_id: str, kind: str, now: datetime
) -> AgentAuthorisation | None:
    """The account's live authorisation for this agent, if it covers `kind`."""
    candidates = session.scalars(
        select(AgentAuthorisation).where(
            AgentAuthorisation.user_id == user_id,
            AgentAuthorisation.agent_id == agent_id,
            AgentAuthorisation.revoked_at.is_(None),
            AgentAuthorisation.valid_until > now,
        )
    )
    for authorisation in candidates:
        if kind in kinds_of(authorisation):
            return authorisation
    return None
