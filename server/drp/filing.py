"""Filing a request for an account holder on an agent's word (R6, DRP 2.01).

The agent names the account by its e-mail address (the schema.org Person claim `email`).
The request is filed only when that address is an account's and the account holder has
given this agent a live authorisation for this kind of request in the app; otherwise the
refusal is the same words whether or not the address has an account, so an agent cannot
learn who has one. The authorisation is the identity check (R7): for a deletion it stands
in for the password re-check, because giving it needed one. A deletion then waits out the
usual grace period, during which the account holder can cancel it in the app.

Filing is idempotent per agent: the same `agent-request-id` again answers the request it
filed the first time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.accounts import find_user_by_email
from server.db.models import Agent, AgentAuthorisation, AgentRequest, PrivacyRequest, RequestEvent
from server.drp.authorisations import AGENT_KINDS, live_for
from server.drp.errors import drp_error
from server.drp.messages import SignedMessage, text_claim
from server.jobs import kinds
from server.jobs.queue import enqueue
from server.requests_flow import (
    DELETION_SCHEDULED_NOTE,
    RequestKind,
    RequestStatus,
    add_one_month,
    pending_deletion,
    set_details,
    transition,
)

# One sentence for "no such account" and "no authorisation": no account enumeration.
NOT_AUTHORISED = (
    "No account with this e-mail address has authorised this agent to file this kind of request."
)
# The longest each free-text claim may be (the columns that keep them).
_LONGEST = {"email": 320, "agent-request-id": 200, "status_callback": 2000}


@dataclass(frozen=True)
class Exercise:
    """What the agent asks for (DRP 2.01), read from a verified message."""

    kind: RequestKind
    email: str
    agent_request_id: str | None
    status_callback: str | None


def read_exercise(message: SignedMessage) -> Exercise:
    claims = message.claims
    action = text_claim(claims, "exercise")
    if action not in AGENT_KINDS:
        raise drp_error(
            400,
            f"Unsupported rights action; this service takes: {', '.join(AGENT_KINDS)}.",
            fatal=True,
        )
    email = text_claim(claims, "email")
    agent_request_id = text_claim(claims, "agent-request-id", required=False)
    callback = text_claim(claims, "status_callback", required=False)
    for name, value in (
        ("email", email),
        ("agent-request-id", agent_request_id),
        ("status_callback", callback),
    ):
        if value is not None and len(value) > _LONGEST[name]:
            raise drp_error(400, f"The claim '{name}' is too long.", fatal=True)
    assert email is not None
    return Exercise(RequestKind(action), email, agent_request_id, callback)


def _idempotency_key(agent: Agent, exercise: Exercise, message: SignedMessage) -> str:
    if exercise.agent_request_id is None:
        return f"drp:{agent.id}:m:{message.digest}"
    digest = hashlib.sha256(exercise.agent_request_id.encode("utf-8")).hexdigest()
    return f"drp:{agent.id}:r:{digest}"


def _filed_before(
    session: Session, agent: Agent, exercise: Exercise
) -> tuple[PrivacyRequest, AgentRequest] | None:
    """The request this agent filed with this agent-request-id, if it filed one."""
    if exercise.agent_request_id is None:
        return None
    filed = session.scalar(
        select(AgentRequest).where(
            AgentRequest.agent_id == agent.id,
            AgentRequest.agent_request_id == exercise.agent_request_id,
        )
    )
    if filed is None:
        return None
    request = session.get(PrivacyRequest, filed.request_id)
    if request is None or request.kind != exercise.kind:
        raise drp_error(409, "This agent-request-id was already used for another request.")
    return request, filed


def file_for_agent(
    session: Session,
    agent: Agent,
    exercise: Exercise,
    message: SignedMessage,
    *,
    now: datetime,
    grace: timedelta,
) -> tuple[PrivacyRequest, AgentRequest]:
    """File (or find again) the request; raises a DRP error when it may not be filed."""
    callback = exercise.status_callback
    if callback is not None and not (
        agent.callback_prefix and callback.startswith(agent.callback_prefix)
    ):
        raise drp_error(
            400, "The status_callback is not an address registered for this agent.", fatal=True
        )
    earlier = _filed_before(session, agent, exercise)
    if earlier is not None:
        return earlier
    user = find_user_by_email(session, exercise.email)
    authorisation = (
        None
        if user is None
        else live_for(session, user_id=user.id, agent_id=agent.id, kind=exercise.kind, now=now)
    )
    if user is None or authorisation is None:
        raise drp_error(403, NOT_AUTHORISED)
    user_id = user.id
    # As when the account holder files it: one pending deletion at a time.
    if exercise.kind is RequestKind.DELETION and pending_deletion(session, user_id) is not None:
        raise drp_error(409, "A deletion of this account is already under way.")
    key = _idempotency_key(agent, exercise, message)
    filed = PrivacyRequest(
        user_id=user_id,
        idempotency_key=key,
        kind=exercise.kind.value,
        status=RequestStatus.RECEIVED.value,
        received_at=now,
        due_at=add_one_month(now),
    )
    set_details(filed, {"agent": agent.name} if exercise.kind is RequestKind.DELETION else {})
    session.add(filed)
    try:
        session.flush()
    except IntegrityError:
        # The same agent-request-id, sent twice at the same moment: the other one won.
        raise drp_error(409, "This request is being filed already; ask again shortly.") from None
    _start(session, filed, agent, authorisation, now, grace)
    # Added after the filing's own moves: the agent reads those in this answer, and the
    # callbacks report what changes from here on.
    by_agent = AgentRequest(
        request_id=filed.id,
        agent_id=agent.id,
        authorisation_id=authorisation.id,
        agent_request_id=exercise.agent_request_id,
        status_callback=callback,
    )
    session.add(by_agent)
    session.flush()
    return filed, by_agent


def _start(
    session: Session,
    filed: PrivacyRequest,
    agent: Agent,
    authorisation: AgentAuthorisation,
    now: datetime,
    grace: timedelta,
) -> None:
    session.add(
        RequestEvent(
            request_id=filed.id,
            status=filed.status,
            at=now,
            note=f"Filed by {agent.name} on the account holder's behalf.",
        )
    )
    transition(
        filed,
        RequestStatus.VERIFYING,
        f"Identity check: authorised agent {agent.name}, authorisation {authorisation.id} "
        f"given by the account holder on {authorisation.granted_at:%Y-%m-%d}.",
        now=now,
    )
    if filed.kind == RequestKind.DELETION:
        grace_until = now + grace
        transition(
            filed,
            RequestStatus.IN_PROGRESS,
            DELETION_SCHEDULED_NOTE.format(grace_until=grace_until),
            now=now,
            grace_until=grace_until,
        )
        enqueue(session, kinds.DELETION, {"request_id": filed.id}, grace_until)
        return
    transition(
        filed,
        RequestStatus.IN_PROGRESS,
        f"Identity confirmed: filed by {agent.name} with the account holder's authorisation. "
        "Work has started.",
        now=now,
    )
    enqueue(session, kinds.FOR_REQUEST[RequestKind(filed.kind)], {"request_id": filed.id}, now)
